// test_handout.c: solution markers: what a lab's handout keeps, stubs and refuses.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lib/error.h"
#include "scripts/handout/marker.h"

// A file with a lab-1 region and a lab-2 region.
static const char two_labs[] =
	"int a(void)\n"
	"{\n"
	"\t// Hint: return the answer.\n"
	"\t// LAB1-SOLUTION-BEGIN\n"
	"\treturn 42;\n"
	"\t// LAB1-STUB\n"
	"\t// panic(\"a: not implemented\");\n"
	"\t// LAB1-SOLUTION-END\n"
	"}\n"
	"# Hint: the rule\n"
	"# LAB2-SOLUTION-BEGIN\n"
	"rule: x\n"
	"# LAB2-STUB\n"
	"#rule:\n"
	"# LAB2-SOLUTION-END\n";

static char msg[256];

// Runs marker_apply for lab and returns the handout text (freed by the caller).
static char *
apply(const char *text, int lab, int want_regions)
{
	char *out = NULL;
	size_t n = 0;
	int regions = -1;

	assert_int_equal(marker_apply(text, strlen(text), lab, &out, &n, &regions, msg, sizeof msg), 0);
	assert_int_equal(regions, want_regions);
	out = realloc(out, n + 1);
	out[n] = '\0';
	return out;
}

static void
test_lab1_handout_stubs_both(void **state)
{
	(void)state;
	char *h = apply(two_labs, 1, 2);
	assert_non_null(strstr(h, "\t// Hint: return the answer.\n\tpanic(\"a: not implemented\");\n}\n"));
	assert_null(strstr(h, "return 42"));
	assert_non_null(strstr(h, "# Hint: the rule\nrule:\n"));
	assert_null(strstr(h, "rule: x"));
	assert_null(strstr(h, "LAB"));
	free(h);
}

static void
test_lab2_handout_keeps_lab1_solution(void **state)
{
	(void)state;
	char *h = apply(two_labs, 2, 2);
	assert_non_null(strstr(h, "\treturn 42;\n}\n"));
	assert_null(strstr(h, "panic"));
	assert_non_null(strstr(h, "rule:\n"));
	assert_null(strstr(h, "rule: x"));
	free(h);
}

static void
test_later_lab_keeps_everything_but_markers(void **state)
{
	(void)state;
	char *h = apply(two_labs, 9, 2);
	assert_non_null(strstr(h, "return 42;"));
	assert_non_null(strstr(h, "rule: x\n"));
	assert_null(strstr(h, "LAB"));
	assert_null(strstr(h, "not implemented"));
	free(h);
}

static void
test_text_without_markers_unchanged(void **state)
{
	(void)state;
	const char *t = "// LAB4 is about trap-and-emulate\n# plain\nno newline at the end";
	char *h = apply(t, 3, 0);
	assert_string_equal(h, t);
	free(h);
}

// Returns the error marker_apply gives for text; msg holds its explanation.
static int
refuse(const char *text)
{
	char *out = NULL;
	size_t n;
	int regions;
	int err = marker_apply(text, strlen(text), -1, &out, &n, &regions, msg, sizeof msg);
	assert_null(out);
	return err;
}

#define HINT "// Hint: h\n"

static void
test_malformed_markers_refused_with_line(void **state)
{
	(void)state;
	assert_int_equal(refuse(HINT "// LAB1-SOLUTION-BEGIN\nx\n"), -E_INVAL);
	assert_non_null(strstr(msg, "2: LAB1 region is never closed"));
	assert_int_equal(refuse("x\n// LAB1-SOLUTION-END\n"), -E_INVAL);
	assert_non_null(strstr(msg, "2: LAB1-SOLUTION-END without a LAB1-SOLUTION-BEGIN"));
	assert_int_equal(refuse(HINT "// LAB1-SOLUTION-BEGIN\n" HINT "// LAB2-SOLUTION-BEGIN\n"),
			 -E_INVAL);
	assert_non_null(strstr(msg, "4: LAB2-SOLUTION-BEGIN inside the LAB1 region opened at line 2"));
	assert_int_equal(refuse(HINT "// LAB1-SOLUTION-BEGIN\n// LAB2-STUB\n"), -E_INVAL);
	assert_non_null(strstr(msg, "3: LAB2-STUB closes the LAB1 region"));
	assert_int_equal(refuse(HINT "// LAB1-SOLUTION-BEGIN\nx\n// LAB1-SOLUTION-END\n"), -E_INVAL);
	assert_non_null(strstr(msg, "4: the region opened at line 2 has no LAB1-STUB part"));
	assert_int_equal(refuse(HINT "// LAB-SOLUTION-BEGIN\n"), -E_INVAL);
	assert_non_null(strstr(msg, "2: a marker must start with LAB<n>"));
	assert_int_equal(refuse(HINT "// LAB3-SOLUTION-START\n"), -E_INVAL);
	assert_non_null(strstr(msg, "2: unknown marker"));
}

static void
test_region_rules(void **state)
{
	(void)state;
	assert_int_equal(refuse("// LAB1-SOLUTION-BEGIN\n"), -E_INVAL);
	assert_non_null(strstr(msg, "1: no \"Hint:\""));
	assert_int_equal(refuse(HINT "// LAB1-SOLUTION-BEGIN\n// LAB1-STUB\nnot a comment\n"
				"// LAB1-SOLUTION-END\n"), -E_INVAL);
	assert_non_null(strstr(msg, "4: stub lines must be comments"));
	assert_int_equal(refuse(HINT "// LAB1-SOLUTION-BEGIN\n// LAB1-STUB\n// LAB1-STUB\n"), -E_INVAL);
	assert_non_null(strstr(msg, "4: a second LAB1-STUB"));
	char *h = apply(HINT "// LAB1-SOLUTION-BEGIN\nx\n// LAB1-STUB\n// LAB1-SOLUTION-END\n", 1, 1);
	assert_string_equal(h, HINT);            // an empty stub removes the region
	free(h);
}

static void
test_regions_located(void **state)
{
	(void)state;
	struct marker_region r[1];
	int n = 0;

	assert_int_equal(marker_regions(two_labs, strlen(two_labs), r, 1, &n, msg, sizeof msg), 0);
	assert_int_equal(n, 2);                  // the second counted, not stored
	assert_int_equal(r[0].lab, 1);
	assert_int_equal(r[0].begin, 4);
	assert_int_equal(r[0].stub, 6);
	assert_int_equal(r[0].end, 8);
	struct marker_region both[2];
	assert_int_equal(marker_regions(two_labs, strlen(two_labs), both, 2, &n, msg, sizeof msg), 0);
	assert_int_equal(both[1].lab, 2);
	assert_int_equal(both[1].begin, 11);
	assert_int_equal(both[1].stub, 13);
	assert_int_equal(both[1].end, 15);
	const char *open = HINT "// LAB1-SOLUTION-BEGIN\n";
	assert_int_equal(marker_regions(open, strlen(open), both, 2, &n, msg, sizeof msg), -E_INVAL);
	assert_non_null(strstr(msg, "2: LAB1 region is never closed"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lab1_handout_stubs_both),
		cmocka_unit_test(test_lab2_handout_keeps_lab1_solution),
		cmocka_unit_test(test_later_lab_keeps_everything_but_markers),
		cmocka_unit_test(test_text_without_markers_unchanged),
		cmocka_unit_test(test_malformed_markers_refused_with_line),
		cmocka_unit_test(test_region_rules),
		cmocka_unit_test(test_regions_located),
	};
	return cmocka_run_group_tests_name("handout markers", tests, NULL, NULL);
}
