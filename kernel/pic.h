// pic.h: the 8259A pair, remapped to vectors T_IRQ0..T_IRQ0+15.
#ifndef KERNEL_PIC_H
#define KERNEL_PIC_H

// Remaps both PICs and masks every line but the cascade.
void pic_init(void);
void pic_unmask(int irq);
void pic_mask(int irq);
// Acknowledges irq (both PICs for lines 8..15).
void pic_eoi(int irq);
// Returns 1 if irq is a spurious IRQ 7 or 15 (nothing in service), acknowledging as needed.
int pic_spurious(int irq);

#endif
