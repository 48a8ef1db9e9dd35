// mutate_fixture.h: what the tests of build/mutate (tests/unit/test_mutate_*.c) share: code
// put in a lab-1 region of a small file, its sites found, and questions about them.
#ifndef TESTS_UNIT_MUTATE_FIXTURE_H
#define TESTS_UNIT_MUTATE_FIXTURE_H

#include "lib/error.h"
#include "scripts/mutants/mutate.h"

// The sites of the last find: its return value, the sites, the file's text.
extern struct sites found;
extern char found_text[4096];

// Finds the sites of lab 1 in text (as the file path); returns site_find's result.
int find_in(const char *path, const char *text);
// Puts code (whole lines) as the solution of a lab-1 region in the body of
//	int f(int a, int b, int *p)
// and finds its sites (ids given). Returns site_find's result.
int find_code(const char *code);
// The number of sites whose description is desc exactly.
int with_desc(const char *desc);
// The number of sites of operator op.
int of_op(const char *op);

#endif
