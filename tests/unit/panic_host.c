// panic_host.c: panic() for the monitor's code in host unit tests. A lab handout's stub
// panics: the running cmocka test fails there, saying which function is missing, and the
// next test runs.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "kernel/panic.h"

void
panic_at(const char *file, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	print_error("panic: %s\n", msg);
	_fail(file, line);
	abort();                                 // not reached: _fail jumps back to cmocka
}
