// lab8-exits.c: lab 8's tests of the exits that emulate an instruction: in and out of every
// size (the values reach the test latch and come back, only the low bytes of eax change),
// CPUID (the monitor's answers in all four registers), and moves to and from the control
// registers (the guest sees its own values where the monitor owns bits; a value the CPU
// would refuse is a #GP(0) through the guest's IDT).
#include "hypercall.h"
#include "pc/pc.h"
#include "tests/guests/lab8.h"
#include "tests/guests/tguest.h"
#include "vmm/dev/debug.h"
#include "x86/regs.h"
#include "x86/trap.h"
#include "x86/x86.h"

#define UNCLAIMED 0x300         // no device answers: the bus reads all ones

// Each in and out of the window; checked after it (printing exits too).
void
lab8_io(void)
{
	uint32_t v[6];

	__asm__ volatile(TG_AT(lab8_io_start) "nop");
	outl(PORT_TESTDEV, 0x11223344);
	v[0] = 0xAABBCCDD;
	__asm__ volatile("inb %1, %%al" : "+a"(v[0]) : "i"(PORT_TESTDEV));
	v[1] = 0xAABBCCDD;
	__asm__ volatile("inw %1, %%ax" : "+a"(v[1]) : "i"(PORT_TESTDEV));
	v[2] = 0;
	__asm__ volatile("inl %1, %%eax" : "+a"(v[2]) : "i"(PORT_TESTDEV));
	v[3] = 0x12345678;
	__asm__ volatile("inb %%dx, %%al" : "+a"(v[3]) : "d"(UNCLAIMED));
	__asm__ volatile("outb %%al, %%dx" : : "a"(0x5A), "d"(PORT_TESTDEV + 1));
	__asm__ volatile("outw %%ax, %%dx" : : "a"(0xFFFFBEEF), "d"(PORT_TESTDEV + 2));
	__asm__ volatile("outb %%al, %1" : : "a"(0x12345699), "i"(PORT_TESTDEV));
	v[4] = inl(PORT_TESTDEV);
	v[5] = 0;
	__asm__ volatile("inl %%dx, %%eax" : "+a"(v[5]) : "d"(UNCLAIMED));
	__asm__ volatile(TG_AT(lab8_io_end) "nop");
	tg_check_eq(v[0], 0xAABBCC44, "inb: the latch's low byte, eax's upper bytes kept");
	tg_check_eq(v[1], 0xAABB3344, "inw: the latch's low word, eax's upper word kept");
	tg_check_eq(v[2], 0x11223344, "inl: the whole latch");
	tg_check_eq(v[3], 0x123456FF, "inb from an unclaimed port (port in dx): 0xff");
	tg_check_eq(v[4], 0xBEEF5A99, "outb (dx), outw (dx), outb: each to its lanes, al only");
	tg_check_eq(v[5], 0xFFFFFFFF, "inl from an unclaimed port: all ones");
}

struct regs4 {
	uint32_t a, b, c, d;
};

// cpuid with ebx and edx holding garbage first: the monitor must write all four back.
static struct regs4
cpuid_leaf(uint32_t leaf)
{
	struct regs4 r = { leaf, 0xDEADBEEF, 0, 0xFEEDF00D };

	__asm__ volatile("cpuid" : "+a"(r.a), "+b"(r.b), "+c"(r.c), "+d"(r.d));
	return r;
}

static void
check_regs(struct regs4 r, struct regs4 want, const char *what)
{
	tg_check(r.a == want.a && r.b == want.b && r.c == want.c && r.d == want.d, what,
		 "eax %08x ebx %08x ecx %08x edx %08x, expected %08x %08x %08x %08x",
		 (unsigned)r.a, (unsigned)r.b, (unsigned)r.c, (unsigned)r.d, (unsigned)want.a,
		 (unsigned)want.b, (unsigned)want.c, (unsigned)want.d);
}

// The monitor's answers: leaf 1 without VMX and with the hypervisor bit; its own leaves.
void
lab8_cpuid(void)
{
	struct regs4 r[5];
	const uint32_t *sig = (const uint32_t *)HV_SIGNATURE;

	__asm__ volatile(TG_AT(lab8_cpuid_start) "nop");
	r[0] = cpuid_leaf(0);
	r[1] = cpuid_leaf(1);
	r[2] = cpuid_leaf(HV_CPUID_BASE);
	r[3] = cpuid_leaf(HV_CPUID_FEATURES);
	r[4] = cpuid_leaf(HV_CPUID_FEATURES + 1);
	__asm__ volatile(TG_AT(lab8_cpuid_end) "nop");
	tg_check(r[0].a >= 1 && r[0].b != 0xDEADBEEF && r[0].d != 0xFEEDF00D,
		 "leaf 0: the highest leaf, the vendor in ebx, edx, ecx", "eax %08x ebx %08x",
		 (unsigned)r[0].a, (unsigned)r[0].b);
	tg_check(!(r[1].c & CPUID1_ECX_VMX) && (r[1].c & CPUID1_ECX_HYPERVISOR),
		 "leaf 1: no VMX, the hypervisor bit", "ecx %08x", (unsigned)r[1].c);
	check_regs(r[2], (struct regs4){ HV_CPUID_FEATURES, sig[0], sig[1], sig[2] },
		   "leaf 0x40000000: the highest hypervisor leaf and \"" HV_SIGNATURE "\"");
	check_regs(r[3], (struct regs4){ HV_ABI_VERSION, HV_INSN_VMCALL, 0, 0 },
		   "leaf 0x40000001: the ABI version, vmcall");
	check_regs(r[4], (struct regs4){ 0, 0, 0, 0 }, "leaf 0x40000002: zeros");
}

// The last event, kept for a check after the window.
static struct tg_event
last_event(void)
{
	return (struct tg_event){ tg_last.count, tg_last.vector, tg_last.err, tg_last.eip, 0, 0,
				  0, 0, 0 };
}

// A move to a control register the CPU refuses: #GP(0) at the label, through the guest's IDT.
static void
check_gp(struct tg_event e, int count, uint32_t at, const char *what)
{
	tg_check(e.count == count && e.vector == T_GP && e.err == 0 && e.eip == at, what,
		 "%d events, the last vector %u error %u at 0x%08x", e.count, (unsigned)e.vector,
		 (unsigned)e.err, (unsigned)e.eip);
}

// The guest's values read back, the monitor's bits hidden (CR0.NE, WP and PG, CR4.VMXE and
// PSE are set underneath: the read shadows), CR3 its own with paging off.
void
lab8_control_registers(void)
{
	uint32_t c[6];

	tg_tables_fill();
	tg_gdt_load();
	tg_segments_load();
	tg_idt_load();
	tg_tss_load();
	__asm__ volatile(TG_AT(lab8_cr_start) "nop");
	lcr0(CR0_PE | CR0_ET | CR0_TS | CR0_MP);
	c[0] = rcr0();
	__asm__ volatile("clts");
	c[1] = rcr0();
	__asm__ volatile("lmsw %w0" : : "r"(CR0_EM | CR0_TS) : "memory");
	c[2] = rcr0();
	lcr0(CR0_PE | CR0_ET);
	lcr4(CR4_PSE);
	c[3] = rcr4();
	lcr4(CR4_PSE | CR4_PGE);
	c[4] = rcr4();
	TG_FAULT(TG_AT(lab8_cr_vmxe) "movl %0, %%cr4", : : "r"(CR4_VMXE) : "memory");
	struct tg_event vmxe = last_event();
	TG_FAULT(TG_AT(lab8_cr_pg) "movl %0, %%cr0", : : "r"(CR0_PG | CR0_ET) : "memory");
	struct tg_event pg = last_event();
	lcr3(LAB8_CR3);
	c[5] = rcr3();
	__asm__ volatile(TG_AT(lab8_cr_end) "nop");
	tg_check_eq(c[0], CR0_PE | CR0_ET | CR0_TS | CR0_MP, "mov to cr0: PE, ET, TS, MP read back");
	tg_check_eq(c[1], CR0_PE | CR0_ET | CR0_MP, "clts clears TS alone");
	tg_check_eq(c[2], CR0_PE | CR0_ET | CR0_EM | CR0_TS, "lmsw loads MP, EM, TS; PE stays");
	tg_check_eq(c[3], CR4_PSE, "mov to cr4: PSE read back");
	tg_check_eq(c[4], CR4_PSE | CR4_PGE, "mov to cr4: PSE and PGE read back");
	tg_check_eq(rcr4(), CR4_PSE | CR4_PGE, "cr4 unchanged by the refused write");
	check_gp(vmxe, 1, TG_LABEL(lab8_cr_vmxe), "mov to cr4 with VMXE (hidden by CPUID): #GP(0)");
	check_gp(pg, 2, TG_LABEL(lab8_cr_pg), "mov to cr0 with PG but not PE: #GP(0)");
	tg_check_eq(c[5], LAB8_CR3, "mov to and from cr3 (paging off: any value)");
}
