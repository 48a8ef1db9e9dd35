// iobus.h: the guest's I/O port space: devices claim port ranges, the monitor routes in/out.
#ifndef VMM_DEV_IOBUS_H
#define VMM_DEV_IOBUS_H

#include <stdint.h>

#define IOBUS_MAX_RANGES 16

// A device's handlers. size is 1, 2 or 4 and never more than the range's width; port is
// the first port of the access. A read returns the value in its low size bytes.
typedef uint32_t (*iobus_read_fn)(void *dev, uint16_t port, int size);
typedef void (*iobus_write_fn)(void *dev, uint16_t port, int size, uint32_t val);

struct iobus_range {
	uint16_t first, last;        // ports first..last (inclusive) belong to the device
	uint8_t width;               // widest access the device takes: 1, 2 or 4
	const char *name;
	void *dev;
	iobus_read_fn read;
	iobus_write_fn write;
};

struct iobus {
	struct iobus_range ranges[IOBUS_MAX_RANGES];
	int nranges;
	uint32_t unclaimed_reads;    // accesses that touched a port nobody claims
	uint32_t unclaimed_writes;
	uint16_t last_unclaimed;     // the port of the latest one, for the monitor console
};

// Empties the bus: every port unclaimed, counters zero.
void iobus_init(struct iobus *bus);

// Gives ports base..base+count-1 to a device whose registers are width bytes wide
// (1, 2 or 4): a wider access is split into width-sized pieces, as the ISA bus splits a
// 16-bit cycle to an 8-bit card. Returns 0; -E_INVAL for a bad width, count 0 or a range
// past port 0xFFFF; -E_EXIST if a port is already claimed; -E_NOMEM if the bus is full.
int iobus_register(struct iobus *bus, uint16_t base, uint32_t count, int width,
		   const char *name, void *dev, iobus_read_fn read, iobus_write_fn write);

// An `in` of size bytes (1, 2 or 4) from port: the bytes of unclaimed ports read as 0xFF.
uint32_t iobus_read(struct iobus *bus, uint16_t port, int size);
// An `out` of the low size bytes of val to port: unclaimed ports ignore their bytes.
void iobus_write(struct iobus *bus, uint16_t port, int size, uint32_t val);

#endif
