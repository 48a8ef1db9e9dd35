// test_guest_lineedit.c: unit tests of the guest shell's line editor (guest-os/user/lineedit.c).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guest-os/user/lineedit.h"

// Feeds keys; returns how many lines they completed. The echo of all of them, concatenated,
// goes to echo_all; the last line is in le->buf.
static int
type(struct lineedit *le, const char *keys, size_t nkeys, char *echo_all)
{
	char echo[LINEEDIT_ECHO_MAX];
	size_t n, total = 0;
	int lines = 0;

	for (size_t i = 0; i < nkeys; i++) {
		lines += lineedit_key(le, keys[i], echo, &n);
		memcpy(echo_all + total, echo, n);
		total += n;
	}
	echo_all[total] = '\0';
	return lines;
}

#define TYPE(le, keys, echo) type((le), (keys), sizeof(keys) - 1, (echo))

static void
test_lineedit_plain(void **state)
{
	struct lineedit le = { 0 };
	char echo[1024];

	(void)state;
	assert_int_equal(TYPE(&le, "hello", echo), 0);
	assert_string_equal(echo, "hello");
	assert_int_equal(TYPE(&le, "\r", echo), 1);
	assert_string_equal(le.buf, "hello");
	assert_string_equal(echo, "\n");
}

static void
test_lineedit_backspace(void **state)
{
	struct lineedit le = { 0 };
	char echo[1024];

	(void)state;
	assert_int_equal(TYPE(&le, "\bhelpx\x7f\bp\n", echo), 1);
	assert_string_equal(le.buf, "help");
	assert_string_equal(echo, "helpx\b \b\b \bp\n");   // nothing to erase at first
	assert_int_equal(TYPE(&le, "ps -x\x15ls\n", echo), 1);
	assert_string_equal(le.buf, "ls");
	assert_string_equal(echo, "ps -x\b \b\b \b\b \b\b \b\b \bls\n");
}

// CR LF is one Enter; CR CR and LF LF are two (empty lines).
static void
test_lineedit_line_ends(void **state)
{
	struct lineedit le = { 0 };
	char echo[1024];

	(void)state;
	assert_int_equal(TYPE(&le, "a\r\nb\n", echo), 2);
	assert_string_equal(le.buf, "b");
	assert_int_equal(TYPE(&le, "\r\r", echo), 2);
	assert_string_equal(le.buf, "");
	assert_int_equal(TYPE(&le, "x\n\n", echo), 2);
	assert_string_equal(le.buf, "");
}

static void
test_lineedit_ignored_and_full(void **state)
{
	struct lineedit le = { 0 };
	char keys[2 * LINE_MAX], echo[4096];

	(void)state;
	assert_int_equal(TYPE(&le, "\x01" "a\x1b\t" "b\x80\r", echo), 1);
	assert_string_equal(le.buf, "ab");
	memset(keys, 'x', sizeof keys);
	assert_int_equal(type(&le, keys, sizeof keys, echo), 0);
	assert_int_equal(strlen(echo), LINE_MAX - 1);       // the rest did not fit
	assert_int_equal(TYPE(&le, "\n", echo), 1);
	assert_int_equal(strlen(le.buf), LINE_MAX - 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lineedit_plain),
		cmocka_unit_test(test_lineedit_backspace),
		cmocka_unit_test(test_lineedit_line_ends),
		cmocka_unit_test(test_lineedit_ignored_and_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
