// lab5-uart.c: lab 5's test of the 16550 at COM1: the divisor latch, a line out through THR
// (the grader reads it on the console), then loopback, where THR comes back in RBR: line
// status, word length, the receiver FIFO and its overrun, interrupt identification, and the
// interrupt line to the PIC behind OUT2.
#include "lib/fmt.h"
#include "pc/pic.h"
#include "pc/uart.h"
#include "tests/guests/lab5.h"
#include "tests/guests/tguest.h"
#include "x86/x86.h"

#define COM(reg) (COM1_PORT + (reg))

static void
uart_init(void)
{
	outb(COM(UART_IER), 0);
	outb(COM(UART_LCR), UART_LCR_DLAB);
	outb(COM(UART_DLL), 3);                          // 38400 baud
	outb(COM(UART_DLM), 0);
	outb(COM(UART_LCR), UART_LCR_8N1);
	outb(COM(UART_FCR), UART_FCR_ENABLE | UART_FCR_CLEAR);
	outb(COM(UART_MCR), UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
}

static void
com_putc(int c, void *arg)
{
	(void)arg;
	while (!(inb(COM(UART_LSR)) & UART_LSR_THRE))
		;
	outb(COM(UART_THR), c);
}

static void
check_registers(void)
{
	uart_init();
	outb(COM(UART_LCR), UART_LCR_DLAB | UART_LCR_8N1);
	tg_check(inb(COM(UART_DLL)) == 3 && inb(COM(UART_DLM)) == 0,
		 "DLAB: the divisor latch reads back", "DLL 0x%02x, DLM 0x%02x",
		 inb(COM(UART_DLL)), inb(COM(UART_DLM)));
	outb(COM(UART_LCR), UART_LCR_8N1);
	outb(COM(UART_SCR), 0x5A);
	tg_check(inb(COM(UART_SCR)) == 0x5A && inb(COM(UART_LCR)) == UART_LCR_8N1 &&
		 inb(COM(UART_IER)) == 0, "scratch, LCR and IER read back (IER, not DLM, with "
		 "DLAB clear)", "SCR 0x%02x, LCR 0x%02x, IER 0x%02x", inb(COM(UART_SCR)),
		 inb(COM(UART_LCR)), inb(COM(UART_IER)));
	tg_check_eq(inb(COM(UART_LSR)), UART_LSR_THRE | UART_LSR_TEMT,
		    "LSR: transmitter empty, no data");
	format(com_putc, NULL, "lab5 uart: a line through THR (%s)\n", tg_tag);
}

// Loopback: bytes written to THR arrive in RBR, cut to the word length.
static void
check_loopback(void)
{
	outb(COM(UART_MCR), UART_MCR_LOOP | UART_MCR_OUT2);
	outb(COM(UART_THR), 'A');
	tg_check_eq(inb(COM(UART_LSR)) & UART_LSR_DR, UART_LSR_DR, "loopback: THR's byte is ready");
	tg_check_eq(inb(COM(UART_RBR)), 'A', "...in RBR");
	tg_check_eq(inb(COM(UART_LSR)) & UART_LSR_DR, 0, "...and read: DR clear");
	outb(COM(UART_LCR), 0);                              // 5-bit words
	outb(COM(UART_THR), 0xFF);
	tg_check_eq(inb(COM(UART_RBR)), 0x1F, "5-bit words: 0xff arrives as 0x1f");
	outb(COM(UART_LCR), UART_LCR_8N1);
	for (int i = 0; i < 3; i++)
		outb(COM(UART_THR), 'x' + i);
	uint8_t a = inb(COM(UART_RBR)), b = inb(COM(UART_RBR)), c = inb(COM(UART_RBR));
	tg_check(a == 'x' && b == 'y' && c == 'z' && !(inb(COM(UART_LSR)) & UART_LSR_DR),
		 "the FIFO gives three bytes back in order", "read %02x %02x %02x", a, b, c);
	outb(COM(UART_IER), UART_IER_RLS);
	for (int i = 0; i < UART_FIFO_SIZE + 1; i++)
		outb(COM(UART_THR), i);
	tg_check_eq(inb(COM(UART_IIR)), UART_IIR_FIFO | UART_IIR_RLS,
		    "the overrun: a receiver line status interrupt (IER RLS)");
	outb(COM(UART_IER), 0);
	uint8_t lsr = inb(COM(UART_LSR));
	tg_check((lsr & (UART_LSR_OE | UART_LSR_DR)) == (UART_LSR_OE | UART_LSR_DR) &&
		 !(inb(COM(UART_LSR)) & UART_LSR_OE), "a 17th byte overruns the 16-byte FIFO; "
		 "reading LSR clears OE", "LSR 0x%02x", lsr);
	outb(COM(UART_FCR), UART_FCR_ENABLE | UART_FCR_CLEAR);
}

// IIR names the highest-priority interrupt the enabled sources give.
static void
check_iir(void)
{
	tg_check_eq(inb(COM(UART_IIR)), UART_IIR_FIFO | UART_IIR_NONE, "IER 0: IIR says none");
	outb(COM(UART_IER), UART_IER_THRE);
	tg_check_eq(inb(COM(UART_IIR)), UART_IIR_FIFO | UART_IIR_THRE,
		    "IER THRE: THR empty is signalled at once");
	tg_check_eq(inb(COM(UART_IIR)), UART_IIR_FIFO | UART_IIR_NONE, "...reading IIR cleared it");
	outb(COM(UART_IER), UART_IER_THRE | UART_IER_RDA);
	outb(COM(UART_FCR), UART_FCR_ENABLE | 0x40);        // trigger level 4
	outb(COM(UART_THR), 'q');
	tg_check_eq(inb(COM(UART_IIR)), UART_IIR_FIFO | UART_IIR_CTI,
		    "a byte below the trigger level: character timeout, before THR empty");
	for (const char *s = "rst"; *s; s++)
		outb(COM(UART_THR), *s);
	tg_check_eq(inb(COM(UART_IIR)), UART_IIR_FIFO | UART_IIR_RDA,
		    "four bytes, the trigger level: received data available");
	for (int i = 0; i < 4; i++)
		inb(COM(UART_RBR));
	tg_check_eq(inb(COM(UART_IIR)), UART_IIR_FIFO | UART_IIR_THRE, "read: THR empty again");
	outb(COM(UART_FCR), 0);
	outb(COM(UART_THR), 'r');
	tg_check_eq(inb(COM(UART_IIR)), UART_IIR_RDA, "FIFOs off: received data available");
	inb(COM(UART_RBR));
	inb(COM(UART_IIR));
	inb(COM(UART_MSR));
	outb(COM(UART_IER), UART_IER_MS);
	outb(COM(UART_MCR), UART_MCR_LOOP | UART_MCR_RTS);   // RTS loops back to CTS
	tg_check_eq(inb(COM(UART_IIR)), UART_IIR_MSI, "loopback RTS to CTS: a modem status change");
	tg_check_eq(inb(COM(UART_MSR)) & (UART_MSR_CTS | UART_MSR_DCTS),
		    UART_MSR_CTS | UART_MSR_DCTS, "...MSR shows CTS and its change");
	tg_check_eq(inb(COM(UART_IIR)), UART_IIR_NONE, "...reading MSR cleared it");
	outb(COM(UART_MCR), UART_MCR_LOOP | UART_MCR_OUT2);
	outb(COM(UART_IER), 0);
	outb(COM(UART_FCR), UART_FCR_ENABLE | UART_FCR_CLEAR);
}

// The interrupt reaches the PIC's IR4 only through OUT2, and never in loopback.
static void
check_irq_line(void)
{
	lab5_pic_init(0xFF, 0xFF);
	outb(COM(UART_IER), UART_IER_THRE);
	tg_check_eq(lab5_irr(PIC1_CMD), 0, "loopback: no request reaches the PIC");
	outb(COM(UART_MCR), UART_MCR_DTR | UART_MCR_RTS);
	outb(COM(UART_IER), 0);
	outb(COM(UART_IER), UART_IER_THRE);
	tg_check_eq(lab5_irr(PIC1_CMD), 0, "OUT2 clear: no request either");
	outb(COM(UART_MCR), UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	tg_check_eq(lab5_irr(PIC1_CMD), 1u << COM1_IRQ,
		    "OUT2 set, THR empty pending: IRQ 4 requested");
	outb(COM(UART_IER), 0);
}

void
lab5_uart(void)
{
	check_registers();
	check_loopback();
	check_iir();
	check_irq_line();
}
