// pic.h: the two cascaded 8259A interrupt controllers (Intel 8259A data sheet).
#ifndef PC_PIC_H
#define PC_PIC_H

#define PIC1_CMD   0x20
#define PIC1_DATA  0x21
#define PIC2_CMD   0xA0
#define PIC2_DATA  0xA1
#define PIC_CASCADE_IRQ 2      // the slave is wired to the master's IR2
#define PIC1_BIOS_VECTOR 0x08  // where a PC BIOS leaves IRQ 0-7 (on top of CPU exceptions)
#define PIC2_BIOS_VECTOR 0x70  // and IRQ 8-15

#define PIC_NIRQ   8           // IR0..IR7 on each chip
#define PIC_SPURIOUS_IR 7      // INTA with no request pending answers with IR7's vector

// A write to the command port is ICW1 if bit 4 is set, else OCW3 if bit 3 is set, else OCW2.
#define ICW1_ICW4  0x01        // ICW4 follows
#define ICW1_SNGL  0x02        // single chip: no ICW3
#define ICW1_LTIM  0x08        // level-triggered inputs (else edge-triggered)
#define ICW1_INIT  0x10        // start initialisation (edge-triggered, cascade mode)
#define ICW2_VECTOR_MASK 0xF8  // 8086 mode: T7-T3 of the vector; IR number gives the rest
#define ICW3_SLAVE_ID 0x07     // slave: the master IR it is wired to
#define ICW4_8086  0x01        // 8086 mode
#define ICW4_AEOI  0x02        // automatic end of interrupt
#define ICW4_MS    0x04        // buffered mode: master (1) or slave (0)
#define ICW4_BUF   0x08        // buffered mode
#define ICW4_SFNM  0x10        // special fully nested mode

// OCW2: | R | SL | EOI | 0 | 0 | L2-L0 |
#define OCW2_LEVEL 0x07        // IR level for the specific commands (SL = 1)
#define OCW2_CMD   0xE0        // R, SL, EOI
#define OCW2_EOI   0x20        // non-specific end of interrupt
#define OCW2_NOP   0x40
#define OCW2_SPECIFIC_EOI 0x60 // EOI of the level in L2-L0
#define OCW2_ROTATE_AEOI_CLEAR 0x00
#define OCW2_ROTATE_AEOI_SET   0x80  // rotate priorities on each automatic EOI
#define OCW2_ROTATE_EOI        0xA0  // non-specific EOI, then that level gets lowest priority
#define OCW2_SET_PRIORITY      0xC0  // the level in L2-L0 gets lowest priority
#define OCW2_ROTATE_SPECIFIC_EOI 0xE0

// OCW3: | 0 | ESMM | SMM | 0 | 1 | P | RR | RIS |
#define OCW3       0x08        // bit 3 set, bit 4 clear: this is OCW3
#define OCW3_RIS   0x01        // with RR: read ISR (1) or IRR (0)
#define OCW3_RR    0x02        // read register command
#define OCW3_POLL  0x04        // next read of the command port is a poll
#define OCW3_SMM   0x20        // with ESMM: set (1) or reset (0) special mask mode
#define OCW3_ESMM  0x40
#define OCW3_READ_IRR 0x0A     // next read of the command port returns the request register
#define OCW3_READ_ISR 0x0B     // next read of the command port returns the in-service register
#define PIC_POLL_INT 0x80      // poll answer: an interrupt is pending (its level in bits 2-0)

#endif
