// console.h: the kernel console: COM1 (16550, 8N1) and the emulator debug port 0xE9.
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include "lib/fmt.h"

// Programs COM1 for 115200 baud, 8N1. Output works from then on, before paging and traps.
void console_init(void);
// Enables the receive interrupt (needs trap_init and the PIC).
void console_irq_init(void);

void console_putc(int c);
// Waits for a received character (interrupts on, halting while none has arrived).
int console_getc(void);
// Returns a received character, or -1 at once if none is waiting.
int console_trygetc(void);
// Waits until the UART has sent every byte (LSR.TEMT), so nothing is lost at shutdown.
void console_drain(void);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);

#endif
