// report_junit.c: JUnit XML, as CI systems read it: one testsuite per lab.
#include <stdio.h>
#include <string.h>

#include "grader/report.h"
#include "lib/error.h"

void
xml_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		default:
			fputc((unsigned char)*s < ' ' && *s != '\n' && *s != '\t' ? '?' : *s, out);
		}
	}
}

// The first line of a verdict, for the failure's message attribute.
static void
junit_message(FILE *out, const char *output)
{
	char first[200];

	snprintf(first, sizeof first, "%.*s", (int)strcspn(output, "\n"), output);
	xml_escape(out, first);
}

static void
junit_suite(FILE *out, const struct result *res, int n, int lab)
{
	int tests = 0, failures = 0;

	for (int i = 0; i < n; i++)
		if (res[i].lab == lab)
			tests++, failures += res[i].score < res[i].max;
	fprintf(out, "  <testsuite name=\"lab%d\" tests=\"%d\" failures=\"%d\" errors=\"0\">\n", lab,
		tests, failures);
	for (int i = 0; i < n; i++) {
		if (res[i].lab != lab)
			continue;
		fprintf(out, "    <testcase classname=\"duplicata.lab%d\" name=\"", lab);
		xml_escape(out, res[i].name);
		if (res[i].score == res[i].max) {
			fprintf(out, "\"/>\n");
			continue;
		}
		fprintf(out, "\">\n      <failure message=\"");
		junit_message(out, res[i].output ? res[i].output : "");
		fprintf(out, "\">");
		xml_escape(out, res[i].output ? res[i].output : "");
		fprintf(out, "</failure>\n    </testcase>\n");
	}
	fprintf(out, "  </testsuite>\n");
}

int
report_junit(FILE *out, const struct result *res, int n)
{
	int tests = 0, failures = 0;

	for (int i = 0; i < n; i++)
		tests++, failures += res[i].score < res[i].max;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(out, "<testsuites name=\"duplicata\" tests=\"%d\" failures=\"%d\">\n", tests,
		failures);
	for (int i = 0; i < n; i++)
		if (i == 0 || res[i].lab != res[i - 1].lab)
			junit_suite(out, res, n, res[i].lab);
	fprintf(out, "</testsuites>\n");
	return ferror(out) ? -E_IO : 0;
}
