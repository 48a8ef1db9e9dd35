// board.h: a guest's PC devices, wired as on a PC; the same for every backend.
#ifndef VMM_DEV_BOARD_H
#define VMM_DEV_BOARD_H

#include "vmm/dev/iobus.h"
#include "vmm/dev/vpic.h"
#include "vmm/dev/vpit.h"
#include "vmm/dev/vuart.h"

// PICs at PIC1_CMD/PIC2_CMD, the PIT at PIT_CH0 on IRQ 0, COM1 at COM1_PORT on IRQ 4,
// the POST port PORT_POST as a sink; every other port unclaimed.
struct board {
	struct iobus bus;
	struct vpic pic;
	struct vpit pit;
	struct vuart com1;
};

// Resets every device (as a PC BIOS leaves them) and claims their ports; COM1's output
// goes to out(arg, byte). Returns 0 or iobus_register's error.
int board_init(struct board *b, vuart_out_fn out, void *arg);

#endif
