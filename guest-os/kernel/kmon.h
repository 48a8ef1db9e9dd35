// kmon.h: the kernel's serial monitor, for booting without processes (lab 2).
#ifndef GUEST_KMON_H
#define GUEST_KMON_H

// Echoes every line typed on COM1 as "kmon: 'LINE' at tick N", idling in hlt between
// interrupts; "exit" stops the machine with success. Needs the PIC, the timer and the
// UART's receive interrupt set up. Never returns.
void kmon(void) __attribute__((noreturn));

#endif
