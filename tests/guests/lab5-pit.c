// lab5-pit.c: lab 5's test of the 8254: control words, the access modes, the counter latch
// command, and channel 0's terminal counts as IRQ 0 requests, as the monitor's virtual time
// (its host timer) lets the counters run. Timing is the host's: the checks ask only for
// what holds at any speed.
#include "pc/pic.h"
#include "pc/pit.h"
#include "tests/guests/lab5.h"
#include "tests/guests/tguest.h"
#include "x86/x86.h"

#define SPIN_LIMIT 1000            // halts the guest waits at most for a timer interrupt

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

static volatile uint32_t ticks;

static void
tick_hook(struct tg_frame *f)
{
	if (f->vector != LAB5_VEC_MASTER)
		return;
	ticks++;
	outb(PIC1_CMD, OCW2_EOI);
}

// Halts until channel 0's next terminal count, its IRQ 0 delivered (virtual time passes at
// once while the vCPU halts). Returns false if none came in SPIN_LIMIT halts.
static bool
wait_tick(void)
{
	uint32_t from = ticks;

	for (int i = 0; i < SPIN_LIMIT && ticks == from; i++)
		__asm__ volatile("sti\n\thlt\n\tcli" : : : "memory");
	return ticks != from;
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

// A latched value stays until read, whatever a second latch command or time do.
static void
check_latch(void)
{
	load(2, PIT_MODE_RATE, 0);                      // 0: 65536
	outb(PIT_CMD, PIT_SEL_CH2 | PIT_ACCESS_LATCH);
	uint8_t lo = inb(PIT_CH2);
	bool came = wait_tick();
	outb(PIT_CMD, PIT_SEL_CH2 | PIT_ACCESS_LATCH);  // ignored: the high byte is unread
	uint16_t first = lo | inb(PIT_CH2) << 8, now = latched(2);
	tg_check(came, "channel 0's terminal count: IRQ 0", "no interrupt in %d halts",
		 SPIN_LIMIT);
	tg_check(first == 0 || first > 0xA000, "count 0 is 65536: latched at once, near 65536",
		 "latched 0x%04x", first);
	tg_check(now != first, "the latch held its value while time passed; a new latch differs",
		 "both 0x%04x", now);
}

// A count written while mode 2 counts waits for the period's end. (A host tick may end the
// period between the write and the latch: tried three times.)
static void
check_reload(void)
{
	uint16_t before = 0, after = 0;

	for (int try = 0; try < 3 && !(before > 100 && after <= 100); try++) {
		load(0, PIT_MODE_RATE, 60000);
		wait_tick();
		outb(PIT_CH0, 100 & 0xFF);
		outb(PIT_CH0, 100 >> 8);
		before = latched(0);
		wait_tick();
		after = latched(0);
	}
	tg_check(before > 100 && after <= 100, "a new count waits for the terminal count, then "
		 "counts", "before 0x%04x, after 0x%04x", before, after);
}

// Terminal counts: each one requests IRQ 0 again.
static void
check_ticks(void)
{
	uint32_t from = ticks;

	load(0, PIT_MODE_RATE, PIT_HZ / 1000);
	for (int i = 0; i < 3 && wait_tick(); i++)
		;
	tg_check(ticks - from == 3, "mode 2: IRQ 0 after every period, three times", "%u of 3",
		 (unsigned)(ticks - from));
}

void
lab5_pit(void)
{
	lab5_tables_load(tick_hook);
	lab5_pic_init(0xFE, 0xFF);
	check_loads();
	check_bcd_and_live();
	check_latch();
	check_reload();
	check_ticks();
}
