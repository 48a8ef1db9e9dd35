// report_table.c: the live terminal table, and choosing the report file's format.
#include <stdio.h>
#include <string.h>

#include "grader/report.h"
#include "lib/error.h"

#define GREEN "\033[32m"
#define RED   "\033[31m"
#define BOLD  "\033[1m"
#define PLAIN "\033[0m"

void
results_sum(const struct result *res, int n, int *score, int *max)
{
	*score = *max = 0;
	for (int i = 0; i < n; i++) {
		*score += res[i].score;
		*max += res[i].max;
	}
}

void
table_row(FILE *out, const struct result *res, int tty)
{
	int ok = res->score == res->max;
	char name[96];

	snprintf(name, sizeof name, "lab%d %s", res->lab, res->name);
	fprintf(out, "  %-32s %2d/%-2d  %s%s%s  %5.2f s\n", name, res->score, res->max,
		tty ? (ok ? GREEN : RED) : "", ok ? "PASS" : "FAIL", tty ? PLAIN : "",
		res->ms / 1000.0);
	if (ok || !res->output)
		return;
	for (const char *p = res->output; *p;) {
		size_t n = strcspn(p, "\n");
		fprintf(out, "      %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

int
table_total(FILE *out, const struct result *res, int n, int tty)
{
	int score, max;

	results_sum(res, n, &score, &max);
	fprintf(out, "  %s%-32s %2d/%-2d%s  (%d tests)\n", tty ? BOLD : "", "total", score, max,
		tty ? PLAIN : "", n);
	return score == max;
}

int
report_write(enum report_format f, const char *path, const struct result *res, int n)
{
	FILE *out = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	int err;

	if (!out)
		return -E_IO;
	err = f == FORMAT_JUNIT	       ? report_junit(out, res, n)
	      : f == FORMAT_GRADESCOPE ? report_gradescope(out, res, n)
				       : report_json(out, res, n);
	if (out != stdout && fclose(out) != 0)
		err = -E_IO;
	return err;
}
