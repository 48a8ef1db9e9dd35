// sched.c: the parallel runner: one child process and one temporary directory per test.
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "grader/files.h"
#include "grader/report.h"
#include "grader/sched.h"
#include "lib/error.h"

struct slot {
	int job;                        // index in jobs, -1 when free
	pid_t pid;
	int fd;                         // read end of the result pipe
	struct text data;
	long long hard_deadline;
	long long start;
	char dir[400];
};

// In the child: runs the job and writes its result as JSON into fd.
static void
sched_child(const struct job *j, const struct grade_opts *o, const char *dir, int fd)
{
	struct result res;
	char *json;

	signal(SIGPIPE, SIG_IGN);
	run_execute(j->lab, j->test, o, dir, &res);
	json = result_to_json(&res);
	for (size_t off = 0, n = json ? strlen(json) : 0; off < n;) {
		ssize_t k = write(fd, json + off, n - off);
		if (k <= 0)
			break;
		off += k;
	}
	_exit(0);
}

static int
sched_start(struct slot *s, int job, const struct job *jobs, const struct grade_opts *o)
{
	int p[2];
	const struct test *t = jobs[job].test;

	if (files_tempdir("duplicata-grade", s->dir, sizeof s->dir) < 0 || pipe(p) < 0)
		return -E_IO;
	s->pid = fork();
	if (s->pid < 0)
		return -E_IO;
	if (s->pid == 0) {
		close(p[0]);
		sched_child(&jobs[job], o, s->dir, p[1]);
	}
	close(p[1]);
	s->fd = p[0];
	s->job = job;
	s->start = clock_ms();
	s->hard_deadline = s->start + (t->time_limit + SCHED_GRACE_S) * 1000LL;
	memset(&s->data, 0, sizeof s->data);
	return 0;
}

// The child is done (or overdue): reap it, parse its result, clean its directory.
static void
sched_finish(struct slot *s, const struct job *jobs, struct result *res)
{
	const struct job *j = &jobs[s->job];

	kill(s->pid, SIGKILL);                 // no-op when it has exited
	waitpid(s->pid, NULL, 0);
	close(s->fd);
	if (result_from_json(text_str(&s->data), res) < 0) {
		memset(res, 0, sizeof *res);
		res->lab = j->lab->number;
		res->max = j->test->points;
		snprintf(res->name, sizeof res->name, "%s", j->test->name);
		res->output = strdup("grader error: the test's process ended without a result "
				     "(it crashed, or ran past its time limit by "
				     "20 s and was killed)\n");
	}
	res->ms = clock_ms() - s->start;
	text_free(&s->data);
	files_remove_tree(s->dir);
	s->job = -1;
}

// A test --fail-fast never started: 0 of 0 points, said so.
static void
sched_not_run(const struct job *j, struct result *res)
{
	memset(res, 0, sizeof *res);
	res->lab = j->lab->number;
	snprintf(res->name, sizeof res->name, "%s", j->test->name);
	res->output = strdup("not run: --fail-fast stopped after a test lost points\n");
}

// Reads what the running children wrote; finishes those that closed their pipe or overran.
// Sets *lost when a test that finished lost points.
static void
sched_collect(struct slot *slots, int par, const struct job *jobs, struct result *results,
	      sched_done_fn done, void *arg, bool *lost)
{
	struct pollfd pf[par];
	char buf[65536];

	for (int i = 0; i < par; i++)
		pf[i] = (struct pollfd){ slots[i].job >= 0 ? slots[i].fd : -1, POLLIN, 0 };
	if (poll(pf, par, 100) < 0 && errno != EINTR)
		return;
	for (int i = 0; i < par; i++) {
		struct slot *s = &slots[i];
		if (s->job < 0)
			continue;
		ssize_t n = pf[i].revents ? read(s->fd, buf, sizeof buf) : -1;
		if (n > 0)
			text_append(&s->data, buf, n);
		if (n == 0 || (n < 0 && pf[i].revents) || clock_ms() > s->hard_deadline) {
			int job = s->job;
			sched_finish(s, jobs, &results[job]);
			*lost |= results[job].score < results[job].max;
			if (done)
				done(&results[job], arg);
		}
	}
}

int
sched_run(const struct job *jobs, int n, int par, const struct grade_opts *o,
	  struct result *results, sched_done_fn done, void *arg)
{
	struct slot slots[par];
	int next = 0, running;
	bool lost = false, stop = false;

	for (int i = 0; i < par; i++)
		slots[i].job = -1;
	for (;;) {
		running = 0;
		for (int i = 0; i < par; i++) {
			if (slots[i].job < 0 && next < n && !stop &&
			    sched_start(&slots[i], next, jobs, o) == 0)
				next++;
			running += slots[i].job >= 0;
		}
		if (running == 0)
			break;
		sched_collect(slots, par, jobs, results, done, arg, &lost);
		stop = lost && o->fail_fast;
	}
	if (next < n && !stop)
		return -E_IO;
	for (; next < n; next++)
		sched_not_run(&jobs[next], &results[next]);
	return 0;
}
