// submit.c: a submission graded in a pristine tree: only the files its lab lets a student
// change are copied in, so nothing else they changed (tests, grader, Makefile) counts.
#include <fnmatch.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader/files.h"
#include "grader/grader.h"
#include "grader/sched.h"
#include "lib/error.h"

#define BUILD_LIMIT_S 300

int
submit_allowed(const struct job *jobs, int n, const char *rel)
{
	for (int i = 0; i < n; i++)
		for (const char *const *p = jobs[i].lab->files; p && *p; p++)
			if (fnmatch(*p, rel, FNM_PATHNAME) == 0)
				return 1;
	return 0;
}

// nftw gives no room for an argument: the copy in progress, one at a time.
static struct {
	const char *sub, *tree;
	const struct job *jobs;
	int n, copied, failed;
	struct text *log;
} copy;

static int
submit_copy_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	const char *rel = path + strlen(copy.sub) + 1;
	char dst[4096];

	(void)st, (void)ftw;
	if (flag != FTW_F)
		return 0;                       // directories, and symbolic links: never followed
	if (!submit_allowed(copy.jobs, copy.n, rel)) {
		text_printf(copy.log, "ignored (not a file of this lab): %s\n", rel);
		return 0;
	}
	snprintf(dst, sizeof dst, "%s/%s", copy.tree, rel);
	if (files_mkdirs_for(dst) < 0 || files_copy(path, dst) < 0)
		copy.failed = 1;
	copy.copied++;
	return 0;
}

int
submit_copy(const char *sub, const char *tree, const struct job *jobs, int n, struct text *log)
{
	char base[4096];

	snprintf(base, sizeof base, "%s", sub);
	while (strlen(base) > 1 && base[strlen(base) - 1] == '/')
		base[strlen(base) - 1] = '\0';
	copy.sub = base, copy.tree = tree, copy.jobs = jobs, copy.n = n, copy.log = log;
	copy.copied = copy.failed = 0;
	if (nftw(base, submit_copy_one, 16, FTW_PHYS) < 0 || copy.failed)
		return -E_IO;
	return copy.copied;
}

// Builds each lab's images and symbol file in tree; on failure puts the log's end in why.
static int
submit_build(const char *tree, const struct job *jobs, int n, struct text *why)
{
	char log[512], *argv[5 + 3 * 16] = { "make", "-s", "--no-print-directory", "-C",
					      (char *)tree };
	int k = 5;

	for (int i = 0; i < n && k + 3 < (int)(sizeof argv / sizeof argv[0]); i++)
		if (i == 0 || jobs[i].lab != jobs[i - 1].lab) {
			argv[k++] = (char *)jobs[i].lab->image;
			argv[k++] = (char *)jobs[i].lab->elf;
			if (jobs[i].lab->test_image)
				argv[k++] = (char *)jobs[i].lab->test_image;
		}
	argv[k] = NULL;
	snprintf(log, sizeof log, "%s/build.log", tree);
	if (proc_run(argv, log, BUILD_LIMIT_S) == 0)
		return 0;
	char *tail = files_read_tail(log, 3000);
	text_printf(why, "the submission did not build (make, within %d s); the end of its "
		    "build log:\n%s", BUILD_LIMIT_S, tail ? tail : "(no log)\n");
	free(tail);
	return -1;
}

int
submit_prepare(const char *root, const char *sub, const struct job *jobs, int n, char *tree,
	       size_t size, struct text *why)
{
	char log[512];
	char *tar[] = { "sh", "-c", "tar -C \"$1\" --exclude=./build --exclude=./.git -cf - . | "
			"tar -C \"$2\" -xf -", "sh", (char *)root, tree, NULL };

	if (files_tempdir("duplicata-tree", tree, size) < 0)
		return text_printf(why, "grader: cannot create a temporary directory\n"), -1;
	snprintf(log, sizeof log, "%s.log", tree);
	if (proc_run(tar, log, 60) != 0) {
		remove(log);
		return text_printf(why, "grader: cannot copy the tree %s\n", root), -1;
	}
	remove(log);
	if (submit_copy(sub, tree, jobs, n, why) < 0)
		return text_printf(why, "grader: cannot copy the submission %s\n", sub), -1;
	return submit_build(tree, jobs, n, why);
}
