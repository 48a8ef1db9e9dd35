// runq.h: the run queue, a first-in first-out ring of processes (pure: unit-tested).
#ifndef GUEST_RUNQ_H
#define GUEST_RUNQ_H

#include "guest-os/kernel/proc.h"

struct runq {
	struct proc *slot[NPROC];
	unsigned head, len;             // the oldest entry, and how many
};

// Appends p; returns 0, -E_2BIG if the queue is full, -E_EXIST if p is already queued.
int runq_push(struct runq *q, struct proc *p);
// Removes and returns the oldest entry, or NULL if the queue is empty.
struct proc *runq_pop(struct runq *q);
unsigned runq_len(const struct runq *q);

#endif
