// test_vuart.c: the virtual 16550 as drivers program it: init, output, input, FIFO trigger
// levels, interrupt identification order, THRE rules, loopback, modem status, IRQ 4.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "pc/pic.h"
#include "pc/uart.h"
#include "vmm/dev/iobus.h"
#include "vmm/dev/vpic.h"
#include "vmm/dev/vuart.h"

#define IIR_FIFO(id) (UART_IIR_FIFO | (id))

static struct vpic pic;
static struct vuart uart;
static char sent[64];
static int nsent;

static void
collect(void *arg, uint8_t byte)
{
	(void)arg;
	if (nsent < (int)sizeof sent - 1)
		sent[nsent++] = byte;
}

static int
setup(void **state)
{
	(void)state;
	vpic_reset(&pic);
	vpic_write(&pic, PIC1_DATA, (uint8_t)~(1u << COM1_IRQ));
	vuart_reset(&uart, &pic, COM1_IRQ, collect, NULL);
	memset(sent, 0, sizeof sent);
	nsent = 0;
	return 0;
}

// The host kernel's console_init: 115200 8N1, FIFOs on and cleared, DTR RTS OUT2.
static void
init_like_console(uint8_t ier)
{
	vuart_write(&uart, UART_IER, 0);
	vuart_write(&uart, UART_LCR, UART_LCR_DLAB);
	vuart_write(&uart, UART_DLL, 1);
	vuart_write(&uart, UART_DLM, 0);
	vuart_write(&uart, UART_LCR, UART_LCR_8N1);
	vuart_write(&uart, UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR);
	vuart_write(&uart, UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	vuart_write(&uart, UART_IER, ier);
}

static void
input(const char *s)
{
	vuart_input(&uart, (const uint8_t *)s, strlen(s));
}

static void
test_reset_values(void **state)
{
	(void)state;
	assert_int_equal(vuart_read(&uart, UART_IER), 0);
	assert_int_equal(vuart_read(&uart, UART_IIR), UART_IIR_NONE);
	assert_int_equal(vuart_read(&uart, UART_LCR), 0);
	assert_int_equal(vuart_read(&uart, UART_MCR), 0);
	assert_int_equal(vuart_read(&uart, UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
	assert_int_equal(vuart_read(&uart, UART_MSR), UART_MSR_CTS | UART_MSR_DSR | UART_MSR_DCD);
}

static void
test_divisor_latch_behind_dlab(void **state)
{
	(void)state;
	init_like_console(0);
	vuart_write(&uart, UART_LCR, UART_LCR_DLAB | UART_LCR_8N1);
	assert_int_equal(vuart_read(&uart, UART_DLL), 1);
	assert_int_equal(vuart_read(&uart, UART_DLM), 0);
	vuart_write(&uart, UART_DLM, 0x03);
	assert_int_equal(uart.divisor, 0x0301);
	vuart_write(&uart, UART_LCR, UART_LCR_8N1);
	assert_int_equal(vuart_read(&uart, UART_IER), 0);
	assert_int_equal(nsent, 0);             // DLL writes are not output
}

static void
test_output_to_callback_cut_to_word_length(void **state)
{
	(void)state;
	init_like_console(0);
	vuart_write(&uart, UART_THR, 'o');
	vuart_write(&uart, UART_THR, 'k');
	assert_string_equal(sent, "ok");
	vuart_write(&uart, UART_LCR, 0);        // 5-bit words
	vuart_write(&uart, UART_THR, 0xFF);
	assert_int_equal((uint8_t)sent[2], 0x1F);
	assert_int_equal(strlen(sent), 3);
}

static void
test_input_polled(void **state)
{
	(void)state;
	init_like_console(0);
	assert_false(vuart_read(&uart, UART_LSR) & UART_LSR_DR);
	input("hi");
	assert_true(vuart_read(&uart, UART_LSR) & UART_LSR_DR);
	assert_int_equal(vuart_read(&uart, UART_RBR), 'h');
	assert_int_equal(vuart_read(&uart, UART_RBR), 'i');
	assert_false(vuart_read(&uart, UART_LSR) & UART_LSR_DR);
	assert_int_equal(vuart_read(&uart, UART_RBR), 'i');     // RBR keeps the last byte
}

// With FIFOs off, the receiver holds one byte; the rest wait on the line, none lost.
static void
test_input_waits_without_fifo(void **state)
{
	(void)state;
	input("abc");
	assert_int_equal(uart.rx_count, 1);
	assert_int_equal(vuart_read(&uart, UART_RBR), 'a');
	assert_int_equal(vuart_read(&uart, UART_RBR), 'b');
	assert_int_equal(vuart_read(&uart, UART_RBR), 'c');
	assert_false(vuart_read(&uart, UART_LSR) & (UART_LSR_DR | UART_LSR_OE));
}

// A full line drops what does not fit and tells the guest: LSR.OE, until LSR is read.
static void
test_overrun_when_queue_full(void **state)
{
	(void)state;
	uint8_t buf[VUART_QUEUE + 10] = { 0 };

	init_like_console(0);
	assert_int_equal(vuart_input(&uart, buf, sizeof buf), VUART_QUEUE);   // 10 dropped
	assert_int_equal(vuart_read(&uart, UART_LSR) & UART_LSR_OE, UART_LSR_OE);
	assert_int_equal(vuart_read(&uart, UART_LSR) & UART_LSR_OE, 0);
}

// RX FIFO trigger level 8: fewer bytes give the character timeout (0xC), 8 give 0x4.
static void
test_fifo_trigger_and_timeout(void **state)
{
	(void)state;
	init_like_console(UART_IER_RDA);
	vuart_write(&uart, UART_FCR, UART_FCR_ENABLE | 0x80);
	input("abc");
	assert_int_equal(vuart_read(&uart, UART_IIR), IIR_FIFO(UART_IIR_CTI));
	input("defgh");
	assert_int_equal(vuart_read(&uart, UART_IIR), IIR_FIFO(UART_IIR_RDA));
	for (int i = 0; i < 8; i++)
		assert_int_equal(vuart_read(&uart, UART_RBR), 'a' + i);
	assert_int_equal(vuart_read(&uart, UART_IIR), IIR_FIFO(UART_IIR_NONE));
}

// FCR: clearing the receiver drops what is in the FIFO; leaving FIFO mode drops it too.
static void
test_fifo_clear_and_disable(void **state)
{
	(void)state;
	init_like_console(0);
	input("0123456789abcdefXYZ");           // 16 in the FIFO, 3 on the line
	assert_int_equal(uart.rx_count, UART_FIFO_SIZE);
	vuart_write(&uart, UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR_RX);
	assert_int_equal(vuart_read(&uart, UART_RBR), 'X');
	vuart_write(&uart, UART_FCR, 0);                        // Y and Z go with the FIFO
	assert_int_equal(vuart_read(&uart, UART_IIR) & UART_IIR_FIFO, 0);
	assert_false(vuart_read(&uart, UART_LSR) & UART_LSR_DR);
	input("12");                                            // one byte deep now
	assert_int_equal(uart.rx_count, 1);
	assert_int_equal(vuart_read(&uart, UART_RBR), '1');
}

// PC16550D table IV: line status, then received data, then THRE, then modem status.
static void
test_interrupt_identification_order(void **state)
{
	(void)state;
	uint8_t buf[VUART_QUEUE + 1] = { 'x' };

	init_like_console(UART_IER_RDA | UART_IER_THRE | UART_IER_RLS | UART_IER_MS);
	vuart_write(&uart, UART_MCR, UART_MCR_LOOP);            // MSR inputs change...
	vuart_write(&uart, UART_MCR, 0);                        // ...twice
	vuart_input(&uart, buf, sizeof buf);                    // an overrun
	assert_int_equal(vuart_read(&uart, UART_IIR), IIR_FIFO(UART_IIR_RLS));
	vuart_read(&uart, UART_LSR);
	assert_int_equal(vuart_read(&uart, UART_IIR), IIR_FIFO(UART_IIR_RDA));
	while (vuart_read(&uart, UART_LSR) & UART_LSR_DR)
		vuart_read(&uart, UART_RBR);
	assert_int_equal(vuart_read(&uart, UART_IIR), IIR_FIFO(UART_IIR_THRE));
	assert_int_equal(vuart_read(&uart, UART_IIR), IIR_FIFO(UART_IIR_MSI));
	assert_int_equal(vuart_read(&uart, UART_MSR) & 0x0F, UART_MSR_DCTS | UART_MSR_DDSR |
			 UART_MSR_DDCD);
	assert_int_equal(vuart_read(&uart, UART_IIR), IIR_FIFO(UART_IIR_NONE));
}

// THRE: enabling it with THR empty interrupts at once; reading IIR that reports it clears
// it; each byte written interrupts again once sent.
static void
test_thre_interrupt_rules(void **state)
{
	(void)state;
	init_like_console(0);
	assert_int_equal(vuart_read(&uart, UART_IIR), IIR_FIFO(UART_IIR_NONE));
	vuart_write(&uart, UART_IER, UART_IER_THRE);
	assert_int_equal(vpic_pending(&pic), PIC1_BIOS_VECTOR + COM1_IRQ);
	assert_int_equal(vuart_read(&uart, UART_IIR), IIR_FIFO(UART_IIR_THRE));
	assert_int_equal(vuart_read(&uart, UART_IIR), IIR_FIFO(UART_IIR_NONE));
	vuart_write(&uart, UART_THR, '!');
	assert_int_equal(vuart_read(&uart, UART_IIR), IIR_FIFO(UART_IIR_THRE));
	vuart_write(&uart, UART_THR, '!');
	vuart_write(&uart, UART_IER, 0);
	assert_int_equal(vuart_read(&uart, UART_IIR), IIR_FIFO(UART_IIR_NONE));
}

// IRQ 4 reaches the PIC only with OUT2 set, the PC's interrupt gate.
static void
test_irq_gated_by_out2(void **state)
{
	(void)state;
	init_like_console(UART_IER_RDA);
	vuart_write(&uart, UART_MCR, UART_MCR_DTR | UART_MCR_RTS);
	input("a");
	assert_int_equal(vpic_pending(&pic), -1);
	vuart_write(&uart, UART_MCR, UART_MCR_OUT2);
	assert_int_equal(vpic_ack(&pic), PIC1_BIOS_VECTOR + COM1_IRQ);
	assert_int_equal(vuart_read(&uart, UART_IIR), IIR_FIFO(UART_IIR_RDA));
	vuart_read(&uart, UART_RBR);
	assert_int_equal(vuart_read(&uart, UART_IIR), IIR_FIFO(UART_IIR_NONE));
	assert_false(pic.master.lines & (1u << COM1_IRQ));
}

// Loopback as Linux's autoconfig probes it: MCR = LOOP | RTS | OUT2 reads back MSR 0x90.
// THR comes back in RBR, nothing goes out, and no interrupt leaves the chip.
static void
test_loopback(void **state)
{
	(void)state;
	init_like_console(UART_IER_RDA);
	vuart_write(&uart, UART_MCR, UART_MCR_LOOP | UART_MCR_RTS | UART_MCR_OUT2);
	assert_int_equal(vuart_read(&uart, UART_MSR) & 0xF0, UART_MSR_CTS | UART_MSR_DCD);
	input("ignored for now");
	vuart_write(&uart, UART_THR, 'L');
	assert_int_equal(nsent, 0);
	assert_int_equal(vuart_read(&uart, UART_IIR), IIR_FIFO(UART_IIR_RDA));
	assert_int_equal(vpic_pending(&pic), -1);
	assert_int_equal(vuart_read(&uart, UART_RBR), 'L');
	vuart_write(&uart, UART_MCR, UART_MCR_LOOP | UART_MCR_DTR | UART_MCR_OUT1);
	assert_int_equal(vuart_read(&uart, UART_MSR) & 0xF0, UART_MSR_DSR | UART_MSR_RI);
	vuart_write(&uart, UART_MCR, UART_MCR_LOOP);
	assert_int_equal(vuart_read(&uart, UART_MSR) & UART_MSR_TERI, UART_MSR_TERI);
	vuart_write(&uart, UART_MCR, UART_MCR_OUT2);            // back to the line
	assert_int_equal(vuart_read(&uart, UART_RBR), 'i');
}

static void
test_scratch_register(void **state)
{
	(void)state;
	vuart_write(&uart, UART_SCR, 0x5A);
	assert_int_equal(vuart_read(&uart, UART_SCR), 0x5A);
	vuart_write(&uart, UART_LSR, 0);                        // factory test: ignored
	assert_int_equal(vuart_read(&uart, UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
	assert_int_equal(vuart_read(&uart, 8), 0xFF);
}

static void
test_ports_through_the_bus(void **state)
{
	(void)state;
	struct iobus bus;

	iobus_init(&bus);
	assert_int_equal(vuart_attach(&uart, &bus, COM1_PORT), 0);
	iobus_write(&bus, COM1_PORT + UART_LCR, 1, UART_LCR_8N1);
	iobus_write(&bus, COM1_PORT + UART_THR, 1, 'B');
	assert_string_equal(sent, "B");
	assert_int_equal(iobus_read(&bus, COM1_PORT + UART_LSR, 1), UART_LSR_THRE | UART_LSR_TEMT);
	assert_int_equal(bus.unclaimed_reads + bus.unclaimed_writes, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_reset_values, setup),
		cmocka_unit_test_setup(test_divisor_latch_behind_dlab, setup),
		cmocka_unit_test_setup(test_output_to_callback_cut_to_word_length, setup),
		cmocka_unit_test_setup(test_input_polled, setup),
		cmocka_unit_test_setup(test_input_waits_without_fifo, setup),
		cmocka_unit_test_setup(test_overrun_when_queue_full, setup),
		cmocka_unit_test_setup(test_fifo_trigger_and_timeout, setup),
		cmocka_unit_test_setup(test_fifo_clear_and_disable, setup),
		cmocka_unit_test_setup(test_interrupt_identification_order, setup),
		cmocka_unit_test_setup(test_thre_interrupt_rules, setup),
		cmocka_unit_test_setup(test_irq_gated_by_out2, setup),
		cmocka_unit_test_setup(test_loopback, setup),
		cmocka_unit_test_setup(test_scratch_register, setup),
		cmocka_unit_test_setup(test_ports_through_the_bus, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
