// lab8-events.c: lab 8's tests of events: interrupts from the virtual PIC injected at VM
// entry when the guest's IF allows, and when it does not, at the interrupt-window exit after
// its sti's shadow; a halted vCPU woken by one; the guest's own exceptions, delivered by the
// CPU through its IDT without an exit; hypercalls from its kernel, #UD for its user mode; a
// triple fault and a hlt that nothing can wake, which stop the VM.
#include "hypercall.h"
#include "pc/pc.h"
#include "pc/pic.h"
#include "tests/guests/lab8.h"
#include "tests/guests/tguest.h"
#include "vmm/dev/debug.h"
#include "x86/paging.h"
#include "x86/regs.h"
#include "x86/trap.h"
#include "x86/x86.h"

#define IRQ_MASK (uint8_t)~(1u << 3 | 1u << 5)   // IRQ 3 and 5: the test's own lines

static volatile int nirq;
static volatile uint32_t irq_seen[8], irq_eip[8];

static void
irq_hook(struct tg_frame *f)
{
	if (f->vector < LAB8_VEC_MASTER || f->vector >= LAB8_VEC_MASTER + 8)
		return;
	if (nirq < 8) {
		irq_seen[nirq] = f->vector - LAB8_VEC_MASTER;
		irq_eip[nirq++] = f->eip;
	}
	if (f->vector == LAB8_VEC_MASTER)
		outb(PIC1_DATA, IRQ_MASK);      // the timer once: then masked again
	outb(PIC1_CMD, OCW2_EOI);
}

static void
pic_init(void)
{
	outb(PIC1_CMD, ICW1_INIT | ICW1_ICW4);
	outb(PIC1_DATA, LAB8_VEC_MASTER);
	outb(PIC1_DATA, 1u << PIC_CASCADE_IRQ);
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC1_DATA, IRQ_MASK);
}

// An edge on one of the debug ports' IRQ lines.
static void
irq_pulse(int irq)
{
	outb(PORT_TESTDEV_IRQ + irq, 1);
	outb(PORT_TESTDEV_IRQ + irq, 0);
}

static void
check_irq(int i, uint32_t irq, uint32_t eip, const char *what)
{
	tg_check(i < nirq && irq_seen[i] == irq && irq_eip[i] == eip, what,
		 "%d interrupts; this one IRQ %u at 0x%08x, expected IRQ %u at 0x%08x", nirq,
		 (unsigned)irq_seen[i], (unsigned)irq_eip[i], (unsigned)irq, (unsigned)eip);
}

void
lab8_interrupts(void)
{
	tg_tables_fill();
	tg_gdt_load();
	tg_segments_load();
	tg_idt_load();
	tg_tss_load();
	tg_hook = irq_hook;
	pic_init();
	__asm__ volatile(TG_AT(lab8_int_start) "nop");
	irq_pulse(3);
	int before_sti = nirq;
	__asm__ volatile("sti\n\tnop" TG_AT(lab8_int_taken) "nop\n\tcli" : : : "memory");
	irq_pulse(5);
	irq_pulse(3);
	int before_sti2 = nirq;
	__asm__ volatile("sti\n\tnop" TG_AT(lab8_int_taken2) "nop\n\tcli" : : : "memory");
	outb(PIC1_DATA, IRQ_MASK & ~1u);        // the timer's IRQ 0, once
	__asm__ volatile("sti\n\thlt" TG_AT(lab8_int_halted) "cli" : : : "memory");
	__asm__ volatile(TG_AT(lab8_int_end) "nop");
	tg_check_eq(before_sti, 0, "with IF clear the interrupt waits");
	check_irq(0, 3, TG_LABEL(lab8_int_taken), "after sti and the instruction in its shadow: "
		  "IRQ 3");
	tg_check_eq(before_sti2, 1, "two more wait while IF is clear");
	check_irq(1, 3, TG_LABEL(lab8_int_taken2), "then IRQ 3 first (higher priority)");
	check_irq(2, 5, TG_LABEL(lab8_int_taken2), "then IRQ 5, after IRQ 3's iret");
	check_irq(3, 0, TG_LABEL(lab8_int_halted), "sti; hlt: the timer's IRQ 0 wakes the vCPU, "
		  "past the hlt");
	tg_check_eq(nirq, 4, "four interrupts in all");
}

static volatile uint32_t user_vector, user_eip;

// User mode cannot print: it keeps what its vmcall raised for the kernel to check.
static void
user_vmcall(void)
{
	TG_FAULT(TG_AT(lab8_exc_user_vmcall) "vmcall", : : "a"(HC_VERSION) : "memory");
	user_vector = tg_last.vector;
	user_eip = tg_last.eip;
	tg_user_exit();
}

static void
check_event(int count, uint32_t vector, uint32_t eip, const char *what)
{
	tg_check(tg_last.count == count && tg_last.vector == vector && tg_last.eip == eip, what,
		 "%d events, the last vector %u at 0x%08x; expected %d, vector %u at 0x%08x",
		 tg_last.count, (unsigned)tg_last.vector, (unsigned)tg_last.eip, count,
		 (unsigned)vector, (unsigned)eip);
}

// With paging on, a fresh shadow, and esp on a page never touched: int $0x30 faults in the
// shadow while the CPU delivers it. The exit's IDT-vectoring information names the software
// interrupt; the monitor fills the shadow and injects it again, with the instruction's
// length (VM entry refuses a software interrupt without one, SDM 3C §27.2.1.3).
static void
check_int_reinjected(void)
{
	static uint32_t pd[1024] __attribute__((aligned(4096)));
	static uint8_t fresh[4096] __attribute__((aligned(4096)));

	for (uint32_t i = 0; i < 4; i++)                // 16 MiB 1:1 in 4 MiB pages
		pd[i] = i << 22 | PTE_PS | PTE_P | PTE_W;
	lcr4(CR4_PSE);
	lcr3((uint32_t)pd);
	lcr0(rcr0() | CR0_PG);
	int before = tg_last.count;
	__asm__ volatile("movl %%esp, %%ebx\n\tmovl %0, %%esp\n\tint $0x30"
			 TG_AT(lab8_exc_after_int30) "movl %%ebx, %%esp"
			 : : "r"(fresh + sizeof fresh) : "ebx", "memory");
	lcr0(rcr0() & ~CR0_PG);
	check_event(before + 1, 0x30, TG_LABEL(lab8_exc_after_int30), "int $0x30 whose delivery "
		    "faulted in the shadow: delivered again, returning past the int");
}

// The CPU delivers the guest's own exceptions through its IDT in non-root mode: the monitor
// sees none of them. vmcall is the monitor's: answered at CPL 0, #UD at CPL 3.
void
lab8_exceptions(void)
{
	uint32_t version = 0, version2 = 0;

	tg_tables_fill();
	tg_gdt_load();
	tg_segments_load();
	tg_idt_load();
	tg_tss_load();
	__asm__ volatile(TG_AT(lab8_exc_start) "int3" TG_AT(lab8_exc_after_int3) "nop");
	check_event(1, T_BP, TG_LABEL(lab8_exc_after_int3), "int3: #BP, past the int3");
	TG_FAULT(TG_AT(lab8_exc_ud) "ud2", : : : "memory");
	check_event(2, T_UD, TG_LABEL(lab8_exc_ud), "ud2: #UD at the ud2");
	TG_FAULT(TG_AT(lab8_exc_de) "divl %%ecx", : : "a"(1), "d"(0), "c"(0) : "memory");
	check_event(3, T_DE, TG_LABEL(lab8_exc_de), "a divide by zero: #DE at the div");
	version = hypercall(HV_INSN_VMCALL, HC_VERSION, 0, 0, 0, 0);
	__asm__ volatile("vmcall" : "=a"(version2) : "a"(HC_VERSION) : "memory");
	tg_user_run(user_vmcall);
	__asm__ volatile(TG_AT(lab8_exc_end) "nop");
	tg_check_eq(version, HV_ABI_VERSION, "vmcall HC_VERSION: the ABI version");
	tg_check_eq(version2, HV_ABI_VERSION, "and past the vmcall, once");
	tg_check(user_vector == T_UD && user_eip == TG_LABEL(lab8_exc_user_vmcall),
		 "vmcall at CPL 3: #UD at the vmcall", "vector %u at 0x%08x", (unsigned)user_vector,
		 (unsigned)user_eip);
	check_int_reinjected();
}

// An IDT that holds nothing: the #UD cannot be delivered, nor the #GP, nor the #DF.
void
lab8_triple_fault(void)
{
	struct pseudo_desc empty = { 0, 0 };

	tg_tables_fill();
	tg_gdt_load();
	tg_segments_load();
	lidt(&empty);
	tg_summary();
	__asm__ volatile(TG_AT(lab8_tf_ud) "ud2");
	tg_check(false, "a triple fault stops the VM", "the guest ran on");
}

// outsb: string I/O, which this monitor does not emulate under vmx, stops the VM there.
void
lab8_string_io(void)
{
	static const char byte = '!';

	tg_summary();
	__asm__ volatile(TG_AT(lab8_outsb) "outsb" : : "S"(&byte), "d"(PORT_E9_DEBUG) : "memory");
	tg_check(false, "outsb stops the VM", "the guest ran on");
}

// cli; hlt: nothing can wake the vCPU.
void
lab8_hlt_disabled(void)
{
	tg_summary();
	__asm__ volatile("cli" TG_AT(lab8_hlt) "hlt");
	tg_check(false, "cli; hlt stops the VM", "the guest ran on");
}
