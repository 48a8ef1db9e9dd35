// reach.c: tries to reach the monitor's memory from a guest program: the top 4 MiB of every
// address space (MONITOR_BASE), where a trap-and-emulate monitor keeps its trampoline. Both
// the read and the write must fault inside the guest (its kernel reports the fault), natively
// as under any monitor: the guest never maps that region, and the monitor's trampoline there
// is supervisor-only and read-only (#PF). Where segment limits are enforced (Bochs, real
// CPUs), te's shadow GDT cuts the guest's segments below that region first: #GP.
#include "guest-os/user/probe.h"

PROBE(read_monitor, "movl 0xFFC00000, %eax")
PROBE(write_monitor, "movl %eax, 0xFFC00000")
PROBE(read_monitor_top, "movl 0xFFFFF000, %eax")

static int
report(const char *what, int v)
{
	printf("reach: %s: %s %s\n", what, v >= 0 ? "faulted:" : "DID NOT FAULT",
	       v >= 0 ? exception_mnemonic(v) : "");
	return v >= 0;
}

int
main(const char *arg)
{
	char scratch[4];
	int faulted = 0;

	(void)arg;
	probe_init();
	faulted += report("read 0xffc00000", probe_read_monitor(scratch));
	faulted += report("write 0xffc00000", probe_write_monitor(scratch));
	faulted += report("read 0xfffff000", probe_read_monitor_top(scratch));
	printf("reach: %d of 3 accesses to the monitor's memory faulted%s\n", faulted,
	       faulted == 3 ? "" : ": FAILED");
	return faulted == 3 ? 0 : 1;
}
