// board.c: the PC's wiring of the virtual devices: their ports and IRQ lines.
#include "lib/error.h"
#include "pc/pc.h"
#include "pc/uart.h"
#include "vmm/dev/board.h"

static int
board_pc_init(struct board *b, vuart_out_fn out, void *arg)
{
	int err;

	vpic_reset(&b->pic);
	vpit_reset(&b->pit, &b->pic);
	vuart_reset(&b->com1, &b->pic, COM1_IRQ, out, arg);
	if ((err = vpic_attach(&b->pic, &b->bus)) || (err = vpit_attach(&b->pit, &b->bus)))
		return err;
	return vuart_attach(&b->com1, &b->bus, COM1_PORT);
}

int
board_init(struct board *b, enum board_kind kind, vuart_out_fn out, void *arg)
{
	int err;

	b->kind = kind;
	iobus_init(&b->bus);
	if ((err = debug_attach(&b->debug, &b->bus, kind == BOARD_PC ? &b->pic : NULL, out,
				arg)) < 0 ||
	    (err = iobus_register(&b->bus, PORT_POST, 1, 1, "post", NULL, NULL, NULL)) < 0)
		return err;
	return kind == BOARD_PC ? board_pc_init(b, out, arg) : 0;
}

int
board_clock_guest(struct board *b)
{
	if (!board_is_pc(b))
		return -E_INVAL;
	b->debug.clock = &b->pit;
	return 0;
}
