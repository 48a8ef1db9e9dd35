// test_mutate_apply.c: a mutant written into its file and the file put back, in a scratch tree.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "tests/unit/mutate_fixture.h"

static char dir[] = "/tmp/duplicata-test-mutate.XXXXXX";

static int
enter_scratch(void **state)
{
	(void)state;
	if (!mkdtemp(dir) || chdir(dir) < 0)
		return -1;
	FILE *f = fopen("f.c", "w");
	find_code("\tif (a < b)\n\t\tb = 0;\n");
	return f && fputs(found_text, f) >= 0 && fclose(f) == 0 ? 0 : -1;
}

static int
leave_scratch(void **state)
{
	char cmd[sizeof dir + 16];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return chdir("/") == 0 && system(cmd) == 0 ? 0 : -1;
}

// The text of path (static buffer).
static const char *
text_of(const char *path)
{
	static char *buf;
	size_t n;

	free(buf);
	buf = mutant_read(path, &n);
	assert_non_null(buf);
	return buf;
}

static void
test_apply_then_restore(void **state)
{
	(void)state;
	char msg[256];
	const struct site *st = NULL;

	for (int i = 0; i < found.n; i++)
		if (strcmp(found.v[i].desc, "`a < b` -> `a >= b`") == 0)
			st = &found.v[i];
	assert_non_null(st);
	assert_int_equal(mutant_apply(st, found_text, strlen(found_text), msg, sizeof msg), 0);
	assert_non_null(strstr(text_of("f.c"), "\tif (a >= b)\n"));
	assert_null(strstr(text_of("f.c"), "a < b)"));
	assert_int_equal(strlen(text_of("f.c")), strlen(found_text) + 1);
	char want[SITE_LINE + 1];
	site_line(st, want, sizeof want - 1);
	strcat(want, "\n");
	assert_string_equal(text_of(".mutant/site"), want);
	assert_string_equal(text_of(".mutant/path"), "f.c");

	size_t n;                              // what the tree holds without its mutant
	char *src = mutant_source("f.c", &n);
	assert_string_equal(src, found_text);
	free(src);

	assert_int_equal(mutant_apply(st, found_text, strlen(found_text), msg, sizeof msg), -E_EXIST);
	assert_non_null(strstr(msg, "restore it first"));

	assert_int_equal(mutant_restore(msg, sizeof msg), 1);
	assert_string_equal(text_of("f.c"), found_text);
	assert_int_equal(access(".mutant", F_OK), -1);
	assert_int_equal(mutant_restore(msg, sizeof msg), 0);   // nothing applied
}

static void
test_delete_writes_braces(void **state)
{
	(void)state;
	char msg[256];

	assert_int_equal(with_desc("delete `b = 0;`"), 1);
	for (int i = 0; i < found.n; i++)
		if (strcmp(found.v[i].op, "delete") == 0)
			assert_int_equal(mutant_apply(&found.v[i], found_text, strlen(found_text), msg,
						      sizeof msg), 0);
	assert_non_null(strstr(text_of("f.c"), "\tif (a < b)\n\t\t{}\n"));
	assert_int_equal(mutant_restore(msg, sizeof msg), 1);
	assert_string_equal(text_of("f.c"), found_text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_then_restore),
		cmocka_unit_test(test_delete_writes_braces),
	};
	int r = cmocka_run_group_tests_name("mutate: apply and restore", tests, enter_scratch,
					    leave_scratch);

	sites_free(&found);
	return r;
}
