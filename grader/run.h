// run.h: one test run: its machine, directory, nonce, deadline and verdict (the framework's
// side of grade.h), and the result it produces.
#ifndef GRADER_RUN_H
#define GRADER_RUN_H

#include "grader/elfsym.h"
#include "grader/grade.h"
#include "grader/machine.h"
#include "grader/text.h"

// What the command line chose, for every run.
struct grade_opts {
	enum host host;
	const char *root;               // the tree whose build/ holds the images: "."
	const char *image;              // instead of the lab's image (fixtures), or NULL
	const char *elf;                // instead of the lab's ELF, or NULL
	int time_limit;                 // caps every test's limit when > 0
	size_t serial_cap;
	int fail_fast;                  // start no test after one lost points
};

// The outcome of one test, as reports show it.
struct result {
	int lab;
	char name[64];
	int score, max;
	char *output;                   // the verdict (malloc'd; "" when passed with no notes)
	long long ms;                   // wall time (terminal table only: never in reports)
};

struct run {
	const struct lab *lab;
	const struct test *test;
	const struct grade_opts *opts;
	char dir[400];                  // the run's own temporary directory
	char nonce[17];
	int limit;                      // seconds: the test's, or the --time-limit cap
	long long deadline;
	struct machine m;
	int booted;
	struct elfsyms syms;
	int syms_loaded;
	int test_guest;                 // booted the lab's test guest (run_boot_test)
	struct elfsyms guest_syms;      // the guest's (lab->guest_elf or test_guest_elf),
	int guest_syms_loaded;          //   loaded on first use
	int failed;
	struct text verdict;            // why it failed (first failure first)
	struct text notes;
};

// Runs test t of lab in the directory dir (which it leaves for the caller to remove) and
// fills res. Never fails: an error of the grader itself becomes the verdict.
void run_execute(const struct lab *lab, const struct test *t, const struct grade_opts *o,
	      const char *dir, struct result *res);

void result_free(struct result *res);

#endif
