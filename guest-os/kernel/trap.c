// trap.c: the IDT and the dispatch of every trap: exceptions (lab 1), interrupts (lab 2),
// system calls (lab 3).
#include "guest-os/kernel/console.h"
#include "guest-os/kernel/cpu.h"
#include "guest-os/kernel/panic.h"
#include "guest-os/kernel/pic.h"
#include "guest-os/kernel/proc.h"
#include "guest-os/kernel/sched.h"
#include "guest-os/kernel/seg.h"
#include "guest-os/kernel/syscall.h"
#include "guest-os/kernel/timer.h"
#include "guest-os/kernel/trap.h"
#include "x86/regs.h"

struct gate_desc idt[256] __attribute__((aligned(8)));    // graders read it by name
static irq_fn irq_handlers[16];

// Contract: exceptions and IRQs get interrupt gates of DPL 0 (IF off in their handlers; user
// code cannot raise them with int n); int $0x80 gets a trap gate of DPL 3, so system calls
// run with interrupts on and user mode may call it. Other vectors stay not present.
// Hint: trapentry.S gives an entry address per vector in trap_stubs[], and syscall_stub;
// seg.h's gate_make builds a gate, cpu.h's lidt loads the table. SDM 3A §6.11 (the IDT).
void
trap_init(void)
{
	// LAB1-SOLUTION-BEGIN
	for (int v = 0; v < T_STUBS; v++)
		idt[v] = gate_make(trap_stubs[v], KCODE_SEL, STS_INTGATE32, 0);
	idt[T_SYSCALL] = gate_make((uint32_t)syscall_stub, KCODE_SEL, STS_TRAPGATE32, 3);
	lidt(idt, sizeof idt - 1);
	// LAB1-STUB
	// panic("trap_init: not implemented");
	// LAB1-SOLUTION-END
}

void
irq_register(int irq, irq_fn fn)
{
	irq_handlers[irq] = fn;
	pic_unmask(irq);
}

// Resumes user mode at the catch address with the vector in eax and clean flags (a single-step
// flag left on would trap again at once, forever).
static void
catch_resume(struct trapframe *tf)
{
	tf->eip = current->catch_eip;
	tf->eax = tf->vector;
	tf->eflags &= ~(FL_TF | FL_DF | FL_AC | FL_NT | FL_RF);
}

// Contract: runs the handler of the line, acknowledges it at the PIC (not for a spurious
// IRQ 7 or 15), and preempts the current process when the timer interrupted user mode.
// The kernel itself is never preempted: an interrupt of kernel code returns to it.
static void
irq_dispatch(struct trapframe *tf)
{
	int irq = tf->vector - T_IRQ0;

	if (pic_spurious(irq))
		return;
	if (irq_handlers[irq])
		irq_handlers[irq](tf);
	pic_eoi(irq);
	if (irq != IRQ_TIMER || !trap_from_user(tf))
		return;
	if (current->alarm_at && ticks >= current->alarm_at) {
		current->alarm_at = 0;                  // sys_alarm: the time is up
		catch_resume(tf);
	}
	yield();
}

// Contract: an exception in the kernel is a bug: report and panic. One in user mode kills the
// process with a report, unless the process asked to catch faults (sys_catch): then it
// resumes at its catch address with the vector in eax, registers otherwise intact.
static void
exception(struct trapframe *tf)
{
	if (!trap_from_user(tf)) {
		trap_report(tf);
		panic("kernel %s at eip 0x%08x", trap_mnemonic(tf->vector), (unsigned)tf->eip);
	}
	if (current->catch_eip) {
		catch_resume(tf);
		return;
	}
	printf("%s (pid %d) killed: ", current->name, current->pid);
	trap_report(tf);
	proc_exit(EXIT_KILLED + tf->vector);
}

// Contract: called by alltraps for every vector, with the kernel's data segments loaded;
// returning resumes whatever the frame says (possibly changed: eip, eax).
void
trap(struct trapframe *tf)
{
	if (tf->vector == T_SYSCALL)
		syscall(tf);
	else if (tf->vector >= T_IRQ0 && tf->vector < T_IRQ0 + 16)
		irq_dispatch(tf);
	else
		exception(tf);
}
