// grader.h: the grader's top level: what the command line asked for, and the three ways to
// use it: grade a tree, grade a submission (copied into a pristine tree), grade a folder.
#ifndef GRADER_GRADER_H
#define GRADER_GRADER_H

#include "grader/report.h"
#include "grader/run.h"
#include "grader/sched.h"
#include "grader/text.h"

struct grader_args {
	struct grade_opts run;          // what every run needs (host, tree, limits)
	int lab;                        // -1: every lab
	const char *test;               // NULL: every test of the selected labs
	int jobs;                       // tests (or submissions, in batch mode) at once
	enum report_format format;
	const char *out;                // report file; in batch mode the output directory
	const char *submission;         // a submission folder, or NULL
	const char *batch;              // a folder of submission folders, or NULL
	int tty;                        // colours in the table
	int quiet;                      // no table (batch children)
};

// --- grade.c ---

// Grades the selected tests of the tree a->run.root, or of a->submission built in a
// pristine copy of it: prints the table, writes the report. Returns the exit status: 0 on
// full marks, 1 when a test lost points, 2 on a usage or setup error.
int grade_main(const struct grader_args *a);

// Fills jobs (room for max) with the selected tests in registry order. Returns how many,
// or -1 when --lab or --test matches nothing (said on stderr).
int grade_select(const struct grader_args *a, struct job *jobs, int max);

// --- submit.c ---

// 1 when the path rel (relative to the tree) matches a file pattern of one of the labs
// of the n jobs, else 0.
int submit_allowed(const struct job *jobs, int n, const char *rel);

// Makes a pristine copy of root in a fresh temporary directory (tree), copies in only the
// submission's files that submit_allowed, and builds the labs' images there. Returns 0, or
// -1 with what went wrong in why (for a failed build: the end of the build log).
int submit_prepare(const char *root, const char *sub, const struct job *jobs, int n,
		   char *tree, size_t size, struct text *why);

// Copies the files of sub that submit_allowed into tree; notes each ignored file in log.
// Returns the number copied, or -E_IO.
int submit_copy(const char *sub, const char *tree, const struct job *jobs, int n,
		struct text *log);

// --- batch.c ---

// Grades every subfolder of a->batch as a submission, a->jobs at once; writes
// OUT/NAME.json for each and OUT/summary.csv, OUT/summary.json. Returns 0, or 2 on error.
int batch_main(const struct grader_args *a);

#endif
