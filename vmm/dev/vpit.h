// vpit.h: the virtual 8254 interval timer: three counters, channel 0 wired to IRQ 0.
#ifndef VMM_DEV_VPIT_H
#define VMM_DEV_VPIT_H

#include <stdbool.h>
#include <stdint.h>

struct iobus;
struct vpic;

struct vpit_channel {
	uint8_t mode;           // 0-5 (6 and 7 are stored as 2 and 3)
	uint8_t access;         // PIT_ACCESS_LO, _HI or _LOHI
	bool bcd;               // counts in BCD
	bool counting;          // a count has been loaded since the control word
	bool out;               // the OUT pin (kept high between terminal counts in mode 3)
	bool write_hi;          // lohi: the next write is the high byte
	bool read_hi;           // lohi: the next read is the high byte
	uint8_t write_lo;       // lohi: the low byte, waiting for its high byte
	uint8_t latch_left;     // bytes of the latched value still to read (0: not latched)
	uint16_t latch;         // value captured by the counter latch command
	uint32_t period;        // the count in clocks: 1..65536 (0 written means 65536)
	uint32_t next_period;   // modes 2/3: a count written while counting, the period from the
	                        // next terminal count on (0: none since the control word)
	uint32_t elapsed;       // clocks since the count was loaded (mode 0/4) or the period began
	uint32_t expiries;      // terminal counts so far (the monitor's view of lost ticks)
};

struct vpit {
	struct vpit_channel ch[3];
	struct vpic *pic;       // channel 0's OUT drives IRQ 0 here (NULL: not wired)
};

// Puts the PIT in the state a PC BIOS leaves it: channel 0 counting 65536 in mode 3
// (18.2 Hz), wired to IRQ 0 of pic (may be NULL); channels 1 and 2 idle; OUT high.
void vpit_reset(struct vpit *pit, struct vpic *pic);

// Lets pit_clocks periods of the PIT's input clock (PIT_HZ) pass. Each terminal count of
// channel 0 puts a rising edge on IRQ 0; several in one advance leave one request in the
// PIC's IRR, as on the real chips. Returns how many terminal counts channel 0 reached.
uint32_t vpit_advance(struct vpit *pit, uint32_t pit_clocks);

// The CPU's in/out on PIT_CH0..PIT_CH2 and PIT_CMD (pc/pit.h). Reading PIT_CMD gives 0xFF.
uint8_t vpit_read(struct vpit *pit, uint16_t port);
void vpit_write(struct vpit *pit, uint16_t port, uint8_t val);

// Claims the four ports on bus. Returns 0 or iobus_register's error.
int vpit_attach(struct vpit *pit, struct iobus *bus);

#endif
