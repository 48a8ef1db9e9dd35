// vuart.c: the virtual 16550: registers, FIFOs, interrupt identification, loopback.
//
// National Semiconductor PC16550D data sheet: register set (table II), interrupt
// identification and priorities (table IV), FIFO control, modem control and loopback.
// Transmission takes no time: a byte written to THR is gone at once, so THR and the
// transmitter are always empty again when the guest looks.
#include "kernel/panic.h"
#include "lib/string.h"
#include "vmm/dev/iobus.h"
#include "vmm/dev/vpic.h"
#include "vmm/dev/vuart.h"

#define UART_RESET_DIVISOR (UART_CLOCK / 9600)  // undefined after reset; QEMU's value
#define UART_MSR_DELTAS    0x0F
#define UART_MSR_INPUTS    0xF0

static const uint8_t uart_triggers[4] = { 1, 4, 8, 14 };   // FCR bits 7-6

static bool
uart_fifo_on(const struct vuart *u)
{
	return u->fcr & UART_FCR_ENABLE;
}

static bool
uart_loop(const struct vuart *u)
{
	return u->mcr & UART_MCR_LOOP;
}

// The interrupt the UART signals, by priority (PC16550D table IV), or UART_IIR_NONE: an
// enabled source (IER) whose condition holds: line status errors, then received data (in
// FIFO mode, below the trigger level it is a character timeout), then THR empty, then a
// modem status change.
// Hint: u->lsr_err, u->rx_count, uart_triggers[u->fcr >> 6], u->thre_pending, the MSR's
// deltas (lab 5 handout, exercise 3).
static uint8_t
uart_iir_id(const struct vuart *u)
{
	// LAB5-SOLUTION-BEGIN
	if ((u->ier & UART_IER_RLS) && u->lsr_err)
		return UART_IIR_RLS;
	if ((u->ier & UART_IER_RDA) && u->rx_count) {
		if (!uart_fifo_on(u) || u->rx_count >= uart_triggers[u->fcr >> 6])
			return UART_IIR_RDA;
		// Below the trigger level, so nothing more is arriving (the line fills the FIFO
		// whenever it can): the character timeout, after 4 character times on the
		// chip, at once here.
		return UART_IIR_CTI;
	}
	if ((u->ier & UART_IER_THRE) && u->thre_pending)
		return UART_IIR_THRE;
	if ((u->ier & UART_IER_MS) && (u->msr & UART_MSR_DELTAS))
		return UART_IIR_MSI;
	return UART_IIR_NONE;
	// LAB5-STUB
	// (void)u, (void)uart_triggers;
	// panic("uart_iir_id: not implemented");
	// LAB5-SOLUTION-END
}

// The INTR pin (an interrupt to signal: uart_iir_id) reaches the PIC's line u->irq only
// through the PC's OUT2 gate; loopback forces OUT2 inactive, so a UART in loopback
// interrupts nobody. An unwired UART (no pic) drives nothing.
// Hint: vpic_raise, vpic_lower (lab 5 handout, exercise 3).
static void
uart_update_irq(struct vuart *u)
{
	if (!u->pic)
		return;
	// LAB5-SOLUTION-BEGIN
	bool intr = uart_iir_id(u) != UART_IIR_NONE;
	bool gated = (u->mcr & UART_MCR_OUT2) && !uart_loop(u);

	if (intr && gated)
		vpic_raise(u->pic, u->irq);
	else
		vpic_lower(u->pic, u->irq);
	// LAB5-STUB
	// (void)u, (void)uart_iir_id;
	// panic("uart_update_irq: not implemented");
	// LAB5-SOLUTION-END
}

static void
uart_rx_push(struct vuart *u, uint8_t byte)
{
	u->rx[(u->rx_head + u->rx_count) % UART_FIFO_SIZE] = byte;
	u->rx_count++;
}

// The line delivers waiting bytes while the receiver has room (not in loopback: the
// serial input is disconnected then).
static void
uart_rx_fill(struct vuart *u)
{
	int room = uart_fifo_on(u) ? UART_FIFO_SIZE : 1;

	while (!uart_loop(u) && u->q_count && u->rx_count < room) {
		uart_rx_push(u, u->queue[u->q_head]);
		u->q_head = (u->q_head + 1) % VUART_QUEUE;
		u->q_count--;
	}
}

static void
uart_rx_clear(struct vuart *u)
{
	u->rx_head = u->rx_count = 0;
}

// MSR inputs: a terminal that is always there (CTS, DSR, DCD), or in loopback the MCR
// outputs wired back: RTS to CTS, DTR to DSR, OUT1 to RI, OUT2 to DCD.
static uint8_t
uart_modem_inputs(const struct vuart *u)
{
	uint8_t m = u->mcr;

	if (!uart_loop(u))
		return UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD;
	return (m & UART_MCR_RTS ? UART_MSR_CTS : 0) | (m & UART_MCR_DTR ? UART_MSR_DSR : 0) |
	       (m & UART_MCR_OUT1 ? UART_MSR_RI : 0) | (m & UART_MCR_OUT2 ? UART_MSR_DCD : 0);
}

static void
uart_update_msr(struct vuart *u)
{
	uint8_t old = u->msr & UART_MSR_INPUTS, now = uart_modem_inputs(u);
	uint8_t delta = 0;

	if ((old ^ now) & UART_MSR_CTS)
		delta |= UART_MSR_DCTS;
	if ((old ^ now) & UART_MSR_DSR)
		delta |= UART_MSR_DDSR;
	if ((old ^ now) & UART_MSR_DCD)
		delta |= UART_MSR_DDCD;
	if ((old & UART_MSR_RI) && !(now & UART_MSR_RI))
		delta |= UART_MSR_TERI;         // trailing edge of RI only
	u->msr = (u->msr & UART_MSR_DELTAS) | delta | now;
}

void
vuart_reset(struct vuart *u, struct vpic *pic, int irq, vuart_out_fn out, void *arg)
{
	memset(u, 0, sizeof *u);
	u->pic = pic;
	u->irq = irq;
	u->out = out;
	u->out_arg = arg;
	u->divisor = UART_RESET_DIVISOR;
	u->msr = uart_modem_inputs(u);          // IER is zero: the line starts low, as the PIC's
}

size_t
vuart_input(struct vuart *u, const uint8_t *buf, size_t n)
{
	size_t taken = 0;

	for (; taken < n && u->q_count < VUART_QUEUE; taken++) {
		u->queue[(u->q_head + u->q_count) % VUART_QUEUE] = buf[taken];
		u->q_count++;
	}
	if (taken < n)
		u->lsr_err |= UART_LSR_OE;
	uart_rx_fill(u);
	uart_update_irq(u);
	return taken;
}

// THR: the byte, cut to the word length (LCR bits 1-0: 5 to 8 bits), goes out (u->out), or
// back to the receiver in loopback, where a full receiver is an overrun (LSR.OE); either
// way THR is empty again at once, a THR-empty interrupt condition.
// Hint: uart_rx_push puts a received byte in the FIFO (lab 5 handout, exercise 3).
static void
uart_transmit(struct vuart *u, uint8_t val)
{
	// LAB5-SOLUTION-BEGIN
	uint8_t byte = val & ((1u << (5 + (u->lcr & UART_LCR_WLEN))) - 1);
	int room = uart_fifo_on(u) ? UART_FIFO_SIZE : 1;

	if (!uart_loop(u)) {
		if (u->out)
			u->out(u->out_arg, byte);
	} else if (u->rx_count < room) {
		uart_rx_push(u, byte);
	} else {
		u->lsr_err |= UART_LSR_OE;
	}
	u->thre_pending = true;                 // THR is empty again
	// LAB5-STUB
	// (void)u;
	// panic("uart_transmit: not implemented (0x%02x)", val);
	// LAB5-SOLUTION-END
}

// RBR: the oldest received byte leaves the FIFO (the line then refills it: uart_rx_fill);
// with nothing received, the last byte again.
// Hint: rx is a ring of UART_FIFO_SIZE bytes from rx_head (lab 5 handout, exercise 3).
static uint8_t
uart_read_rbr(struct vuart *u)
{
	// LAB5-SOLUTION-BEGIN
	if (u->rx_count) {
		u->rbr = u->rx[u->rx_head];
		u->rx_head = (u->rx_head + 1) % UART_FIFO_SIZE;
		u->rx_count--;
		uart_rx_fill(u);
	}
	return u->rbr;
	// LAB5-STUB
	// (void)u, (void)uart_rx_fill;
	// panic("uart_read_rbr: not implemented");
	// LAB5-SOLUTION-END
}

// IIR: the interrupt identification, with the FIFO bits in FIFO mode; reading it when it
// says THR empty clears that condition.
// Hint: PC16550D table IV, "reset control" column (lab 5 handout, exercise 3).
static uint8_t
uart_read_iir(struct vuart *u)
{
	// LAB5-SOLUTION-BEGIN
	uint8_t id = uart_iir_id(u);

	if (id == UART_IIR_THRE)
		u->thre_pending = false;
	return id | (uart_fifo_on(u) ? UART_IIR_FIFO : 0);
	// LAB5-STUB
	// (void)u;
	// panic("uart_read_iir: not implemented");
	// LAB5-SOLUTION-END
}

// LSR: the errors noted since the last read (cleared by this one), THR and the transmitter
// always empty, and DR when a byte waits.
// Hint: lab 5 handout, exercise 3.
static uint8_t
uart_read_lsr(struct vuart *u)
{
	// LAB5-SOLUTION-BEGIN
	uint8_t lsr = u->lsr_err | UART_LSR_THRE | UART_LSR_TEMT;

	if (u->rx_count)
		lsr |= UART_LSR_DR;
	u->lsr_err = 0;
	return lsr;
	// LAB5-STUB
	// (void)u;
	// panic("uart_read_lsr: not implemented");
	// LAB5-SOLUTION-END
}

static uint8_t
uart_read_msr(struct vuart *u)
{
	uint8_t msr = u->msr;

	u->msr &= UART_MSR_INPUTS;
	return msr;
}

uint8_t
vuart_read(struct vuart *u, int reg)
{
	bool dlab = u->lcr & UART_LCR_DLAB;
	uint8_t val = 0xFF;

	switch (reg) {
	case UART_RBR: val = dlab ? u->divisor & 0xFF : uart_read_rbr(u); break;
	case UART_IER: val = dlab ? u->divisor >> 8 : u->ier; break;
	case UART_IIR: val = uart_read_iir(u); break;
	case UART_LCR: val = u->lcr; break;
	case UART_MCR: val = u->mcr; break;
	case UART_LSR: val = uart_read_lsr(u); break;
	case UART_MSR: val = uart_read_msr(u); break;
	case UART_SCR: val = u->scr; break;
	}
	uart_update_irq(u);
	return val;
}

// FCR: leaving or entering FIFO mode empties the FIFOs; the other bits count only with
// FCR0 set. The transmitter FIFO is always empty here.
static void
uart_write_fcr(struct vuart *u, uint8_t val)
{
	bool was_on = uart_fifo_on(u), on = val & UART_FCR_ENABLE;

	if (was_on != on || (on && (val & UART_FCR_CLEAR_RX)))
		uart_rx_clear(u);
	u->fcr = on ? val & (UART_FCR_ENABLE | UART_FCR_TRIGGER) : 0;
	uart_rx_fill(u);
}

// IER: enabling the THRE interrupt while THR is empty raises it at once.
static void
uart_write_ier(struct vuart *u, uint8_t val)
{
	if ((val & UART_IER_THRE) && !(u->ier & UART_IER_THRE))
		u->thre_pending = true;
	u->ier = val & (UART_IER_RDA | UART_IER_THRE | UART_IER_RLS | UART_IER_MS);
}

static void
uart_write_mcr(struct vuart *u, uint8_t val)
{
	u->mcr = val & (UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT1 | UART_MCR_OUT2 |
			UART_MCR_LOOP);
	uart_update_msr(u);
	uart_rx_fill(u);
}

void
vuart_write(struct vuart *u, int reg, uint8_t val)
{
	bool dlab = u->lcr & UART_LCR_DLAB;

	switch (reg) {
	case UART_THR:
		if (dlab)
			u->divisor = (u->divisor & 0xFF00) | val;
		else
			uart_transmit(u, val);
		break;
	case UART_IER:
		if (dlab)
			u->divisor = (u->divisor & 0x00FF) | val << 8;
		else
			uart_write_ier(u, val);
		break;
	case UART_FCR: uart_write_fcr(u, val); break;
	case UART_LCR: u->lcr = val; break;
	case UART_MCR: uart_write_mcr(u, val); break;
	case UART_SCR: u->scr = val; break;
	}                                       // LSR and MSR writes: factory test, ignored
	uart_update_irq(u);
}

static uint32_t
vuart_io_read(void *dev, uint16_t port, int size)
{
	struct vuart *u = dev;

	(void)size;
	return vuart_read(u, port - u->base);
}

static void
vuart_io_write(void *dev, uint16_t port, int size, uint32_t val)
{
	struct vuart *u = dev;

	(void)size;
	vuart_write(u, port - u->base, val);
}

int
vuart_attach(struct vuart *u, struct iobus *bus, uint16_t base)
{
	u->base = base;
	return iobus_register(bus, base, UART_NREGS, 1, "uart", u, vuart_io_read, vuart_io_write);
}
