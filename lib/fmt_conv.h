// fmt_conv.h: private to lib/fmt*.c: a parsed "%-08.3lx" and the code that prints one.
#ifndef LIB_FMT_CONV_H
#define LIB_FMT_CONV_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/fmt.h"

// Flag bits, in the order of their characters in FMT_FLAG_CHARS.
enum {
	FMT_LEFT = 1 << 0,	// '-': pad on the right
	FMT_ZERO = 1 << 1,	// '0': pad numbers with zeros
	FMT_ALT = 1 << 2,	// '#': 0x before hex, a leading 0 for octal
	FMT_SPACE = 1 << 3,	// ' ': a space before non-negative signed numbers
	FMT_PLUS = 1 << 4,	// '+': a plus before non-negative signed numbers
};
#define FMT_FLAG_CHARS "-0# +"

enum fmt_len { LEN_HH, LEN_H, LEN_INT, LEN_L, LEN_LL, LEN_Z };

// One conversion specification: "%-08.3lx" parsed.
struct fmt_spec {
	unsigned flags;		// FMT_xxx
	int width;		// minimum field width, 0 for none
	int prec;		// precision, -1 for none
	enum fmt_len len;
	char conv;		// conversion character, '\0' if the format ended first
};

// Where characters go, and how many went.
struct fmt_out {
	fmt_putc_fn putc;
	void *arg;
	int count;
};

// Sends n characters of s (fmt_putc: one character) to the sink and counts them.
void fmt_putc(struct fmt_out *o, char c);
void fmt_puts(struct fmt_out *o, const char *s, size_t n);

// Performs the conversion sp, taking its argument from *ap. Returns false, printing
// nothing, if the conversion character is unknown.
bool fmt_convert(struct fmt_out *o, const struct fmt_spec *sp, va_list *ap);

#endif
