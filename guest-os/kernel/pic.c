// pic.c: the master and slave 8259A of the PC (lab 2).
#include "guest-os/kernel/cpu.h"
#include "guest-os/kernel/panic.h"
#include "guest-os/kernel/pic.h"
#include "pc/pic.h"
#include "x86/trap.h"

static uint16_t masked = 0xFFFF & ~(1u << PIC_CASCADE_IRQ);   // bit n set: IRQ n masked

static void
pic_set_mask(void)
{
	outb(PIC1_DATA, masked & 0xFF);
	outb(PIC2_DATA, masked >> 8);
}

// Contract: ICW1 starts the initialisation of both; ICW2 moves their vectors off the CPU's
// exceptions (master at T_IRQ0, slave at T_IRQ0 + 8); ICW3 wires the slave to IR2; ICW4
// selects 8086 mode. Then every line but the cascade is masked.
// Hint: pc/pic.h names the ports and words (PIC1_CMD, ICW1_INIT...); the order of the four
// words is fixed by the 8259A datasheet (the OSDev wiki's "8259 PIC" page draws it).
void
pic_init(void)
{
	// LAB2-SOLUTION-BEGIN
	outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC2_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC1_DATA, T_IRQ0);
	outb(PIC2_DATA, T_IRQ0 + 8);
	outb(PIC1_DATA, 1u << PIC_CASCADE_IRQ);
	outb(PIC2_DATA, PIC_CASCADE_IRQ);
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	pic_set_mask();
	// LAB2-STUB
	// panic("pic_init: not implemented");
	// LAB2-SOLUTION-END
}

void
pic_unmask(int irq)
{
	masked &= ~(1u << irq);
	pic_set_mask();
}

// Contract: ends the interrupt of line irq (0..15) at the PIC, so it may deliver the next
// one; the slave's lines need an EOI at both controllers.
// Hint: a non-specific EOI (OCW2_EOI) to the command port of each controller involved.
void
pic_eoi(int irq)
{
	// LAB2-SOLUTION-BEGIN
	if (irq >= 8)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
	// LAB2-STUB
	// panic("pic_eoi: not implemented (irq %d)", irq);
	// LAB2-SOLUTION-END
}

// The in-service register of one controller.
static uint8_t
pic_in_service(uint16_t cmd)
{
	outb(cmd, OCW3_READ_ISR);
	return inb(cmd);
}

// Contract: a line that drops before the CPU acknowledges it makes the 8259A deliver its
// lowest-priority vector (IRQ 7, or 15 on the slave) with the in-service bit clear.
int
pic_spurious(int irq)
{
	if (irq == IRQ_SPURIOUS_MASTER)
		return !(pic_in_service(PIC1_CMD) & 0x80);
	if (irq == IRQ_SPURIOUS_SLAVE && !(pic_in_service(PIC2_CMD) & 0x80)) {
		outb(PIC1_CMD, OCW2_EOI);          // the master did raise the cascade line
		return 1;
	}
	return 0;
}
