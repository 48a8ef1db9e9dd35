// proc.h: child processes the grader starts (emulators, make, tar), clocks and deadlines.
#ifndef GRADER_PROC_H
#define GRADER_PROC_H

#include <stddef.h>
#include <sys/types.h>

// A started program: its pid (also its process group: kill the group, the whole tree dies)
// and the grader's ends of its pipes (-1 where not asked for).
struct proc {
	pid_t pid;
	int in;                 // write end of its stdin
	int out;                // read end of its stdout
	int status;             // wait status once reaped; -1 while running
};

// Starts argv[0] (searched in PATH) in a new process group, with stdin and stdout as pipes
// (when want_in / want_out), stderr (and stdout when not a pipe) to the file errpath (or
// /dev/null when NULL),
// extra environment entries env ("NAME=value", NULL-terminated, may be NULL), and
// PR_SET_PDEATHSIG so it dies with the grader. Returns 0 or -E_IO (fork/pipe/open failed).
int proc_start(struct proc *p, char *const argv[], char *const env[], int want_in,
	       int want_out, const char *errpath);

// Kills the process group of p with SIGKILL and reaps the child. Safe to call twice.
void proc_kill(struct proc *p);

// Reaps p if it has exited (non-blocking). Returns 1 if it has, 0 if it still runs.
int proc_poll(struct proc *p);

// Runs argv to the end within limit_s seconds, output (stdout and stderr) to logpath.
// Returns the exit status (0..255), or -1 if it was killed or timed out.
int proc_run(char *const argv[], const char *logpath, int limit_s);

// Milliseconds on a monotonic clock.
long long clock_ms(void);

// Milliseconds left until deadline (a clock_ms value), at least 0.
int deadline_left(long long deadline);

// Sets fd non-blocking and close-on-exec.
void fd_prepare(int fd);

#endif
