// timer.h: the system timer (8254 PIT channel 0 on IRQ 0).
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#include <stdint.h>

#define TIMER_HZ 100

// Programs the PIT for TIMER_HZ interrupts a second and starts counting ticks.
void timer_init(void);
// Ticks since timer_init.
uint32_t timer_ticks(void);
// Waits (halting, interrupts on) until n more ticks have passed.
void timer_sleep(uint32_t n);

#endif
