// lab5-pit.c: lab 5's test of the 8254, on a clock the guest drives (the monitor's
// clock=guest): the PIT counts only the input clocks the guest gives it at
// PORT_TESTDEV_CLOCK, so every value read is exact. Control words, the access modes, modes
// 0, 2 and 3 clock by clock, BCD, the counter latch, a count written while counting, and
// channel 0's terminal counts as IRQ 0 requests.
#include "pc/pic.h"
#include "pc/pit.h"
#include "tests/guests/lab5.h"
#include "tests/guests/tguest.h"
#include "vmm/dev/debug.h"
#include "x86/x86.h"

static volatile uint32_t ticks;

static void
tick_hook(struct tg_frame *f)
{
	if (f->vector != LAB5_VEC_MASTER)
		return;
	ticks++;
	outb(PIC1_CMD, OCW2_EOI);
}

// Lets `clocks` PIT input clocks pass, with interrupts enabled around it: channel 0's IRQ 0,
// if a terminal count raised it, arrives right after.
static void
advance(uint32_t clocks)
{
	__asm__ volatile("sti\n\tnop\n\toutl %0, %w1\n\tnop\n\tcli"
			 : : "a"(clocks), "Nd"(PORT_TESTDEV_CLOCK) : "memory");
}

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

// Checks the latched count of channel ch after each step of `clocks` clocks.
static void
check_steps(int ch, const uint16_t *want, int n, uint32_t clocks, const char *what)
{
	int bad = -1;
	uint16_t got = 0;

	for (int i = 0; i < n && bad < 0; i++) {
		if (i > 0)
			advance(clocks);
		if ((got = latched(ch)) != want[i])
			bad = i;
	}
	tg_check(bad < 0, what, "after %d clocks read 0x%04x, expected 0x%04x",
		 bad * (int)clocks, got, bad < 0 ? 0 : want[bad]);
}

// Mode 2 counts period..1, then the period again; mode 3 by two, twice a period.
static void
check_modes(void)
{
	static const uint16_t rate[] = { 1000, 999, 998 }, square5[] = { 4, 2, 0, 4, 2, 4 },
		square6[] = { 6, 4, 2, 6, 4, 2, 6 }, oneshot[] = { 10, 6, 2, 0xFFFE, 0xFFFA };

	load(2, PIT_MODE_RATE, 1000);
	check_steps(2, rate, 3, 1, "mode 2, count 1000: 1000, 999, 998 clock by clock");
	advance(997);
	tg_check_eq(latched(2), 1, "mode 2: 1 at the end of the period");
	advance(1);
	tg_check_eq(latched(2), 1000, "mode 2: the period again after the terminal count");
	advance(2500);
	tg_check_eq(latched(2), 500, "mode 2: 2500 clocks later, half a period in");
	load(1, PIT_MODE_SQUARE, 5);
	check_steps(1, square5, 6, 1, "mode 3, count 5: 4, 2, 0 high, 4, 2 low, 4");
	load(1, PIT_MODE_SQUARE, 6);
	check_steps(1, square6, 7, 1, "mode 3, count 6: 6, 4, 2 twice a period");
	load(2, PIT_MODE_TERMINAL, 10);
	check_steps(2, oneshot, 5, 4, "mode 0, count 10: down by 4s, on past zero");
	outb(PIT_CMD, PIT_SEL_CH2 | PIT_ACCESS_LOHI | 0x02);   // mode 1: waits for its gate
	outb(PIT_CH2, 100);
	outb(PIT_CH2, 0);
	advance(10);
	tg_check_eq(latched(2), 100, "mode 1 waits for a gate trigger that never comes");
}

// A count of 0 (65536, or 10000 in BCD), BCD counting, and the low- and high-byte modes.
static void
check_counts(void)
{
	static const uint16_t bcd[] = { 0x1000, 0x0999, 0x0998 };

	load(2, PIT_MODE_RATE, 0);
	tg_check_eq(latched(2), 0, "count 0: 65536, read as 0");
	advance(1);
	tg_check_eq(latched(2), 0xFFFF, "count 0: 65535 one clock later");
	outb(PIT_CMD, PIT_SEL_CH2 | PIT_ACCESS_LOHI | PIT_MODE_RATE | PIT_BCD);
	outb(PIT_CH2, 0x00);
	outb(PIT_CH2, 0x10);
	check_steps(2, bcd, 3, 1, "BCD, count 1000: 1000, 999, 998 in BCD digits");
	advance(998);
	tg_check_eq(latched(2), 0x1000, "BCD: the period again after 1000 clocks");
	load(2, PIT_MODE_RATE | PIT_BCD, 0);
	advance(1);
	tg_check_eq(latched(2), 0x9999, "BCD count 0: 10000, then 9999");
	outb(PIT_CMD, PIT_SEL_CH2 | PIT_ACCESS_LO | PIT_MODE_RATE);
	outb(PIT_CH2, 0x80);
	advance(0x10);
	tg_check_eq(inb(PIT_CH2), 0x70, "low byte only: count 0x80, 16 clocks later one byte");
	outb(PIT_CMD, PIT_SEL_CH2 | PIT_ACCESS_HI | PIT_MODE_RATE);
	outb(PIT_CH2, 0x12);
	advance(0x101);
	tg_check_eq(inb(PIT_CH2), 0x10, "high byte only: count 0x1200, 0x101 clocks later");
}

// Reads with and without the latch.
static void
check_reads(void)
{
	load(2, PIT_MODE_RATE, 0x3456);
	advance(0x56);
	uint8_t lo = inb(PIT_CH2);
	uint8_t hi = inb(PIT_CH2);
	tg_check_eq(lo | hi << 8, 0x3400, "a read without latch: low byte, then high");
	advance(0x100);
	lo = inb(PIT_CH2);
	hi = inb(PIT_CH2);
	tg_check_eq(lo | hi << 8, 0x3300, "and again: low, high");
	load(2, PIT_MODE_RATE, 0x2000);
	advance(0x10);
	outb(PIT_CMD, PIT_SEL_CH2 | PIT_ACCESS_LATCH);
	lo = inb(PIT_CH2);
	advance(0x100);
	outb(PIT_CMD, PIT_SEL_CH2 | PIT_ACCESS_LATCH);  // ignored: the high byte is unread
	hi = inb(PIT_CH2);
	tg_check_eq(lo | hi << 8, 0x1FF0, "the latch holds its value while time passes");
	tg_check_eq(latched(2), 0x1EF0, "a new latch after both bytes: the count now");
	lo = inb(PIT_CH2);
	hi = inb(PIT_CH2);
	tg_check_eq(lo | hi << 8, 0x1EF0, "no latch left: the live count");
}

// A count written while mode 2 counts waits for the period's end; each terminal count of
// channel 0 requests IRQ 0, once however many passed in one step; mode 0 requests it once.
static void
check_channel0(void)
{
	uint32_t from = ticks;

	load(0, PIT_MODE_RATE, 1000);
	advance(300);
	outb(PIT_CH0, 300 & 0xFF);
	outb(PIT_CH0, 300 >> 8);
	tg_check_eq(latched(0), 700, "a count written while counting: the period goes on");
	tg_check_eq(ticks - from, 0, "no terminal count yet: no IRQ 0");
	advance(700);
	tg_check_eq(ticks - from, 1, "the terminal count: IRQ 0");
	tg_check_eq(latched(0), 300, "then the new count");
	advance(300);
	tg_check_eq(ticks - from, 2, "a period later: IRQ 0 again, the new count again");
	advance(750);
	tg_check_eq(ticks - from, 3, "two periods and a half in one step: one IRQ 0 (an edge)");
	tg_check_eq(latched(0), 150, "and the count half a period in");
	load(0, PIT_MODE_TERMINAL, 100);
	advance(99);
	tg_check_eq(ticks - from, 3, "mode 0, count 100: nothing after 99 clocks");
	advance(1);
	tg_check_eq(ticks - from, 4, "IRQ 0 at the terminal count");
	advance(70000);
	tg_check_eq(ticks - from, 4, "and never again: OUT stays high");
	outb(PIT_CH0, 50);                              // a new count, no control word
	outb(PIT_CH0, 0);
	advance(50);
	tg_check_eq(ticks - from, 5, "a new count in mode 0: OUT low, IRQ 0 again at its end");
}

void
lab5_pit(void)
{
	lab5_tables_load(tick_hook);
	lab5_pic_init(0xFE, 0xFF);
	check_modes();
	check_counts();
	check_reads();
	check_channel0();
}
