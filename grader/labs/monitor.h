// monitor.h: reading the monitor's published state from outside, for the labs that grade it
// (4-10): the exit counters by name and a VM's vmm_inspect entry (include/inspect.h).
#ifndef GRADER_LABS_MONITOR_H
#define GRADER_LABS_MONITOR_H

#include <stdint.h>
#include "grader/grade.h"
#include "inspect.h"

// Reads the counter called name ("HLT", "IO_OUT"...) from stats_total, matching it in
// stats_names. Returns 0, or -1 with the verdict written.
int monitor_stat(struct run *r, const char *name, uint64_t *count);

// Reads VM id's entry of vmm_inspect, after checking its magic and version.
int monitor_vm(struct run *r, int id, struct inspect_vm *vm);

#endif
