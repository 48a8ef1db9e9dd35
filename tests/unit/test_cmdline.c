// test_cmdline.c: unit tests of lib/cmdline.c (boot command line lookups).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <cmocka.h>

#include "lib/cmdline.h"
#include "lib/error.h"
#include "lib/string.h"

// cmdline_get into a roomy buffer; checks the return value and, on success, the value.
static void
check_get(const char *line, const char *key, int want_ret, const char *want_val)
{
	char val[32];

	memset(val, 'X', sizeof val);
	assert_int_equal(cmdline_get(line, key, val, sizeof val), want_ret);
	if (want_ret >= 0)
		assert_string_equal(val, want_val);
}

static void
test_cmdline_get(void **state)
{
	const char *line = "test=fault paging=pae verbose";

	(void)state;
	check_get(line, "test", 5, "fault");
	check_get(line, "paging", 3, "pae");
	check_get(line, "verbose", 0, "");	// a bare flag: present, empty
	check_get(line, "nothere", -E_NOENT, NULL);
	check_get(line, "fault", -E_NOENT, NULL);	// values are not keys
	check_get("a=b=c", "a", 3, "b=c");	// the key ends at the first '='
	check_get("a=", "a", 0, "");
}

// A key matches whole words only, never a prefix or a suffix of one.
static void
test_cmdline_prefix(void **state)
{
	(void)state;
	check_get("tests=1", "test", -E_NOENT, NULL);
	check_get("tests=1 test=2", "test", 1, "2");
	check_get("test=2 tests=1", "test", 1, "2");
	check_get("test=1", "tests", -E_NOENT, NULL);
	check_get("testing verbose", "test", -E_NOENT, NULL);
	check_get("atest=1", "test", -E_NOENT, NULL);
	assert_int_equal(cmdline_has("tests=1", "test"), 0);
	assert_int_equal(cmdline_has("testing", "test"), 0);
	assert_int_equal(cmdline_has("x=test", "test"), 0);
}

static void
test_cmdline_last_wins(void **state)
{
	(void)state;
	check_get("x=1 x=22", "x", 2, "22");
	check_get("x=1 y=5 x=333 z", "x", 3, "333");
	check_get("x=1 x", "x", 0, "");	// the later bare flag wins
	check_get("x x=5", "x", 1, "5");
	assert_int_equal(cmdline_uint("n=1 n=2", "n", 0), 2);
}

static void
test_cmdline_truncation(void **state)
{
	char val[8];

	(void)state;
	assert_int_equal(cmdline_get("key=abcdef", "key", val, 4), -E_2BIG);
	assert_string_equal(val, "abc");	// truncated, still terminated
	assert_int_equal(cmdline_get("key=abcdef", "key", val, 6), -E_2BIG);
	assert_string_equal(val, "abcde");
	assert_int_equal(cmdline_get("key=abcdef", "key", val, 7), 6);	// exact fit
	assert_string_equal(val, "abcdef");
	assert_int_equal(cmdline_get("key", "key", val, 1), 0);
	assert_string_equal(val, "");
	val[0] = 'X';
	assert_int_equal(cmdline_get("key=a", "key", val, 0), -E_2BIG);	// size 0: untouched
	assert_int_equal(val[0], 'X');
	assert_int_equal(cmdline_get("other=a", "key", val, 0), -E_NOENT);
}

static void
test_cmdline_spaces(void **state)
{
	(void)state;
	check_get("   a=1    b=2   ", "a", 1, "1");
	check_get("   a=1    b=2   ", "b", 1, "2");
	check_get("a=1\tb=2\n", "b", 1, "2");	// tabs and newlines separate too
	check_get(" flag ", "flag", 0, "");
	assert_int_equal(cmdline_each("   a=1    b=2   ", NULL, NULL), 2);
	assert_int_equal(cmdline_each("a\r\nb", NULL, NULL), 2);
}

static void
test_cmdline_empty(void **state)
{
	static const char *const lines[] = { "", " ", "    ", NULL };

	(void)state;
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		check_get(lines[i], "a", -E_NOENT, NULL);
		assert_int_equal(cmdline_has(lines[i], "a"), 0);
		assert_int_equal(cmdline_uint(lines[i], "a", 7), 7);
		assert_int_equal(cmdline_each(lines[i], NULL, NULL), 0);
	}
}

static void
test_cmdline_has(void **state)
{
	const char *line = "test=fault verbose x=";

	(void)state;
	assert_int_equal(cmdline_has(line, "test"), 1);
	assert_int_equal(cmdline_has(line, "verbose"), 1);
	assert_int_equal(cmdline_has(line, "x"), 1);
	assert_int_equal(cmdline_has(line, "quiet"), 0);
	assert_int_equal(cmdline_has(line, "fault"), 0);
}

static void
test_cmdline_uint(void **state)
{
	const char *line = "dec=42 hex=0x10 oct=010 zero=0 bad=12k empty= flag "
			   "neg=-1 bare0x=0x huge=99999999999999999999999 max=0xffffffff";

	(void)state;
	assert_int_equal(cmdline_uint(line, "dec", 7), 42);
	assert_int_equal(cmdline_uint(line, "hex", 7), 16);
	assert_int_equal(cmdline_uint(line, "oct", 7), 8);
	assert_int_equal(cmdline_uint(line, "zero", 7), 0);
	assert_int_equal(cmdline_uint(line, "bad", 7), 7);
	assert_int_equal(cmdline_uint(line, "empty", 7), 7);
	assert_int_equal(cmdline_uint(line, "flag", 7), 7);
	assert_int_equal(cmdline_uint(line, "neg", 7), 7);
	assert_int_equal(cmdline_uint(line, "bare0x", 7), 7);
	assert_int_equal(cmdline_uint(line, "absent", 7), 7);
	assert_int_equal(cmdline_uint(line, "huge", 7), ULONG_MAX);	// saturates
	assert_int_equal(cmdline_uint(line, "max", 7), 0xffffffffUL);
	assert_int_equal(cmdline_uint("n=5 m=6", "n", 7), 5);	// stops at the space
}

// What cmdline_each reported, one "key[=value]" or "key(flag)" per word.
struct seen {
	char text[128];
	size_t len;
};

static void
seen_word(const char *key, size_t keylen, const char *val, size_t vallen, void *arg)
{
	struct seen *s = arg;

	assert_true(s->len + keylen + vallen + 8 < sizeof s->text);
	memcpy(s->text + s->len, key, keylen);
	s->len += keylen;
	if (val == NULL) {
		memcpy(s->text + s->len, "(flag)", 6);
		s->len += 6;
	} else {
		s->text[s->len++] = '=';
		memcpy(s->text + s->len, val, vallen);
		s->len += vallen;
	}
	s->text[s->len++] = ';';
	s->text[s->len] = '\0';
}

static void
test_cmdline_each(void **state)
{
	struct seen s = { .len = 0 };

	(void)state;
	assert_int_equal(cmdline_each("  test=fault paging=pae  verbose x= a=b=c ", seen_word, &s),
			 5);
	assert_string_equal(s.text, "test=fault;paging=pae;verbose(flag);x=;a=b=c;");
	s.len = 0;
	s.text[0] = '\0';
	assert_int_equal(cmdline_each("one", seen_word, &s), 1);
	assert_string_equal(s.text, "one(flag);");
	assert_int_equal(cmdline_each("x=1 x=2 x=3", NULL, NULL), 3);	// duplicates count
}

// The words before a "--" word are the program's, those after it its guest's.
static void
test_cmdline_split(void **state)
{
	char own[16];

	(void)state;
	assert_string_equal(cmdline_split("stats mem=4 -- run=hello paging=pae", own, sizeof own),
			    "run=hello paging=pae");
	assert_string_equal(own, "stats mem=4 ");
	assert_false(cmdline_has(own, "paging"));
	assert_string_equal(cmdline_split("a--b -x --", own, sizeof own), "");
	assert_string_equal(own, "a--b -x ");                // "--" only as a whole word
	assert_string_equal(cmdline_split("--\tx", own, sizeof own), "x");
	assert_string_equal(own, "");
	assert_string_equal(cmdline_split("a very long line of words -- g", own, 8), "g");
	assert_string_equal(own, "a very ");                  // cut to the buffer
	assert_string_equal(cmdline_split(NULL, own, sizeof own), "");
	assert_string_equal(own, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmdline_get),
		cmocka_unit_test(test_cmdline_prefix),
		cmocka_unit_test(test_cmdline_last_wins),
		cmocka_unit_test(test_cmdline_truncation),
		cmocka_unit_test(test_cmdline_spaces),
		cmocka_unit_test(test_cmdline_empty),
		cmocka_unit_test(test_cmdline_has),
		cmocka_unit_test(test_cmdline_uint),
		cmocka_unit_test(test_cmdline_each),
		cmocka_unit_test(test_cmdline_split),
	};

	return cmocka_run_group_tests_name("cmdline", tests, NULL, NULL);
}
