// timer.h: the 8254 PIT at TIMER_HZ and the tick counter (lab 2).
#ifndef GUEST_TIMER_H
#define GUEST_TIMER_H

#include <stdint.h>

#define TIMER_HZ 100

// Timer interrupts since boot; read by graders by symbol, twice, to see that it advances.
extern volatile uint32_t ticks;

// Programs channel 0 as a rate generator at TIMER_HZ and registers its IRQ.
void timer_init(void);

struct trapframe;
// The handler of IRQ 0: counts a tick (graders break on it to see the timer's vector).
void timer_irq(struct trapframe *tf);

#endif
