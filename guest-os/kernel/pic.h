// pic.h: the two 8259A interrupt controllers (lab 2).
#ifndef GUEST_PIC_H
#define GUEST_PIC_H

// Remaps IRQ 0..15 to vectors T_IRQ0..T_IRQ0+15, every line masked but the cascade.
void pic_init(void);
void pic_unmask(int irq);
// Acknowledges irq at the controller(s) that raised it.
void pic_eoi(int irq);
// 1 if irq (7 or 15) is spurious: not in service, and so not to be acknowledged.
int pic_spurious(int irq);

#endif
