// syscall.h: the kernel side of system calls (lab 3); guest-os/abi.h lists them.
#ifndef GUEST_SYSCALL_H
#define GUEST_SYSCALL_H

#include <stdint.h>
#include "guest-os/kernel/trap.h"

// Runs system call tf->eax with the arguments in tf->ebx, ecx, edx, esi; the result goes to
// tf->eax (-E_NOTSUP for an unknown number).
void syscall(struct trapframe *tf);

// bench.c: runs operation op (enum bench_op) n times in the kernel; returns TSC cycles per
// operation, or -E_INVAL (unknown op, n = 0), -E_NOMEM.
int bench_run(uint32_t op, uint32_t n);

#endif
