// runq.c: the run queue: a ring buffer of NPROC entries.
#include <stddef.h>

#include "guest-os/kernel/runq.h"
#include "lib/error.h"

int
runq_push(struct runq *q, struct proc *p)
{
	if (q->len == NPROC)
		return -E_2BIG;
	for (unsigned i = 0; i < q->len; i++)
		if (q->slot[(q->head + i) % NPROC] == p)
			return -E_EXIST;
	q->slot[(q->head + q->len++) % NPROC] = p;
	return 0;
}

struct proc *
runq_pop(struct runq *q)
{
	struct proc *p;

	if (q->len == 0)
		return NULL;
	p = q->slot[q->head];
	q->head = (q->head + 1) % NPROC;
	q->len--;
	return p;
}

unsigned
runq_len(const struct runq *q)
{
	return q->len;
}
