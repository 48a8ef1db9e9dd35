// debug.h: the debug ports every board has, as the emulators duplicata runs on give them:
// a console at PORT_E9_DEBUG (QEMU's debugcon, Bochs' port_e9_hack), a 32-bit test latch at
// PORT_TESTDEV, which gives back what was written to it, and the IRQ lines at
// PORT_TESTDEV_IRQ (both as QEMU's pc-testdev has them): writing v to PORT_TESTDEV_IRQ + n
// drives ISA IRQ n high (v != 0) or low, for tests of the interrupt controller. With the
// monitor's clock=guest, PORT_TESTDEV_CLOCK is the PIT's only time: a 32-bit write of n lets
// n PIT input clocks pass at once (as QEMU's qtest clock_step does), for exact tests of the
// timer; elsewhere it is a sink.
//
// The same device has a memory-mapped window too, one page at guest-physical DEBUG_MMIO_BASE
// (far above any guest RAM, GMEM_MAX), for monitors that emulate MMIO (vmx: lab 9):
//   +0x0 DEBUG_MMIO_CONSOLE  a byte written goes to the console; reads give PORT_E9_DEBUG
//   +0x4 DEBUG_MMIO_LATCH    the test latch, the same byte lanes as PORT_TESTDEV
//   +0x8 DEBUG_MMIO_DROP     a guest-physical address written asks the monitor to drop that
//                            page of RAM: the guest finds it zeroed at its next touch
// Any other byte of the page reads 0 and ignores writes. Accesses are 1, 2 or 4 bytes wide.
#ifndef VMM_DEV_DEBUG_H
#define VMM_DEV_DEBUG_H

#include <stdint.h>

struct iobus;
struct vpic;
struct vpit;

#define PORT_TESTDEV 0xE0       // four byte lanes, 0xE0-0xE3
#define PORT_TESTDEV_IRQ 0x2000 // one port per IRQ line, 0x2000-0x200F
#define PORT_TESTDEV_CLOCK 0x2010 // 32 bits: PIT input clocks to pass (clock=guest)

#define DEBUG_MMIO_BASE    0xFF000000u
#define DEBUG_MMIO_CONSOLE 0x0
#define DEBUG_MMIO_LATCH   0x4
#define DEBUG_MMIO_DROP    0x8

// Called with each byte written to the debug console.
typedef void (*debug_out_fn)(void *arg, uint8_t byte);   // == vuart_out_fn

struct debug_ports {
	uint8_t latch[4];           // the test latch, byte lane by byte lane
	struct vpic *pic;           // where the IRQ lines go (NULL: nowhere, a bare board)
	struct vpit *clock;         // the PIT the clock port drives (NULL: clock=host)
	uint32_t console_bytes;     // bytes written to the console
	debug_out_fn out;
	void *out_arg;
	// Drops the page of RAM at gpa (DEBUG_MMIO_DROP): the monitor's backend sets it, if it
	// can (NULL: the register does nothing).
	void (*drop)(void *arg, uint32_t gpa);
	void *drop_arg;
};

// Resets the ports (latch zero) and claims them on bus; console bytes go to out(arg, byte),
// the IRQ lines to pic (may be NULL). Reading the console port gives PORT_E9_DEBUG, as in
// QEMU and Bochs. Returns 0 or iobus_register's error.
int debug_attach(struct debug_ports *d, struct iobus *bus, struct vpic *pic, debug_out_fn out,
		 void *arg);

// An access of size bytes at offset off of the MMIO window (off + size <= 4096).
uint32_t debug_mmio_read(struct debug_ports *d, uint32_t off, int size);
void debug_mmio_write(struct debug_ports *d, uint32_t off, int size, uint32_t val);

#endif
