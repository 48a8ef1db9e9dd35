// vpic_fixture.c: the 8259A pair of the vpic tests and its helpers (vpic_fixture.h).
#include "tests/unit/vpic_fixture.h"

struct vpic pic;

void
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

int
setup(void **state)
{
	(void)state;
	vpic_reset(&pic);
	init_pair(ICW4_8086);
	return 0;
}

uint8_t
read_isr(uint16_t cmd)
{
	vpic_write(&pic, cmd, OCW3_READ_ISR);
	return vpic_read(&pic, cmd);
}

uint8_t
read_irr(uint16_t cmd)
{
	vpic_write(&pic, cmd, OCW3_READ_IRR);
	return vpic_read(&pic, cmd);
}
