// test_mutate_sites.c: where build/mutate looks (solution lines of one lab), the ids it gives
// and the sample it takes.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/mutate_fixture.h"

// Two regions, of labs 1 and 2, with the same line in each, code outside and a stub.
static const char two_labs[] =
	"int x = 1 < 2;\n"                                       // outside: never
	"// Hint: h\n"
	"void\nf(int a)\n{\n"
	"\t// LAB1-SOLUTION-BEGIN\n"
	"\n"
	"\ta = a + 1;\n"                                         // line 8
	"\t// LAB1-STUB\n"
	"\t// a = a < 1;\n"
	"\t// LAB1-SOLUTION-END\n"
	"\t// Hint: h\n"
	"\t// LAB2-SOLUTION-BEGIN\n"
	"\ta = a + 1;\n"                                         // line 14
	"\t// LAB2-STUB\n"
	"\t// LAB2-SOLUTION-END\n"
	"}\n";

static void
test_solution_lines_of_the_lab_only(void **state)
{
	(void)state;
	assert_int_equal(find_in("f.c", two_labs), 1);
	assert_int_equal(found.n, 4);            // delete, + -> -, 1 -> 2, 1 -> 0
	for (int i = 0; i < found.n; i++) {
		assert_int_equal(found.v[i].line, 8);
		assert_int_equal(found.v[i].lab, 1);
		assert_string_equal(found.v[i].path, "f.c");
	}
	char msg[128];
	sites_free(&found);
	assert_int_equal(site_find(&found, "f.c", two_labs, strlen(two_labs), -1, msg, sizeof msg), 2);
	assert_int_equal(found.n, 8);            // every lab's
	assert_int_equal(found.v[7].line, 14);
	assert_int_equal(found.v[7].lab, 2);
}

static void
test_ids_stay_with_their_line(void **state)
{
	(void)state;
	char ids[8][SITE_ID], shifted[sizeof two_labs + 40];
	char msg[128];

	sites_free(&found);
	site_find(&found, "f.c", two_labs, strlen(two_labs), -1, msg, sizeof msg);
	site_ids(&found);
	for (int i = 0; i < 8; i++) {
		memcpy(ids[i], found.v[i].id, SITE_ID);
		assert_int_equal(strspn(ids[i], "0123456789abcdef"), 8);
		for (int j = 0; j < i; j++)      // the same line twice: other ids
			assert_string_not_equal(ids[i], ids[j]);
	}
	snprintf(shifted, sizeof shifted, "// a comment\nint y;\n\n%s", two_labs);
	sites_free(&found);
	site_find(&found, "f.c", shifted, strlen(shifted), -1, msg, sizeof msg);
	site_ids(&found);
	for (int i = 0; i < 8; i++) {        // lines moved, ids kept
		assert_int_equal(found.v[i].line, i < 4 ? 11 : 17);
		assert_string_equal(found.v[i].id, ids[i]);
	}
	sites_free(&found);                  // another file: other ids
	site_find(&found, "g.c", two_labs, strlen(two_labs), -1, msg, sizeof msg);
	site_ids(&found);
	assert_string_not_equal(found.v[0].id, ids[0]);
}

static void
test_site_line(void **state)
{
	(void)state;
	char line[SITE_LINE], want[SITE_LINE];

	find_in("f.c", two_labs);
	site_line(&found.v[0], line, sizeof line);
	snprintf(want, sizeof want, "%s f.c:8: delete `a = a + 1;`", found.v[0].id);
	assert_string_equal(line, want);
}

static void
test_sample_deterministic_in_file_order(void **state)
{
	(void)state;
	char first[3][SITE_ID];

	find_code("\ta = a + 1 < b * 2;\n\tb = a - 3;\n\tg(a >= 4, b != 5);\n");
	int all = found.n;
	assert_true(all > 10);
	site_sample(&found, 3, 42);
	assert_int_equal(found.n, 3);
	for (int i = 0; i < 3; i++)
		memcpy(first[i], found.v[i].id, SITE_ID);
	assert_true(found.v[0].off <= found.v[1].off && found.v[1].off <= found.v[2].off);
	find_code("\ta = a + 1 < b * 2;\n\tb = a - 3;\n\tg(a >= 4, b != 5);\n");
	site_sample(&found, 3, 42);
	for (int i = 0; i < 3; i++)
		assert_string_equal(found.v[i].id, first[i]);
	find_code("\ta = a + 1 < b * 2;\n\tb = a - 3;\n\tg(a >= 4, b != 5);\n");
	site_sample(&found, all + 5, 42);    // more than there are: all of them
	assert_int_equal(found.n, all);
}

static void
test_bad_markers_and_other_files(void **state)
{
	(void)state;
	char msg[128];

	sites_free(&found);
	assert_int_equal(site_find(&found, "f.c", "// LAB1-SOLUTION-BEGIN\n", 23, 1, msg, sizeof msg),
			 -E_INVAL);
	assert_non_null(strstr(msg, "1: no \"Hint:\""));
	const char mk[] = "# Hint: h\n# LAB1-SOLUTION-BEGIN\nx := 1\n# LAB1-STUB\n# LAB1-SOLUTION-END\n";
	assert_int_equal(site_find(&found, "a.mk", mk, strlen(mk), 1, msg, sizeof msg), -E_NOTSUP);
	assert_int_equal(site_find(&found, "a.mk", mk, strlen(mk), 2, msg, sizeof msg), 0);
	assert_int_equal(found.n, 0);
}

static void
test_long_descriptions_show_the_change(void **state)
{
	(void)state;
	find_code("\tif (a_long_function_name(with_arguments, that_go_on, and_on, and_on_and_on) < 0)\n"
		  "\t\tb = 0;\n");
	assert_int_equal(of_op("rel"), 2);
	for (int i = 0; i < found.n; i++)
		if (strcmp(found.v[i].op, "rel") == 0) {
			assert_non_null(strstr(found.v[i].desc, "and_on_and_on) < 0` -> `..."));
			assert_memory_equal(found.v[i].desc, "`...", 4);
			assert_true(strlen(found.v[i].desc) < SITE_DESC - 1);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_solution_lines_of_the_lab_only),
		cmocka_unit_test(test_ids_stay_with_their_line),
		cmocka_unit_test(test_site_line),
		cmocka_unit_test(test_sample_deterministic_in_file_order),
		cmocka_unit_test(test_bad_markers_and_other_files),
		cmocka_unit_test(test_long_descriptions_show_the_change),
	};
	int r = cmocka_run_group_tests_name("mutate: sites", tests, NULL, NULL);

	sites_free(&found);
	return r;
}
