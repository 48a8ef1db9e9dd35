// timer.c: the 8254 PIT as the kernel's tick source.
#include "kernel/timer.h"
#include "kernel/trap.h"
#include "pc/pit.h"
#include "x86/x86.h"

static volatile uint32_t ticks;

static void
timer_irq(struct trapframe *tf)
{
	(void)tf;
	ticks++;
}

void
timer_init(void)
{
	uint16_t divisor = (PIT_HZ + TIMER_HZ / 2) / TIMER_HZ;

	outb(PIT_CMD, PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_RATE);
	outb(PIT_CH0, divisor & 0xFF);
	outb(PIT_CH0, divisor >> 8);
	irq_register(PIT_IRQ, timer_irq);
}

uint32_t
timer_ticks(void)
{
	return ticks;
}

void
timer_sleep(uint32_t n)
{
	uint32_t start = ticks;

	while (ticks - start < n)
		sti_hlt();
}
