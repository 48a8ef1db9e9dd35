// lab5-irq.c: lab 5's test of interrupts reaching the guest's CPU: the monitor gives virtual
// time to the PIT, and delivers the PIC's requests through the guest's IDT when the guest's
// virtual IF allows, in the PIC's priority order, until the guest ends them with EOI.
#include "pc/pic.h"
#include "pc/pit.h"
#include "tests/guests/lab5.h"
#include "tests/guests/tguest.h"
#include "x86/regs.h"
#include "x86/x86.h"

#define SPIN 2000                  // port writes to wait for an interrupt that must come

volatile uint32_t lab5_interrupts_taken, lab5_ticks;
static volatile uint32_t seen[16], nseen, ticks, eflags_at_tick, no_eoi_vector;

// Every IRQ vector: noted, and ended (on both chips for the slave's) unless it is the one
// the test wants left in service.
static void
irq_hook(struct tg_frame *f)
{
	uint32_t v = f->vector;

	if (v < LAB5_VEC_MASTER || v >= LAB5_VEC_MASTER + 16)
		return;
	lab5_interrupts_taken++;
	if (nseen < 16)
		seen[nseen++] = v;
	if (v == LAB5_VEC_MASTER) {
		ticks++;
		eflags_at_tick = f->eflags;
	}
	if (v == no_eoi_vector)
		return;
	if (v >= LAB5_VEC_SLAVE)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
}

// Waits (interrupts on) until n interrupts came since the count was `from`.
static bool
spin_for(uint32_t from, uint32_t n)
{
	for (int i = 0; i < SPIN && lab5_interrupts_taken - from < n; i++)
		outb(0x80, 0);
	return lab5_interrupts_taken - from >= n;
}

static void
check_timer(void)
{
	outb(PIT_CMD, PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_RATE);
	outb(PIT_CH0, (PIT_HZ / 100) & 0xFF);
	outb(PIT_CH0, (PIT_HZ / 100) >> 8);
	outb(PIC1_DATA, 0xFE);
	__asm__ volatile("sti" : : : "memory");
	for (int i = 0; i < 10 * LAB5_TICKS && ticks < LAB5_TICKS; i++)
		__asm__ volatile("hlt" TG_AT(lab5_irq_hlt) : : : "memory");
	__asm__ volatile("cli" : : : "memory");
	tg_check(ticks >= LAB5_TICKS, "the timer's IRQ 0 wakes the halted vCPU, vector 0x20",
		 "%u ticks", (unsigned)ticks);
	tg_check(eflags_at_tick & FL_IF, "...with the guest's IF set in the frame",
		 "eflags 0x%08x", (unsigned)eflags_at_tick);
	outb(PIC1_DATA, 0xFF);
}

// cli holds a request back; sti lets it in.
static void
check_cli(void)
{
	uint32_t n = lab5_interrupts_taken;

	outb(PIC1_DATA, (uint8_t)~(1u << 5));
	lab5_irq_line(5, 1);
	for (int i = 0; i < SPIN; i++)
		outb(0x80, 0);
	tg_check_eq(lab5_interrupts_taken - n, 0, "IRQ 5 with the guest's IF clear: not delivered");
	__asm__ volatile("sti" : : : "memory");
	bool came = spin_for(n, 1);
	__asm__ volatile("cli" : : : "memory");
	tg_check(came && seen[nseen - 1] == LAB5_VEC_MASTER + 5, "after sti: delivered, vector 0x25",
		 "%u interrupts, the last vector 0x%x", (unsigned)(lab5_interrupts_taken - n),
		 (unsigned)seen[nseen - 1]);
	lab5_irq_line(5, 0);
}

// Two requests at once come in priority order; one left in service blocks its own level.
static void
check_priority(void)
{
	uint32_t n = lab5_interrupts_taken, first = nseen;

	outb(PIC1_DATA, (uint8_t)~(1u << 3 | 1u << 5));
	lab5_irq_line(5, 1);
	lab5_irq_line(3, 1);
	__asm__ volatile("sti" : : : "memory");
	spin_for(n, 2);
	__asm__ volatile("cli" : : : "memory");
	tg_check(nseen - first == 2 && seen[first] == LAB5_VEC_MASTER + 3 &&
		 seen[first + 1] == LAB5_VEC_MASTER + 5, "IRQ 3 and 5 together: 0x23, then 0x25",
		 "%u interrupts: 0x%x, 0x%x", (unsigned)(nseen - first), (unsigned)seen[first],
		 (unsigned)seen[first + 1]);
	no_eoi_vector = LAB5_VEC_MASTER + 3;
	lab5_irq_line(3, 0);
	lab5_irq_line(3, 1);
	__asm__ volatile("sti" : : : "memory");
	spin_for(n + 2, 1);
	lab5_irq_line(3, 0);
	lab5_irq_line(3, 1);
	spin_for(n + 3, 1);
	__asm__ volatile("cli" : : : "memory");
	tg_check_eq(lab5_interrupts_taken - n, 3, "IRQ 3 again, without EOI: in service, it waits");
	no_eoi_vector = 0;
	outb(PIC1_CMD, OCW2_SPECIFIC_EOI | 3);
	__asm__ volatile("sti" : : : "memory");
	spin_for(n + 3, 1);
	__asm__ volatile("cli" : : : "memory");
	tg_check_eq(lab5_interrupts_taken - n, 4, "...and comes once its EOI ends the first");
	lab5_irq_line(3, 0);
	lab5_irq_line(5, 0);
}

static void
check_slave(void)
{
	uint32_t n = lab5_interrupts_taken;

	outb(PIC1_DATA, (uint8_t)~(1u << PIC_CASCADE_IRQ));
	outb(PIC2_DATA, (uint8_t)~(1u << 2));
	lab5_irq_line(10, 1);
	__asm__ volatile("sti" : : : "memory");
	bool came = spin_for(n, 1);
	__asm__ volatile("cli" : : : "memory");
	tg_check(came && seen[nseen - 1] == LAB5_VEC_SLAVE + 2, "IRQ 10, through the slave: 0x2a",
		 "%u interrupts, the last vector 0x%x", (unsigned)(lab5_interrupts_taken - n),
		 (unsigned)seen[nseen - 1]);
	lab5_irq_line(10, 0);
}

void
lab5_tables_load(void (*hook)(struct tg_frame *f))
{
	tg_tables_fill();
	tg_gdt_load();
	tg_segments_load();
	tg_idt_load();
	tg_tss_load();
	tg_hook = hook;
}

void
lab5_interrupts(void)
{
	lab5_tables_load(irq_hook);
	lab5_pic_init(0xFF, 0xFF);
	check_timer();
	check_cli();
	check_priority();
	check_slave();
	tg_print("lab5 interrupts: %u interrupts taken\n", (unsigned)lab5_interrupts_taken);
}

// The guest's clock: the PIT at LAB5_HZ, each IRQ 0 a tick (lab5_ticks), idle in hlt
// between them, for as long as the grader watches.
static void
tick_hook(struct tg_frame *f)
{
	if (f->vector != LAB5_VEC_MASTER)
		return;
	lab5_ticks++;
	outb(PIC1_CMD, OCW2_EOI);
}

void
lab5_virtual_time(void)
{
	lab5_tables_load(tick_hook);
	lab5_pic_init(0xFE, 0xFF);
	outb(PIT_CMD, PIT_SEL_CH0 | PIT_ACCESS_LOHI | PIT_MODE_RATE);
	outb(PIT_CH0, (PIT_HZ / LAB5_HZ) & 0xFF);
	outb(PIT_CH0, (PIT_HZ / LAB5_HZ) >> 8);
	tg_print("lab5 virtual-time: counting at %d Hz (%s)\n", LAB5_HZ, tg_tag);
	__asm__ volatile("sti" : : : "memory");
	for (;;)
		__asm__ volatile("hlt" : : : "memory");
}
