// debug.c: the debug console and the test latch (debug.h): the ports a guest can use
// before it has drivers, and that test guests use to check port I/O of every size.
#include <stdbool.h>
#include <stddef.h>

#include "pc/pc.h"
#include "vmm/dev/debug.h"
#include "vmm/dev/iobus.h"
#include "vmm/dev/vpic.h"
#include "vmm/dev/vpit.h"

static uint32_t
console_read(void *dev, uint16_t port, int size)
{
	(void)dev, (void)port, (void)size;
	return PORT_E9_DEBUG;
}

static void
console_write(void *dev, uint16_t port, int size, uint32_t val)
{
	struct debug_ports *d = dev;

	(void)port, (void)size;
	d->console_bytes++;
	d->out(d->out_arg, (uint8_t)val);
}

// The latch's lanes from port on, size of them (the bus never crosses its last port).
static uint32_t
latch_read(void *dev, uint16_t port, int size)
{
	struct debug_ports *d = dev;
	uint32_t val = 0;

	for (int i = size - 1; i >= 0; i--)
		val = val << 8 | d->latch[port - PORT_TESTDEV + i];
	return val;
}

static void
latch_write(void *dev, uint16_t port, int size, uint32_t val)
{
	struct debug_ports *d = dev;

	for (int i = 0; i < size; i++, val >>= 8)
		d->latch[port - PORT_TESTDEV + i] = (uint8_t)val;
}

static void
irq_write(void *dev, uint16_t port, int size, uint32_t val)
{
	struct debug_ports *d = dev;

	(void)size;
	if (!d->pic)
		return;
	if (val & 0xFF)
		vpic_raise(d->pic, port - PORT_TESTDEV_IRQ);
	else
		vpic_lower(d->pic, port - PORT_TESTDEV_IRQ);
}

static void
clock_write(void *dev, uint16_t port, int size, uint32_t val)
{
	struct debug_ports *d = dev;

	(void)port, (void)size;
	if (d->clock)
		vpit_advance(d->clock, val);
}

// Whether [off, off + size) lies within the register of n bytes at reg.
static bool
mmio_within(uint32_t off, int size, uint32_t reg, uint32_t n)
{
	return off >= reg && off + size <= reg + n;
}

uint32_t
debug_mmio_read(struct debug_ports *d, uint32_t off, int size)
{
	if (mmio_within(off, size, DEBUG_MMIO_CONSOLE, 1))
		return console_read(d, PORT_E9_DEBUG, size);
	if (mmio_within(off, size, DEBUG_MMIO_LATCH, 4))
		return latch_read(d, PORT_TESTDEV + off - DEBUG_MMIO_LATCH, size);
	return 0;
}

void
debug_mmio_write(struct debug_ports *d, uint32_t off, int size, uint32_t val)
{
	if (mmio_within(off, size, DEBUG_MMIO_CONSOLE, 1))
		console_write(d, PORT_E9_DEBUG, size, val);
	else if (mmio_within(off, size, DEBUG_MMIO_LATCH, 4))
		latch_write(d, PORT_TESTDEV + off - DEBUG_MMIO_LATCH, size, val);
	else if (off == DEBUG_MMIO_DROP && size == 4 && d->drop)
		d->drop(d->drop_arg, val);
}

int
debug_attach(struct debug_ports *d, struct iobus *bus, struct vpic *pic, debug_out_fn out,
	     void *arg)
{
	int err;

	*d = (struct debug_ports){ .pic = pic, .out = out, .out_arg = arg };
	if ((err = iobus_register(bus, PORT_E9_DEBUG, 1, 1, "debugcon", d, console_read,
				  console_write)) < 0 ||
	    (err = iobus_register(bus, PORT_TESTDEV, 4, 4, "testdev", d, latch_read,
				  latch_write)) < 0 ||
	    (err = iobus_register(bus, PORT_TESTDEV_CLOCK, 4, 4, "testdev-clock", d, NULL,
				  clock_write)) < 0)
		return err;
	return iobus_register(bus, PORT_TESTDEV_IRQ, 16, 1, "testdev-irq", d, NULL,
			      irq_write);
}
