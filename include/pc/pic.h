// pic.h: the two cascaded 8259A interrupt controllers (Intel 8259A data sheet).
#ifndef PC_PIC_H
#define PC_PIC_H

#define PIC1_CMD   0x20
#define PIC1_DATA  0x21
#define PIC2_CMD   0xA0
#define PIC2_DATA  0xA1
#define PIC_CASCADE_IRQ 2      // the slave is wired to the master's IR2

#define ICW1_ICW4  0x01        // ICW4 follows
#define ICW1_INIT  0x10        // start initialisation (edge-triggered, cascade mode)
#define ICW4_8086  0x01        // 8086 mode
#define OCW2_EOI   0x20        // non-specific end of interrupt
#define OCW3_READ_ISR 0x0B     // next read of the command port returns the in-service register

#endif
