// test_vpic_ocw.c: the operation command words a driver sends the virtual 8259A pair after
// init: OCW2 (specific EOI, rotation, set priority) and OCW3 (poll, special mask mode).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "tests/unit/vpic_fixture.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_specific_eoi, setup),
		cmocka_unit_test_setup(test_rotate_on_eoi_and_set_priority, setup),
		cmocka_unit_test_setup(test_rotate_in_auto_eoi_mode, setup),
		cmocka_unit_test_setup(test_poll_command, setup),
		cmocka_unit_test_setup(test_special_mask_mode, setup),
	};
	return cmocka_run_group_tests_name("vpic: OCW2 and OCW3", tests, NULL, NULL);
}
