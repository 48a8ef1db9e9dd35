// vpic.c: the virtual 8259A pair: requests, masking, priorities, EOI, as the data sheet says.
//
// Intel 8259A data sheet (order no. 231468): ICW1-4 and OCW1-3, the priority resolver,
// INTA sequence. The slave's INT output drives the master's IR2 as a level: the master asks
// for service on IR2 for as long as the slave has a request it would signal.
#include <stddef.h>

#include "kernel/panic.h"
#include "lib/string.h"
#include "pc/pic.h"
#include "vmm/dev/iobus.h"
#include "vmm/dev/vpic.h"

static void
chip_reset(struct vpic_chip *c, uint8_t vector_base, uint8_t icw3)
{
	memset(c, 0, sizeof *c);
	c->vector_base = vector_base;
	c->icw3 = icw3;
	c->imr = 0xFF;
	c->lowest = PIC_NIRQ - 1;
	c->mode_8086 = true;
}

void
vpic_reset(struct vpic *pic)
{
	chip_reset(&pic->master, PIC1_BIOS_VECTOR, 1u << PIC_CASCADE_IRQ);
	chip_reset(&pic->slave, PIC2_BIOS_VECTOR, PIC_CASCADE_IRQ);
}

// Priority of IR ir: 0 is the highest. The IR after `lowest` has priority 0.
static int
chip_priority(const struct vpic_chip *c, int ir)
{
	return (ir - c->lowest - 1) & (PIC_NIRQ - 1);
}

// The IR of highest priority among the bits of mask, or -1.
static int
chip_highest(const struct vpic_chip *c, uint8_t mask)
{
	for (int p = 0; p < PIC_NIRQ; p++) {
		int ir = (c->lowest + 1 + p) & (PIC_NIRQ - 1);
		if (mask & (1u << ir))
			return ir;
	}
	return -1;
}

// The priority resolver: the IR this chip signals on INT, or -1. A request is signalled
// when unmasked and of higher priority than every level in service; special mask mode
// lets masked in-service levels stop blocking, and special fully nested mode lets a
// master's slave input interrupt its own service (a higher slave IRQ).
// Hint: chip_highest finds the first IR of a mask in priority order, chip_priority ranks an
// IR (0 is the highest); 8259A data sheet, "Interrupt sequence" and "Fully nested mode"
// (lab 5 handout, exercise 1).
static int
chip_resolve(const struct vpic_chip *c, bool master)
{
	// LAB5-SOLUTION-BEGIN
	int req = chip_highest(c, c->irr & ~c->imr);
	uint8_t blocking = c->isr;

	if (req < 0)
		return -1;
	if (c->special_mask)
		blocking &= ~c->imr;
	if (master && c->special_fully_nested)
		blocking &= ~c->icw3;
	int cur = chip_highest(c, blocking);
	if (cur >= 0 && chip_priority(c, cur) <= chip_priority(c, req))
		return -1;
	return req;
	// LAB5-STUB
	// (void)c, (void)master, (void)chip_priority, (void)chip_highest;
	// panic("chip_resolve: not implemented");
	// LAB5-SOLUTION-END
}

// An IR input changes. Edge-triggered: a rising edge latches a request that stays until
// INTA even if the line falls first (the data sheet wants the line high until INTA; like
// QEMU's model, this one keeps the request, since the monitor looks at the devices only
// between guest runs). Level-triggered: the request follows the line.
static void
chip_set_line(struct vpic_chip *c, int ir, bool level)
{
	uint8_t bit = 1u << ir;

	if (level && (c->level_triggered || !(c->lines & bit)))
		c->irr |= bit;                  // a rising edge, or a high level
	if (!level && c->level_triggered)
		c->irr &= ~bit;
	c->lines = level ? c->lines | bit : c->lines & ~bit;
}

// After any change: the slave's INT output (it would signal a request: chip_resolve) is the
// master's IR2 input, a level: the master's IRR and input line bit 2 follow it.
// Hint: PIC_CASCADE_IRQ is the IR (lab 5 handout, exercise 1).
static void
vpic_update(struct vpic *pic)
{
	// LAB5-SOLUTION-BEGIN
	bool out = chip_resolve(&pic->slave, false) >= 0;
	uint8_t bit = 1u << PIC_CASCADE_IRQ;

	pic->master.lines = out ? pic->master.lines | bit : pic->master.lines & ~bit;
	pic->master.irr = out ? pic->master.irr | bit : pic->master.irr & ~bit;
	// LAB5-STUB
	// (void)pic;
	// panic("vpic_update: not implemented");
	// LAB5-SOLUTION-END
}

static void
vpic_set(struct vpic *pic, int irq, bool level)
{
	if (irq < 0 || irq >= 2 * PIC_NIRQ)
		return;
	chip_set_line(irq < PIC_NIRQ ? &pic->master : &pic->slave, irq % PIC_NIRQ, level);
	vpic_update(pic);
}

void
vpic_raise(struct vpic *pic, int irq)
{
	vpic_set(pic, irq, true);
}

void
vpic_lower(struct vpic *pic, int irq)
{
	vpic_set(pic, irq, false);
}

// Does the master get its vector for ir from a slave?
static bool
chip_cascades(const struct vpic_chip *m, int ir)
{
	return !m->single && (m->icw3 & (1u << ir));
}

// What INTA would do now: the vector, the master's IR (or -1: nothing, the vector is
// the master's IR7) and the slave's IR (-1 if none, the vector being the slave's IR7).
// Hint: the vector is the chip's vector_base (ICW2) plus the IR; a master IR with a slave
// (chip_cascades) takes its vector from the slave (lab 5 handout, exercise 1).
static int
vpic_resolve(const struct vpic *pic, int *mir, int *sir)
{
	// LAB5-SOLUTION-BEGIN
	*mir = chip_resolve(&pic->master, true);
	*sir = -1;
	if (*mir < 0)
		return pic->master.vector_base + PIC_SPURIOUS_IR;
	if (!chip_cascades(&pic->master, *mir))
		return pic->master.vector_base + *mir;
	*sir = chip_resolve(&pic->slave, false);
	return pic->slave.vector_base + (*sir < 0 ? PIC_SPURIOUS_IR : *sir);
	// LAB5-STUB
	// (void)pic, (void)mir, (void)sir, (void)chip_cascades;
	// panic("vpic_resolve: not implemented");
	// LAB5-SOLUTION-END
}

int
vpic_pending(const struct vpic *pic)
{
	int mir, sir;
	int vector = vpic_resolve(pic, &mir, &sir);

	return mir < 0 ? -1 : vector;
}

// INTA on one chip: the request goes in service (or is done at once in auto-EOI mode,
// rotating priorities if asked); an edge-triggered request leaves IRR.
// Hint: 8259A data sheet, "Interrupt sequence", steps 4-6 (lab 5 handout, exercise 1).
static void
chip_ack(struct vpic_chip *c, int ir)
{
	// LAB5-SOLUTION-BEGIN
	uint8_t bit = 1u << ir;

	if (!c->level_triggered)
		c->irr &= ~bit;
	if (!c->auto_eoi)
		c->isr |= bit;
	else if (c->rotate_on_aeoi)
		c->lowest = ir;
	// LAB5-STUB
	// (void)c;
	// panic("chip_ack: not implemented (IR%d)", ir);
	// LAB5-SOLUTION-END
}

int
vpic_ack(struct vpic *pic)
{
	int mir, sir;
	int vector = vpic_resolve(pic, &mir, &sir);

	if (mir >= 0)
		chip_ack(&pic->master, mir);
	if (sir >= 0)
		chip_ack(&pic->slave, sir);
	vpic_update(pic);
	return vector;
}

static void
chip_icw1(struct vpic_chip *c, uint8_t val)
{
	c->init_step = 2;
	c->icw4_expected = val & ICW1_ICW4;
	c->single = val & ICW1_SNGL;
	c->level_triggered = val & ICW1_LTIM;
	// Data sheet: edge sense reset (a line already high needs a new edge), IMR cleared,
	// IR7 lowest, special mask and poll off, reads return IRR; ICW4 bits zero unless IC4.
	// It says nothing of ISR: cleared here, as QEMU and Bochs do.
	c->irr = c->level_triggered ? c->lines : 0;
	c->isr = 0;
	c->imr = 0;
	c->lowest = PIC_NIRQ - 1;
	c->special_mask = c->read_isr = c->poll = c->rotate_on_aeoi = false;
	if (!c->icw4_expected)
		c->mode_8086 = c->auto_eoi = c->special_fully_nested = false;
}

// ICW2, ICW3, ICW4, in that order, skipping ICW3 for a single chip and ICW4 without IC4.
static void
chip_icw(struct vpic_chip *c, uint8_t val)
{
	if (c->init_step == 2) {
		c->vector_base = val & ICW2_VECTOR_MASK;
		c->init_step = !c->single ? 3 : c->icw4_expected ? 4 : 0;
	} else if (c->init_step == 3) {
		c->icw3 = val;
		c->init_step = c->icw4_expected ? 4 : 0;
	} else {
		c->mode_8086 = val & ICW4_8086;
		c->auto_eoi = val & ICW4_AEOI;
		c->special_fully_nested = val & ICW4_SFNM;
		c->init_step = 0;
	}
}

// OCW2: end of interrupt, non-specific (the highest level in service) or specific (level
// L2-L0), with or without rotation (the level ended becomes the lowest), and the priority
// and automatic-rotation commands.
// Hint: the OCW2_* commands of pc/pic.h; chip_highest(c, c->isr) is the level a
// non-specific EOI ends (lab 5 handout, exercise 1).
static void
chip_ocw2(struct vpic_chip *c, uint8_t val)
{
	// LAB5-SOLUTION-BEGIN
	int level = val & OCW2_LEVEL;
	int top = chip_highest(c, c->isr);

	switch (val & OCW2_CMD) {
	case OCW2_EOI:
	case OCW2_ROTATE_EOI:
		if (top < 0)
			break;
		c->isr &= ~(1u << top);
		if ((val & OCW2_CMD) == OCW2_ROTATE_EOI)
			c->lowest = top;
		break;
	case OCW2_ROTATE_SPECIFIC_EOI:
		c->lowest = level;
		/* fall through */
	case OCW2_SPECIFIC_EOI:
		c->isr &= ~(1u << level);
		break;
	case OCW2_SET_PRIORITY:
		c->lowest = level;
		break;
	case OCW2_ROTATE_AEOI_SET:
	case OCW2_ROTATE_AEOI_CLEAR:
		c->rotate_on_aeoi = (val & OCW2_CMD) == OCW2_ROTATE_AEOI_SET;
		break;
	}
	// LAB5-STUB
	// (void)c;
	// panic("chip_ocw2: not implemented (0x%02x)", val);
	// LAB5-SOLUTION-END
}

static void
chip_ocw3(struct vpic_chip *c, uint8_t val)
{
	if (val & OCW3_ESMM)
		c->special_mask = val & OCW3_SMM;
	if (val & OCW3_RR)
		c->read_isr = val & OCW3_RIS;
	c->poll = val & OCW3_POLL;
}

static struct vpic_chip *
vpic_chip_of(struct vpic *pic, uint16_t port)
{
	return (port & ~1u) == PIC2_CMD ? &pic->slave : &pic->master;
}

// Hint: a data-port write is the next ICW while initialising (chip_icw), else OCW1 (the
// IMR); a command-port write is ICW1 (bit 4), OCW3 (bit 3) or OCW2; every change ends with
// vpic_update (lab 5 handout, exercise 1).
void
vpic_write(struct vpic *pic, uint16_t port, uint8_t val)
{
	// LAB5-SOLUTION-BEGIN
	struct vpic_chip *c = vpic_chip_of(pic, port);

	if (port == PIC1_DATA || port == PIC2_DATA) {
		if (c->init_step)
			chip_icw(c, val);
		else
			c->imr = val;                   // OCW1
	} else if (val & ICW1_INIT) {
		chip_icw1(c, val);
	} else if (val & OCW3) {
		chip_ocw3(c, val);
	} else {
		chip_ocw2(c, val);
	}
	vpic_update(pic);
	// LAB5-STUB
	// (void)pic, (void)vpic_chip_of, (void)chip_icw, (void)chip_icw1, (void)chip_ocw3;
	// (void)chip_ocw2;
	// panic("vpic_write: not implemented (port 0x%x, 0x%02x)", port, val);
	// LAB5-SOLUTION-END
}

// A read after an OCW3 poll command: acknowledges the chip's request as INTA would.
static uint8_t
chip_poll(struct vpic_chip *c, bool master)
{
	int ir = chip_resolve(c, master);

	c->poll = false;
	if (ir < 0)
		return 0;
	chip_ack(c, ir);
	return PIC_POLL_INT | ir;
}

// Hint: after an OCW3 poll the command port's read is the poll (chip_poll); else the data
// port gives the IMR, the command port IRR or ISR as OCW3 last chose (lab 5 handout,
// exercise 1).
uint8_t
vpic_read(struct vpic *pic, uint16_t port)
{
	// LAB5-SOLUTION-BEGIN
	struct vpic_chip *c = vpic_chip_of(pic, port);
	uint8_t val;

	if (c->poll)
		val = chip_poll(c, c == &pic->master);
	else if (port == PIC1_DATA || port == PIC2_DATA)
		val = c->imr;
	else
		val = c->read_isr ? c->isr : c->irr;
	vpic_update(pic);
	return val;
	// LAB5-STUB
	// (void)pic, (void)chip_poll;
	// panic("vpic_read: not implemented (port 0x%x)", port);
	// LAB5-SOLUTION-END
}

static uint32_t
vpic_io_read(void *dev, uint16_t port, int size)
{
	(void)size;
	return vpic_read(dev, port);
}

static void
vpic_io_write(void *dev, uint16_t port, int size, uint32_t val)
{
	(void)size;
	vpic_write(dev, port, val);
}

int
vpic_attach(struct vpic *pic, struct iobus *bus)
{
	int err = iobus_register(bus, PIC1_CMD, 2, 1, "pic1", pic, vpic_io_read, vpic_io_write);

	return err ? err : iobus_register(bus, PIC2_CMD, 2, 1, "pic2", pic, vpic_io_read,
					 vpic_io_write);
}
