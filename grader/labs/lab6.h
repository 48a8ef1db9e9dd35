// lab6.h: lab 6's tests of the whole guest OS under trap-and-emulate (lab6-os.c), beside
// those of its shadow page tables (lab6.c).
#ifndef GRADER_LABS_LAB6_H
#define GRADER_LABS_LAB6_H

#include "grader/labs/vmmlab.h"

int test_deprivileged(struct run *r);
int test_privtest(struct run *r);
int test_vcpu_view(struct run *r);
int test_counters(struct run *r);
int test_shell(struct run *r);

#endif
