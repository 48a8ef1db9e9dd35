// lab6.h: lab 6's tests of the whole guest OS under trap-and-emulate (lab6-os.c) and on its
// own test guest (lab6-guest.c), beside those of the guest OS's shadow tables (lab6.c).
#ifndef GRADER_LABS_LAB6_H
#define GRADER_LABS_LAB6_H

#include "grader/labs/vmmlab.h"

int test_deprivileged(struct run *r);
int test_privtest(struct run *r);
int test_vcpu_view(struct run *r);
int test_counters(struct run *r);
int test_shell(struct run *r);

// lab6-guest.c: on lab 6's test guest.
int test_walk(struct run *r);
int test_faults(struct run *r);
int test_write_protect(struct run *r);
int test_large_pages(struct run *r);
int test_invlpg(struct run *r);
int test_cr3(struct run *r);
int test_global(struct run *r);
int test_monitor_4m(struct run *r);
int test_outside_ram(struct run *r);

#endif
