// fmt.c: printf-style formatting: parses each '%' specification for fmt_conv.c, and the
// entry points vformat (into a character sink) and vsnprintf (into a buffer).
#include <limits.h>

#include "fmt_conv.h"
#include "lib/string.h"

// Flags, in any order and repeated: "-0# +".
static unsigned
fmt_parse_flags(const char **pp)
{
	unsigned flags = 0;
	const char *f;

	while (**pp != '\0' && (f = strchr(FMT_FLAG_CHARS, **pp)) != NULL) {
		flags |= 1u << (f - FMT_FLAG_CHARS);
		(*pp)++;
	}
	return flags;
}

// A width or precision: decimal digits (saturating at INT_MAX), or '*' taking an int argument.
static int
fmt_parse_num(const char **pp, va_list *ap)
{
	const char *p = *pp;
	int n = 0;

	if (*p == '*') {
		*pp = p + 1;
		return va_arg(*ap, int);
	}
	for (; *p >= '0' && *p <= '9'; p++)
		n = n > (INT_MAX - 9) / 10 ? INT_MAX : n * 10 + (*p - '0');
	*pp = p;
	return n;
}

// Length modifier; j and t are accepted as the 64-bit and size_t-sized types they are.
static enum fmt_len
fmt_parse_len(const char **pp)
{
	const char *p = *pp;

	if ((p[0] == 'h' || p[0] == 'l') && p[1] == p[0]) {
		*pp = p + 2;
		return p[0] == 'h' ? LEN_HH : LEN_LL;
	}
	*pp = p + 1;
	switch (p[0]) {
	case 'h': return LEN_H;
	case 'l': return LEN_L;
	case 'j': return LEN_LL;
	case 'z': case 't': return LEN_Z;
	}
	*pp = p;
	return LEN_INT;
}

// Parses what follows a '%'; leaves *pp after the conversion character.
static void
fmt_parse(const char **pp, va_list *ap, struct fmt_spec *sp)
{
	sp->flags = fmt_parse_flags(pp);
	sp->width = fmt_parse_num(pp, ap);
	if (sp->width < 0) {	// a negative '*' width means '-' and its magnitude
		sp->flags |= FMT_LEFT;
		sp->width = sp->width == INT_MIN ? INT_MAX : -sp->width;
	}
	sp->prec = -1;
	if (**pp == '.') {
		(*pp)++;
		sp->prec = fmt_parse_num(pp, ap);
		if (sp->prec < 0)	// a negative '*' precision is taken as omitted
			sp->prec = -1;
	}
	sp->len = fmt_parse_len(pp);
	sp->conv = **pp;
	if (**pp != '\0')
		(*pp)++;
}

// Walks fmt, copying text and handing each '%' spec to fmt_convert; see fmt.h.
int
vformat(fmt_putc_fn putc, void *arg, const char *fmt, va_list ap)
{
	struct fmt_out o = { putc, arg, 0 };
	struct fmt_spec sp;
	const char *start;
	va_list args;

	// The helpers take a va_list *: on x86-64 va_list is an array type, so &ap of a
	// parameter would not be one. A local copy is.
	va_copy(args, ap);
	while (*fmt != '\0') {
		if (*fmt != '%') {
			fmt_putc(&o, *fmt++);
			continue;
		}
		start = fmt++;
		fmt_parse(&fmt, &args, &sp);
		if (!fmt_convert(&o, &sp, &args))
			fmt_puts(&o, start, fmt - start);	// unknown: print it as written
	}
	va_end(args);
	return o.count;
}

// vformat with the arguments inline.
int
format(fmt_putc_fn putc, void *arg, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vformat(putc, arg, fmt, ap);
	va_end(ap);
	return n;
}

// vsnprintf's sink: keeps the first size-1 characters, counts them all.
struct fmt_buf {
	char *buf;
	size_t size;
	size_t len;
};

static void
fmt_buf_putc(int c, void *arg)
{
	struct fmt_buf *b = arg;

	if (b->len + 1 < b->size)
		b->buf[b->len] = (char)c;
	b->len++;
}

// C's vsnprintf: truncates to size-1 characters plus a NUL, returns the full length.
int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_buf b = { buf, size, 0 };
	int n = vformat(fmt_buf_putc, &b, fmt, ap);

	if (size > 0)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return n;
}

// C's snprintf, by way of vsnprintf.
int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
