// vpic.h: the virtual 8259A interrupt controller pair of a PC (Intel 8259A data sheet).
#ifndef VMM_DEV_VPIC_H
#define VMM_DEV_VPIC_H

#include <stdbool.h>
#include <stdint.h>

struct iobus;

// One 8259A. Bit n of each register stands for input IRn.
struct vpic_chip {
	uint8_t irr;            // interrupt request register: requests waiting for INTA
	uint8_t isr;            // in-service register: acknowledged, waiting for EOI
	uint8_t imr;            // interrupt mask register (OCW1)
	uint8_t lines;          // level of each IR input now (edge detection)
	uint8_t vector_base;    // ICW2: vector of IR0
	uint8_t icw3;           // master: the IRs with a slave; slave: its master IR
	uint8_t init_step;      // 0: ready; 2, 3, 4: the next data write is that ICW
	uint8_t lowest;         // the IR with the lowest priority (7 unless rotated)
	bool icw4_expected, single, level_triggered;
	bool auto_eoi, rotate_on_aeoi, mode_8086, special_fully_nested;
	bool special_mask, read_isr, poll;
};

struct vpic {
	struct vpic_chip master, slave;   // the slave is wired to the master's IR2
};

// Puts both chips in the state a PC BIOS leaves them: initialised (vectors 0x08 and 0x70,
// cascade on IR2, 8086 mode, edge-triggered) with every IRQ masked and nothing pending.
void vpic_reset(struct vpic *pic);

// Drives IRQ line irq (0-15) high or low. An edge-triggered input requests an interrupt
// on a rising edge; a level-triggered one (ICW1.LTIM) requests it while high.
void vpic_raise(struct vpic *pic, int irq);
void vpic_lower(struct vpic *pic, int irq);

// The vector the CPU would receive if it acknowledged the interrupt now, or -1 if the
// master's INT output is low (nothing unmasked of higher priority than what is in service).
// Changes nothing: the monitor injects only when the guest's virtual IF is 1.
int vpic_pending(const struct vpic *pic);

// The INTA cycle: returns the vector and moves the request from IRR to ISR (unless in
// auto-EOI mode), on the slave too for IRQ 8-15. If the request went away before INTA the
// chip answers with its IR7 vector and sets no ISR bit: the spurious IRQ 7 (or 15, with
// the master's IR2 in service) a guest driver must check ISR for.
int vpic_ack(struct vpic *pic);

// The CPU's in/out on ports PIC1_CMD, PIC1_DATA, PIC2_CMD, PIC2_DATA (pc/pic.h).
uint8_t vpic_read(struct vpic *pic, uint16_t port);
void vpic_write(struct vpic *pic, uint16_t port, uint8_t val);

// Claims the four ports on bus. Returns 0 or iobus_register's error.
int vpic_attach(struct vpic *pic, struct iobus *bus);

#endif
