// proc.c: starting, watching and killing the grader's child processes.
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "grader/proc.h"
#include "lib/error.h"

long long
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
deadline_left(long long deadline)
{
	long long left = deadline - clock_ms();

	return left < 0 ? 0 : left > 1000000000 ? 1000000000 : (int)left;
}

void
fd_prepare(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
}

// In the child after fork: its own group, death with the parent, then the program.
static void
proc_exec(char *const argv[], char *const env[], int in, int out, const char *errpath)
{
	int null = open("/dev/null", O_RDWR);
	int err = errpath ? open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644) : null;

	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	dup2(in >= 0 ? in : null, 0);
	dup2(out >= 0 ? out : err >= 0 ? err : null, 1);
	dup2(err >= 0 ? err : null, 2);
	for (int i = 0; env && env[i]; i++)
		putenv(env[i]);
	execvp(argv[0], argv);
	_exit(127);
}

int
proc_start(struct proc *p, char *const argv[], char *const env[], int want_in,
	   int want_out, const char *errpath)
{
	int inp[2] = { -1, -1 }, outp[2] = { -1, -1 };

	p->in = p->out = -1;
	p->status = -1;
	if ((want_in && pipe(inp) < 0) || (want_out && pipe(outp) < 0))
		return -E_IO;
	p->pid = fork();
	if (p->pid < 0)
		return -E_IO;
	if (p->pid == 0) {
		if (want_in)
			close(inp[1]);
		if (want_out)
			close(outp[0]);
		proc_exec(argv, env, inp[0], outp[1], errpath);
	}
	setpgid(p->pid, p->pid);        // also here: no race with a kill right after fork
	if (want_in) {
		close(inp[0]);
		p->in = inp[1];
		fd_prepare(p->in);
	}
	if (want_out) {
		close(outp[1]);
		p->out = outp[0];
		fd_prepare(p->out);
	}
	return 0;
}

int
proc_poll(struct proc *p)
{
	int st;

	if (p->status >= 0)
		return 1;
	if (p->pid <= 0 || waitpid(p->pid, &st, WNOHANG) != p->pid)
		return 0;
	p->status = st;
	return 1;
}

void
proc_kill(struct proc *p)
{
	if (p->pid > 0 && p->status < 0) {
		kill(-p->pid, SIGKILL);
		while (waitpid(p->pid, &p->status, 0) < 0 && errno == EINTR)
			;
	}
	if (p->in >= 0)
		close(p->in);
	if (p->out >= 0)
		close(p->out);
	p->in = p->out = -1;
}

int
proc_run(char *const argv[], const char *logpath, int limit_s)
{
	struct proc p;
	long long deadline = clock_ms() + (long long)limit_s * 1000;

	if (proc_start(&p, argv, NULL, 0, 0, logpath) < 0)
		return -1;
	while (!proc_poll(&p) && deadline_left(deadline) > 0)
		usleep(20000);
	if (p.status < 0) {
		proc_kill(&p);
		return -1;
	}
	return WIFEXITED(p.status) ? WEXITSTATUS(p.status) : -1;
}
