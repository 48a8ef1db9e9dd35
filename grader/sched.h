// sched.h: running the selected tests, up to N at a time, each in its own process.
//
// A test runs in a child process with its own temporary directory, so a crash of the grader's
// code in one test, or an emulator that will not die, costs only that test. The child sends
// its result back as one JSON document through a pipe; a child that overruns its time limit
// by SCHED_GRACE_S is killed with its emulator (which dies with its parent).
#ifndef GRADER_SCHED_H
#define GRADER_SCHED_H

#include "grader/run.h"

#define SCHED_GRACE_S 20

struct job {
	const struct lab *lab;
	const struct test *test;
};

// Called in the parent as each test finishes (in finishing order), e.g. to print a row.
typedef void (*sched_done_fn)(const struct result *res, void *arg);

// Runs the n jobs, at most par at once, and fills results[i] for jobs[i] (registry order,
// whatever the finishing order); with o->fail_fast, once a test lost points the jobs not
// started yet are not run (0 of 0 points). Returns 0, or -E_IO when no child could be started.
int sched_run(const struct job *jobs, int n, int par, const struct grade_opts *o,
	      struct result *results, sched_done_fn done, void *arg);

#endif
