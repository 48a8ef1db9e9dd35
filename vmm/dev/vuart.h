// vuart.h: the virtual 16550 UART (COM1): output to a callback, input from a queue.
#ifndef VMM_DEV_VUART_H
#define VMM_DEV_VUART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "pc/uart.h"

#define VUART_QUEUE 256         // bytes the monitor may queue on the line, not yet received

struct iobus;
struct vpic;

// Called with each byte the guest transmits (the monitor prints it on the real console).
typedef void (*vuart_out_fn)(void *arg, uint8_t byte);

struct vuart {
	uint8_t ier, lcr, mcr, fcr, scr;
	uint8_t msr;                    // inputs in bits 7-4, their changes in bits 3-0
	uint8_t lsr_err;                // OE/PE/FE/BI waiting for an LSR read
	uint8_t rbr;                    // the last byte received
	uint16_t divisor;               // baud = UART_CLOCK / divisor
	bool thre_pending;              // the THR-empty interrupt condition
	uint8_t rx[UART_FIFO_SIZE];     // receiver FIFO (holds one byte with FIFOs off)
	uint8_t rx_head, rx_count;
	uint8_t queue[VUART_QUEUE];     // the line: bytes sent to the guest, not yet in rx
	uint16_t q_head, q_count;
	uint16_t base;                  // first port, once attached
	int irq;                        // the PIC input the UART is wired to
	struct vpic *pic;
	vuart_out_fn out;
	void *out_arg;
};

// Resets the UART (PC16550D "reset" table: IER, LCR, MCR, FCR zero, LSR THR empty),
// wired to IRQ irq of pic (NULL: not wired), sending output to out(arg, byte).
void vuart_reset(struct vuart *u, struct vpic *pic, int irq, vuart_out_fn out, void *arg);

// Bytes from the outside world for the guest to receive. They wait on the line while the
// receiver FIFO is full, as if the sender were flow-controlled. Returns how many were
// taken; the rest are dropped, and reported to the guest as an overrun (LSR.OE).
size_t vuart_input(struct vuart *u, const uint8_t *buf, size_t n);

// The CPU's in/out on register reg (UART_RBR..UART_SCR, the offset from the base port).
uint8_t vuart_read(struct vuart *u, int reg);
void vuart_write(struct vuart *u, int reg, uint8_t val);

// Claims ports base..base+7 on bus. Returns 0 or iobus_register's error.
int vuart_attach(struct vuart *u, struct iobus *bus, uint16_t base);

#endif
