// lab8.h: lab 8's tests on its own test guest (lab8-guest.c), beside those of the whole guest
// OS under VT-x (lab8.c).
#ifndef GRADER_LABS_LAB8_H
#define GRADER_LABS_LAB8_H

#include "grader/labs/vmmlab.h"

int test_io(struct run *r);
int test_cpuid_leaves(struct run *r);
int test_control_registers(struct run *r);
int test_interrupts(struct run *r);
int test_exceptions(struct run *r);
int test_triple_fault(struct run *r);
int test_hlt_disabled(struct run *r);
int test_string_io(struct run *r);

#endif
