// trap.c: the IDT, trap dispatch, exception reports and expected faults.
#include "kernel/console.h"
#include "kernel/panic.h"
#include "kernel/pic.h"
#include "kernel/seg.h"
#include "kernel/trap.h"
#include "kernel/trapstub.h"
#include "x86/paging.h"
#include "x86/x86.h"

static struct gate_desc idt[256] __attribute__((section(".tramp.data"), aligned(8)));
static irq_handler_fn irq_handlers[16];

static struct {
	int vector;                 // -1: nothing expected
	uint32_t resume_eip;
	int met;
} expect = { -1, 0, 0 };

void
trap_init(void)
{
	for (int v = 0; v < 256; v++)
		idt[v] = gate_make((uint32_t)trap_vectors + v * TRAP_STUB_SIZE, KCODE_SEL,
				   STS_INTGATE32, 0);
	struct pseudo_desc pd = { sizeof idt - 1, (uint32_t)idt };
	lidt(&pd);
}

void
trap_expect(int vector, uint32_t resume_eip)
{
	expect.vector = vector;
	expect.resume_eip = resume_eip;
	expect.met = 0;
}

int
trap_expect_met(void)
{
	int met = expect.met;

	expect.vector = -1;
	expect.met = 0;
	return met;
}

void
irq_register(int irq, irq_handler_fn fn)
{
	irq_handlers[irq] = fn;
	pic_unmask(irq);
}

static void
irq_dispatch(struct trapframe *tf)
{
	int irq = tf->vector - T_IRQ0;

	if (pic_spurious(irq))
		return;
	if (irq_handlers[irq])
		irq_handlers[irq](tf);
	pic_eoi(irq);
}

static void
exception(struct trapframe *tf)
{
	if ((int)tf->vector == expect.vector && (tf->cs & 3) == 0) {
		printf("expected ");
		trap_report(tf);
		expect.met = 1;
		expect.vector = -1;
		tf->eip = expect.resume_eip;
		return;
	}
	trap_report(tf);
	panic("unexpected %s (%s) at eip 0x%08x", trap_mnemonic(tf->vector),
	      trap_name(tf->vector), (unsigned)tf->eip);
}

void
trap(struct trapframe *tf)
{
	if (tf->vector < T_EXCEPTIONS)
		exception(tf);
	else if (tf->vector < T_IRQ0 + 16)
		irq_dispatch(tf);
	else
		panic("trap: unexpected vector %u at eip 0x%08x", (unsigned)tf->vector,
		      (unsigned)tf->eip);
}
