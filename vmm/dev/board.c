// board.c: the PC's wiring of the virtual devices: their ports and IRQ lines.
#include "pc/pc.h"
#include "pc/uart.h"
#include "vmm/dev/board.h"

int
board_init(struct board *b, vuart_out_fn out, void *arg)
{
	int err;

	iobus_init(&b->bus);
	vpic_reset(&b->pic);
	vpit_reset(&b->pit, &b->pic);
	vuart_reset(&b->com1, &b->pic, COM1_IRQ, out, arg);
	if ((err = vpic_attach(&b->pic, &b->bus)) || (err = vpit_attach(&b->pit, &b->bus)) ||
	    (err = vuart_attach(&b->com1, &b->bus, COM1_PORT)))
		return err;
	return iobus_register(&b->bus, PORT_POST, 1, 1, "post", NULL, NULL, NULL);
}
