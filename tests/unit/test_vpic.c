// test_vpic.c: the virtual 8259A pair as guest drivers program it: init sequences,
// priorities, masking, EOI forms, the cascade, spurious interrupts, poll and special modes.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "pc/pic.h"
#include "vmm/dev/iobus.h"
#include "vmm/dev/vpic.h"

#define BASE1 0x20
#define BASE2 0x28

static struct vpic pic;

// Both chips as Linux's init_8259A (auto_eoi = 0) and our host kernel program them.
static void
init_pair(uint8_t icw4)
{
	vpic_write(&pic, PIC1_DATA, 0xFF);
	vpic_write(&pic, PIC2_DATA, 0xFF);
	vpic_write(&pic, PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	vpic_write(&pic, PIC1_DATA, BASE1);
	vpic_write(&pic, PIC1_DATA, 1u << PIC_CASCADE_IRQ);
	vpic_write(&pic, PIC1_DATA, icw4);
	vpic_write(&pic, PIC2_CMD, ICW1_INIT | ICW1_ICW4);
	vpic_write(&pic, PIC2_DATA, BASE2);
	vpic_write(&pic, PIC2_DATA, PIC_CASCADE_IRQ);
	vpic_write(&pic, PIC2_DATA, icw4);
}

static int
setup(void **state)
{
	(void)state;
	vpic_reset(&pic);
	init_pair(ICW4_8086);
	return 0;
}

static uint8_t
read_isr(uint16_t cmd)
{
	vpic_write(&pic, cmd, OCW3_READ_ISR);
	return vpic_read(&pic, cmd);
}

static uint8_t
read_irr(uint16_t cmd)
{
	vpic_write(&pic, cmd, OCW3_READ_IRR);
	return vpic_read(&pic, cmd);
}

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

static void
test_lower_number_wins_and_in_service_blocks_lower(void **state)
{
	(void)state;
	vpic_raise(&pic, 3);
	vpic_raise(&pic, 1);
	assert_int_equal(vpic_ack(&pic), BASE1 + 1);
	assert_int_equal(vpic_pending(&pic), -1);      // IRQ 3 waits for IRQ 1's EOI
	vpic_raise(&pic, 0);
	assert_int_equal(vpic_ack(&pic), BASE1 + 0);   // IRQ 0 nests over IRQ 1
	vpic_write(&pic, PIC1_CMD, OCW2_EOI);          // ends IRQ 0, the highest in service
	assert_int_equal(read_isr(PIC1_CMD), 1u << 1);
	assert_int_equal(vpic_pending(&pic), -1);
	vpic_write(&pic, PIC1_CMD, OCW2_EOI);
	assert_int_equal(vpic_ack(&pic), BASE1 + 3);
}

static void
test_masked_request_waits_in_irr(void **state)
{
	(void)state;
	vpic_write(&pic, PIC1_DATA, 1u << 5);
	vpic_raise(&pic, 5);
	assert_int_equal(vpic_pending(&pic), -1);
	assert_int_equal(read_irr(PIC1_CMD), 1u << 5);
	vpic_write(&pic, PIC1_DATA, 0);
	assert_int_equal(vpic_pending(&pic), BASE1 + 5);
}

// Edge-triggered: one request per rising edge, kept until INTA even if the line falls.
static void
test_edge_triggered_requests(void **state)
{
	(void)state;
	vpic_raise(&pic, 6);
	vpic_lower(&pic, 6);
	assert_int_equal(vpic_ack(&pic), BASE1 + 6);
	vpic_write(&pic, PIC1_CMD, OCW2_EOI);
	vpic_raise(&pic, 6);
	assert_int_equal(vpic_ack(&pic), BASE1 + 6);
	vpic_write(&pic, PIC1_CMD, OCW2_EOI);
	vpic_raise(&pic, 6);                    // still high: no new edge
	assert_int_equal(vpic_pending(&pic), -1);
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

// The slave's IRQs rank at the master's IR2: above IRQ 3, below IRQ 1.
static void
test_slave_irq_through_cascade(void **state)
{
	(void)state;
	vpic_raise(&pic, 3);
	vpic_raise(&pic, 12);
	assert_int_equal(vpic_pending(&pic), BASE2 + 4);
	assert_int_equal(vpic_ack(&pic), BASE2 + 4);
	assert_int_equal(read_isr(PIC1_CMD), 1u << PIC_CASCADE_IRQ);
	assert_int_equal(read_isr(PIC2_CMD), 1u << 4);
	vpic_raise(&pic, 1);
	assert_int_equal(vpic_ack(&pic), BASE1 + 1);
	vpic_write(&pic, PIC1_CMD, OCW2_EOI);
	vpic_write(&pic, PIC2_CMD, OCW2_EOI);   // a driver ends a slave IRQ on both chips
	vpic_write(&pic, PIC1_CMD, OCW2_EOI);
	assert_int_equal(read_isr(PIC1_CMD) | read_isr(PIC2_CMD), 0);
	assert_int_equal(vpic_ack(&pic), BASE1 + 3);
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

// INTA when the request has gone (masked after INTR was raised): the master answers with
// IR7's vector and sets no ISR bit, which is how a driver tells it is spurious.
static void
test_spurious_irq7(void **state)
{
	(void)state;
	vpic_raise(&pic, 5);
	assert_int_equal(vpic_pending(&pic), BASE1 + 5);
	vpic_write(&pic, PIC1_DATA, 1u << 5);
	assert_int_equal(vpic_ack(&pic), BASE1 + 7);
	assert_int_equal(read_isr(PIC1_CMD), 0);
	assert_int_equal(vpic_ack(&pic), BASE1 + 7);    // INTA with nothing at all: the same
}

// The slave's request vanished between the master's and the slave's INTA pulse: the slave
// answers IR7 (IRQ 15) with its ISR clear, the master's IR2 is in service and needs EOI.
static void
test_spurious_irq15(void **state)
{
	(void)state;
	pic.master.irr |= 1u << PIC_CASCADE_IRQ;
	assert_int_equal(vpic_pending(&pic), BASE2 + 7);
	assert_int_equal(vpic_ack(&pic), BASE2 + 7);
	assert_int_equal(read_isr(PIC2_CMD), 0);
	assert_int_equal(read_isr(PIC1_CMD), 1u << PIC_CASCADE_IRQ);
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

static void
test_specific_eoi(void **state)
{
	(void)state;
	vpic_raise(&pic, 4);
	vpic_raise(&pic, 0);
	vpic_ack(&pic);
	vpic_lower(&pic, 4);
	vpic_write(&pic, PIC1_CMD, OCW2_SPECIFIC_EOI | 0);
	vpic_ack(&pic);
	vpic_raise(&pic, 0);
	vpic_lower(&pic, 0);
	vpic_raise(&pic, 0);
	vpic_ack(&pic);
	assert_int_equal(read_isr(PIC1_CMD), 0x11);
	vpic_write(&pic, PIC1_CMD, OCW2_SPECIFIC_EOI | 4);     // not the highest: still ended
	assert_int_equal(read_isr(PIC1_CMD), 0x01);
}

// Rotation: the level just served becomes the lowest priority.
static void
test_rotate_on_eoi_and_set_priority(void **state)
{
	(void)state;
	vpic_raise(&pic, 0);
	assert_int_equal(vpic_ack(&pic), BASE1 + 0);
	vpic_write(&pic, PIC1_CMD, OCW2_ROTATE_EOI);    // IR0 lowest, IR1 highest
	vpic_lower(&pic, 0);
	vpic_raise(&pic, 0);
	vpic_raise(&pic, 1);
	vpic_raise(&pic, 6);
	assert_int_equal(vpic_ack(&pic), BASE1 + 1);
	vpic_write(&pic, PIC1_CMD, OCW2_EOI);
	assert_int_equal(vpic_ack(&pic), BASE1 + 6);
	vpic_write(&pic, PIC1_CMD, OCW2_EOI);
	vpic_write(&pic, PIC1_CMD, OCW2_SET_PRIORITY | 5);    // IR6 highest again
	vpic_lower(&pic, 6);
	vpic_raise(&pic, 6);
	vpic_raise(&pic, 5);
	assert_int_equal(vpic_ack(&pic), BASE1 + 6);
	vpic_write(&pic, PIC1_CMD, OCW2_ROTATE_SPECIFIC_EOI | 6);   // IR7 highest now
	vpic_raise(&pic, 7);
	assert_int_equal(vpic_ack(&pic), BASE1 + 7);
}

static void
test_rotate_in_auto_eoi_mode(void **state)
{
	(void)state;
	init_pair(ICW4_8086 | ICW4_AEOI);
	vpic_write(&pic, PIC1_CMD, OCW2_ROTATE_AEOI_SET);
	vpic_raise(&pic, 1);
	assert_int_equal(vpic_ack(&pic), BASE1 + 1);
	vpic_lower(&pic, 1);
	vpic_raise(&pic, 1);
	vpic_raise(&pic, 4);
	assert_int_equal(vpic_ack(&pic), BASE1 + 4);    // IR1 went to the back
	vpic_write(&pic, PIC1_CMD, OCW2_ROTATE_AEOI_CLEAR);
	vpic_write(&pic, PIC1_CMD, OCW2_SET_PRIORITY | 7);
	vpic_raise(&pic, 0);
	assert_int_equal(vpic_ack(&pic), BASE1 + 0);
	assert_int_equal(vpic_ack(&pic), BASE1 + 1);
}

// OCW3 poll: the next read answers 0x80 | level and acknowledges it.
static void
test_poll_command(void **state)
{
	(void)state;
	vpic_write(&pic, PIC1_CMD, OCW3 | OCW3_POLL);
	assert_int_equal(vpic_read(&pic, PIC1_CMD), 0);
	vpic_raise(&pic, 3);
	vpic_write(&pic, PIC1_CMD, OCW3 | OCW3_POLL);
	assert_int_equal(vpic_read(&pic, PIC1_DATA), PIC_POLL_INT | 3);
	assert_int_equal(read_isr(PIC1_CMD), 1u << 3);
	assert_int_equal(vpic_read(&pic, PIC1_DATA), 0);       // back to reading the IMR
}

// Special mask mode: masking the level in service lets lower levels through.
static void
test_special_mask_mode(void **state)
{
	(void)state;
	vpic_raise(&pic, 1);
	vpic_ack(&pic);
	vpic_raise(&pic, 5);
	assert_int_equal(vpic_pending(&pic), -1);
	vpic_write(&pic, PIC1_DATA, 1u << 1);
	vpic_write(&pic, PIC1_CMD, OCW3 | OCW3_ESMM | OCW3_SMM);
	assert_int_equal(vpic_ack(&pic), BASE1 + 5);
	vpic_write(&pic, PIC1_CMD, OCW3 | OCW3_ESMM);          // reset special mask mode
	vpic_raise(&pic, 6);
	assert_int_equal(vpic_pending(&pic), -1);
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
test_bad_irq_numbers_ignored(void **state)
{
	(void)state;
	vpic_raise(&pic, -1);
	vpic_raise(&pic, 16);
	vpic_lower(&pic, 99);
	assert_int_equal(vpic_pending(&pic), -1);
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
		cmocka_unit_test_setup(test_lower_number_wins_and_in_service_blocks_lower, setup),
		cmocka_unit_test_setup(test_masked_request_waits_in_irr, setup),
		cmocka_unit_test_setup(test_edge_triggered_requests, setup),
		cmocka_unit_test_setup(test_level_triggered_requests, setup),
		cmocka_unit_test_setup(test_slave_irq_through_cascade, setup),
		cmocka_unit_test_setup(test_special_fully_nested_mode, setup),
		cmocka_unit_test_setup(test_spurious_irq7, setup),
		cmocka_unit_test_setup(test_spurious_irq15, setup),
		cmocka_unit_test_setup(test_auto_eoi, setup),
		cmocka_unit_test_setup(test_specific_eoi, setup),
		cmocka_unit_test_setup(test_rotate_on_eoi_and_set_priority, setup),
		cmocka_unit_test_setup(test_rotate_in_auto_eoi_mode, setup),
		cmocka_unit_test_setup(test_poll_command, setup),
		cmocka_unit_test_setup(test_special_mask_mode, setup),
		cmocka_unit_test_setup(test_reinit_clears_requests, setup),
		cmocka_unit_test_setup(test_bad_irq_numbers_ignored, setup),
		cmocka_unit_test_setup(test_ports_through_the_bus, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
