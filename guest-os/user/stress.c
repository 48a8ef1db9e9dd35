// stress.c: several processes computing, yielding and sleeping at once; their results,
// returned as exit statuses, must be what one process computes alone. Then a check that
// the timer preempts: a child that never yields must finish while its parent spins.
//
// usage: stress            (the parent)
//        stress yK | stress nK   (worker K, yielding or never yielding: started by the parent)
#include "guest-os/user/ulib.h"

#define WORKERS 4
#define ROUNDS  4
#define STEPS   20000
#define SPIN_TICKS_MAX 300            // the parent gives up waiting after this many ticks

// Worker k's computation: ROUNDS rounds of STEPS steps of a pseudo-random walk, folded
// to a byte (an exit status). With yields, other processes run between rounds.
static int
work(unsigned k, int yielding)
{
	uint32_t x = 2654435761u * (k + 1);

	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < STEPS; i++)
			x = (x * 1103515245u + 12345u) ^ (x >> 13);
		if (yielding && r == 1)
			sleep(1);
		else if (yielding)
			yield();
	}
	return (int)(x % 251);
}

static int
spawn_worker(char kind, unsigned k)
{
	char arg[8] = { kind, (char)('0' + k), '\0' };

	return spawn("stress", arg);
}

// Waits for worker k and compares its result with ours; returns 1 if it matched.
static int
check_worker(int pid, unsigned k)
{
	int got = wait(pid), want = work(k, 0);

	printf("stress: worker %u (pid %d): result %d, expected %d: %s\n", k, pid, got, want,
	       got == want ? "ok" : "WRONG");
	return got == want;
}

// 1 while process pid exists and has not exited.
static int
alive(int pid)
{
	struct procinfo p[32];
	int n = ps(p, 32);

	for (int i = 0; i < n; i++)
		if (p[i].pid == pid)
			return p[i].state != P_ZOMBIE;
	return 0;
}

// Spins without a system call that could give up the CPU until a never-yielding child is
// done: only the timer can let it run.
static int
check_preemption(void)
{
	int pid = spawn_worker('n', WORKERS), ok;
	unsigned start = uptime();

	while (alive(pid) && uptime() - start < SPIN_TICKS_MAX)
		for (volatile int i = 0; i < 10000; i++)
			;
	ok = !alive(pid);
	printf("stress: preemption: a never-yielding child %s while its parent spun\n",
	       ok ? "finished" : "did NOT finish");
	return check_worker(pid, WORKERS) && ok;
}

int
main(const char *arg)
{
	int pids[WORKERS], good = 0;

	if (arg[0] == 'y' || arg[0] == 'n')
		return work(arg[1] - '0', arg[0] == 'y');
	for (unsigned k = 0; k < WORKERS; k++)
		pids[k] = spawn_worker('y', k);
	for (unsigned k = 0; k < WORKERS; k++)
		good += pids[k] > 0 && check_worker(pids[k], k);
	good += check_preemption();
	printf("stress: %d of %d checks passed: %s\n", good, WORKERS + 1,
	       good == WORKERS + 1 ? "all results correct" : "FAILED");
	return good == WORKERS + 1 ? 0 : 1;
}
