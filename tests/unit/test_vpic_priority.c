// test_vpic_priority.c: which interrupt the virtual 8259A pair delivers: priority and nesting,
// masking, edge-triggered requests, the cascade, spurious IRQ 7 and 15, and bad IRQ numbers.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "tests/unit/vpic_fixture.h"

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

static void
test_bad_irq_numbers_ignored(void **state)
{
	(void)state;
	vpic_raise(&pic, -1);
	vpic_raise(&pic, 16);
	vpic_lower(&pic, 99);
	assert_int_equal(vpic_pending(&pic), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_lower_number_wins_and_in_service_blocks_lower, setup),
		cmocka_unit_test_setup(test_masked_request_waits_in_irr, setup),
		cmocka_unit_test_setup(test_edge_triggered_requests, setup),
		cmocka_unit_test_setup(test_slave_irq_through_cascade, setup),
		cmocka_unit_test_setup(test_spurious_irq7, setup),
		cmocka_unit_test_setup(test_spurious_irq15, setup),
		cmocka_unit_test_setup(test_bad_irq_numbers_ignored, setup),
	};
	return cmocka_run_group_tests_name("vpic: priority", tests, NULL, NULL);
}
