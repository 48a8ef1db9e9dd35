// test_mutate_lex.c: build/mutate's tokens: no comments, strings whole, no preprocessor lines.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/mutate_fixture.h"

static struct src s;

// Lexes text into s; returns the number of tokens.
static int
lex(const char *text)
{
	free(s.tok);
	s = (struct src){ .text = text, .len = strlen(text) };
	s.ntok = lex_text(text, s.len, &s.tok);
	assert_true(s.ntok >= 0);
	return s.ntok;
}

// The tokens of s, separated by one space.
static const char *
spelled(void)
{
	static char buf[512];
	size_t n = 0;

	for (int i = 0; i < s.ntok && n + s.tok[i].len + 2 < sizeof buf; i++) {
		memcpy(buf + n, s.text + s.tok[i].off, s.tok[i].len);
		n += s.tok[i].len;
		buf[n++] = ' ';
	}
	buf[n ? n - 1 : 0] = '\0';
	return buf;
}

static void
test_punctuators_longest_first(void **state)
{
	(void)state;
	lex("a<=b->c<<=d&&!e||f++");
	assert_string_equal(spelled(), "a <= b -> c <<= d && ! e || f ++");
	assert_int_equal(s.tok[1].kind, TOK_PUNCT);
	assert_int_equal(s.tok[0].kind, TOK_IDENT);
}

static void
test_comments_left_out_lines_counted(void **state)
{
	(void)state;
	lex("a /* x < y\n z */ b // c < d\ne");
	assert_string_equal(spelled(), "a b e");
	assert_int_equal(s.tok[1].line, 2);
	assert_int_equal(s.tok[2].line, 3);
	assert_false(s.tok[1].first);
	assert_true(s.tok[2].first);
}

static void
test_strings_and_chars_one_token(void **state)
{
	(void)state;
	lex("f(\"a < \\\"b\\\"\", '\\'', '<');");
	assert_int_equal(s.ntok, 9);
	assert_int_equal(s.tok[2].kind, TOK_STRING);
	assert_int_equal(s.tok[2].len, 11);    // "a < \"b\""
	assert_int_equal(s.tok[4].kind, TOK_CHAR);
	assert_int_equal(s.tok[6].kind, TOK_CHAR);
}

static void
test_preprocessor_lines_left_out(void **state)
{
	(void)state;
	lex("#define X(a) \\\n\t((a) < 1)\nx = 1;\n  #include <a.h>\ny");
	assert_string_equal(spelled(), "x = 1 ; y");
	assert_int_equal(s.tok[0].line, 3);
	assert_int_equal(s.tok[4].line, 5);
}

static void
test_numbers(void **state)
{
	(void)state;
	lex("0x1Fu 10 1e+5 0.5 017 1f");
	assert_string_equal(spelled(), "0x1Fu 10 1e+5 0.5 017 1f");
	assert_true(tok_is_int(&s, 0));
	assert_true(tok_is_int(&s, 1));
	assert_false(tok_is_int(&s, 2));       // floating
	assert_false(tok_is_int(&s, 3));
	assert_true(tok_is_int(&s, 4));
	assert_false(tok_is_int(&s, 5));       // an assembler label reference
}

static void
test_brace_depth(void **state)
{
	(void)state;
	lex("f() { if (a) { b; } c; }");
	assert_int_equal(s.tok[3].depth, 0);    // {
	assert_int_equal(s.tok[4].depth, 1);    // if
	assert_int_equal(s.tok[9].depth, 2);    // b
	assert_int_equal(s.tok[11].depth, 1);   // }
	assert_int_equal(s.tok[14].depth, 0);   // }
	assert_true(tok_is(&s, 4, "if"));
	assert_false(tok_is(&s, 4, "i"));
	assert_false(tok_is(&s, 99, "if"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_punctuators_longest_first),
		cmocka_unit_test(test_comments_left_out_lines_counted),
		cmocka_unit_test(test_strings_and_chars_one_token),
		cmocka_unit_test(test_preprocessor_lines_left_out),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_brace_depth),
	};
	int r = cmocka_run_group_tests_name("mutate: tokens", tests, NULL, NULL);

	free(s.tok);
	return r;
}
