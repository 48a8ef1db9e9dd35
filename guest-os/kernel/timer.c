// timer.c: the PIT's channel 0 drives the tick counter (lab 2).
#include "guest-os/kernel/cpu.h"
#include "guest-os/kernel/timer.h"
#include "guest-os/kernel/trap.h"
#include "pc/pit.h"

volatile uint32_t ticks;

// Contract: counts one tick. Preemption happens in trap.c once the IRQ is acknowledged.
static void
timer_irq(struct trapframe *tf)
{
	(void)tf;
	ticks++;
}

// Contract: channel 0, low then high byte of the divisor, mode 2 (rate generator):
// the divisor PIT_HZ / TIMER_HZ, rounded, gives TIMER_HZ interrupts a second.
void
timer_init(void)
{
	uint16_t divisor = (PIT_HZ + TIMER_HZ / 2) / TIMER_HZ;

	outb(PIT_CMD, PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_RATE);
	outb(PIT_CH0, divisor & 0xFF);
	outb(PIT_CH0, divisor >> 8);
	irq_register(PIT_IRQ, timer_irq);
}
