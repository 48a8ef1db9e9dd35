// test_board.c: the devices together, driven only through ports as a guest drives them,
// and by the monitor's time and input: timer ticks at the programmed rate, serial echo.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "pc/pc.h"
#include "pc/pic.h"
#include "pc/pit.h"
#include "pc/uart.h"
#include "vmm/dev/board.h"

#define VEC0 0x20                       // the guest's IRQ 0 vector
#define TICK_HZ 100
#define DIVISOR ((PIT_HZ + TICK_HZ / 2) / TICK_HZ)

static struct board board;
static char console[64];
static int nconsole;

static void
console_out(void *arg, uint8_t byte)
{
	(void)arg;
	if (nconsole < (int)sizeof console - 1)
		console[nconsole++] = byte;
}

static void
out8(uint16_t port, uint8_t v)
{
	iobus_write(&board.bus, port, 1, v);
}

static uint8_t
in8(uint16_t port)
{
	return iobus_read(&board.bus, port, 1);
}

// The guest's drivers: PIC remapped to 0x20/0x28 with IRQ 0, 2 and 4 open, PIT at 100 Hz,
// COM1 at 115200 8N1 with the receive interrupt.
static void
guest_init(void)
{
	out8(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	out8(PIC2_CMD, ICW1_INIT | ICW1_ICW4);
	out8(PIC1_DATA, VEC0);
	out8(PIC2_DATA, VEC0 + 8);
	out8(PIC1_DATA, 1u << PIC_CASCADE_IRQ);
	out8(PIC2_DATA, PIC_CASCADE_IRQ);
	out8(PIC1_DATA, ICW4_8086);
	out8(PIC2_DATA, ICW4_8086);
	out8(PIC1_DATA, (uint8_t)~(1u << 0 | 1u << PIC_CASCADE_IRQ | 1u << COM1_IRQ));
	out8(PIC2_DATA, 0xFF);
	out8(PIT_CMD, PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_RATE);
	out8(PIT_CH0, DIVISOR & 0xFF);
	out8(PIT_CH0, DIVISOR >> 8);
	out8(COM1_PORT + UART_LCR, UART_LCR_DLAB);
	out8(COM1_PORT + UART_DLL, UART_CLOCK / 115200);
	out8(COM1_PORT + UART_DLM, 0);
	out8(COM1_PORT + UART_LCR, UART_LCR_8N1);
	out8(COM1_PORT + UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR);
	out8(COM1_PORT + UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	out8(COM1_PORT + UART_IER, UART_IER_RDA);
	out8(PORT_POST, 0);                     // an I/O delay, as Linux's outb_p does
}

static int ticks;

// The guest's interrupt handlers: count ticks, echo received bytes, then EOI.
static void
guest_interrupt(int vector)
{
	if (vector == VEC0)
		ticks++;
	if (vector == VEC0 + COM1_IRQ)
		while (in8(COM1_PORT + UART_LSR) & UART_LSR_DR)
			out8(COM1_PORT + UART_THR, in8(COM1_PORT + UART_RBR));
	out8(PIC1_CMD, OCW2_EOI);
}

// The monitor: deliver what the PIC has, as it would before resuming the guest.
static void
monitor_inject(void)
{
	while (vpic_pending(&board.pic) >= 0)
		guest_interrupt(vpic_ack(&board.pic));
}

static int
setup(void **state)
{
	(void)state;
	assert_int_equal(board_init(&board, BOARD_PC, console_out, NULL), 0);
	memset(console, 0, sizeof console);
	nconsole = 0;
	ticks = 0;
	guest_init();
	return 0;
}

// One second of PIT clocks in host-timer steps of 10 ms: 100 guest ticks.
static void
test_timer_ticks_at_programmed_rate(void **state)
{
	(void)state;
	for (int i = 0; i < 100; i++) {
		vpit_advance(&board.pit, PIT_HZ / 100);
		monitor_inject();
	}
	assert_in_range(ticks, 99, 100);
}

// A monitor that falls behind (one advance of five periods) delivers one tick, not five.
static void
test_late_monitor_loses_ticks_as_hardware_would(void **state)
{
	(void)state;
	assert_int_equal(vpit_advance(&board.pit, 5 * DIVISOR), 5);
	monitor_inject();
	assert_int_equal(ticks, 1);
}

static void
test_serial_echo(void **state)
{
	(void)state;
	vuart_input(&board.com1, (const uint8_t *)"ls\n", 3);
	monitor_inject();
	assert_string_equal(console, "ls\n");
	assert_int_equal(board.bus.unclaimed_reads + board.bus.unclaimed_writes, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_timer_ticks_at_programmed_rate, setup),
		cmocka_unit_test_setup(test_late_monitor_loses_ticks_as_hardware_would, setup),
		cmocka_unit_test_setup(test_serial_echo, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
