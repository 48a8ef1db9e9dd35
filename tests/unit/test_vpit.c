// test_vpit.c: the virtual 8254: programming as drivers do it, periods, counter reads and
// latches, the access modes, modes 0, 2 and 3, and IRQ 0 edges on the virtual PIC.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "pc/pic.h"
#include "pc/pit.h"
#include "vmm/dev/iobus.h"
#include "vmm/dev/vpic.h"
#include "vmm/dev/vpit.h"

#define HZ100 ((PIT_HZ + 50) / 100)     // 11932: the divisor for 100 Hz

static struct vpic pic;
static struct vpit pit;

static int
setup(void **state)
{
	(void)state;
	vpic_reset(&pic);
	vpit_reset(&pit, &pic);
	vpic_write(&pic, PIC1_DATA, 0xFE);      // only IRQ 0 unmasked
	return 0;
}

static void
program(uint8_t cmd, uint16_t count)
{
	vpit_write(&pit, PIT_CMD, cmd);
	vpit_write(&pit, PIT_CH0, count & 0xFF);
	vpit_write(&pit, PIT_CH0, count >> 8);
}

// Counter latch command, then the two bytes of a lohi read.
static uint16_t
latch_read(int ch)
{
	vpit_write(&pit, PIT_CMD, (ch << 6) | PIT_ACCESS_LATCH);
	uint8_t lo = vpit_read(&pit, PIT_CH0 + ch);
	return lo | vpit_read(&pit, PIT_CH0 + ch) << 8;
}

// One IRQ 0 delivered and ended, as the guest's handler would.
static void
expect_tick(void)
{
	assert_int_equal(vpic_ack(&pic), PIC1_BIOS_VECTOR + PIT_IRQ);
	vpic_write(&pic, PIC1_CMD, OCW2_EOI);
}

static void
test_reset_ticks_at_18_2_hz(void **state)
{
	(void)state;
	assert_int_equal(vpit_advance(&pit, 65535), 0);
	assert_int_equal(vpic_pending(&pic), -1);
	assert_int_equal(vpit_advance(&pit, 1), 1);
	expect_tick();
}

// The host kernel's timer_init: mode 2, lohi, 100 Hz.
static void
test_mode2_period(void **state)
{
	(void)state;
	program(PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_RATE, HZ100);
	assert_int_equal(vpit_advance(&pit, HZ100 - 1), 0);
	assert_int_equal(vpic_pending(&pic), -1);
	assert_int_equal(vpit_advance(&pit, 1), 1);
	expect_tick();
	assert_int_equal(vpit_advance(&pit, HZ100), 1);
	expect_tick();
	assert_int_equal(pit.ch[0].expiries, 2);
}

// Ten periods in one advance: ten terminal counts, but one request in the PIC's IRR.
static void
test_many_expiries_in_one_advance(void **state)
{
	(void)state;
	program(PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_RATE, 1000);
	assert_int_equal(vpit_advance(&pit, 10 * 1000 + 5), 10);
	expect_tick();
	assert_int_equal(vpic_pending(&pic), -1);
	assert_int_equal(latch_read(0), 1000 - 5);
	assert_int_equal(vpit_advance(&pit, 0xFFFFFFFFu), 4294967);
}

static void
test_mode2_counter_reads_down_from_count(void **state)
{
	(void)state;
	program(PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_RATE, 5000);
	assert_int_equal(latch_read(0), 5000);
	vpit_advance(&pit, 1234);
	assert_int_equal(latch_read(0), 5000 - 1234);
	vpit_advance(&pit, 5000 - 1234 - 1);
	assert_int_equal(latch_read(0), 1);     // mode 2 counts N..1, never 0
	vpit_advance(&pit, 1);
	assert_int_equal(latch_read(0), 5000);
}

// Latched once, the value stays for the read; a second latch before it is ignored.
static void
test_latch_holds_value(void **state)
{
	(void)state;
	program(PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_RATE, 5000);
	vpit_advance(&pit, 100);
	vpit_write(&pit, PIT_CMD, PIT_SEL_CH0 | PIT_ACCESS_LATCH);
	vpit_advance(&pit, 100);
	vpit_write(&pit, PIT_CMD, PIT_SEL_CH0 | PIT_ACCESS_LATCH);
	assert_int_equal(vpit_read(&pit, PIT_CH0), (4900 & 0xFF));
	vpit_advance(&pit, 100);
	assert_int_equal(vpit_read(&pit, PIT_CH0), 4900 >> 8);
	assert_int_equal(latch_read(0), 4700);
}

// Without a latch, a lohi counter reads low then high byte of the count as it runs.
static void
test_unlatched_lohi_reads_alternate(void **state)
{
	(void)state;
	program(PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_RATE, 0x1234);
	assert_int_equal(vpit_read(&pit, PIT_CH0), 0x34);
	assert_int_equal(vpit_read(&pit, PIT_CH0), 0x12);
	vpit_advance(&pit, 0x34);
	assert_int_equal(vpit_read(&pit, PIT_CH0), 0x00);
	assert_int_equal(vpit_read(&pit, PIT_CH0), 0x12);
}

static void
test_lo_only_and_hi_only_access(void **state)
{
	(void)state;
	vpit_write(&pit, PIT_CMD, PIT_SEL_CH0 | PIT_ACCESS_LO | PIT_MODE_RATE);
	vpit_write(&pit, PIT_CH0, 0x80);
	assert_int_equal(vpit_advance(&pit, 0x80 * 3), 3);
	vpit_advance(&pit, 0x10);
	assert_int_equal(vpit_read(&pit, PIT_CH0), 0x70);
	assert_int_equal(vpit_read(&pit, PIT_CH0), 0x70);       // no flip-flop
	vpit_write(&pit, PIT_CMD, PIT_SEL_CH0 | PIT_ACCESS_HI | PIT_MODE_RATE);
	vpit_write(&pit, PIT_CH0, 0x02);
	assert_int_equal(vpit_advance(&pit, 0x200), 1);
	vpit_advance(&pit, 0x100);
	assert_int_equal(vpit_read(&pit, PIT_CH0), 0x01);
}

// Mode 3: the same period as mode 2, the count going down by 2 in each half.
static void
test_mode3_square_wave(void **state)
{
	(void)state;
	program(PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_SQUARE, 1000);
	assert_int_equal(vpit_advance(&pit, 100), 0);
	assert_int_equal(latch_read(0), 800);
	assert_int_equal(vpit_advance(&pit, 500), 0);       // 100 clocks into the low half
	assert_int_equal(latch_read(0), 800);
	assert_int_equal(vpit_advance(&pit, 400), 1);
	expect_tick();
	assert_int_equal(vpit_advance(&pit, 3000), 3);
	vpit_write(&pit, PIT_CMD, PIT_SEL_CH0 | PIT_ACCESS_LOHI | (7 << 1));  // 7: mode 3
	assert_int_equal(pit.ch[0].mode, 3);
}

// Mode 0: OUT low from the control word, high once at the terminal count, then the count
// wraps on without another interrupt.
static void
test_mode0_one_shot(void **state)
{
	(void)state;
	program(PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_TERMINAL, 300);
	assert_int_equal(vpit_advance(&pit, 299), 0);
	assert_int_equal(vpic_pending(&pic), -1);
	assert_int_equal(vpit_advance(&pit, 1), 1);
	expect_tick();
	assert_int_equal(vpit_advance(&pit, 70000), 0);
	assert_int_equal(vpic_pending(&pic), -1);
	assert_int_equal(latch_read(0), (uint16_t)(300 - 70300));
	program(PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_TERMINAL, 10);     // rearm
	assert_int_equal(vpit_advance(&pit, 10), 1);
	expect_tick();
}

// Mode 0, lohi: the first byte stops the count, the second loads and restarts it.
static void
test_mode0_first_byte_stops_count(void **state)
{
	(void)state;
	program(PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_TERMINAL, 300);
	vpit_advance(&pit, 100);
	vpit_write(&pit, PIT_CH0, 50);
	assert_int_equal(vpit_advance(&pit, 1000), 0);
	vpit_write(&pit, PIT_CH0, 0);
	assert_int_equal(latch_read(0), 50);
	assert_int_equal(vpit_advance(&pit, 50), 1);
}

// Modes 2 and 3: a new count takes effect at the end of the current period.
static void
test_new_count_waits_for_period_end(void **state)
{
	(void)state;
	program(PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_RATE, 1000);
	vpit_advance(&pit, 400);
	vpit_write(&pit, PIT_CH0, 100);
	vpit_write(&pit, PIT_CH0, 0);
	assert_int_equal(vpit_advance(&pit, 599), 0);
	assert_int_equal(vpit_advance(&pit, 1 + 100 * 5), 6);
	assert_int_equal(pit.ch[0].period, 100);
}

// A count of 0 is the largest: 65536 in binary, 10000 in BCD; BCD counts read in BCD.
static void
test_zero_count_and_bcd(void **state)
{
	(void)state;
	program(PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_RATE, 0);
	assert_int_equal(vpit_advance(&pit, 65535), 0);
	assert_int_equal(vpit_advance(&pit, 1), 1);
	program(PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_RATE | PIT_BCD, 0x1000);
	vpit_advance(&pit, 1);
	assert_int_equal(latch_read(0), 0x0999);
	assert_int_equal(vpit_advance(&pit, 999), 1);
	program(PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_RATE | PIT_BCD, 0);
	assert_int_equal(vpit_advance(&pit, 9999), 0);
	assert_int_equal(vpit_advance(&pit, 1), 1);
}

// Channel 2 counts too but interrupts nobody; modes 1 and 5 wait for a gate edge.
static void
test_other_channels_and_gated_modes(void **state)
{
	(void)state;
	program(PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_TERMINAL, 0);
	vpit_write(&pit, PIT_CMD, PIT_SEL_CH2 | PIT_ACCESS_LOHI | PIT_MODE_RATE);
	vpit_write(&pit, PIT_CH2, 100);
	vpit_write(&pit, PIT_CH2, 0);
	assert_int_equal(vpit_advance(&pit, 250), 0);
	assert_int_equal(pit.ch[2].expiries, 2);
	assert_int_equal(latch_read(2), 50);
	assert_int_equal(vpic_pending(&pic), -1);
	program(PIT_SEL_CH0 | PIT_ACCESS_LOHI | (1 << 1), 10);      // mode 1
	assert_int_equal(vpit_advance(&pit, 100), 0);
	assert_int_equal(vpit_read(&pit, PIT_CMD), 0xFF);
	vpit_write(&pit, PIT_CMD, PIT_SEL_READBACK | 0x3E);         // ignored
	assert_int_equal(pit.ch[0].mode, 1);
}

static void
test_ports_through_the_bus(void **state)
{
	(void)state;
	struct iobus bus;

	iobus_init(&bus);
	assert_int_equal(vpit_attach(&pit, &bus), 0);
	iobus_write(&bus, PIT_CMD, 1, PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_RATE);
	iobus_write(&bus, PIT_CH0, 1, 200);
	iobus_write(&bus, PIT_CH0, 1, 0);
	vpit_advance(&pit, 50);
	iobus_write(&bus, PIT_CMD, 1, PIT_SEL_CH0 | PIT_ACCESS_LATCH);
	assert_int_equal(iobus_read(&bus, PIT_CH0, 1), 150);
	assert_int_equal(iobus_read(&bus, PIT_CH0, 1), 0);
	assert_int_equal(bus.unclaimed_reads + bus.unclaimed_writes, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_reset_ticks_at_18_2_hz, setup),
		cmocka_unit_test_setup(test_mode2_period, setup),
		cmocka_unit_test_setup(test_many_expiries_in_one_advance, setup),
		cmocka_unit_test_setup(test_mode2_counter_reads_down_from_count, setup),
		cmocka_unit_test_setup(test_latch_holds_value, setup),
		cmocka_unit_test_setup(test_unlatched_lohi_reads_alternate, setup),
		cmocka_unit_test_setup(test_lo_only_and_hi_only_access, setup),
		cmocka_unit_test_setup(test_mode3_square_wave, setup),
		cmocka_unit_test_setup(test_mode0_one_shot, setup),
		cmocka_unit_test_setup(test_mode0_first_byte_stops_count, setup),
		cmocka_unit_test_setup(test_new_count_waits_for_period_end, setup),
		cmocka_unit_test_setup(test_zero_count_and_bcd, setup),
		cmocka_unit_test_setup(test_other_channels_and_gated_modes, setup),
		cmocka_unit_test_setup(test_ports_through_the_bus, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
