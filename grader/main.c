// main.c: build/grader's command line.
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grader/grader.h"

static const char usage_text[] =
	"usage: grader [--lab N] [--test NAME] [--host qemu|bochs] [-j N]\n"
	"              [--format json|junit|gradescope --out FILE]\n"
	"              [--submission DIR | --batch DIR [--out OUTDIR]]\n"
	"              [--root DIR] [--image IMG --elf ELF] [--time-limit S] [--fail-fast]\n"
	"              [--list]\n"
	"Boots each test's image in QEMU (or Bochs), inspects it from outside and scores it.\n"
	"Exit status: 0 on full marks, 1 when a test lost points, 2 on errors.\n"
	"  --lab N          only lab N            --test NAME   only that test\n"
	"  --host H         qemu (default), bochs -j N          N tests at once\n"
	"  --format F       report file format    --out FILE    where (default: stdout)\n"
	"  --submission D   copy only the lab's files from D into a pristine tree, build, grade\n"
	"  --batch D        grade every folder of D; OUTDIR/summary.csv and summary.json\n"
	"  --root DIR       the tree to grade (default: .)\n"
	"  --image, --elf   grade this image and symbol file instead (fixtures)\n"
	"  --time-limit S   cap every test's time limit at S seconds\n"
	"  --fail-fast      start no test after one lost points (those score 0 of 0: not run)\n"
	"  --list           list the labs and tests\n";

static int
main_usage(const char *why)
{
	if (why)
		fprintf(stderr, "grader: %s\n", why);
	fputs(usage_text, stderr);
	return 2;
}

static void
main_list(void)
{
	for (int l = 0; lab_registry[l]; l++) {
		printf("lab %d: %s\n", lab_registry[l]->number, lab_registry[l]->title);
		for (int i = 0; i < lab_registry[l]->ntests; i++)
			printf("  %-20s %2d points, %3d s\n", lab_registry[l]->tests[i].name,
			       lab_registry[l]->tests[i].points, lab_registry[l]->tests[i].time_limit);
	}
}

static int
main_format(const char *s, enum report_format *f)
{
	*f = strcmp(s, "json") == 0 ? FORMAT_JSON : strcmp(s, "junit") == 0 ? FORMAT_JUNIT
	   : strcmp(s, "gradescope") == 0 ? FORMAT_GRADESCOPE : FORMAT_NONE;
	return *f == FORMAT_NONE ? -1 : 0;
}

static const struct option options[] = {
	{ "lab", required_argument, NULL, 'l' },      { "test", required_argument, NULL, 't' },
	{ "host", required_argument, NULL, 'H' },     { "jobs", required_argument, NULL, 'j' },
	{ "format", required_argument, NULL, 'f' },   { "out", required_argument, NULL, 'o' },
	{ "submission", required_argument, NULL, 's' }, { "batch", required_argument, NULL, 'b' },
	{ "root", required_argument, NULL, 'r' },     { "image", required_argument, NULL, 'i' },
	{ "elf", required_argument, NULL, 'e' },      { "time-limit", required_argument, NULL, 'T' },
	{ "fail-fast", no_argument, NULL, 'F' },      { "list", no_argument, NULL, 'L' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

// Applies one option to a. Returns 0, 1 to exit with status 0 (--list, --help), or -1.
static int
main_option(int c, const char *v, struct grader_args *a)
{
	switch (c) {
	case 'l': a->lab = atoi(v); return 0;
	case 't': a->test = v; return 0;
	case 'H':
		a->run.host = strcmp(v, "bochs") == 0 ? HOST_BOCHS : HOST_QEMU;
		return strcmp(v, "bochs") == 0 || strcmp(v, "qemu") == 0 ? 0 : -1;
	case 'j': a->jobs = atoi(v); return a->jobs >= 1 && a->jobs <= 64 ? 0 : -1;
	case 'f': return main_format(v, &a->format);
	case 'o': a->out = v; return 0;
	case 's': a->submission = v; return 0;
	case 'b': a->batch = v; return 0;
	case 'r': a->run.root = v; return 0;
	case 'i': a->run.image = v; return 0;
	case 'e': a->run.elf = v; return 0;
	case 'T': a->run.time_limit = atoi(v); return a->run.time_limit > 0 ? 0 : -1;
	case 'F': a->run.fail_fast = 1; return 0;
	case 'L': main_list(); return 1;
	case 'h': fputs(usage_text, stdout); return 1;
	default: return -1;
	}
}

int
main(int argc, char **argv)
{
	struct grader_args a = { .run = { HOST_QEMU, ".", NULL, NULL, 0, 0, 0 }, .lab = -1,
				 .jobs = 1, .tty = isatty(1) };
	int c, r;

	signal(SIGPIPE, SIG_IGN);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "j:h", options, NULL)) != -1) {
		if ((r = main_option(c, optarg, &a)) != 0)
			return r > 0 ? 0 : main_usage("bad option or value");
	}
	if (optind < argc)
		return main_usage("unexpected argument");
	if (a.format != FORMAT_NONE && !a.out)
		a.out = "-";
	if (a.batch)
		return batch_main(&a);
	return grade_main(&a);
}
