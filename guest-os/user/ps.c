// ps.c: lists the processes: pid, parent, state, name.
#include "guest-os/user/ulib.h"

#define MAX 32

int
main(const char *arg)
{
	struct procinfo p[MAX];
	int n = ps(p, MAX);

	(void)arg;
	if (n < 0) {
		printf("ps: %s\n", error_str(n));
		return 1;
	}
	printf("  PID  PPID  STATE     NAME\n");
	for (int i = 0; i < n; i++)
		printf("%5d %5d  %-9s %s\n", p[i].pid, p[i].ppid, proc_state_name(p[i].state),
		       p[i].name);
	return 0;
}
