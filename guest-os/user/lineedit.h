// lineedit.h: the shell's line editor: keys in, a line and what to echo out (pure logic,
// unit-tested on the host).
//
// Enter is CR or LF (a LF right after a CR is ignored: terminals send either or both);
// backspace (BS or DEL) erases a character, Ctrl-U the whole line; printable characters are
// added while they fit; anything else is ignored.
#ifndef GUEST_LINEEDIT_H
#define GUEST_LINEEDIT_H

#include <stddef.h>

#define LINE_MAX 128                          // bytes of a line, its NUL included
#define LINEEDIT_ECHO_MAX (3 * LINE_MAX)      // the most one key can echo ("\b \b" each)

// A zeroed struct lineedit is ready for its first line.
struct lineedit {
	char buf[LINE_MAX];                   // the line so far; NUL-terminated once done
	size_t len;
	int after_cr;                         // the last key was a CR
	int done;                             // the last key ended a line: the next starts one
};

// Takes one key; writes what the terminal should show to echo and its length to *n.
// Returns 1 when the key ended the line (le->buf holds it until the next key), else 0.
int lineedit_key(struct lineedit *le, char c, char *echo, size_t *n);

#endif
