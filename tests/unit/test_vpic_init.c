// test_vpic_init.c: programming the virtual 8259A pair: its state at reset, the ICW1..ICW4
// sequences and the modes they select (single, level-triggered, special fully nested,
// auto-EOI), re-initialisation, and its ports on the I/O bus.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "tests/unit/vpic_fixture.h"
#include "vmm/dev/iobus.h"

static void
test_reset_is_bios_state_all_masked(void **state)
{
	(void)state;
	vpic_reset(&pic);
	assert_int_equal(vpic_read(&pic, PIC1_DATA), 0xFF);
	assert_int_equal(vpic_read(&pic, PIC2_DATA), 0xFF);
	vpic_raise(&pic, 0);
	assert_int_equal(vpic_pending(&pic), -1);
	vpic_write(&pic, PIC1_DATA, 0xFE);
	assert_int_equal(vpic_pending(&pic), PIC1_BIOS_VECTOR);
}

// ICW1 clears the IMR (data sheet); the vector base comes from ICW2.
static void
test_init_sets_vectors_and_clears_mask(void **state)
{
	(void)state;
	assert_int_equal(vpic_read(&pic, PIC1_DATA), 0);
	assert_int_equal(vpic_read(&pic, PIC2_DATA), 0);
	vpic_raise(&pic, 4);
	assert_int_equal(vpic_pending(&pic), BASE1 + 4);
	assert_int_equal(vpic_ack(&pic), BASE1 + 4);
	assert_int_equal(read_isr(PIC1_CMD), 1u << 4);
	assert_int_equal(read_irr(PIC1_CMD), 0);
}

// ICW2's low 3 bits are the IR number in 8086 mode, whatever was written there.
static void
test_icw2_low_bits_ignored(void **state)
{
	(void)state;
	vpic_write(&pic, PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	vpic_write(&pic, PIC1_DATA, 0x47);
	vpic_write(&pic, PIC1_DATA, 1u << PIC_CASCADE_IRQ);
	vpic_write(&pic, PIC1_DATA, ICW4_8086);
	vpic_raise(&pic, 1);
	assert_int_equal(vpic_ack(&pic), 0x41);
}

// A single chip without ICW4: ICW2 is the last ICW, the next data write is the IMR.
static void
test_single_mode_skips_icw3_and_icw4(void **state)
{
	(void)state;
	vpic_write(&pic, PIC1_CMD, ICW1_INIT | ICW1_SNGL);
	vpic_write(&pic, PIC1_DATA, 0x50);
	vpic_write(&pic, PIC1_DATA, 0xF0);
	assert_int_equal(vpic_read(&pic, PIC1_DATA), 0xF0);
	vpic_raise(&pic, 2);                    // no cascade in single mode: IR2 is its own
	vpic_raise(&pic, 10);
	assert_int_equal(vpic_ack(&pic), 0x52);
}

// Level-triggered (ICW1.LTIM): the request lasts while the line is high, even after EOI.
static void
test_level_triggered_requests(void **state)
{
	(void)state;
	vpic_write(&pic, PIC1_CMD, ICW1_INIT | ICW1_ICW4 | ICW1_LTIM);
	vpic_write(&pic, PIC1_DATA, BASE1);
	vpic_write(&pic, PIC1_DATA, 1u << PIC_CASCADE_IRQ);
	vpic_write(&pic, PIC1_DATA, ICW4_8086);
	vpic_raise(&pic, 5);
	assert_int_equal(vpic_ack(&pic), BASE1 + 5);
	vpic_write(&pic, PIC1_CMD, OCW2_EOI);
	assert_int_equal(vpic_ack(&pic), BASE1 + 5);
	vpic_write(&pic, PIC1_CMD, OCW2_EOI);
	vpic_lower(&pic, 5);
	assert_int_equal(vpic_pending(&pic), -1);
}

// Fully nested mode: a higher slave IRQ waits while a lower one is in service on the
// master's IR2; special fully nested mode (ICW4.SFNM on the master) lets it through.
static void
test_special_fully_nested_mode(void **state)
{
	(void)state;
	vpic_raise(&pic, 13);
	assert_int_equal(vpic_ack(&pic), BASE2 + 5);
	vpic_write(&pic, PIC2_CMD, OCW2_EOI);   // slave done, master's IR2 still in service
	vpic_raise(&pic, 9);
	assert_int_equal(vpic_pending(&pic), -1);
	vpic_lower(&pic, 13);
	vpic_lower(&pic, 9);
	init_pair(ICW4_8086 | ICW4_SFNM);
	vpic_raise(&pic, 13);
	assert_int_equal(vpic_ack(&pic), BASE2 + 5);
	vpic_write(&pic, PIC2_CMD, OCW2_EOI);
	vpic_raise(&pic, 9);
	assert_int_equal(vpic_ack(&pic), BASE2 + 1);
}

// Auto-EOI (xv6 sets ICW4 = 3): INTA leaves nothing in service.
static void
test_auto_eoi(void **state)
{
	(void)state;
	init_pair(ICW4_8086 | ICW4_AEOI);
	vpic_raise(&pic, 1);
	assert_int_equal(vpic_ack(&pic), BASE1 + 1);
	assert_int_equal(read_isr(PIC1_CMD), 0);
	vpic_raise(&pic, 3);
	assert_int_equal(vpic_ack(&pic), BASE1 + 3);    // not blocked by IRQ 1
	vpic_raise(&pic, 10);
	assert_int_equal(vpic_ack(&pic), BASE2 + 2);
	assert_int_equal(read_isr(PIC1_CMD) | read_isr(PIC2_CMD), 0);
}

// Re-initialising forgets requests; a line still high must fall and rise again.
static void
test_reinit_clears_requests(void **state)
{
	(void)state;
	vpic_raise(&pic, 3);
	vpic_raise(&pic, 4);
	vpic_ack(&pic);
	init_pair(ICW4_8086);
	assert_int_equal(read_isr(PIC1_CMD) | read_irr(PIC1_CMD), 0);
	vpic_raise(&pic, 4);
	assert_int_equal(vpic_pending(&pic), -1);
	vpic_lower(&pic, 4);
	vpic_raise(&pic, 4);
	assert_int_equal(vpic_pending(&pic), BASE1 + 4);
}

static void
test_ports_through_the_bus(void **state)
{
	(void)state;
	struct iobus bus;

	iobus_init(&bus);
	vpic_reset(&pic);
	assert_int_equal(vpic_attach(&pic, &bus), 0);
	iobus_write(&bus, PIC2_CMD, 1, ICW1_INIT | ICW1_ICW4);
	iobus_write(&bus, PIC2_DATA, 1, 0x90);
	iobus_write(&bus, PIC2_DATA, 1, PIC_CASCADE_IRQ);
	iobus_write(&bus, PIC2_DATA, 1, ICW4_8086);
	iobus_write(&bus, PIC1_DATA, 1, 0);
	vpic_raise(&pic, 8);
	assert_int_equal(vpic_ack(&pic), 0x90);
	assert_int_equal(iobus_read(&bus, PIC2_DATA, 1), 0);
	assert_int_equal(bus.unclaimed_reads + bus.unclaimed_writes, 0);
	assert_int_not_equal(vpic_attach(&pic, &bus), 0);      // ports already taken
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_reset_is_bios_state_all_masked, setup),
		cmocka_unit_test_setup(test_init_sets_vectors_and_clears_mask, setup),
		cmocka_unit_test_setup(test_icw2_low_bits_ignored, setup),
		cmocka_unit_test_setup(test_single_mode_skips_icw3_and_icw4, setup),
		cmocka_unit_test_setup(test_level_triggered_requests, setup),
		cmocka_unit_test_setup(test_special_fully_nested_mode, setup),
		cmocka_unit_test_setup(test_auto_eoi, setup),
		cmocka_unit_test_setup(test_reinit_clears_requests, setup),
		cmocka_unit_test_setup(test_ports_through_the_bus, setup),
	};
	return cmocka_run_group_tests_name("vpic: initialization", tests, NULL, NULL);
}
