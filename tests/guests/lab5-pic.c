// lab5-pic.c: lab 5's test of the 8259A pair, through its ports alone: the guest raises IRQ
// lines with the test device (PORT_TESTDEV_IRQ) and acknowledges requests with the poll
// command (OCW3), as a CPU's INTA would, so no interrupt reaches the CPU here.
#include "pc/pic.h"
#include "tests/guests/lab5.h"
#include "tests/guests/tguest.h"
#include "vmm/dev/debug.h"
#include "x86/x86.h"

#define POLL(ir) (PIC_POLL_INT | (ir))

void
lab5_pic_init(uint8_t master_mask, uint8_t slave_mask)
{
	outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC2_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC1_DATA, LAB5_VEC_MASTER);
	outb(PIC2_DATA, LAB5_VEC_SLAVE);
	outb(PIC1_DATA, 1u << PIC_CASCADE_IRQ);
	outb(PIC2_DATA, PIC_CASCADE_IRQ);
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	outb(PIC1_DATA, master_mask);
	outb(PIC2_DATA, slave_mask);
}

void
lab5_irq_line(int irq, int level)
{
	outb(PORT_TESTDEV_IRQ + irq, level);
}

uint8_t
lab5_pic_reg(uint16_t cmd, uint8_t ocw3)
{
	outb(cmd, ocw3);
	return inb(cmd);
}

uint8_t
lab5_irr(uint16_t cmd)
{
	return lab5_pic_reg(cmd, OCW3_READ_IRR) & (cmd == PIC1_CMD ? 0xFE : 0xFF);
}


static uint8_t
isr(uint16_t cmd)
{
	return lab5_pic_reg(cmd, OCW3_READ_ISR);
}

static uint8_t
poll(uint16_t cmd)
{
	return lab5_pic_reg(cmd, OCW3 | OCW3_POLL);
}

// Initialisation, the mask register, and requests latched whether masked or not.
static void
check_init(void)
{
	lab5_pic_init(0xFF, 0xFF);
	tg_check_eq(inb(PIC1_DATA), 0xFF, "ICW1-4, then OCW1: the master's IMR reads back");
	outb(PIC2_DATA, 0xA5);
	tg_check_eq(inb(PIC2_DATA), 0xA5, "OCW1: the slave's IMR reads back");
	outb(PIC2_DATA, 0xFF);
	tg_check(lab5_irr(PIC1_CMD) == 0 && isr(PIC1_CMD) == 0, "after ICW1: IRR and ISR empty",
		 "IRR 0x%02x, ISR 0x%02x", lab5_irr(PIC1_CMD), isr(PIC1_CMD));
	lab5_irq_line(3, 1);
	tg_check_eq(lab5_irr(PIC1_CMD), 1u << 3, "a masked request is in IRR (OCW3: read IRR)");
	tg_check_eq(poll(PIC1_CMD), 0, "...but not signalled: a poll finds no interrupt");
}

// Priorities: the lowest IR first; a request of lower priority than the one in service
// waits; non-specific EOI ends the highest level in service, specific EOI the one it names.
static void
check_priorities(void)
{
	outb(PIC1_DATA, (uint8_t)~(1u << 1 | 1u << 3 | 1u << 5 | 1u << PIC_CASCADE_IRQ));
	lab5_irq_line(5, 1);
	tg_check_eq(poll(PIC1_CMD), POLL(3), "IR3 and IR5 requested: poll acknowledges IR3");
	tg_check(isr(PIC1_CMD) == 1u << 3 && lab5_irr(PIC1_CMD) == 1u << 5,
		 "...IR3 moves from IRR to ISR", "IRR 0x%02x, ISR 0x%02x", lab5_irr(PIC1_CMD),
		 isr(PIC1_CMD));
	tg_check_eq(poll(PIC1_CMD), 0, "IR5 waits while IR3, of higher priority, is in service");
	lab5_irq_line(1, 1);
	tg_check_eq(poll(PIC1_CMD), POLL(1), "IR1 interrupts IR3's service (higher priority)");
	tg_check_eq(isr(PIC1_CMD), 1u << 1 | 1u << 3, "IR1 and IR3 in service");
	outb(PIC1_CMD, OCW2_EOI);
	tg_check_eq(isr(PIC1_CMD), 1u << 3, "non-specific EOI ends the highest level, IR1");
	outb(PIC1_CMD, OCW2_SPECIFIC_EOI | 3);
	tg_check_eq(isr(PIC1_CMD), 0, "specific EOI 3 ends IR3");
	tg_check_eq(poll(PIC1_CMD), POLL(5), "then IR5 is signalled");
	outb(PIC1_CMD, OCW2_SPECIFIC_EOI | 1);
	tg_check_eq(isr(PIC1_CMD), 1u << 5, "specific EOI of a level not in service changes nothing");
	outb(PIC1_CMD, OCW2_EOI);
}

// Edge triggering: a line held high requests once; it must fall and rise again.
static void
check_edges(void)
{
	lab5_irq_line(3, 1);
	tg_check_eq(lab5_irr(PIC1_CMD), 0, "a line already high requests nothing more (edge-triggered)");
	lab5_irq_line(3, 0);
	lab5_irq_line(3, 1);
	tg_check_eq(lab5_irr(PIC1_CMD), 1u << 3, "falling then rising again: a new request");
	tg_check_eq(poll(PIC1_CMD), POLL(3), "...acknowledged");
	outb(PIC1_CMD, OCW2_EOI);
	for (int irq = 1; irq <= 5; irq++)
		lab5_irq_line(irq, 0);
}

// The slave's requests reach the master's IR2; each chip is acknowledged and ended.
static void
check_cascade(void)
{
	outb(PIC2_DATA, (uint8_t)~(1u << 4));
	lab5_irq_line(10, 1);
	tg_check_eq(lab5_irr(PIC2_CMD), 1u << 2, "IRQ 10 requests on the slave's IR2");
	tg_check_eq(lab5_irr(PIC1_CMD), 0, "...masked there, it does not reach the master");
	lab5_irq_line(12, 1);
	tg_check_eq(lab5_irr(PIC1_CMD), 1u << PIC_CASCADE_IRQ, "IRQ 12 does: the master's IR2 (cascade)");
	tg_check_eq(poll(PIC1_CMD), POLL(PIC_CASCADE_IRQ), "the master's poll: IR2");
	tg_check_eq(poll(PIC2_CMD), POLL(4), "the slave's poll: IR4 (IRQ 12; IRQ 10 is masked)");
	tg_check(isr(PIC1_CMD) == 1u << PIC_CASCADE_IRQ && isr(PIC2_CMD) == 1u << 4,
		 "both chips hold the request in service", "master ISR 0x%02x, slave ISR 0x%02x",
		 isr(PIC1_CMD), isr(PIC2_CMD));
	outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
	tg_check(isr(PIC1_CMD) == 0 && isr(PIC2_CMD) == 0 && lab5_irr(PIC1_CMD) == 0,
		 "EOI to both: nothing in service, the masked IRQ 10 not cascaded",
		 "master ISR 0x%02x IRR 0x%02x, slave ISR 0x%02x", isr(PIC1_CMD), lab5_irr(PIC1_CMD),
		 isr(PIC2_CMD));
	lab5_irq_line(10, 0);
	lab5_irq_line(12, 0);
}

// Requests IR3 and IR5 (fresh edges) and returns what two polls acknowledge, ended by
// specific EOIs: the order the priorities give.
static uint16_t
poll_pair(void)
{
	lab5_irq_line(3, 0), lab5_irq_line(5, 0);
	lab5_irq_line(3, 1), lab5_irq_line(5, 1);
	uint8_t a = poll(PIC1_CMD), b = poll(PIC1_CMD);
	outb(PIC1_CMD, OCW2_SPECIFIC_EOI | 3);
	outb(PIC1_CMD, OCW2_SPECIFIC_EOI | 5);
	return a << 8 | b;
}

// Rotations change which level is the lowest; special mask mode lets a masked level in
// service stop blocking others.
static void
check_rotation(void)
{
	lab5_pic_init((uint8_t)~(1u << 3 | 1u << 5), 0xFF);
	tg_check_eq(poll_pair(), POLL(3) << 8, "IR3 before IR5; IR5 waits for IR3's EOI");
	outb(PIC1_CMD, OCW2_SET_PRIORITY | 4);
	tg_check_eq(poll_pair(), POLL(5) << 8, "set priority: IR4 lowest, so IR5 is the highest");
	lab5_irq_line(3, 0), lab5_irq_line(3, 1);
	poll(PIC1_CMD);
	outb(PIC1_CMD, OCW2_ROTATE_EOI);
	tg_check_eq(poll_pair(), POLL(5) << 8, "rotate on EOI of IR3: IR3 lowest, IR5 first");
	outb(PIC1_CMD, OCW2_ROTATE_SPECIFIC_EOI | 7);
	tg_check_eq(poll_pair(), POLL(3) << 8, "rotate on specific EOI 7: back to IR0 first");
	lab5_irq_line(3, 0), lab5_irq_line(3, 1);
	poll(PIC1_CMD);                                  // IR3 in service
	outb(PIC1_CMD, OCW2_ROTATE_EOI);                 // IR3 lowest: 4, 5, ..., 2, 3
	outb(PIC1_CMD, OCW2_ROTATE_EOI);                 // nothing in service: no change
	tg_check_eq(poll_pair(), POLL(5) << 8, "rotate on EOI of IR3 (IR3 lowest): IR5 before IR3, "
		    "and an EOI with nothing in service changes nothing");
	outb(PIC1_CMD, OCW2_ROTATE_SPECIFIC_EOI | 7);
	lab5_irq_line(3, 0), lab5_irq_line(3, 1);
	poll(PIC1_CMD);
	outb(PIC1_DATA, (uint8_t)~(1u << 5));
	outb(PIC1_CMD, OCW3 | OCW3_ESMM | OCW3_SMM);
	lab5_irq_line(5, 0), lab5_irq_line(5, 1);
	tg_check_eq(poll(PIC1_CMD), POLL(5), "special mask: IR3 in service but masked, IR5 comes");
	outb(PIC1_CMD, OCW3 | OCW3_ESMM);
	outb(PIC1_CMD, OCW2_SPECIFIC_EOI | 5);
	outb(PIC1_CMD, OCW2_SPECIFIC_EOI | 3);
}

// New edges on lines 3 and 5 (then both high), and the polls that follow.
static uint32_t
edges_then_polls(bool three, bool five, int polls)
{
	uint32_t got = 0;

	if (three)
		lab5_irq_line(3, 0), lab5_irq_line(3, 1);
	if (five)
		lab5_irq_line(5, 0), lab5_irq_line(5, 1);
	for (int i = 0; i < polls; i++)
		got = got << 8 | poll(PIC1_CMD);
	return got;
}

// Rotate on automatic EOI (OCW2 0x80, cleared by 0x00): each acknowledged level becomes the
// lowest. (IR3 and IR5 both requested; the lowest is IR7 after ICW1.)
static void
check_aeoi_rotation(void)
{
	outb(PIC1_CMD, OCW2_ROTATE_AEOI_SET);
	uint32_t first = edges_then_polls(true, true, 1);
	uint32_t then = edges_then_polls(true, false, 2);
	tg_check(first == POLL(3) && then == (POLL(5) << 8 | POLL(3)),
		 "rotate on automatic EOI: IR3, then IR3 lowest: IR5 before a new IR3",
		 "polls 0x%02x, then 0x%04x", (unsigned)first, (unsigned)then);
	outb(PIC1_CMD, OCW2_ROTATE_AEOI_CLEAR);
	first = edges_then_polls(true, true, 1);
	then = edges_then_polls(false, true, 2);
	tg_check(first == POLL(5) && then == (POLL(5) << 8 | POLL(3)),
		 "rotation cleared: IR3 stays lowest, a new IR5 still before IR3",
		 "polls 0x%02x, then 0x%04x", (unsigned)first, (unsigned)then);
}

// Automatic EOI (ICW4.AEOI): acknowledged requests never enter ISR; and level triggering
// (ICW1.LTIM): IRR follows the line.
static void
check_modes(void)
{
	outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC1_DATA, LAB5_VEC_MASTER);
	outb(PIC1_DATA, 1u << PIC_CASCADE_IRQ);
	outb(PIC1_DATA, ICW4_8086 | ICW4_AEOI);
	outb(PIC1_DATA, (uint8_t)~(1u << 3 | 1u << 5));
	tg_check(poll_pair() == (POLL(3) << 8 | POLL(5)) && isr(PIC1_CMD) == 0,
		 "automatic EOI: IR3 then IR5 at once, nothing in service", "ISR 0x%02x",
		 isr(PIC1_CMD));
	check_aeoi_rotation();
	outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4 | ICW1_LTIM);
	outb(PIC1_DATA, LAB5_VEC_MASTER);
	outb(PIC1_DATA, 1u << PIC_CASCADE_IRQ);
	outb(PIC1_DATA, ICW4_8086);
	tg_check_eq(lab5_irr(PIC1_CMD), 1u << 3 | 1u << 5, "level-triggered: the high lines request");
	lab5_irq_line(5, 0);
	tg_check_eq(lab5_irr(PIC1_CMD), 1u << 3, "...and a line that falls withdraws its request");
	lab5_irq_line(3, 0);
}

// Special fully nested mode (ICW4.SFNM, on the master): a slave's IRQ of higher priority
// gets through while the master's IR2 is in service for a lower one.
static void
check_sfnm(void)
{
	lab5_pic_init((uint8_t)~(1u << PIC_CASCADE_IRQ), (uint8_t)~(1u << 1 | 1u << 5));
	outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC1_DATA, LAB5_VEC_MASTER);
	outb(PIC1_DATA, 1u << PIC_CASCADE_IRQ);
	outb(PIC1_DATA, ICW4_8086 | ICW4_SFNM);
	outb(PIC1_DATA, (uint8_t)~(1u << PIC_CASCADE_IRQ));
	lab5_irq_line(13, 1);
	poll(PIC1_CMD), poll(PIC2_CMD);                 // IRQ 13 in service on both
	lab5_irq_line(9, 1);
	tg_check_eq(poll(PIC1_CMD), POLL(PIC_CASCADE_IRQ),
		    "fully nested: IRQ 9 passes the master's IR2, in service for IRQ 13");
	tg_check_eq(poll(PIC2_CMD), POLL(1), "...the slave gives IR1");
	lab5_irq_line(9, 0), lab5_irq_line(13, 0);
}

void
lab5_pic(void)
{
	check_init();
	check_priorities();
	check_edges();
	check_cascade();
	check_rotation();
	check_modes();
	check_sfnm();
}
