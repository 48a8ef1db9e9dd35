// main.c: build/mutate: the mutation sites of a tree's solution regions, one mutant at a time.
//
//   mutate list [--root DIR] [--lab N] [--sample K --seed S]   "ID FILE:LINE: what", a site a line
//   mutate apply [--root DIR] ID       writes that mutant into its file
//   mutate restore [--root DIR]        puts the file back as it was
//   mutate labs [--root DIR]           the labs that have solution regions, on one line
//
// The files are those git tracks under kernel/ vmm/ guest-os/ lib/ include/ in DIR (default:
// the current directory). scripts/mutants/mutants uses it for `make mutants LAB=N`.
// Exit status 0, 1 on an error (a lab without regions, an unknown id, a bad marker), 2 on misuse.
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/error.h"
#include "scripts/handout/marker.h"
#include "scripts/mutants/mutate.h"

#define MAX_FILES 4096
#define MAX_LAB   63

struct tree {
	char *path[MAX_FILES];
	char *text[MAX_FILES];          // kept: the sites point into the paths
	size_t len[MAX_FILES];
	int nfiles;
	unsigned long long labs;        // bit n: lab n has regions
	struct sites sites;             // of every lab
};

// The files git tracks where lab code lives, into t->path. Returns 0 or -1 (said on stderr).
static int
tree_list(struct tree *t)
{
	FILE *p = popen("git ls-files -- kernel vmm guest-os lib include", "r");
	char line[4096];
	const char *why = NULL;

	if (!p) {
		fprintf(stderr, "mutate: cannot run git ls-files: %s\n", strerror(errno));
		return -1;
	}
	while (!why && fgets(line, sizeof line, p)) {
		line[strcspn(line, "\n")] = '\0';
		if (t->nfiles == MAX_FILES)
			why = "more files than build/mutate reads (MAX_FILES)";
		else if (!(t->path[t->nfiles++] = strdup(line)))
			why = "out of memory";
	}
	if (pclose(p) != 0 || t->nfiles == 0)
		why = why ? why : "git ls-files found no sources (is this a git tree?)";
	if (why)
		fprintf(stderr, "mutate: %s\n", why);
	return why ? -1 : 0;
}

// Reads file i of t and adds its sites and labs. Returns 0 or -1 (said on stderr).
static int
tree_file(struct tree *t, int i)
{
	struct marker_region regs[64];
	char msg[512];
	int n, err;

	if (!(t->text[i] = mutant_source(t->path[i], &t->len[i])))
		return fprintf(stderr, "mutate: %s: %s\n", t->path[i], strerror(errno)), -1;
	if (memchr(t->text[i], '\0', t->len[i]))
		return 0;                              // binary
	err = marker_regions(t->text[i], t->len[i], regs, 64, &n, msg, sizeof msg);
	for (int r = 0; err == 0 && r < n && r < 64; r++)
		t->labs |= regs[r].lab <= MAX_LAB ? 1ull << regs[r].lab : 0;
	if (err == 0)
		err = site_find(&t->sites, t->path[i], t->text[i], t->len[i], -1, msg, sizeof msg);
	if (err == -E_NOTSUP)
		fprintf(stderr, "mutate: %s: its regions are not mutated (C and .S files only)\n",
			t->path[i]);
	else if (err < 0)
		return fprintf(stderr, "%s:%s\n", t->path[i], msg), -1;
	return 0;
}

static int
tree_scan(struct tree *t)
{
	if (tree_list(t) < 0)
		return -1;
	for (int i = 0; i < t->nfiles; i++)
		if (tree_file(t, i) < 0)
			return -1;
	site_ids(&t->sites);
	return 0;
}

static void
tree_free(struct tree *t)
{
	for (int i = 0; i < t->nfiles; i++)
		free(t->path[i]), free(t->text[i]);
	sites_free(&t->sites);
}

static void
print_labs(FILE *f, unsigned long long labs)
{
	const char *sep = "";

	for (int l = 0; l <= MAX_LAB; l++)
		if (labs & (1ull << l))
			fprintf(f, "%s%d", sep, l), sep = " ";
	fputc('\n', f);
}

// Keeps the sites of lab (all, lab < 0), k of them chosen by seed if k > 0, and prints them.
static int
cmd_list(struct tree *t, int lab, int k, unsigned long seed)
{
	struct sites *s = &t->sites;
	char line[SITE_LINE];
	int n = 0;

	if (lab > MAX_LAB || (lab >= 0 && !(t->labs & (1ull << lab)))) {
		fprintf(stderr, "mutate: lab %d has no solution regions; labs with regions: ", lab);
		print_labs(stderr, t->labs);
		return 1;
	}
	for (int i = 0; i < s->n; i++)
		if (lab < 0 || s->v[i].lab == lab)
			s->v[n++] = s->v[i];
	int all = s->n = n;
	site_sample(s, k, seed);
	for (int i = 0; i < s->n; i++)
		site_line(&s->v[i], line, sizeof line), puts(line);
	fprintf(stderr, "mutate: %d sites", all);
	if (s->n < all)
		fprintf(stderr, ", %d of them chosen by seed %lu", s->n, seed);
	fputc('\n', stderr);
	return 0;
}

static int
cmd_apply(struct tree *t, const char *id)
{
	char msg[512], line[SITE_LINE];

	for (int i = 0; i < t->sites.n; i++) {
		const struct site *st = &t->sites.v[i];
		if (strcmp(st->id, id) != 0)
			continue;
		int f = 0;
		while (strcmp(t->path[f], st->path) != 0)
			f++;
		if (mutant_apply(st, t->text[f], t->len[f], msg, sizeof msg) < 0)
			return fprintf(stderr, "mutate: apply %s: %s\n", id, msg), 1;
		site_line(st, line, sizeof line);
		puts(line);
		return 0;
	}
	fprintf(stderr, "mutate: no site has the id %s (`mutate list` shows them)\n", id);
	return 1;
}

static int
cmd_restore(void)
{
	char msg[512];
	int r = mutant_restore(msg, sizeof msg);

	if (r < 0)
		fprintf(stderr, "mutate: restore: %s\n", msg);
	else if (r == 0)
		fprintf(stderr, "mutate: no mutant is applied\n");
	return r < 0;
}

static int
usage(void)
{
	fprintf(stderr, "usage: mutate list [--root DIR] [--lab N] [--sample K --seed S]\n"
			"       mutate apply [--root DIR] ID\n"
			"       mutate restore [--root DIR]\n"
			"       mutate labs [--root DIR]\n");
	return 2;
}

struct args {
	const char *cmd, *root, *id;
	int lab, sample;
	unsigned long seed;
};

// Applies option c (value v, or optarg). Returns 0 or -1.
static int
args_option(struct args *a, int c)
{
	char *end;
	long v = c == 'r' ? 0 : strtol(optarg, &end, 10);

	if (c == '?' || (c != 'r' && (*end || v < 0)))
		return -1;
	switch (c) {
	case 'r': a->root = optarg; break;
	case 'l': a->lab = (int)v; break;
	case 'k': a->sample = (int)v; break;
	default: a->seed = (unsigned long)v; break;
	}
	return 0;
}

static int
args_parse(int argc, char **argv, struct args *a)
{
	static const struct option options[] = {
		{ "root", required_argument, NULL, 'r' }, { "lab", required_argument, NULL, 'l' },
		{ "sample", required_argument, NULL, 'k' }, { "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*a = (struct args){ .root = ".", .lab = -1 };
	if (argc < 2)
		return -1;
	a->cmd = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1)
		if (args_option(a, c) < 0)
			return -1;
	a->id = optind < argc ? argv[optind++] : NULL;
	bool want_id = strcmp(a->cmd, "apply") == 0;
	return optind == argc && (a->id != NULL) == want_id ? 0 : -1;
}

int
main(int argc, char **argv)
{
	struct tree *t = calloc(1, sizeof *t);
	struct args a;
	int status;

	if (args_parse(argc, argv, &a) < 0 || !t)
		return usage();
	if (chdir(a.root) < 0)
		return fprintf(stderr, "mutate: %s: %s\n", a.root, strerror(errno)), 1;
	if (strcmp(a.cmd, "restore") == 0)
		status = cmd_restore();
	else if (tree_scan(t) < 0)
		status = 1;
	else if (strcmp(a.cmd, "list") == 0)
		status = cmd_list(t, a.lab, a.sample, a.seed);
	else if (strcmp(a.cmd, "apply") == 0)
		status = cmd_apply(t, a.id);
	else if (strcmp(a.cmd, "labs") == 0)
		status = (print_labs(stdout, t->labs), 0);
	else
		status = usage();
	tree_free(t);
	free(t);
	return status;
}
