// vpit.c: the virtual 8254: counters loaded and read as the data sheet says, run by the
// monitor's clock, channel 0's terminal counts delivered as IRQ 0 edges.
//
// Intel 8254 data sheet (order no. 231164): control word, read/write logic, counter
// latch command, modes 0-5. Gates are high and never change (channel 0 and 1 on a PC;
// channel 2's gate is port 0x61, not modelled), so modes 1 and 5, which wait for a gate
// trigger, never start counting. Not modelled either: the read-back command.
#include <stddef.h>

#include "kernel/panic.h"
#include "lib/string.h"
#include "pc/pit.h"
#include "vmm/dev/iobus.h"
#include "vmm/dev/vpic.h"
#include "vmm/dev/vpit.h"

#define PIT_WRAP_BIN 0x10000u   // a count of 0 means 2^16 in binary...
#define PIT_WRAP_BCD 10000u     // ...and 10^4 in BCD

static uint32_t
pit_wrap(const struct vpit_channel *c)
{
	return c->bcd ? PIT_WRAP_BCD : PIT_WRAP_BIN;
}

static uint32_t
bcd_decode(uint16_t v)
{
	return (v >> 12 & 15) * 1000 + (v >> 8 & 15) * 100 + (v >> 4 & 15) * 10 + (v & 15);
}

static uint16_t
bcd_encode(uint32_t v)
{
	return (v / 1000 % 10) << 12 | (v / 100 % 10) << 8 | (v / 10 % 10) << 4 | v % 10;
}

// Sets a channel's OUT; channel 0's drives IRQ 0. Only changes reach the PIC.
static void
pit_out(struct vpit *pit, int ch, bool high)
{
	if (pit->ch[ch].out == high)
		return;
	pit->ch[ch].out = high;
	if (ch != 0 || !pit->pic)
		return;
	if (high)
		vpic_raise(pit->pic, PIT_IRQ);
	else
		vpic_lower(pit->pic, PIT_IRQ);
}

static bool
pit_periodic(const struct vpit_channel *c)
{
	return c->mode == 2 || c->mode == 3;
}

void
vpit_reset(struct vpit *pit, struct vpic *pic)
{
	memset(pit, 0, sizeof *pit);
	pit->pic = pic;
	for (int i = 0; i < PIT_NCHANNELS; i++) {
		pit->ch[i].access = PIT_ACCESS_LOHI;
		pit->ch[i].mode = 3;
		pit->ch[i].period = PIT_WRAP_BIN;
		pit->ch[i].out = true;
	}
	pit->ch[0].counting = true;
}

// Counting down from the loaded count: the value a read returns now (binary, 17 bits):
// mode 2 counts period..1, mode 3 counts by two, from the even count down, twice a period
// (high for (n+1)/2 clocks, low for n/2); modes 0 and 4 count down and wrap past zero; a
// channel not counting shows its count.
// Hint: c->period is the loaded count, c->elapsed the clocks since the period began (8254
// data sheet, "Mode 2" and "Mode 3"; lab 5 handout, exercise 2).
static uint32_t
pit_value(const struct vpit_channel *c)
{
	// LAB5-SOLUTION-BEGIN
	uint32_t n = c->period, wrap = pit_wrap(c);

	if (!c->counting)
		return n % wrap;
	if (c->mode == 2)
		return n - c->elapsed;
	if (c->mode == 3) {
		uint32_t half = (n + 1) / 2;
		uint32_t k = c->elapsed < half ? c->elapsed : c->elapsed - half;
		return (n & ~1u) - 2 * k;
	}
	return (n + wrap - c->elapsed % wrap) % wrap;   // modes 0, 4: wraps past zero
	// LAB5-STUB
	// (void)c;
	// panic("pit_value: not implemented");
	// LAB5-SOLUTION-END
}

// One-shot modes 0 and 4: OUT rises once, at the terminal count, then the counter keeps
// wrapping. Returns the number of terminal counts reached (0 or 1).
static uint32_t
pit_advance_oneshot(struct vpit_channel *c, uint32_t clocks)
{
	uint64_t total = (uint64_t)c->elapsed + clocks;
	bool before = c->elapsed < c->period;

	if (total < c->period) {
		c->elapsed = total;
		return 0;
	}
	c->elapsed = c->period + (total - c->period) % pit_wrap(c);
	return before;
}

// Periodic modes 2 and 3: a terminal count every period; a count written while counting
// (next_period) becomes the period after the next terminal count. Returns the number of
// terminal counts reached in `clocks`, and leaves elapsed within the period.
// Hint: 64-bit arithmetic: elapsed + clocks may pass 2^32 (lab 5 handout, exercise 2).
static uint32_t
pit_advance_periodic(struct vpit_channel *c, uint32_t clocks)
{
	// LAB5-SOLUTION-BEGIN
	uint64_t total = (uint64_t)c->elapsed + clocks;
	uint64_t n;

	if (total < c->period) {
		c->elapsed = total;
		return 0;
	}
	total -= c->period;
	if (c->next_period)
		c->period = c->next_period;
	n = 1 + total / c->period;
	c->elapsed = total % c->period;
	return n > UINT32_MAX ? UINT32_MAX : n;
	// LAB5-STUB
	// (void)c;
	// panic("pit_advance_periodic: not implemented (%u clocks)", (unsigned)clocks);
	// LAB5-SOLUTION-END
}

uint32_t
vpit_advance(struct vpit *pit, uint32_t pit_clocks)
{
	uint32_t ch0 = 0;

	for (int i = 0; i < PIT_NCHANNELS; i++) {
		struct vpit_channel *c = &pit->ch[i];
		uint32_t n;

		if (!c->counting)
			continue;
		n = pit_periodic(c) ? pit_advance_periodic(c, pit_clocks)
				    : pit_advance_oneshot(c, pit_clocks);
		c->expiries += n;
		// Modes 2, 3, 4: OUT pulses low at each terminal count (mode 3's low half is
		// folded into the pulse: a rising edge per period is what the PIC sees).
		if (n && c->mode != 0)
			pit_out(pit, i, false);
		if (n)
			pit_out(pit, i, true);
		if (i == 0)
			ch0 = n;
	}
	return ch0;
}

// A complete count arrived from the CPU (BCD decoded, 0 meaning the wrap: 65536 or 10^4):
// in a one-shot mode (or when idle) it starts counting at once, from elapsed 0 (modes 1 and
// 5 wait for a gate that never rises); in a periodic mode already counting it waits for the
// end of the current period (next_period). Mode 0 drives OUT low.
// Hint: pit_wrap, bcd_decode, pit_out (lab 5 handout, exercise 2).
static void
pit_load(struct vpit *pit, int ch, uint16_t raw)
{
	// LAB5-SOLUTION-BEGIN
	struct vpit_channel *c = &pit->ch[ch];
	uint32_t n = c->bcd ? bcd_decode(raw) : raw;

	if (n == 0)
		n = pit_wrap(c);
	if (pit_periodic(c) && c->counting) {
		c->next_period = n;
		return;
	}
	c->period = n;
	c->elapsed = 0;
	c->counting = c->mode != 1 && c->mode != 5;
	if (c->mode == 0)
		pit_out(pit, ch, false);
	// LAB5-STUB
	// (void)pit, (void)bcd_decode;
	// panic("pit_load: not implemented (channel %d, 0x%04x)", ch, raw);
	// LAB5-SOLUTION-END
}

// A byte written to a channel's port: the whole count in the low-only or high-only access
// modes, the low then the high byte in lohi (a first byte stops a mode 0 count).
// Hint: c->write_hi and c->write_lo keep the state between the two bytes (8254 data sheet,
// "Write operations"; lab 5 handout, exercise 2).
static void
pit_write_count(struct vpit *pit, int ch, uint8_t val)
{
	// LAB5-SOLUTION-BEGIN
	struct vpit_channel *c = &pit->ch[ch];

	if (c->access == PIT_ACCESS_LO) {
		pit_load(pit, ch, val);
	} else if (c->access == PIT_ACCESS_HI) {
		pit_load(pit, ch, val << 8);
	} else if (!c->write_hi) {
		c->write_lo = val;
		c->write_hi = true;
		if (c->mode == 0)
			c->counting = false;    // mode 0: the first byte stops the count
	} else {
		c->write_hi = false;
		pit_load(pit, ch, c->write_lo | val << 8);
	}
	// LAB5-STUB
	// (void)pit, (void)pit_load;
	// panic("pit_write_count: not implemented (channel %d, 0x%02x)", ch, val);
	// LAB5-SOLUTION-END
}

// The byte of v that the next read in access mode `access` returns; hi_next for lohi.
static uint8_t
pit_byte(uint8_t access, uint16_t v, bool hi_next)
{
	if (access == PIT_ACCESS_HI || (access == PIT_ACCESS_LOHI && hi_next))
		return v >> 8;
	return v & 0xFF;
}

static uint16_t
pit_current(const struct vpit_channel *c)
{
	uint32_t v = pit_value(c);

	return c->bcd ? bcd_encode(v % PIT_WRAP_BCD) : v & 0xFFFF;
}

// A read of a channel's port: the latched value while one is held (latch_left bytes of it
// still unread, lohi: low byte first), else the current count, a byte as the access mode
// says (lohi alternating low and high, read_hi).
// Hint: pit_byte picks the byte, pit_current the count (8254 data sheet, "Read operations"
// and "Counter latch command"; lab 5 handout, exercise 2).
static uint8_t
pit_read_count(struct vpit_channel *c)
{
	// LAB5-SOLUTION-BEGIN
	uint8_t b;

	if (c->latch_left) {
		b = pit_byte(c->access, c->latch, c->latch_left == 1 && c->access == PIT_ACCESS_LOHI);
		c->latch_left--;
		return b;
	}
	b = pit_byte(c->access, pit_current(c), c->read_hi);
	if (c->access == PIT_ACCESS_LOHI)
		c->read_hi = !c->read_hi;
	return b;
	// LAB5-STUB
	// (void)c, (void)pit_byte, (void)pit_current;
	// panic("pit_read_count: not implemented");
	// LAB5-SOLUTION-END
}

static void
pit_control(struct vpit *pit, uint8_t val)
{
	int sel = PIT_CMD_SEL(val);
	uint8_t mode = PIT_CMD_MODE(val);
	struct vpit_channel *c;

	if (sel == PIT_CMD_SEL(PIT_SEL_READBACK))
		return;                         // read-back: not modelled
	c = &pit->ch[sel];
	if (PIT_CMD_ACCESS(val) == PIT_ACCESS_LATCH) {
		if (!c->latch_left) {           // a second latch before the read is ignored
			c->latch = pit_current(c);
			c->latch_left = c->access == PIT_ACCESS_LOHI ? 2 : 1;
		}
		return;
	}
	c->access = PIT_CMD_ACCESS(val);
	c->mode = mode >= 6 ? mode - 4 : mode;
	c->bcd = val & PIT_BCD;
	c->counting = c->write_hi = c->read_hi = false;
	c->latch_left = 0;
	c->next_period = 0;
	pit_out(pit, sel, c->mode != 0);        // OUT: low in mode 0, high in the others
}

uint8_t
vpit_read(struct vpit *pit, uint16_t port)
{
	if (port < PIT_CH0 || port > PIT_CH2)
		return 0xFF;
	return pit_read_count(&pit->ch[port - PIT_CH0]);
}

void
vpit_write(struct vpit *pit, uint16_t port, uint8_t val)
{
	if (port == PIT_CMD)
		pit_control(pit, val);
	else if (port >= PIT_CH0 && port <= PIT_CH2)
		pit_write_count(pit, port - PIT_CH0, val);
}

static uint32_t
vpit_io_read(void *dev, uint16_t port, int size)
{
	(void)size;
	return vpit_read(dev, port);
}

static void
vpit_io_write(void *dev, uint16_t port, int size, uint32_t val)
{
	(void)size;
	vpit_write(dev, port, val);
}

int
vpit_attach(struct vpit *pit, struct iobus *bus)
{
	return iobus_register(bus, PIT_CH0, PIT_CMD - PIT_CH0 + 1, 1, "pit", pit, vpit_io_read,
			      vpit_io_write);
}
