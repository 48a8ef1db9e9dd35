// sched.h: the preemptive round-robin scheduler (lab 3).
//
// The kernel is not preemptive: a process in the kernel gives up the CPU only by yield, block
// or exit. The timer preempts user mode (trap.c calls yield). Interrupt handlers touch only
// the tick counter and the console's buffer, never the queue or a process's state, so the
// scheduler checks itself whether a blocked process may run again.
#ifndef GUEST_SCHED_H
#define GUEST_SCHED_H

#include "guest-os/kernel/proc.h"

// The scheduler's loop, on the boot stack: picks the next runnable process and runs it, or
// halts until an interrupt when there is none. Never returns.
void scheduler(void) __attribute__((noreturn));
// Makes p runnable, at the tail of the run queue.
void sched_ready(struct proc *p);
// The current process goes to the tail of the queue; the next one runs.
void yield(void);
// The current process waits until the condition why names holds (set its arguments first).
void block(enum block_on why);
// Gives the CPU back to the scheduler; the current process's state must already say why.
void sched(void);

// void swtch(struct context **save, struct context *load): swtch.S.
void swtch(struct context **save, struct context *load);

#endif
