// test_fmt.c: unit tests of lib/fmt.c, against expected strings and against the C library.
#define _GNU_SOURCE	// RTLD_NEXT
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <dlfcn.h>
#include <sys/types.h>
#include <cmocka.h>

#include "lib/fmt.h"
#include "lib/string.h"

// Formats with our vsnprintf; checks the text and that the return value is its length.
static void
vcheck(const char *want, const char *fmt, va_list ap)
{
	char buf[256];
	int n;

	memset(buf, 0x55, sizeof buf);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	if (strcmp(buf, want) != 0 || n != (int)strlen(want))
		fail_msg("format \"%s\": expected \"%s\" (%d), got \"%s\" (%d)",
			 fmt, want, (int)strlen(want), buf, n);
}

static void __attribute__((format(printf, 2, 3)))
check(const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcheck(want, fmt, ap);
	va_end(ap);
}

// As check, for formats gcc's format checker rejects on purpose (unknown conversions...).
static void
check_raw(const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vcheck(want, fmt, ap);
	va_end(ap);
}

static void
test_fmt_decimal(void **state)
{
	(void)state;
	check("0 42 -42", "%d %i %d", 0, 42, -42);
	check("-2147483648 2147483647", "%d %d", INT_MIN, INT_MAX);
	check("4294967295 0", "%u %u", UINT_MAX, 0u);
	check("[   42][42   ][-0042]", "[%5d][%-5d][%05d]", 42, 42, -42);
	check("+42 -42  42 +0", "%+d %+d % d %+d", 42, -42, 42, 0);
	check("007 -007   -7", "%.3d %.3d %4.1d", 7, -7, -7);
	check("[][     ][0]", "[%.0d][%5.0d][%.1d]", 0, 0, 0);
	check_raw("[     042][42      ]", "[%08.3d][%-08d]", 42, 42);	// '0' yields
	check("[12345]", "[%3d]", 12345);	// width is a minimum
	check("-2147483648", "%.5d", INT_MIN);
	check("[-000000000002147483648]", "[%022d]", INT_MIN);
}

static void
test_fmt_hex_octal(void **state)
{
	(void)state;
	check("ff FF deadbeef", "%x %X %x", 255u, 255u, 0xdeadbeefu);
	check("0xff 0XFF 0", "%#x %#X %#x", 255u, 255u, 0u);
	check("[0x000000ff][0x00ff][  0xff][0xff  ]", "[%#010x][%#.4x][%#6x][%-#6x]",
	      255u, 255u, 255u, 255u);
	check("10 010 0 0", "%o %#o %#o %#.0o", 8u, 8u, 0u, 0u);
	check("[010][00010][0000000010]", "[%#.3o][%#.5o][%#010o]", 8u, 8u, 8u);
	check("[][0]", "[%.0x][%#.0o]", 0u, 0u);
	check("37777777777", "%o", UINT_MAX);
	check_raw("42 2a", "%+u % x", 42u, 42u);	// sign flags are for signed conversions
}

static void
test_fmt_lengths(void **state)
{
	(void)state;
	check("-1 0 -128 ff", "%hhd %hhu %hhd %hhx", 255, 256, 128, -1);
	check("-1 0 -32768 ffff", "%hd %hu %hd %hx", 65535, 65536, 32768, -1);
	check("-9223372036854775808 9223372036854775807", "%lld %lld", LLONG_MIN, LLONG_MAX);
	check("18446744073709551615", "%llu", ULLONG_MAX);
	check("ffffffffffffffff 1777777777777777777777", "%llx %llo", ULLONG_MAX, ULLONG_MAX);
	check("[-0000000000000000001]", "[%020lld]", -1LL);
	check("0x00000001ffffffff", "%#018llx", 0x1ffffffffULL);
	check("-1", "%ld", -1L);
	check(sizeof(long) == 8 ? "18446744073709551615" : "4294967295", "%lu", ULONG_MAX);
	check(sizeof(size_t) == 8 ? "18446744073709551615" : "4294967295", "%zu", SIZE_MAX);
	check("-5 123", "%zd %zu", (ssize_t)-5, (size_t)123);
	check("-7 7", "%jd %td", (intmax_t)-7, (ptrdiff_t)7);
}

static void
test_fmt_star(void **state)
{
	(void)state;
	check("[   42][42   ]", "[%*d][%-*d]", 5, 42, 5, 42);
	check("[42   ]", "[%*d]", -5, 42);	// negative width: left-aligned
	check("[007][7]", "[%.*d][%.*d]", 3, 7, -1, 7);	// negative precision: none
	check("[    ab]", "[%*.*s]", 6, 2, "abc");
	check("[  x]", "[%*c]", 3, 'x');
}

static void
test_fmt_char_string(void **state)
{
	const char abc[3] = { 'a', 'b', 'c' };	// no NUL: %.3s must not read past it
	const char *volatile null = NULL;

	(void)state;
	check("A[  A][A  ]", "%c[%3c][%-3c]", 'A', 'A', 'A');
	check("hi[   hi][hi   ][hi]", "%s[%5s][%-5s][%1s]", "hi", "hi", "hi", "hi");
	check("he[][abc]", "%.2s[%.0s][%.3s]", "hello", "x", abc);
	check("(null) [(nu]", "%s [%.3s]", null, null);
	check("", "%s", "");
}

static void
test_fmt_pointer(void **state)
{
	(void)state;
	if (sizeof(void *) == 8) {
		check("0x0000000000001234", "%p", (void *)0x1234);
		check("0x0000000000000000", "%p", (void *)NULL);
		check("[  0xffffffffffffffff]", "[%20p]", (void *)UINTPTR_MAX);
		check("[0x00000000deadbeef  ]", "[%-20p]", (void *)0xdeadbeef);
	} else {
		check("0x00001234", "%p", (void *)0x1234);
		check("[  0xdeadbeef]", "[%12p]", (void *)0xdeadbeef);
	}
}

static void
test_fmt_percent_unknown(void **state)
{
	(void)state;
	check("100%", "100%%");
	check("5% of 20", "%d%% of %d", 5, 20);
	check_raw("%q", "%q");
	check_raw("[%5q][%-08.3lq]", "[%5q][%-08.3lq]");
	check_raw("%y3", "%y%d", 3);	// an unknown conversion takes no argument
	check_raw("abc%", "abc%");	// '%' at the very end
	check_raw("x%-5", "x%-5");
	check_raw("%n", "%n");	// no %n: it would write memory
}

static void
test_snprintf_truncation(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'X', sizeof buf);
	assert_int_equal(snprintf(buf, 4, "%d", 123456), 6);
	assert_string_equal(buf, "123");
	assert_int_equal(buf[4], 'X');	// nothing written past size
	assert_int_equal(snprintf(buf, 6, "%s", "abcdef"), 6);	// size == length: one short
	assert_string_equal(buf, "abcde");
	assert_int_equal(snprintf(buf, 7, "%s", "abcdef"), 6);	// exact fit
	assert_string_equal(buf, "abcdef");
	assert_int_equal(snprintf(buf, 1, "%s", "abc"), 3);
	assert_string_equal(buf, "");
	memset(buf, 'X', sizeof buf);
	assert_int_equal(snprintf(buf, 0, "%s-%d", "abc", 42), 6);	// size 0: untouched
	assert_int_equal(buf[0], 'X');
	assert_int_equal(snprintf(NULL, 0, "%llu", ULLONG_MAX), 20);
	assert_int_equal(snprintf(buf, sizeof buf, "%s", ""), 0);
	assert_string_equal(buf, "");
}

// A sink that collects characters, NULs included.
struct collect {
	char text[64];
	int len;
};

static void
collect_putc(int c, void *arg)
{
	struct collect *col = arg;

	if (col->len < (int)sizeof col->text)
		col->text[col->len] = (char)c;
	col->len++;
}

static void
test_format_sink(void **state)
{
	struct collect col = { .len = 0 };

	(void)state;
	assert_int_equal(format(collect_putc, &col, "a%cb%s", '\0', "cd"), 5);
	assert_int_equal(col.len, 5);
	assert_memory_equal(col.text, "a\0bcd", 5);
	col.len = 0;
	assert_int_equal(format(collect_putc, &col, "%s", ""), 0);
	assert_int_equal(col.len, 0);
	col.len = 0;
	assert_int_equal(format(collect_putc, &col, "%c", 0xe9), 1);
	assert_int_equal((unsigned char)col.text[0], 0xe9);
}

typedef int (*snprintf_fn)(char *buf, size_t size, const char *fmt, ...);

// The C library's snprintf: ours replaces it in this program, RTLD_NEXT finds the original.
static snprintf_fn
libc_snprintf(void)
{
	snprintf_fn fn = (snprintf_fn)dlsym(RTLD_NEXT, "snprintf");

	assert_non_null(fn);
	return fn;
}

// Formats v with conversion spec (e.g. "%-#08.3llx") both ways, passing v as the argument
// type that the length modifier lenmod names; fails showing both results if they differ.
static void
compare_libc(snprintf_fn libc, const char *spec, const char *lenmod, long long v)
{
	char ours[128], theirs[128];
	int n, m;

#define BOTH(arg) (n = snprintf(ours, sizeof ours, spec, arg), \
		   m = libc(theirs, sizeof theirs, spec, arg))
	if (strcmp(lenmod, "ll") == 0)
		BOTH(v);
	else if (strcmp(lenmod, "l") == 0)
		BOTH((long)v);
	else if (strcmp(lenmod, "z") == 0)
		BOTH((size_t)v);
	else
		BOTH((int)v);
#undef BOTH
	if (n != m || strcmp(ours, theirs) != 0)
		fail_msg("\"%s\" of %lld: ours \"%s\" (%d), libc \"%s\" (%d)",
			 spec, v, ours, n, theirs, m);
}

static const long long compare_values[] = {
	0, 1, 7, 8, 42, 127, 128, 255, 256, 4095, 32767, 32768, 65535, 0x12345678,
	-1, -8, -42, -128, -129, -32768, INT_MAX, INT_MIN, UINT_MAX,
	LLONG_MAX, LLONG_MIN, (long long)ULLONG_MAX - 1, 0x123456789abcdefLL,
};

// Compares every length modifier, integer conversion and value after spec's prefix
// ("%-0#" flags, width, precision).
static void
compare_prefix(snprintf_fn libc, const char *prefix)
{
	static const char *const lens[] = { "hh", "h", "", "l", "ll", "z" };
	static const char convs[] = "diuxXo";
	char spec[32];

	for (size_t l = 0; l < sizeof lens / sizeof *lens; l++) {
		for (size_t c = 0; c < sizeof convs - 1; c++) {
			snprintf(spec, sizeof spec, "[%s%s%c]", prefix, lens[l], convs[c]);
			for (size_t v = 0; v < sizeof compare_values / sizeof *compare_values; v++)
				compare_libc(libc, spec, lens[l], compare_values[v]);
		}
	}
}

// Every combination of flags, width, precision, length modifier and integer conversion.
static void
test_fmt_vs_libc(void **state)
{
	static const char *const widths[] = { "", "1", "5", "25" };
	static const char *const precs[] = { "", ".", ".0", ".1", ".5", ".25" };
	snprintf_fn libc = libc_snprintf();
	char prefix[16];

	(void)state;
	for (unsigned fl = 0; fl < 32; fl++) {
		for (size_t w = 0; w < sizeof widths / sizeof *widths; w++) {
			for (size_t p = 0; p < sizeof precs / sizeof *precs; p++) {
				snprintf(prefix, sizeof prefix, "%%%s%s%s%s%s%s%s",
					 fl & 1 ? "-" : "", fl & 2 ? "0" : "",
					 fl & 4 ? "#" : "", fl & 8 ? " " : "",
					 fl & 16 ? "+" : "", widths[w], precs[p]);
				compare_prefix(libc, prefix);
			}
		}
	}
}

// Strings and characters, with widths and precisions, the same way.
static void
test_fmt_strings_vs_libc(void **state)
{
	static const char *const specs[] = {
		"%s", "%10s", "%-10s", "%.3s", "%10.3s", "%-10.0s", "%.10s", "%1s",
		"%c", "%5c", "%-5c", "%1c",
	};
	snprintf_fn libc = libc_snprintf();
	char ours[64], theirs[64];

	(void)state;
	for (size_t i = 0; i < sizeof specs / sizeof *specs; i++) {
		const char *spec = specs[i];
		int n, m;

		if (strchr(spec, 'c') != NULL) {
			n = snprintf(ours, sizeof ours, spec, 'q');
			m = libc(theirs, sizeof theirs, spec, 'q');
		} else {
			n = snprintf(ours, sizeof ours, spec, "hello");
			m = libc(theirs, sizeof theirs, spec, "hello");
		}
		assert_int_equal(n, m);
		assert_string_equal(ours, theirs);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt_decimal),
		cmocka_unit_test(test_fmt_hex_octal),
		cmocka_unit_test(test_fmt_lengths),
		cmocka_unit_test(test_fmt_star),
		cmocka_unit_test(test_fmt_char_string),
		cmocka_unit_test(test_fmt_pointer),
		cmocka_unit_test(test_fmt_percent_unknown),
		cmocka_unit_test(test_snprintf_truncation),
		cmocka_unit_test(test_format_sink),
		cmocka_unit_test(test_fmt_vs_libc),
		cmocka_unit_test(test_fmt_strings_vs_libc),
	};

	return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
