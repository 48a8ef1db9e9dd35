// test_string.c: unit tests of lib/string.c (memory and string primitives, strtoul).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <cmocka.h>

#include "lib/string.h"

static void
test_memset(void **state)
{
	unsigned char buf[8] = { 0 };

	(void)state;
	assert_ptr_equal(memset(buf + 1, 0x1ab, 6), buf + 1);	// only the low byte counts
	assert_int_equal(buf[0], 0);
	for (int i = 1; i < 7; i++)
		assert_int_equal(buf[i], 0xab);
	assert_int_equal(buf[7], 0);
	memset(buf, 'x', 0);
	assert_int_equal(buf[0], 0);
}

static void
test_memcpy(void **state)
{
	char dst[8] = "........";

	(void)state;
	assert_ptr_equal(memcpy(dst + 2, "abc", 3), dst + 2);
	assert_memory_equal(dst, "..abc...", 8);
	memcpy(dst, "zz", 0);
	assert_memory_equal(dst, "..abc...", 8);
}

// dst above src: the copy must run backward.
static void
test_memmove_up(void **state)
{
	char buf[] = "abcdefgh";

	(void)state;
	assert_ptr_equal(memmove(buf + 2, buf, 5), buf + 2);
	assert_string_equal(buf, "ababcdeh");
}

// dst below src: the copy must run forward.
static void
test_memmove_down(void **state)
{
	char buf[] = "abcdefgh";

	(void)state;
	assert_ptr_equal(memmove(buf, buf + 3, 5), buf);
	assert_string_equal(buf, "defghfgh");
	memmove(buf, buf, 8);
	assert_string_equal(buf, "defghfgh");
}

static void
test_memcmp(void **state)
{
	(void)state;
	assert_int_equal(memcmp("abc", "abd", 2), 0);
	assert_true(memcmp("abc", "abd", 3) < 0);
	assert_true(memcmp("abd", "abc", 3) > 0);
	assert_true(memcmp("\x80", "\x01", 1) > 0);	// bytes compare unsigned
	assert_int_equal(memcmp("x", "y", 0), 0);
}

static void
test_strlen(void **state)
{
	(void)state;
	assert_int_equal(strlen(""), 0);
	assert_int_equal(strlen("hello"), 5);
	assert_int_equal(strnlen("hello", 3), 3);
	assert_int_equal(strnlen("hello", 10), 5);
	assert_int_equal(strnlen("hello", 0), 0);
}

static void
test_strcmp(void **state)
{
	(void)state;
	assert_int_equal(strcmp("abc", "abc"), 0);
	assert_int_equal(strcmp("", ""), 0);
	assert_true(strcmp("abc", "abd") < 0);
	assert_true(strcmp("abc", "ab") > 0);
	assert_true(strcmp("ab", "abc") < 0);
	assert_true(strcmp("\xff", "a") > 0);	// unsigned
}

static void
test_strncmp(void **state)
{
	(void)state;
	assert_int_equal(strncmp("abcx", "abcy", 3), 0);
	assert_true(strncmp("abcx", "abcy", 4) < 0);
	assert_int_equal(strncmp("ab", "ab", 10), 0);	// stops at the NUL
	assert_true(strncmp("ab", "abc", 10) < 0);
	assert_int_equal(strncmp("a", "b", 0), 0);
	assert_true(strncmp("\x90", "\x10", 1) > 0);
}

static void
test_strchr(void **state)
{
	const char *s = "hello";

	(void)state;
	assert_ptr_equal(strchr(s, 'l'), s + 2);
	assert_ptr_equal(strchr(s, 'h'), s);
	assert_null(strchr(s, 'z'));
	assert_ptr_equal(strchr(s, '\0'), s + 5);
	s = "a\xe9";
	assert_ptr_equal(strchr(s, 0xe9), s + 1);	// c is converted to char
}

static void
test_strlcpy(void **state)
{
	char buf[6];

	(void)state;
	assert_int_equal(strlcpy(buf, "abc", sizeof buf), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(strlcpy(buf, "abcdefgh", sizeof buf), 8);
	assert_string_equal(buf, "abcde");
	assert_int_equal(strlcpy(buf, "abcdef", sizeof buf), 6);	// exactly one too long
	assert_string_equal(buf, "abcde");
	buf[0] = 'X';
	assert_int_equal(strlcpy(buf, "abc", 0), 3);	// size 0: nothing written
	assert_int_equal(buf[0], 'X');
	assert_int_equal(strlcpy(buf, "abc", 1), 3);
	assert_string_equal(buf, "");
}

// strtoul of s in base; checks the value and how many characters were consumed.
static void
check_strtoul(const char *s, int base, unsigned long want, size_t used)
{
	char *end = NULL;

	assert_int_equal(strtoul(s, &end, base), want);
	assert_ptr_equal(end, s + used);
}

static void
test_strtoul_bases(void **state)
{
	(void)state;
	check_strtoul("1234", 10, 1234, 4);
	check_strtoul("1234", 0, 1234, 4);
	check_strtoul("0x1aF", 0, 0x1af, 5);
	check_strtoul("0X1aF", 0, 0x1af, 5);
	check_strtoul("0x1aF", 16, 0x1af, 5);
	check_strtoul("ff", 16, 0xff, 2);
	check_strtoul("0755", 0, 0755, 4);
	check_strtoul("755", 8, 0755, 3);
	check_strtoul("0", 0, 0, 1);
	check_strtoul("101", 2, 5, 3);
	check_strtoul("zz", 36, 35 * 36 + 35, 2);
	assert_int_equal(strtoul("42", NULL, 10), 42);
}

static void
test_strtoul_end(void **state)
{
	(void)state;
	check_strtoul("12abc", 10, 12, 2);
	check_strtoul("089", 0, 0, 1);	// octal stops at 8
	check_strtoul("0x", 0, 0, 1);	// "0", then "x" unparsed
	check_strtoul("0xg", 16, 0, 1);
	check_strtoul("", 10, 0, 0);
	check_strtoul("abc", 10, 0, 0);
	check_strtoul(" 1", 10, 0, 0);	// no leading spaces
	check_strtoul("-1", 10, 0, 0);	// no sign
	check_strtoul("12", 1, 0, 0);	// invalid bases parse nothing
	check_strtoul("12", 37, 0, 0);
	check_strtoul("12", -5, 0, 0);
}

static void
test_strtoul_overflow(void **state)
{
	char buf[64];

	(void)state;
	if (sizeof(unsigned long) == 8) {
		check_strtoul("18446744073709551615", 10, ULONG_MAX, 20);
		check_strtoul("18446744073709551616", 10, ULONG_MAX, 20);
		check_strtoul("0xffffffffffffffff", 0, ULONG_MAX, 18);
		check_strtoul("0x10000000000000000", 0, ULONG_MAX, 19);
	} else {
		check_strtoul("4294967295", 10, ULONG_MAX, 10);
		check_strtoul("4294967296", 10, ULONG_MAX, 10);
	}
	memset(buf, '9', sizeof buf - 2);
	buf[sizeof buf - 2] = 'x';
	buf[sizeof buf - 1] = '\0';
	check_strtoul(buf, 10, ULONG_MAX, sizeof buf - 2);	// end still after every digit
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memset),
		cmocka_unit_test(test_memcpy),
		cmocka_unit_test(test_memmove_up),
		cmocka_unit_test(test_memmove_down),
		cmocka_unit_test(test_memcmp),
		cmocka_unit_test(test_strlen),
		cmocka_unit_test(test_strcmp),
		cmocka_unit_test(test_strncmp),
		cmocka_unit_test(test_strchr),
		cmocka_unit_test(test_strlcpy),
		cmocka_unit_test(test_strtoul_bases),
		cmocka_unit_test(test_strtoul_end),
		cmocka_unit_test(test_strtoul_overflow),
	};

	return cmocka_run_group_tests_name("string", tests, NULL, NULL);
}
