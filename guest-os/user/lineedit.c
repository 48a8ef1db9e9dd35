// lineedit.c: the shell's line editor.
#include "guest-os/user/lineedit.h"
#include "lib/string.h"

#define KEY_BS     0x08
#define KEY_DEL    0x7F
#define KEY_CTRL_U 0x15

// Erases the last count characters on the screen and from the line.
static size_t
lineedit_erase(struct lineedit *le, size_t count, char *echo)
{
	for (size_t i = 0; i < count; i++)
		memcpy(echo + 3 * i, "\b \b", 3);
	le->len -= count;
	return 3 * count;
}

int
lineedit_key(struct lineedit *le, char c, char *echo, size_t *n)
{
	int after_cr = le->after_cr;

	*n = 0;
	if (le->done)
		le->len = 0;
	le->done = 0;
	le->after_cr = c == '\r';
	if (c == '\n' && after_cr)
		return 0;
	if (c == '\r' || c == '\n') {
		le->buf[le->len] = '\0';
		echo[(*n)++] = '\n';
		le->done = 1;
		return 1;
	}
	if ((c == KEY_BS || c == KEY_DEL) && le->len > 0)
		*n = lineedit_erase(le, 1, echo);
	else if (c == KEY_CTRL_U)
		*n = lineedit_erase(le, le->len, echo);
	else if (c >= ' ' && c < KEY_DEL && le->len + 1 < LINE_MAX)
		echo[(*n)++] = le->buf[le->len++] = c;
	return 0;
}
