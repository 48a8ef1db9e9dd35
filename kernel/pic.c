// pic.c: the two 8259A interrupt controllers of the PC.
#include "kernel/pic.h"
#include "pc/pic.h"
#include "x86/trap.h"
#include "x86/x86.h"

static uint16_t mask = 0xFFFF & ~(1u << PIC_CASCADE_IRQ);

static void
pic_write_mask(void)
{
	outb(PIC1_DATA, mask & 0xFF);
	outb(PIC2_DATA, mask >> 8);
}

void
pic_init(void)
{
	outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC2_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC1_DATA, T_IRQ0);                    // ICW2: vector base
	outb(PIC2_DATA, T_IRQ0 + 8);
	outb(PIC1_DATA, 1u << PIC_CASCADE_IRQ);      // ICW3: slave on IR2
	outb(PIC2_DATA, PIC_CASCADE_IRQ);            // ICW3: slave identity
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	pic_write_mask();
}

void
pic_unmask(int irq)
{
	mask &= ~(1u << irq);
	pic_write_mask();
}

void
pic_mask(int irq)
{
	mask |= 1u << irq;
	pic_write_mask();
}

void
pic_eoi(int irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
}

static uint8_t
pic_isr(uint16_t cmd)
{
	outb(cmd, OCW3_READ_ISR);
	return inb(cmd);
}

int
pic_spurious(int irq)
{
	if (irq == IRQ_SPURIOUS_MASTER && !(pic_isr(PIC1_CMD) & 0x80))
		return 1;
	if (irq == IRQ_SPURIOUS_SLAVE && !(pic_isr(PIC2_CMD) & 0x80)) {
		outb(PIC1_CMD, OCW2_EOI);                // the master did see the cascade
		return 1;
	}
	return 0;
}
