// console.c: the kernel console on COM1 and port 0xE9: polled output, interrupt-driven input.
#include "kernel/console.h"
#include "kernel/trap.h"
#include "pc/pc.h"
#include "pc/uart.h"
#include "x86/regs.h"
#include "x86/x86.h"

#define RX_SIZE 256                       // receive ring; a power of two

static struct {
	char buf[RX_SIZE];
	volatile uint32_t head, tail;     // head: next write (IRQ), tail: next read
} rx;

void
console_init(void)
{
	outb(COM1_PORT + UART_IER, 0);
	outb(COM1_PORT + UART_LCR, UART_LCR_DLAB);
	outb(COM1_PORT + UART_DLL, UART_CLOCK / 115200);
	outb(COM1_PORT + UART_DLM, 0);
	outb(COM1_PORT + UART_LCR, UART_LCR_8N1);
	outb(COM1_PORT + UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR);
	outb(COM1_PORT + UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
}

static void
console_rx_irq(struct trapframe *tf)
{
	(void)tf;
	while (inb(COM1_PORT + UART_LSR) & UART_LSR_DR) {
		char c = inb(COM1_PORT + UART_RBR);
		if (rx.head - rx.tail < RX_SIZE)
			rx.buf[rx.head++ % RX_SIZE] = c;
	}
}

void
console_irq_init(void)
{
	irq_register(COM1_IRQ, console_rx_irq);
	outb(COM1_PORT + UART_IER, UART_IER_RDA);
	console_rx_irq(0);                     // whatever arrived before
}

static void
uart_putc(int c)
{
	for (int i = 0; i < 1000000 && !(inb(COM1_PORT + UART_LSR) & UART_LSR_THRE); i++)
		;
	outb(COM1_PORT + UART_THR, c);
}

void
console_putc(int c)
{
	if (c == '\n')
		uart_putc('\r');
	uart_putc(c);
	outb(PORT_E9_DEBUG, c);
}

int
console_trygetc(void)
{
	uint32_t flags = read_eflags();
	int c = -1;

	cli();
	if (rx.tail != rx.head)
		c = (unsigned char)rx.buf[rx.tail++ % RX_SIZE];
	if (flags & FL_IF)
		sti();
	return c;
}

int
console_getc(void)
{
	int c;

	while ((c = console_trygetc()) < 0)
		sti_hlt();
	return c;
}

void
console_drain(void)
{
	for (int i = 0; i < 1000000 && !(inb(COM1_PORT + UART_LSR) & UART_LSR_TEMT); i++)
		;
}

static void
console_sink(int c, void *arg)
{
	(void)arg;
	console_putc(c);
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
