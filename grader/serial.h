// serial.h: the serial console of one run, captured with a cap, searched line by line.
//
// Bytes arrive in any chunks; '\r' is dropped (the kernels print "\r\n"). Past the cap the
// log stops growing and `flooded` is set: a kernel that prints without end cannot fill the
// grader's memory or disk, and the verdict says why it was stopped.
#ifndef GRADER_SERIAL_H
#define GRADER_SERIAL_H

#include <stddef.h>

#include "grader/text.h"

#define SERIAL_CAP_DEFAULT (256 << 10) // 256 KiB: a hundred times what lab 0 prints

struct serial {
	char *buf;              // NUL-terminated text so far
	size_t len, cap;
	size_t scan;            // where the next serial_find starts (end of the last match)
	int flooded;            // more than cap bytes arrived
};

// Prepares an empty log that keeps at most cap bytes. Returns 0 or -E_NOMEM.
int serial_init(struct serial *s, size_t cap);
void serial_free(struct serial *s);

// Appends n bytes of raw output.
void serial_add(struct serial *s, const char *data, size_t n);

// Looks for a complete line (ended by '\n') that contains text, starting at s->scan.
// On a match moves s->scan past that line and returns 1; else returns 0.
int serial_find(struct serial *s, const char *text);

// Appends to out the last `lines` lines before offset at (s->len: the end of the log), each
// as "  | line\n", long lines cut at 160 bytes; an unfinished last line ends with
// " <- no newline: output stopped here". Returns the number of lines written.
int serial_tail(const struct serial *s, size_t at, int lines, struct text *out);

#endif
