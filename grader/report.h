// report.h: what the grader writes: the live terminal table, and the report files
// (--format json | junit | gradescope). Reports hold no time and no nonce, so grading the
// same submission twice writes the same bytes.
#ifndef GRADER_REPORT_H
#define GRADER_REPORT_H

#include <stdio.h>

#include "grader/run.h"

enum report_format { FORMAT_NONE, FORMAT_JSON, FORMAT_JUNIT, FORMAT_GRADESCOPE };

// --- report_json.c (jansson) ---

// One result as a JSON object {"lab","name","score","max_score","output"}: a malloc'd
// string, or NULL when out of memory.
char *result_to_json(const struct result *res);

// Parses what result_to_json wrote. Returns 0 or -E_INVAL.
int result_from_json(const char *json, struct result *res);

// The duplicata report: {"score","max_score","tests":[result...]}. Returns 0 or -E_IO.
int report_json(FILE *out, const struct result *res, int n);

// Gradescope's results.json: {"score", "output", "tests":[{"name","score","max_score",
// "output","visibility"}]}. Returns 0 or -E_IO.
int report_gradescope(FILE *out, const struct result *res, int n);

// --- report_junit.c ---

// JUnit XML: one <testsuite> per lab, one <testcase classname="duplicata.labN" name=...>
// per test, a <failure> holding the verdict for each failed one. Returns 0 or -E_IO.
int report_junit(FILE *out, const struct result *res, int n);

// Writes s with the five XML entities escaped, and control bytes other than tab and
// newline (not allowed in XML 1.0) shown as '?'.
void xml_escape(FILE *out, const char *s);

// --- report_table.c ---

// One row for a finished test (colours when tty): "lab0 banner  2/2  PASS  0.31 s", then
// the verdict of a failed test, indented.
void table_row(FILE *out, const struct result *res, int tty);

// The total row; returns 1 when every test got full marks.
int table_total(FILE *out, const struct result *res, int n, int tty);

// Score and maximum of n results.
void results_sum(const struct result *res, int n, int *score, int *max);

// Writes the report in format to path ("-": standard output). Returns 0 or -E_IO.
int report_write(enum report_format f, const char *path, const struct result *res, int n);

#endif
