// string.c: memory and string primitives, plus strtoul, for freestanding images and host tests.
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/string.h"

// Byte loops on purpose: simple to step through in gdb, and the compiler is told
// (-fno-builtin -fno-tree-loop-distribute-patterns) not to turn them back into calls to
// memset/memcpy, which would recurse into themselves.

// Sets n bytes at dst to (unsigned char)c; returns dst.
void *
memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n-- > 0)
		*d++ = (unsigned char)c;
	return dst;
}

// Copies n bytes from src to dst, which must not overlap; returns dst.
void *
memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

// Copies forward when dst is below src, backward otherwise, so that an overlapping
// source is read before it is overwritten.
void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d < (uintptr_t)s)
		return memcpy(dst, src, n);
	while (n-- > 0)
		d[n] = s[n];
	return dst;
}

// Compares n bytes as unsigned char: <0, 0 or >0 at the first difference.
int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n > 0; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

// Number of characters before the NUL.
size_t
strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

// As strlen, but reads at most max bytes: s need not be terminated.
size_t
strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

// Compares as unsigned char: <0, 0 or >0.
int
strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

// As strcmp, on at most n characters.
int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++)
		if (*a != *b || *a == '\0')
			return (unsigned char)*a - (unsigned char)*b;
	return 0;
}

// First c in s, the terminator itself for c == 0, or NULL.
char *
strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == '\0')
			return NULL;
	}
}

// Copies and always terminates (size > 0); returns strlen(src), >= size if truncated.
size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

// Value of c as a digit in base, or -1 if it is not one.
static int
string_digit(char c, int base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'z')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'Z')
		d = c - 'A' + 10;
	else
		return -1;
	return d < base ? d : -1;
}

// Resolves base 0 from the prefix and skips a "0x" that is followed by a hex digit
// ("0x" alone is the number 0 followed by "x"). Returns the base to parse with.
static int
string_base(const char **s, int base)
{
	const char *p = *s;
	bool hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && string_digit(p[2], 16) >= 0;

	if ((base == 0 || base == 16) && hex) {
		*s = p + 2;
		return 16;
	}
	if (base == 0)
		return p[0] == '0' ? 8 : 10;
	return base;
}

// Parses digits in base (0: from the prefix), saturating at ULONG_MAX; *end after
// the last digit. No spaces or sign accepted. See string.h.
unsigned long
strtoul(const char *s, char **end, int base)
{
	const char *p = s;
	unsigned long v = 0;
	bool overflow = false;
	int d;

	if (base != 0 && (base < 2 || base > 36)) {
		if (end != NULL)
			*end = (char *)s;
		return 0;
	}
	base = string_base(&p, base);
	for (; (d = string_digit(*p, base)) >= 0; p++) {
		if (v > (ULONG_MAX - (unsigned long)d) / (unsigned long)base)
			overflow = true;
		v = v * (unsigned long)base + (unsigned long)d;
	}
	if (end != NULL)
		*end = (char *)p;
	return overflow ? ULONG_MAX : v;
}
