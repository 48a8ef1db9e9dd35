// grade.c: grading one tree or one submission: select, (build), run, table, report.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader/files.h"
#include "grader/grader.h"
#include "grader/sched.h"

#define MAX_JOBS 256

int
grade_select(const struct grader_args *a, struct job *jobs, int max)
{
	int n = 0;

	for (int l = 0; lab_registry[l]; l++) {
		if (a->lab >= 0 && lab_registry[l]->number != a->lab)
			continue;
		for (int i = 0; i < lab_registry[l]->ntests && n < max; i++)
			if (!a->test || strcmp(a->test, lab_registry[l]->tests[i].name) == 0)
				jobs[n++] = (struct job){ lab_registry[l], &lab_registry[l]->tests[i] };
	}
	if (n == 0)
		fprintf(stderr, "grader: no test matches%s%d%s%s (--list shows them)\n",
			a->lab >= 0 ? " lab " : "", a->lab >= 0 ? a->lab : 0,
			a->test ? ", test " : "", a->test ? a->test : "");
	return n ? n : -1;
}

static void
grade_row(const struct result *res, void *arg)
{
	const struct grader_args *a = arg;
	FILE *out = a->out && strcmp(a->out, "-") == 0 ? stderr : stdout;

	if (!a->quiet) {
		table_row(out, res, a->tty);
		fflush(out);
	}
}

// Every selected test fails with the same reason (the submission did not build).
static void
grade_all_fail(const struct job *jobs, int n, const char *why, struct result *res)
{
	for (int i = 0; i < n; i++) {
		memset(&res[i], 0, sizeof res[i]);
		res[i].lab = jobs[i].lab->number;
		res[i].max = jobs[i].test->points;
		snprintf(res[i].name, sizeof res[i].name, "%s", jobs[i].test->name);
		res[i].output = strdup(why);
	}
}

// Runs the jobs on the tree o (built from a submission first when asked).
static int
grade_run(const struct grader_args *a, const struct job *jobs, int n, struct result *res)
{
	struct grade_opts o = a->run;
	struct text why = { 0 };
	char tree[400] = "";
	int err = 0;

	if (a->submission) {
		if (submit_prepare(a->run.root, a->submission, jobs, n, tree, sizeof tree, &why) < 0) {
			grade_all_fail(jobs, n, text_str(&why), res);
			for (int i = 0; i < n; i++)
				grade_row(&res[i], (void *)a);
			n = 0;
		}
		o.root = tree;
	}
	if (n > 0)
		err = sched_run(jobs, n, a->jobs, &o, res, grade_row, (void *)a);
	if (*tree)
		files_remove_tree(tree);
	text_free(&why);
	return err;
}

int
grade_main(const struct grader_args *a)
{
	struct job jobs[MAX_JOBS];
	struct result *res;
	int n = grade_select(a, jobs, MAX_JOBS), full, score, max;
	FILE *table = a->out && strcmp(a->out, "-") == 0 ? stderr : stdout;

	if (n < 0 || !(res = calloc(n, sizeof *res)))
		return 2;
	if (grade_run(a, jobs, n, res) < 0) {
		fprintf(stderr, "grader: cannot start test processes\n");
		return 2;
	}
	full = a->quiet ? 0 : table_total(table, res, n, a->tty);
	results_sum(res, n, &score, &max);
	full = score == max;
	if (a->format != FORMAT_NONE && report_write(a->format, a->out, res, n) < 0) {
		fprintf(stderr, "grader: cannot write the report to %s\n", a->out);
		full = -1;
	}
	for (int i = 0; i < n; i++)
		result_free(&res[i]);
	free(res);
	return full < 0 ? 2 : full ? 0 : 1;
}
