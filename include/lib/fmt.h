// fmt.h: printf-style formatting, shared by every image and unit-tested on the host.
//
// Conversions: %d %i %u %x %X %o %c %s %p %%, with flags '-' '0' '#' ' ' '+', a width and a
// precision (numbers or '*'), and the length modifiers hh h l ll z (and j t). These follow
// C's printf. %p prints 0x and every hex digit of the pointer: 8 on i386 (16 on a 64-bit
// host). %s of NULL prints "(null)". An unknown conversion is printed as written, flags
// and all ("%q" -> "%q", "%5q" -> "%5q"); there is no %n and no floating point.
#ifndef LIB_FMT_H
#define LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

// A sink for formatted output: called once per character with the caller's argument.
typedef void (*fmt_putc_fn)(int c, void *arg);

// Formats into a sink; returns the number of characters produced.
int vformat(fmt_putc_fn putc, void *arg, const char *fmt, va_list ap);
int format(fmt_putc_fn putc, void *arg, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

// As C's snprintf: writes at most size-1 characters and a terminating NUL (when size > 0);
// returns the length the whole result would have had.
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
