// sched.c: round-robin scheduling with a run queue (lab 3).
#include "guest-os/kernel/console.h"
#include "guest-os/kernel/cpu.h"
#include "guest-os/kernel/panic.h"
#include "guest-os/kernel/runq.h"
#include "guest-os/kernel/sched.h"
#include "guest-os/kernel/seg.h"
#include "guest-os/kernel/timer.h"
#include "guest-os/kernel/vm.h"
#include "lib/error.h"

static struct runq runq;
static struct context *scheduler_ctx;    // the scheduler's loop, saved while a process runs

void
sched_ready(struct proc *p)
{
	int err = runq_push(&runq, p);

	if (err < 0)
		panic("sched_ready: pid %d: run queue refused it (%s)", p->pid, error_name(err));
	p->state = P_RUNNABLE;
}

// Contract: interrupts go off first (nothing may preempt the switch); the CPU goes to the
// scheduler, which returns here when the process is picked again.
void
yield(void)
{
	cli();
	sched_ready(current);
	sched();
}

void
block(enum block_on why)
{
	cli();
	current->state = P_BLOCKED;
	current->block = why;
	sched();
}

void
sched(void)
{
	swtch(&current->ctx, scheduler_ctx);
}

// Contract: 1 if the condition a blocked process waits for holds now.
static int
can_wake(const struct proc *p)
{
	switch (p->block) {
	case BLOCK_SLEEP: return (int32_t)(ticks - p->wake_tick) >= 0;
	case BLOCK_READ: return console_rx_ready();
	case BLOCK_WAIT: return p->wait_for->state == P_ZOMBIE;
	default: return 1;
	}
}

// Queues every blocked process whose condition holds, in table order.
static void
wake_blocked(void)
{
	for (struct proc *p = proc_table; p < proc_table + NPROC; p++) {
		if (p->state == P_BLOCKED && can_wake(p)) {
			p->block = BLOCK_NONE;
			sched_ready(p);
		}
	}
}

// Contract: p's kernel stack takes the next trap from user mode, its address space is
// loaded, and the CPU switches to it until it yields, blocks or exits; then current is NULL
// again (the scheduler runs on its own stack, in no process).
// Hint: seg_set_kstack (the TSS's esp0), proc_kstack_top, vm_switch, and swtch (swtch.S),
// which saves the scheduler's context in scheduler_ctx and resumes p->ctx.
static void
run(struct proc *p)
{
	// LAB3-SOLUTION-BEGIN
	current = p;
	p->state = P_RUNNING;
	seg_set_kstack(proc_kstack_top(p));
	vm_switch(p->pgdir);
	swtch(&scheduler_ctx, p->ctx);
	current = NULL;
	// LAB3-STUB
	// panic("run: not implemented (pid %d)", p->pid);
	// LAB3-SOLUTION-END
}

// Contract: with interrupts off, wakes, then runs the head of the queue; when it is empty,
// enables interrupts and halts in one step (sti; hlt), so that no wake-up is missed.
void
scheduler(void)
{
	for (;;) {
		cli();
		wake_blocked();
		struct proc *p = runq_pop(&runq);
		if (p)
			run(p);
		else
			sti_hlt();
	}
}
