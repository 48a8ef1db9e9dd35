// iobus.c: the guest's I/O port space, routing each in/out to the device that claims the port.
#include <stddef.h>

#include "lib/error.h"
#include "lib/string.h"
#include "vmm/dev/iobus.h"

#define IOBUS_NPORTS 0x10000u

void
iobus_init(struct iobus *bus)
{
	memset(bus, 0, sizeof *bus);
}

static struct iobus_range *
iobus_find(struct iobus *bus, uint32_t port)
{
	for (int i = 0; i < bus->nranges; i++)
		if (port >= bus->ranges[i].first && port <= bus->ranges[i].last)
			return &bus->ranges[i];
	return NULL;
}

int
iobus_register(struct iobus *bus, uint16_t base, uint32_t count, int width,
	       const char *name, void *dev, iobus_read_fn read, iobus_write_fn write)
{
	if ((width != 1 && width != 2 && width != 4) || count == 0 || base + count > IOBUS_NPORTS)
		return -E_INVAL;
	for (uint32_t p = base; p < base + count; p++)
		if (iobus_find(bus, p))
			return -E_EXIST;
	if (bus->nranges == IOBUS_MAX_RANGES)
		return -E_NOMEM;
	bus->ranges[bus->nranges++] = (struct iobus_range){
		.first = base, .last = base + count - 1, .width = width,
		.name = name, .dev = dev, .read = read, .write = write,
	};
	return 0;
}

// All ones in the low size bytes: what a floating ISA data bus reads as.
static uint32_t
iobus_ones(int size)
{
	return (uint32_t)((1ull << (8 * size)) - 1);
}

// How many of the size bytes from port r takes in one access: its width at most,
// no further than its last port, and a power of two.
static int
iobus_piece(const struct iobus_range *r, uint32_t port, int size)
{
	uint32_t n = r->last - port + 1;

	if (n > (uint32_t)size)
		n = size;
	if (n > r->width)
		n = r->width;
	return n >= 4 ? 4 : n >= 2 ? 2 : 1;
}

// Each piece goes to whoever claims its first port; a port past 0xFFFF is nobody's.
uint32_t
iobus_read(struct iobus *bus, uint16_t port, int size)
{
	uint32_t val = 0;
	int unclaimed = 0;

	for (int i = 0; i < size;) {
		struct iobus_range *r = iobus_find(bus, port + i);
		int n = r ? iobus_piece(r, port + i, size - i) : 1;
		uint32_t piece = iobus_ones(n);

		if (!r)
			unclaimed = 1;
		else if (r->read)
			piece = r->read(r->dev, port + i, n) & iobus_ones(n);
		val |= piece << (8 * i);
		i += n;
	}
	if (unclaimed) {
		bus->unclaimed_reads++;
		bus->last_unclaimed = port;
	}
	return val;
}

void
iobus_write(struct iobus *bus, uint16_t port, int size, uint32_t val)
{
	int unclaimed = 0;

	for (int i = 0; i < size;) {
		struct iobus_range *r = iobus_find(bus, port + i);
		int n = r ? iobus_piece(r, port + i, size - i) : 1;

		if (!r)
			unclaimed = 1;
		else if (r->write)
			r->write(r->dev, port + i, n, (val >> (8 * i)) & iobus_ones(n));
		i += n;
	}
	if (unclaimed) {
		bus->unclaimed_writes++;
		bus->last_unclaimed = port;
	}
}
