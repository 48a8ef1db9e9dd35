// test_error.c: unit tests of lib/error.c (names and messages of the error codes).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <cmocka.h>

#include "lib/error.h"
#include "lib/string.h"

// Each code of ERROR_LIST with the name and message it is declared with.
static const struct {
	int code;
	const char *name;
	const char *msg;
} declared[] = {
#define ERROR_ROW(name, msg) { name, #name, msg },
	ERROR_LIST(ERROR_ROW)
#undef ERROR_ROW
};
#define NDECLARED (sizeof declared / sizeof *declared)

static void
test_error_codes(void **state)
{
	(void)state;
	assert_int_equal(E_NONE, 0);
	assert_int_equal(E_INVAL, 1);	// codes count up from 1, in list order
	assert_int_equal(NDECLARED, E_COUNT - 1);
	for (size_t i = 0; i < NDECLARED; i++)
		assert_int_equal(declared[i].code, (int)i + 1);
}

// Every code, negative (as functions return them) and positive.
static void
test_error_every_code(void **state)
{
	(void)state;
	for (size_t i = 0; i < NDECLARED; i++) {
		int code = declared[i].code;

		assert_string_equal(error_name(-code), declared[i].name);
		assert_string_equal(error_name(code), declared[i].name);
		assert_string_equal(error_str(-code), declared[i].msg);
		assert_string_equal(error_str(code), declared[i].msg);
	}
}

// A few rows written out by hand, in case the list and the tables agree on something wrong.
static void
test_error_spot_checks(void **state)
{
	(void)state;
	assert_string_equal(error_name(-E_NOMEM), "E_NOMEM");
	assert_string_equal(error_str(-E_NOMEM), "out of memory");
	assert_string_equal(error_name(-E_INVAL), "E_INVAL");
	assert_string_equal(error_str(E_2BIG), "does not fit");
	assert_string_equal(error_name(-E_BADIMG), "E_BADIMG");
	assert_string_equal(error_str(-E_BADIMG), "malformed image");
	assert_string_equal(error_name(0), "E_NONE");
	assert_string_equal(error_str(0), "no error");
}

static void
test_error_unknown(void **state)
{
	static const int unknown[] = { E_COUNT, -E_COUNT, E_COUNT + 1, -1000, 1000,
				       INT_MAX, INT_MIN, INT_MIN + 1 };

	(void)state;
	for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++) {
		assert_string_equal(error_name(unknown[i]), "E_?");
		assert_string_equal(error_str(unknown[i]), "unknown error");
	}
}

// Names and messages are all present and all different.
static void
test_error_distinct(void **state)
{
	(void)state;
	for (int a = 1; a < E_COUNT; a++) {
		assert_true(strlen(error_str(a)) > 0);
		assert_int_equal(strncmp(error_name(a), "E_", 2), 0);
		for (int b = a + 1; b < E_COUNT; b++) {
			assert_string_not_equal(error_name(a), error_name(b));
			assert_string_not_equal(error_str(a), error_str(b));
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_codes),
		cmocka_unit_test(test_error_every_code),
		cmocka_unit_test(test_error_spot_checks),
		cmocka_unit_test(test_error_unknown),
		cmocka_unit_test(test_error_distinct),
	};

	return cmocka_run_group_tests_name("error", tests, NULL, NULL);
}
