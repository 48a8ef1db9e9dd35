// fmt_conv.c: the conversions of fmt.c: numbers, strings, characters, pointers, padding.
#include <limits.h>
#include <stdint.h>

#include "fmt_conv.h"
#include "lib/string.h"

// The only place characters leave: the sink, and the count vformat returns.
void
fmt_putc(struct fmt_out *o, char c)
{
	o->putc((unsigned char)c, o->arg);
	o->count++;
}

void
fmt_puts(struct fmt_out *o, const char *s, size_t n)
{
	while (n-- > 0)
		fmt_putc(o, *s++);
}

static void
fmt_repeat(struct fmt_out *o, char c, int n)
{
	while (n-- > 0)
		fmt_putc(o, c);
}

// Spaces before (right-aligned) or after (left-aligned, '-') a field of len characters.
static void
fmt_pad_before(struct fmt_out *o, const struct fmt_spec *sp, int len)
{
	if (!(sp->flags & FMT_LEFT))
		fmt_repeat(o, ' ', sp->width - len);
}

static void
fmt_pad_after(struct fmt_out *o, const struct fmt_spec *sp, int len)
{
	if (sp->flags & FMT_LEFT)
		fmt_repeat(o, ' ', sp->width - len);
}

// The next argument, of the type the length modifier names, widened to 64 bits.
// hh and h arguments arrive promoted to int, so they are narrowed back first.
static int64_t
fmt_arg_signed(va_list *ap, enum fmt_len len)
{
	switch (len) {
	case LEN_HH: return (signed char)va_arg(*ap, int);
	case LEN_H: return (short)va_arg(*ap, int);
	case LEN_L: return va_arg(*ap, long);
	case LEN_LL: return va_arg(*ap, long long);
	case LEN_Z: return (ptrdiff_t)va_arg(*ap, size_t);
	default: return va_arg(*ap, int);
	}
}

static uint64_t
fmt_arg_unsigned(va_list *ap, enum fmt_len len)
{
	switch (len) {
	case LEN_HH: return (unsigned char)va_arg(*ap, unsigned);
	case LEN_H: return (unsigned short)va_arg(*ap, unsigned);
	case LEN_L: return va_arg(*ap, unsigned long);
	case LEN_LL: return va_arg(*ap, unsigned long long);
	case LEN_Z: return va_arg(*ap, size_t);
	default: return va_arg(*ap, unsigned);
	}
}

// Writes the digits of v backward ending at end; returns where they start. On i386 the
// 64-bit '/' and '%' become calls into libgcc (__udivmoddi4), which the images link.
static char *
fmt_digits(char *end, uint64_t v, char conv)
{
	const char *digits = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	unsigned base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X') ? 16 : 10;

	do {
		*--end = digits[v % base];
		v /= base;
	} while (v != 0);
	return end;
}

// Prints prefix (sign or 0x), zeros up to the precision or the '0'-padded width, then the
// digits of v; a zero with precision 0 has no digits.
static void
fmt_number(struct fmt_out *o, const struct fmt_spec *sp, uint64_t v, const char *prefix)
{
	char buf[24];	// 22 octal digits for 64 bits
	const char *d = fmt_digits(buf + sizeof buf, v, sp->conv);
	int nd = sp->prec == 0 && v == 0 ? 0 : buf + sizeof buf - d;
	int np = (int)strlen(prefix);
	int zeros = sp->prec > nd ? sp->prec - nd : 0;

	if (sp->conv == 'o' && (sp->flags & FMT_ALT) && zeros == 0 && (nd == 0 || v != 0))
		zeros = 1;	// '#' octal: the first digit must be 0
	if ((sp->flags & (FMT_ZERO | FMT_LEFT)) == FMT_ZERO && sp->prec < 0 &&
	    sp->width > np + nd)
		zeros = sp->width - np - nd;
	fmt_pad_before(o, sp, np + zeros + nd);
	fmt_puts(o, prefix, np);
	fmt_repeat(o, '0', zeros);
	fmt_puts(o, d, nd);
	fmt_pad_after(o, sp, np + zeros + nd);
}

// %d %i: the sign goes in the prefix, so '0' padding lands between it and the digits.
static void
fmt_signed(struct fmt_out *o, const struct fmt_spec *sp, va_list *ap)
{
	int64_t v = fmt_arg_signed(ap, sp->len);
	uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;	// also right for INT64_MIN
	const char *sign = "";

	if (v < 0)
		sign = "-";
	else if (sp->flags & FMT_PLUS)
		sign = "+";
	else if (sp->flags & FMT_SPACE)
		sign = " ";
	fmt_number(o, sp, mag, sign);
}

// %u %x %X %o: '#' puts 0x before a hex number that is not 0.
static void
fmt_unsigned(struct fmt_out *o, const struct fmt_spec *sp, va_list *ap)
{
	uint64_t v = fmt_arg_unsigned(ap, sp->len);
	const char *prefix = "";

	if ((sp->flags & FMT_ALT) && v != 0 && sp->conv == 'x')
		prefix = "0x";
	else if ((sp->flags & FMT_ALT) && v != 0 && sp->conv == 'X')
		prefix = "0X";
	fmt_number(o, sp, v, prefix);
}

// %p: 0x and every hex digit of the pointer (8 on i386, 16 on a 64-bit host).
static void
fmt_pointer(struct fmt_out *o, const struct fmt_spec *sp, va_list *ap)
{
	struct fmt_spec p = *sp;

	p.conv = 'x';
	p.prec = 2 * sizeof(void *);
	fmt_number(o, &p, (uintptr_t)va_arg(*ap, void *), "0x");
}

// %s: the precision caps how much of s is read, so s needs no NUL within it.
static void
fmt_string(struct fmt_out *o, const struct fmt_spec *sp, va_list *ap)
{
	const char *s = va_arg(*ap, const char *);
	int n;

	if (s == NULL)
		s = "(null)";
	n = (int)strnlen(s, sp->prec < 0 ? (size_t)INT_MAX : (size_t)sp->prec);
	fmt_pad_before(o, sp, n);
	fmt_puts(o, s, n);
	fmt_pad_after(o, sp, n);
}

static void
fmt_char(struct fmt_out *o, const struct fmt_spec *sp, va_list *ap)
{
	fmt_pad_before(o, sp, 1);
	fmt_putc(o, (char)va_arg(*ap, int));
	fmt_pad_after(o, sp, 1);
}

// The dispatch on the conversion character; see fmt_conv.h.
bool
fmt_convert(struct fmt_out *o, const struct fmt_spec *sp, va_list *ap)
{
	switch (sp->conv) {
	case 'd': case 'i': fmt_signed(o, sp, ap); break;
	case 'u': case 'x': case 'X': case 'o': fmt_unsigned(o, sp, ap); break;
	case 'p': fmt_pointer(o, sp, ap); break;
	case 's': fmt_string(o, sp, ap); break;
	case 'c': fmt_char(o, sp, ap); break;
	case '%': fmt_putc(o, '%'); break;
	default: return false;
	}
	return true;
}
