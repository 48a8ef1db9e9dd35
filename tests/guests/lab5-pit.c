// lab5-pit.c: lab 5's test of the 8254: control words, the access modes, the counter latch
// command, and channel 0's terminal counts as IRQ 0 requests, as the monitor's virtual time
// (its host timer) lets the counters run. Timing is the host's: the checks ask only for
// what holds at any speed.
#include "pc/pic.h"
#include "pc/pit.h"
#include "tests/guests/lab5.h"
#include "tests/guests/tguest.h"
#include "x86/x86.h"

#define SPIN_LIMIT 200000          // port reads the guest waits at most for time to pass

static uint16_t
latched(int ch)
{
	outb(PIT_CMD, ch << 6 | PIT_ACCESS_LATCH);
	uint8_t lo = inb(PIT_CH0 + ch);
	return lo | inb(PIT_CH0 + ch) << 8;
}

static void
load(int ch, uint8_t mode, uint16_t count)
{
	outb(PIT_CMD, ch << 6 | PIT_ACCESS_LOHI | mode);
	outb(PIT_CH0 + ch, count & 0xFF);
	outb(PIT_CH0 + ch, count >> 8);
}

// Spins until channel 0 has reached a terminal count since the PIC's init (IRQ 0 in its
// IRR, masked); returns the port reads it took, or SPIN_LIMIT.
static int
wait_irq0(void)
{
	int n = 0;

	while (n < SPIN_LIMIT && !(lab5_pic_reg(PIC1_CMD, OCW3_READ_IRR) & 1))
		n++;
	return n;
}

static void
check_loads(void)
{
	load(2, PIT_MODE_RATE, 0x1234);
	uint16_t v = latched(2);
	tg_check(v > 0 && v <= 0x1234, "mode 2, count 0x1234: the latched count is at most 0x1234",
		 "read 0x%04x", v);
	load(1, PIT_MODE_SQUARE, 0x0FFF);
	v = latched(1);
	tg_check(v <= 0x0FFE && !(v & 1), "mode 3, count 0x0fff: counts by two, from 0x0ffe",
		 "read 0x%04x", v);
	outb(PIT_CMD, PIT_SEL_CH2 | PIT_ACCESS_LO | PIT_MODE_RATE);
	outb(PIT_CH2, 0x80);
	outb(PIT_CMD, PIT_SEL_CH2 | PIT_ACCESS_LATCH);
	v = inb(PIT_CH2);
	tg_check(v > 0 && v <= 0x80, "low byte only: count 0x80, one byte read", "read 0x%02x", v);
	for (int try = 0; try < 3; try++) {         // (a host tick may pass between the two)
		outb(PIT_CMD, PIT_SEL_CH2 | PIT_ACCESS_HI | PIT_MODE_RATE);
		outb(PIT_CH2, 0x12);
		outb(PIT_CMD, PIT_SEL_CH2 | PIT_ACCESS_LATCH);
		if ((v = inb(PIT_CH2)) >= 0x11 && v <= 0x12)
			break;
	}
	tg_check(v <= 0x12 && v >= 0x11, "high byte only: count 0x1200, its high byte read",
		 "read 0x%02x", v);
}

// BCD counting, and reads without a latch (lohi: low byte, then high byte).
static void
check_bcd_and_live(void)
{
	outb(PIT_CMD, PIT_SEL_CH2 | PIT_ACCESS_LOHI | PIT_MODE_RATE | PIT_BCD);
	outb(PIT_CH2, 0x00);
	outb(PIT_CH2, 0x10);                            // 1000, in BCD
	uint16_t v = latched(2);
	bool digits = (v & 0xF) <= 9 && (v >> 4 & 0xF) <= 9 && (v >> 8 & 0xF) <= 9 && v <= 0x1000;
	tg_check(digits && v > 0, "BCD: count 1000 reads as BCD digits, at most 0x1000",
		 "read 0x%04x", v);
	for (int try = 0; try < 3; try++) {         // (a host tick may pass between them)
		load(2, PIT_MODE_RATE, 0x3456);
		uint8_t lo = inb(PIT_CH2), hi = inb(PIT_CH2);
		if ((v = lo | hi << 8) > 0x3300 && v <= 0x3456)
			break;
	}
	tg_check(v > 0x3300 && v <= 0x3456, "a read without latch: low byte, then high",
		 "read 0x%04x", v);
}

// A count written while mode 2 counts waits for the period's end.
static void
check_reload(void)
{
	lab5_pic_init(0xFF, 0xFF);
	load(0, PIT_MODE_RATE, 60000);
	wait_irq0();
	outb(PIT_CH0, 100 & 0xFF);
	outb(PIT_CH0, 100 >> 8);
	uint16_t before = latched(0);
	lab5_pic_init(0xFF, 0xFF);
	wait_irq0();
	uint16_t after = latched(0);
	tg_check(before > 100 && after <= 100, "a new count waits for the terminal count, then "
		 "counts", "before 0x%04x, after 0x%04x", before, after);
}

// A latched value stays until read, whatever a second latch command or time do.
static void
check_latch(void)
{
	load(2, PIT_MODE_RATE, 0);                      // 0: 65536
	outb(PIT_CMD, PIT_SEL_CH2 | PIT_ACCESS_LATCH);
	uint8_t lo = inb(PIT_CH2);
	lab5_pic_init(0xFF, 0xFF);
	load(0, PIT_MODE_RATE, 2000);
	int spun = wait_irq0();
	outb(PIT_CMD, PIT_SEL_CH2 | PIT_ACCESS_LATCH);  // ignored: the high byte is unread
	uint16_t first = lo | inb(PIT_CH2) << 8, now = latched(2);
	tg_check(spun < SPIN_LIMIT, "channel 0 reached its terminal count: IRQ 0 requested",
		 "no request after %d port reads", spun);
	tg_check(first == 0 || first > 0xA000, "count 0 is 65536: latched at once, near 65536",
		 "latched 0x%04x", first);
	tg_check(now != first, "the latch held its value while time passed; a new latch differs",
		 "both 0x%04x", now);
}

// Terminal counts: each one requests IRQ 0 again, once acknowledged.
static void
check_ticks(void)
{
	int ticks = 0;

	outb(PIC1_DATA, 0xFE);
	for (int i = 0; i < 3; i++) {
		if (wait_irq0() >= SPIN_LIMIT)
			break;
		outb(PIC1_CMD, OCW3 | OCW3_POLL);
		ticks += inb(PIC1_CMD) == (PIC_POLL_INT | 0);
		outb(PIC1_CMD, OCW2_EOI);
	}
	tg_check(ticks == 3, "mode 2: IRQ 0 after every period, three times", "%d of 3", ticks);
	outb(PIC1_DATA, 0xFF);
}

void
lab5_pit(void)
{
	check_loads();
	check_bcd_and_live();
	check_latch();
	check_reload();
	check_ticks();
}
