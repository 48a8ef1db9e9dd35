// batch.c: grading a folder of submissions (one per subfolder), several at once, into one
// CSV and one JSON summary.
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "grader/grader.h"
#include "lib/error.h"

#define MAX_SUBS 4096

static int
batch_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

// The names of the subfolders of dir, sorted. Returns how many, or -E_IO.
static int
batch_list(const char *dir, char **names, int max)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char path[4096];
	int n = 0;

	if (!d)
		return -E_IO;
	while ((e = readdir(d)) && n < max) {
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (e->d_name[0] != '.' && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, batch_cmp);
	return n;
}

// In a child: grades one submission quietly into OUT/NAME.json.
static void
batch_child(const struct grader_args *a, const char *name)
{
	struct grader_args one = *a;
	char sub[4096], out[4096];

	snprintf(sub, sizeof sub, "%s/%s", a->batch, name);
	snprintf(out, sizeof out, "%s/%s.json", a->out, name);
	one.batch = NULL, one.submission = sub, one.out = out;
	one.format = FORMAT_JSON, one.jobs = 1, one.quiet = 1;
	_exit(grade_main(&one));
}

// Runs the children, at most a->jobs at once.
static void
batch_grade(const struct grader_args *a, char **names, int n)
{
	int running = 0;

	for (int i = 0; i < n || running > 0;) {
		if (i < n && running < a->jobs) {
			pid_t pid = fork();
			if (pid == 0)
				batch_child(a, names[i]);
			running += pid > 0;
			i++;
			continue;
		}
		if (wait(NULL) > 0)
			running--;
		else
			break;
	}
}

// One CSV row and one JSON entry from OUT/NAME.json.
static void
batch_summarize(const struct grader_args *a, const char *name, FILE *csv, json_t *all)
{
	char path[4096];
	json_t *rep, *tests;
	size_t i;
	json_t *t;

	snprintf(path, sizeof path, "%s/%s.json", a->out, name);
	rep = json_load_file(path, 0, NULL);
	tests = json_object_get(rep, "tests");
	fprintf(csv, "%s,%lld,%lld", name, json_integer_value(json_object_get(rep, "score")),
		json_integer_value(json_object_get(rep, "max_score")));
	json_array_foreach(tests, i, t)
		fprintf(csv, ",%lld", json_integer_value(json_object_get(t, "score")));
	fprintf(csv, "\n");
	json_array_append_new(all, json_pack("{s:s, s:O}", "submission", name, "report",
					     rep ? rep : json_null()));
	json_decref(rep);
}

int
batch_main(const struct grader_args *a0)
{
	struct grader_args a = *a0;
	char *names[MAX_SUBS], path[4096];
	struct job jobs[256];
	int n, nj = grade_select(&a, jobs, 256);
	FILE *csv;
	json_t *all = json_array();

	a.out = a.out && strcmp(a.out, "-") != 0 ? a.out : "grades";
	if (nj < 0 || (mkdir(a.out, 0755) < 0 && access(a.out, W_OK) < 0))
		return 2;
	if ((n = batch_list(a.batch, names, MAX_SUBS)) < 0)
		return fprintf(stderr, "grader: cannot read %s\n", a.batch), 2;
	batch_grade(&a, names, n);
	snprintf(path, sizeof path, "%s/summary.csv", a.out);
	if (!(csv = fopen(path, "w")))
		return 2;
	fprintf(csv, "submission,score,max_score");
	for (int j = 0; j < nj; j++)
		fprintf(csv, ",lab%d/%s", jobs[j].lab->number, jobs[j].test->name);
	fprintf(csv, "\n");
	for (int i = 0; i < n; i++)
		batch_summarize(&a, names[i], csv, all);
	fclose(csv);
	snprintf(path, sizeof path, "%s/summary.json", a.out);
	json_dump_file(json_pack("{s:o}", "submissions", all), path, JSON_INDENT(2));
	printf("grader: %d submissions graded: %s/summary.csv, %s/summary.json\n", n, a.out, a.out);
	for (int i = 0; i < n; i++)
		free(names[i]);
	return 0;
}
