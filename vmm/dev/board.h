// board.h: a guest's devices, wired as on a PC; the same for every backend.
#ifndef VMM_DEV_BOARD_H
#define VMM_DEV_BOARD_H

#include <stdbool.h>
#include "vmm/dev/debug.h"
#include "vmm/dev/iobus.h"
#include "vmm/dev/vpic.h"
#include "vmm/dev/vpit.h"
#include "vmm/dev/vuart.h"

// The machines a VM can have (the monitor's machine= option).
enum board_kind {
	BOARD_PC,      // a PC: PICs, PIT, COM1, and the debug ports
	BOARD_BARE,    // the debug ports alone: no device raises an interrupt (lab 4's guest)
};

// Every board: the debug ports (debug.h) and the POST port PORT_POST as a sink. A PC adds
// the PICs at PIC1_CMD/PIC2_CMD, the PIT at PIT_CH0 on IRQ 0, COM1 at COM1_PORT on IRQ 4.
// Every other port is unclaimed.
struct board {
	enum board_kind kind;
	struct iobus bus;
	struct debug_ports debug;
	struct vpic pic;            // the PC's devices: untouched on a bare board
	struct vpit pit;
	struct vuart com1;
};

// Resets every device of a `kind` board (as a PC BIOS leaves them) and claims their ports;
// COM1's and the debug console's output go to out(arg, byte). Returns 0 or iobus_register's
// error.
int board_init(struct board *b, enum board_kind kind, vuart_out_fn out, void *arg);

// True when the board has the PC's devices: a PIC to take interrupts from, a PIT to give
// time to, a UART to type into.
static inline bool
board_is_pc(const struct board *b)
{
	return b->kind == BOARD_PC;
}

// clock=guest: the PIT counts only the clocks the guest gives it at PORT_TESTDEV_CLOCK,
// never the host's time. Returns 0, or -E_INVAL on a board without a PIT.
int board_clock_guest(struct board *b);

// Whether the PIT's time comes from the guest (board_clock_guest) rather than the host's.
static inline bool
board_guest_clock(const struct board *b)
{
	return b->debug.clock != NULL;
}

#endif
