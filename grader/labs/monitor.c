// monitor.c: the monitor's counters and vmm_inspect, read through the machine's memory. The
// host kernel maps RAM 1:1, so a monitor symbol's address is also its physical address:
// reading physical memory works wherever the machine stopped, in a guest's world too.
#include <string.h>
#include "grader/labs/monitor.h"

int
monitor_stat(struct run *r, const char *name, uint64_t *count)
{
	uint32_t names, total, n, ptr;
	char s[32];

	if (run_symbol(r, "stats_names", &names) < 0 || run_symbol(r, "stats_total", &total) < 0 ||
	    run_symbol(r, "stats_nreasons", &n) < 0 || run_read_phys(r, n, &n, 4) < 0)
		return -1;
	for (uint32_t i = 0; i < n; i++) {
		if (run_read_phys(r, names + 4 * i, &ptr, 4) < 0 ||
		    run_read_phys(r, ptr, s, sizeof s) < 0)
			return -1;
		s[sizeof s - 1] = '\0';
		if (strcmp(s, name) == 0)
			return run_read_phys(r, total + 8 * i, count, 8);
	}
	return run_fail(r, "the monitor has no exit counter named %s (stats_names)", name);
}

int
monitor_vm(struct run *r, int id, struct inspect_vm *vm)
{
	struct inspect in;
	uint32_t at;

	if (run_symbol(r, "vmm_inspect", &at) < 0 || run_read_phys(r, at, &in, sizeof in) < 0)
		return -1;
	if (in.magic != INSPECT_MAGIC || in.version != INSPECT_VERSION)
		return run_fail(r, "vmm_inspect: magic 0x%08x version %u, expected 0x%08x version %u "
				"(include/inspect.h)", in.magic, in.version, INSPECT_MAGIC,
				INSPECT_VERSION);
	if (id >= (int)in.nvms || in.vm[id].state == INSPECT_OFF)
		return run_fail(r, "vmm_inspect: no vm %d (%u in use)", id, in.nvms);
	*vm = in.vm[id];
	return 0;
}
