// test_grader_report.c: unit tests of what the grader writes (JSON, Gradescope, JUnit XML,
// read back), of its text helpers, its ELF symbol reader and its submission whitelist.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "grader/elfsym.h"
#include "grader/files.h"
#include "grader/grader.h"
#include "grader/report.h"
#include "grader/text.h"
#include "lib/error.h"

static struct result results[] = {
	{ 0, "banner", 2, 2, "", 310 },
	{ 0, "fault", 0, 3, "expected a serial line containing:\n    <#PF> & \"more\"\n\x01", 280 },
	{ 1, "idt", 4, 4, "", 500 },
};
#define NRES 3

// Writes the report in format f to a memory buffer (a malloc'd string).
static char *
write_report(int (*fn)(FILE *, const struct result *, int))
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	assert_int_equal(fn(f, results, NRES), 0);
	fclose(f);
	return buf;
}

static void
test_result_round_trip(void **state)
{
	struct result back;
	char *json = result_to_json(&results[1]);

	(void)state;
	assert_int_equal(result_from_json(json, &back), 0);
	assert_int_equal(back.lab, 0);
	assert_string_equal(back.name, "fault");
	assert_int_equal(back.score, 0);
	assert_int_equal(back.max, 3);
	assert_string_equal(back.output, results[1].output);
	assert_null(strstr(json, "310"));              // no time in what reports are made of
	result_free(&back);
	free(json);
	assert_int_equal(result_from_json("{\"lab\": 1}", &back), -E_INVAL);
	assert_int_equal(result_from_json("", &back), -E_INVAL);
}

static void
test_json_report(void **state)
{
	char *s = write_report(report_json);
	json_t *root = json_loads(s, 0, NULL);

	(void)state;
	assert_non_null(root);
	assert_int_equal(json_integer_value(json_object_get(root, "score")), 6);
	assert_int_equal(json_integer_value(json_object_get(root, "max_score")), 9);
	assert_int_equal(json_array_size(json_object_get(root, "tests")), 3);
	json_decref(root);
	free(s);
}

static void
test_gradescope_report(void **state)
{
	char *s = write_report(report_gradescope);
	json_t *root = json_loads(s, 0, NULL), *t;

	(void)state;
	assert_non_null(root);
	assert_int_equal(json_integer_value(json_object_get(root, "score")), 6);
	t = json_array_get(json_object_get(root, "tests"), 1);
	assert_string_equal(json_string_value(json_object_get(t, "name")), "lab0/fault");
	assert_int_equal(json_integer_value(json_object_get(t, "score")), 0);
	assert_int_equal(json_integer_value(json_object_get(t, "max_score")), 3);
	assert_string_equal(json_string_value(json_object_get(t, "visibility")), "visible");
	assert_string_equal(json_string_value(json_object_get(t, "output")), results[1].output);
	json_decref(root);
	free(s);
}

// Counts occurrences of needle in s.
static int
count(const char *s, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void
test_junit_report(void **state)
{
	char *s = write_report(report_junit);

	(void)state;
	assert_int_equal(strncmp(s, "<?xml version=\"1.0\"", 19), 0);
	assert_int_equal(count(s, "<testsuite "), 2);
	assert_int_equal(count(s, "</testsuite>"), 2);
	assert_int_equal(count(s, "<testcase "), 3);
	assert_int_equal(count(s, "classname=\"duplicata.lab0\""), 2);
	assert_int_equal(count(s, "<failure message="), 1);
	assert_non_null(strstr(s, "&lt;#PF&gt; &amp; &quot;more&quot;"));
	assert_null(strstr(s, "\x01"));                 // not allowed in XML 1.0
	assert_non_null(strstr(s, "tests=\"3\" failures=\"1\""));
	free(s);
}

static void
test_text_replace(void **state)
{
	struct text t = { 0 };

	(void)state;
	text_printf(&t, "tag = %s, again %s.", "0123abcd", "0123abcd");
	text_replace(&t, "0123abcd", "{nonce}");
	assert_string_equal(text_str(&t), "tag = {nonce}, again {nonce}.");
	text_replace(&t, "", "x");
	assert_string_equal(text_str(&t), "tag = {nonce}, again {nonce}.");
	text_free(&t);
	assert_string_equal(text_str(&t), "");
}

static void
test_elf_symbols(void **state)
{
	struct elfsyms t;
	uint32_t a;
	char name[64];

	(void)state;
	if (access("build/kernel.elf", R_OK) != 0)
		skip();
	assert_int_equal(elfsym_load(&t, "build/kernel.elf"), 0);
	assert_int_equal(elfsym_addr(&t, "kernel_start", &a), 0);
	assert_string_equal(elfsym_name(&t, a, name, sizeof name), "kernel_start");
	assert_string_equal(elfsym_name(&t, a + 3, name, sizeof name), "kernel_start+0x3");
	assert_string_equal(elfsym_name(&t, 0x10, name, sizeof name), "?");
	assert_int_equal(elfsym_addr(&t, "no_such_symbol", &a), -E_NOENT);
	elfsym_free(&t);
	assert_int_equal(elfsym_load(&t, "/nonexistent"), -E_NOENT);
	assert_int_equal(elfsym_load(&t, "/dev/null"), -E_BADIMG);       // empty
	assert_int_equal(elfsym_parse(&t, (const uint8_t *)"\x7f" "ELF", 4), -E_BADIMG);
}

static const char *const files0[] = { "kernel/*.c", "vmm/*.c", NULL };
static const struct lab fake_lab = { .number = 0, .title = "fake", .image = "img", .elf = "elf",
				     .files = files0 };
static const struct job fake_jobs[] = { { &fake_lab, NULL } };

static void
make_file(const char *dir, const char *rel)
{
	char path[600];

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	assert_int_equal(files_mkdirs_for(path), 0);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(rel, f);
	fclose(f);
}

static void
test_submission_whitelist(void **state)
{
	char sub[400], tree[400], path[600];
	struct text log = { 0 };
	struct stat st;

	(void)state;
	assert_true(submit_allowed(fake_jobs, 1, "kernel/trap.c"));
	assert_false(submit_allowed(fake_jobs, 1, "kernel/boot/loader.c"));   // no '/' in '*'
	assert_false(submit_allowed(fake_jobs, 1, "grader/grade.c"));
	assert_int_equal(files_tempdir("test-sub", sub, sizeof sub), 0);
	assert_int_equal(files_tempdir("test-tree", tree, sizeof tree), 0);
	make_file(sub, "kernel/trap.c");
	make_file(sub, "Makefile");
	make_file(sub, "grader/labs/lab0.c");
	assert_int_equal(submit_copy(sub, tree, fake_jobs, 1, &log), 1);
	snprintf(path, sizeof path, "%s/kernel/trap.c", tree);
	assert_int_equal(stat(path, &st), 0);
	snprintf(path, sizeof path, "%s/Makefile", tree);
	assert_int_not_equal(stat(path, &st), 0);
	assert_non_null(strstr(text_str(&log), "ignored (not a file of this lab): Makefile"));
	assert_int_equal(files_remove_tree(sub), 0);
	assert_int_equal(files_remove_tree(tree), 0);
	assert_int_not_equal(stat(sub, &st), 0);
	text_free(&log);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_result_round_trip),
		cmocka_unit_test(test_json_report),
		cmocka_unit_test(test_gradescope_report),
		cmocka_unit_test(test_junit_report),
		cmocka_unit_test(test_text_replace),
		cmocka_unit_test(test_elf_symbols),
		cmocka_unit_test(test_submission_whitelist),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
