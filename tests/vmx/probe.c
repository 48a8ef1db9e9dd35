// probe.c: a tiny guest that checks from inside what the vmx backend promises and the guest
// OS never asks: CPUID hides VT-x and names the monitor, VMCALL speaks the hypercall ABI,
// the MSRs and CR bits the monitor owns behave as on hardware, VMX instructions and
// CR4.VMXE fault, and the guest's paging works as on hardware whether the monitor gives it
// EPT or shadow tables (mmu=). It starts as the loader leaves a kernel (protected mode,
// paging off, ring 0), prints one line per check on COM1 and ends the VM with HC_EXIT.
#include <stdbool.h>
#include <stdint.h>
#include "hypercall.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "pc/uart.h"
#include "x86/msr.h"
#include "x86/paging.h"
#include "x86/regs.h"
#include "x86/trap.h"
#include "x86/vmx.h"
#include "x86/x86.h"

void probe_start(void) __attribute__((noreturn));

static struct seg_desc gdt[3];                 // null, flat code 0x08, flat data 0x10
static struct gate_desc idt[T_EXCEPTIONS];
volatile int fault_vector;                     // the last exception, -1 if none
volatile uint32_t fault_resume;                // where the exception handlers return
volatile uint32_t fault_error;                 // the last #PF's error code
static int checks, failed;

// #UD, #GP and #PF land here: the vector is noted and execution resumes at fault_resume.
void probe_ud(void);
void probe_gp(void);
void probe_pf(void);
__asm__(".text\n"
	"probe_pf:\n\t"
	"popl fault_error\n\t"
	"movl $14, fault_vector\n\t"
	"jmp 1f\n"
	"probe_ud:\n\t"
	"movl $6, fault_vector\n\t"
	"jmp 1f\n"
	"probe_gp:\n\t"
	"addl $4, %esp\n\t"                    // the error code
	"movl $13, fault_vector\n"
	"1:\tpushl fault_resume\n\t"
	"popl (%esp)\n\t"                      // the return eip
	"iret\n");

static void
com1_putc(int c, void *arg)
{
	(void)arg;
	outb(COM1_PORT + UART_THR, c);
}

static void
check(const char *what, bool ok)
{
	checks++;
	failed += !ok;
	format(com1_putc, NULL, "probe: %-44s %s\n", what, ok ? "ok" : "FAILED");
}

static void
tables_init(void)
{
	struct pseudo_desc gd = { sizeof gdt - 1, (uint32_t)gdt }, id = { sizeof idt - 1,
									  (uint32_t)idt };

	gdt[1] = seg_make(0, 0xFFFFFFFF, SEG_P | SEG_S | SEG_X | SEG_RW | SEG_A,
			  SEG_FLAG_G | SEG_FLAG_DB);
	gdt[2] = seg_make(0, 0xFFFFFFFF, SEG_P | SEG_S | SEG_RW | SEG_A, SEG_FLAG_G | SEG_FLAG_DB);
	idt[T_UD] = gate_make((uint32_t)probe_ud, SEL(1, 0), STS_INTGATE32, 0);
	idt[T_GP] = gate_make((uint32_t)probe_gp, SEL(1, 0), STS_INTGATE32, 0);
	idt[T_PF] = gate_make((uint32_t)probe_pf, SEL(1, 0), STS_INTGATE32, 0);
	lgdt(&gd);
	lidt(&id);
}

static void
check_cpuid(void)
{
	uint32_t a, b, c, d;
	char sig[13] = "";

	cpuid(1, &a, &b, &c, &d);
	check("CPUID.1: hypervisor bit set, VMX bit clear",
	      (c & CPUID1_ECX_HYPERVISOR) && !(c & CPUID1_ECX_VMX));
	cpuid(HV_CPUID_BASE, &a, &b, &c, &d);
	memcpy(sig, &b, 4), memcpy(sig + 4, &c, 4), memcpy(sig + 8, &d, 4);
	check("CPUID.40000000h: \"" HV_SIGNATURE "\"",
	      strcmp(sig, HV_SIGNATURE) == 0 && a == HV_CPUID_FEATURES);
	cpuid(HV_CPUID_FEATURES, &a, &b, &c, &d);
	check("CPUID.40000001h: ABI version, vmcall", a == HV_ABI_VERSION && b == HV_INSN_VMCALL);
}

static void
check_hypercalls(void)
{
	check("vmcall HC_VERSION",
	      hypercall(HV_INSN_VMCALL, HC_VERSION, 0, 0, 0, 0) == HV_ABI_VERSION);
	int lsr = hypercall(HV_INSN_VMCALL, HC_IN, COM1_PORT + UART_LSR, 1, 0, 0);
	check("vmcall HC_IN: COM1's LSR says THR empty", lsr >= 0 && (lsr & UART_LSR_THRE));
	check("vmcall 99: -E_NOTSUP", hypercall(HV_INSN_VMCALL, 99, 0, 0, 0, 0) < 0);
}

static void
check_msrs_and_crs(void)
{
	wrmsr(MSR_IA32_SYSENTER_CS, 0x1234);
	check("wrmsr/rdmsr IA32_SYSENTER_CS", rdmsr(MSR_IA32_SYSENTER_CS) == 0x1234);
	check("rdmsr IA32_FEATURE_CONTROL: locked, VMX off",
	      (rdmsr(MSR_IA32_FEATURE_CONTROL) & (FEATURE_CONTROL_LOCK | FEATURE_CONTROL_VMXON)) ==
		      FEATURE_CONTROL_LOCK);
	uint32_t cr0 = rcr0();
	lcr0(cr0 | CR0_NE);                 // a bit the monitor owns: a CR-access exit
	check("mov to CR0.NE, seen back through the shadow", rcr0() == (cr0 | CR0_NE));
	check("CR4.VMXE reads as 0", !(rcr4() & CR4_VMXE));
}

// The guest has no VT-x: setting CR4.VMXE is #GP, VMXON is #UD.
static void
check_faults(void)
{
	uint64_t pa = 0;

	fault_vector = -1;
	__asm__ volatile("movl $1f, fault_resume\n\t"
			 "movl %0, %%cr4\n"
			 "1:" : : "r"(rcr4() | CR4_VMXE) : "memory");
	check("mov to CR4 with VMXE: #GP", fault_vector == T_GP);
	fault_vector = -1;
	__asm__ volatile("movl $1f, fault_resume\n\t"
			 "vmxon %0\n"
			 "1:" : : "m"(pa) : "memory");
	check("vmxon: #UD", fault_vector == T_UD);
}

// The guest's own page tables: the first 4 MiB 1:1 (the probe, its stack and tables), and
// PROBE_ALIAS a second name of one page; nothing at PROBE_HOLE.
#define PROBE_ALIAS 0x00800000u
#define PROBE_HOLE  0x00C00000u
static uint32_t pd[PT32_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint32_t pt_low[PT32_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint32_t pt_alias[PT32_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static volatile uint32_t pages[2][PT32_ENTRIES] __attribute__((aligned(PAGE_SIZE)));

static void
paging_tables(void)
{
	for (uint32_t i = 0; i < PT32_ENTRIES; i++)
		pt_low[i] = i << PAGE_SHIFT | PTE_P | PTE_W;
	pd[0] = (uint32_t)pt_low | PTE_P | PTE_W;
	pd[PROBE_ALIAS >> PD32_SHIFT] = (uint32_t)pt_alias | PTE_P | PTE_W;
	pt_alias[0] = (uint32_t)pages[0] | PTE_P | PTE_W;
	pages[0][0] = 0x600DF00D, pages[1][0] = 0xFEEDF00D;
}

// The guest's paging as on a CPU, whatever the monitor walks underneath: CR0 and CR3 read
// back as written, its mappings, a #PF with its CR2 and error code, invlpg after it changed
// an entry; then paging off again.
static void
check_paging(void)
{
	volatile uint32_t *alias = (volatile uint32_t *)PROBE_ALIAS;
	uint32_t cr0 = rcr0();

	paging_tables();
	lcr3((uint32_t)pd);
	check("mov to CR3, read back", rcr3() == (uint32_t)pd);
	lcr0(cr0 | CR0_PG | CR0_WP);
	check("paging on: CR0 reads PG and WP", (rcr0() & (CR0_PG | CR0_WP)) == (CR0_PG | CR0_WP));
	check("a read through the guest's mapping", *alias == 0x600DF00D);
	fault_vector = -1;
	__asm__ volatile("movl $1f, fault_resume\n\t"
			 "movl $1, (%0)\n"
			 "1:" : : "r"(PROBE_HOLE + 0x10) : "memory");
	check("a write where nothing maps: #PF, CR2, error",
	      fault_vector == T_PF && rcr2() == PROBE_HOLE + 0x10 && fault_error == PFERR_W);
	pt_alias[0] = (uint32_t)pages[1] | PTE_P | PTE_W;
	invlpg(PROBE_ALIAS);
	check("invlpg, then the entry's new page", *alias == 0xFEEDF00D);
	lcr0(cr0);
	check("paging off: CR0.PG reads 0, memory 1:1",
	      !(rcr0() & CR0_PG) && *(volatile uint32_t *)pages[0] == 0x600DF00D);
}

void
probe_start(void)
{
	outb(COM1_PORT + UART_LCR, UART_LCR_8N1);
	tables_init();
	check_cpuid();
	check_hypercalls();
	check_msrs_and_crs();
	check_faults();
	check_paging();
	format(com1_putc, NULL, "probe: %d of %d checks passed\n", checks - failed, checks);
	hypercall(HV_INSN_VMCALL, HC_EXIT, failed != 0, 0, 0, 0);
	for (;;)
		hlt();
}
