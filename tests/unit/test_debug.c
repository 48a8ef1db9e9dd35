// test_debug.c: the debug ports every board has (vmm/dev/debug.h), on a bare board: the
// console gives its bytes to the monitor, the test latch gives back what was written at
// every size and lane, the IRQ lines reach a PC's PIC only, and the PC's devices are absent.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lib/error.h"
#include "pc/pc.h"
#include "pc/pic.h"
#include "vmm/dev/board.h"

static struct board board;
static char console[8];
static int nconsole;

static void
console_out(void *arg, uint8_t byte)
{
	assert_ptr_equal(arg, &board);
	if (nconsole < (int)sizeof console - 1)
		console[nconsole++] = byte;
}

static int
setup(void **state)
{
	(void)state;
	nconsole = 0;
	assert_int_equal(board_init(&board, BOARD_BARE, console_out, &board), 0);
	return 0;
}

static void
test_console(void **state)
{
	(void)state;
	iobus_write(&board.bus, PORT_E9_DEBUG, 1, 'h');
	iobus_write(&board.bus, PORT_E9_DEBUG, 1, 0x100 | 'i');    // a byte port: 'i'
	assert_int_equal(nconsole, 2);
	assert_memory_equal(console, "hi", 2);
	assert_int_equal(board.debug.console_bytes, 2);
	assert_int_equal(iobus_read(&board.bus, PORT_E9_DEBUG, 1), PORT_E9_DEBUG);
}

static void
test_latch_sizes(void **state)
{
	(void)state;
	assert_int_equal(iobus_read(&board.bus, PORT_TESTDEV, 4), 0);    // reset to zero
	iobus_write(&board.bus, PORT_TESTDEV, 4, 0x11223344);
	assert_int_equal(iobus_read(&board.bus, PORT_TESTDEV, 1), 0x44);
	assert_int_equal(iobus_read(&board.bus, PORT_TESTDEV + 1, 2), 0x2233);
	assert_int_equal(iobus_read(&board.bus, PORT_TESTDEV + 3, 1), 0x11);
	iobus_write(&board.bus, PORT_TESTDEV + 2, 2, 0xFFFFBEEF);
	assert_int_equal(iobus_read(&board.bus, PORT_TESTDEV, 4), 0xBEEF3344);
	iobus_write(&board.bus, PORT_TESTDEV + 1, 1, 0x5A);
	assert_int_equal(iobus_read(&board.bus, PORT_TESTDEV, 4), 0xBEEF5A44);
	assert_int_equal(board.bus.unclaimed_reads + board.bus.unclaimed_writes, 0);
}

// A read past the latch's last lane is the next port's: unclaimed, all ones.
static void
test_latch_edge(void **state)
{
	(void)state;
	iobus_write(&board.bus, PORT_TESTDEV, 4, 0xA1B2C3D4);
	assert_int_equal(iobus_read(&board.bus, PORT_TESTDEV + 3, 2), 0xFFA1);
	assert_int_equal(board.bus.unclaimed_reads, 1);
}

// The IRQ lines drive the PC's PIC; on a bare board they go nowhere.
static void
test_irq_lines(void **state)
{
	(void)state;
	iobus_write(&board.bus, PORT_TESTDEV_IRQ + 5, 1, 1);
	assert_int_equal(board.bus.unclaimed_writes, 0);
	assert_int_equal(board_init(&board, BOARD_PC, console_out, &board), 0);
	iobus_write(&board.bus, PORT_TESTDEV_IRQ + 5, 1, 1);
	iobus_write(&board.bus, PORT_TESTDEV_IRQ + 10, 1, 0x100);     // a byte port: 0, low
	assert_int_equal(board.pic.master.irr, 1u << 5);
	assert_int_equal(board.pic.master.lines, 1u << 5);
	assert_int_equal(board.pic.slave.lines, 0);
	iobus_write(&board.bus, PORT_TESTDEV_IRQ + 5, 1, 0);
	assert_int_equal(board.pic.master.lines, 0);
}

static void
test_bare_has_no_pc_devices(void **state)
{
	(void)state;
	assert_false(board_is_pc(&board));
	assert_int_equal(iobus_read(&board.bus, PIC1_DATA, 1), 0xFF);
	assert_int_equal(board.bus.unclaimed_reads, 1);
	assert_int_equal(board_init(&board, BOARD_PC, console_out, &board), 0);
	assert_true(board_is_pc(&board));
	iobus_write(&board.bus, PORT_E9_DEBUG, 1, 'x');
	assert_int_equal(nconsole, 1);
}

// The clock port lets the PIT count only with clock=guest (a PC), and then by what the guest
// writes: 1000 clocks on channel 0's BIOS count (65536) leave it 1000 into its period.
static void
test_clock_port(void **state)
{
	(void)state;
	assert_int_equal(board_clock_guest(&board), -E_INVAL);       // bare: no PIT
	assert_int_equal(board_init(&board, BOARD_PC, console_out, &board), 0);
	assert_false(board_guest_clock(&board));
	iobus_write(&board.bus, PORT_TESTDEV_CLOCK, 4, 1000);
	assert_int_equal(board.pit.ch[0].elapsed, 0);
	assert_int_equal(board_clock_guest(&board), 0);
	assert_true(board_guest_clock(&board));
	iobus_write(&board.bus, PORT_TESTDEV_CLOCK, 4, 1000);
	assert_int_equal(board.pit.ch[0].elapsed, 1000);
	iobus_write(&board.bus, PORT_TESTDEV_CLOCK, 4, 65536);
	assert_int_equal(board.pit.ch[0].elapsed, 1000);
	assert_int_equal(board.pit.ch[0].expiries, 1);
}

static uint32_t dropped[4];
static int ndropped;

static void
drop_record(void *arg, uint32_t gpa)
{
	assert_ptr_equal(arg, &board);
	if (ndropped < 4)
		dropped[ndropped++] = gpa;
}

// The MMIO window: the same console and latch as the ports, the drop register, and nothing
// elsewhere.
static void
test_mmio_window(void **state)
{
	struct debug_ports *d = &board.debug;

	(void)state;
	debug_mmio_write(d, DEBUG_MMIO_CONSOLE, 1, 'm');
	assert_int_equal(nconsole, 1);
	assert_int_equal(console[0], 'm');
	assert_int_equal(debug_mmio_read(d, DEBUG_MMIO_CONSOLE, 1), PORT_E9_DEBUG);
	debug_mmio_write(d, DEBUG_MMIO_LATCH, 4, 0xA1B2C3D4);
	assert_int_equal(iobus_read(&board.bus, PORT_TESTDEV, 4), 0xA1B2C3D4);
	assert_int_equal(debug_mmio_read(d, DEBUG_MMIO_LATCH + 1, 2), 0xB2C3);
	assert_int_equal(debug_mmio_read(d, DEBUG_MMIO_LATCH + 3, 1), 0xA1);
	iobus_write(&board.bus, PORT_TESTDEV + 2, 1, 0x77);
	assert_int_equal(debug_mmio_read(d, DEBUG_MMIO_LATCH, 4), 0xA177C3D4);
	debug_mmio_write(d, DEBUG_MMIO_LATCH + 2, 4, 0xFFFFFFFF);        // past the latch: ignored
	assert_int_equal(debug_mmio_read(d, DEBUG_MMIO_LATCH, 4), 0xA177C3D4);
	assert_int_equal(debug_mmio_read(d, 0x100, 4), 0);
	debug_mmio_write(d, DEBUG_MMIO_DROP, 4, 0x7000);                  // no backend: nothing
	d->drop = drop_record, d->drop_arg = &board;
	ndropped = 0;
	debug_mmio_write(d, DEBUG_MMIO_DROP, 4, 0x7000);
	debug_mmio_write(d, DEBUG_MMIO_DROP, 2, 0x8000);                  // a dword only
	assert_int_equal(ndropped, 1);
	assert_int_equal(dropped[0], 0x7000);
	assert_int_equal(nconsole, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_console, setup),
		cmocka_unit_test_setup(test_mmio_window, setup),
		cmocka_unit_test_setup(test_latch_sizes, setup),
		cmocka_unit_test_setup(test_latch_edge, setup),
		cmocka_unit_test_setup(test_irq_lines, setup),
		cmocka_unit_test_setup(test_bare_has_no_pc_devices, setup),
		cmocka_unit_test_setup(test_clock_port, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
