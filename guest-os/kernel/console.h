// console.h: the console on COM1, a 16550 UART: polled transmit, interrupt-driven receive.
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stddef.h>
#include "lib/fmt.h"

// Programs COM1: 115200 baud, 8N1, FIFOs on (lab 1). Output works from then on.
void console_init(void);
// Turns on the receive interrupt (lab 2); needs the IDT and the PIC.
void console_irq_init(void);
struct trapframe;
// The handler of COM1's IRQ: queues the received bytes for console_read.
void console_rx_irq(struct trapframe *tf);

// Writes n bytes, a newline as CR LF.
void console_write(const char *s, size_t n);
// Moves up to n received bytes into buf; returns how many (0 when none are waiting).
size_t console_read(char *buf, size_t n);
// 1 if a received byte is waiting.
int console_rx_ready(void);
// Waits until the UART has sent every byte, so a machine stop loses none.
void console_drain(void);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);

#endif
