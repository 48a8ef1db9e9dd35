// console.c: the 16550 UART on COM1 (lab 1: output; lab 2: the receive interrupt).
#include "guest-os/kernel/console.h"
#include "guest-os/kernel/cpu.h"
#include "guest-os/kernel/panic.h"
#include "guest-os/kernel/trap.h"
#include "pc/uart.h"

#define RX_SIZE 256                   // a power of two: the indices wrap with it

// Received bytes: the IRQ handler only advances head, readers only tail, so neither needs
// to turn interrupts off.
static struct {
	char buf[RX_SIZE];
	volatile uint32_t head, tail;
} rx;

static uint8_t
uart_in(int reg)
{
	return inb(COM1_PORT + reg);
}

static void
uart_out(int reg, uint8_t v)
{
	outb(COM1_PORT + reg, v);
}

// Contract: 115200 baud (divisor 1), 8 data bits, no parity, 1 stop bit (Bochs writes
// garbage otherwise), FIFOs on and cleared, OUT2 set so the UART's IRQ reaches the PIC,
// no interrupt enabled yet.
void
console_init(void)
{
	uart_out(UART_IER, 0);
	uart_out(UART_LCR, UART_LCR_DLAB);
	uart_out(UART_DLL, UART_CLOCK / 115200);
	uart_out(UART_DLM, 0);
	uart_out(UART_LCR, UART_LCR_8N1);
	uart_out(UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR);
	uart_out(UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
}

// Contract (console.h): moves every byte the UART holds into rx (dropping them when rx is
// full); reading RBR until LSR.DR clears also acknowledges the interrupt.
// Hint: uart_in(UART_LSR) & UART_LSR_DR says a byte waits in UART_RBR; rx.head counts the
// bytes stored, rx.tail the bytes read, so rx.head - rx.tail is how many wait.
void
console_rx_irq(struct trapframe *tf)
{
	(void)tf;
	// LAB2-SOLUTION-BEGIN
	while (uart_in(UART_LSR) & UART_LSR_DR) {
		char c = uart_in(UART_RBR);
		if (rx.head - rx.tail < RX_SIZE)
			rx.buf[rx.head++ % RX_SIZE] = c;
	}
	// LAB2-STUB
	// panic("console_rx_irq: not implemented");
	// LAB2-SOLUTION-END
}

// Contract: registers console_rx_irq on COM1's line, then enables the "data available"
// interrupt; bytes that came earlier are collected at once (no edge would announce them).
// Hint: pc/uart.h has COM1_IRQ and the IER bits; console_init already set OUT2, without
// which the UART's interrupt line never reaches the PIC.
void
console_irq_init(void)
{
	// LAB2-SOLUTION-BEGIN
	irq_register(COM1_IRQ, console_rx_irq);
	uart_out(UART_IER, UART_IER_RDA);
	console_rx_irq(0);                 // what arrived before the interrupt was on
	// LAB2-STUB
	// panic("console_irq_init: not implemented");
	// LAB2-SOLUTION-END
}

int
console_rx_ready(void)
{
	return rx.head != rx.tail;
}

size_t
console_read(char *buf, size_t n)
{
	size_t got = 0;

	for (; got < n && rx.tail != rx.head; got++)
		buf[got] = rx.buf[rx.tail++ % RX_SIZE];
	return got;
}

static void
uart_putc(char c)
{
	for (int i = 0; i < 100000 && !(uart_in(UART_LSR) & UART_LSR_THRE); i++)
		;
	uart_out(UART_THR, c);
}

void
console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

void
console_drain(void)
{
	for (int i = 0; i < 100000 && !(uart_in(UART_LSR) & UART_LSR_TEMT); i++)
		;
}

static void
console_sink(int c, void *arg)
{
	char ch = c;

	(void)arg;
	console_write(&ch, 1);
}

int
vprintf(const char *fmt, va_list ap)
{
	return vformat(console_sink, 0, fmt, ap);
}

int
printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
