// lab8.c: lab 8, VT-x: the monitor turns VMX on, fills in a VMCS and runs the unmodified guest
// OS at ring 0 in VMX non-root mode; its exits are counted by reason, CPUID is answered by the
// monitor, and the guest's shell works through the shared virtual UART. The guest's memory is
// lab 6's shadow page tables (mmu=shadow), as on VT-x before EPT: lab 8 needs nothing of lab
// 9, and its paging exits are counted too. Graded in Bochs (QEMU's TCG emulates no VT-x).
#include "grader/labs/lab8.h"
#include "x86/regs.h"

#define GUEST_KERNEL 0xC0000000u    // the guest OS's kernel is linked here (guest-os/layout.h)
#define BENCH_PTWRITES 10000        // bench ptwrite: page-table writes, each with an invlpg
#define BENCH_FAULTS   1000         // bench pagefault: page faults the guest takes

// When the monitor enters the guest, VMX operation is on: CR4.VMXE (SDM 3C §24.7).
static int
test_vmx_on(struct run *r)
{
	struct regs g;

	if (vmx_boot(r, VMX_SHADOW, "") < 0 || run_break(r, "vmx_enter") < 0 || run_regs(r, &g) < 0)
		return -1;
	run_note(r, "at vmx_enter: cr0 0x%08x cr4 0x%08x", g.cr0, g.cr4);
	return run_check(r, g.cr4 & CR4_VMXE, "at vmx_enter, expected CR4.VMXE (bit 13) set: VMXON "
			 "needs it; found cr4 0x%08x", g.cr4);
}

// A breakpoint on the guest kernel's system-call dispatch, set before the guest runs: at the
// shell's first system call the CPU runs the guest's own kernel code at CPL 0 (non-root mode
// needs no deprivileging), where trap-and-emulate would show CPL 1.
static int
test_guest_ring0(struct run *r)
{
	struct regs g;

	if (vmx_start(r, VMX_SHADOW, "") < 0 || run_break_guest(r, "syscall") < 0 || run_regs(r, &g) < 0)
		return -1;
	run_note(r, "at the guest's syscall: cs 0x%04x, cpl %d, cr3 0x%08x", g.cs.sel, g.cpl, g.cr3);
	return run_check(r, g.cpl == 0 && g.eip >= GUEST_KERNEL, "expected the guest kernel at "
			 "CPL 0, found cpl %d at eip 0x%08x", g.cpl, g.eip);
}

// At the VM's stop, the counters: port input and output and the cpuid program's three
// CPUIDs exited, and virtual interrupts (the timer's at least) were injected; cli and iret,
// which trap-and-emulate has to emulate, never exited. The breakpoint is set before the
// guest runs: cpuid is quick, and a later stop could land after vm_stop.
static int
test_exits(struct run *r)
{
	static const char *const names[] = { "IO_IN", "IO_OUT", "CPUID", "IRQ_INJECTED", "CLI",
					      "IRET" };
	uint64_t n[sizeof names / sizeof names[0]];

	if (vmx_start(r, VMX_SHADOW, "cpuid,exit") < 0 || run_break(r, "vm_stop") < 0 ||
	    vmx_hello(r, VMX_SHADOW) < 0)
		return -1;
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
		if (vmm_read_stat(r, names[i], &n[i]) < 0)
			return -1;
	run_note(r, "exits: IO_IN %llu, IO_OUT %llu, CPUID %llu, IRQ_INJECTED %llu; CLI %llu, "
		 "IRET %llu", (unsigned long long)n[0], (unsigned long long)n[1],
		 (unsigned long long)n[2], (unsigned long long)n[3], (unsigned long long)n[4],
		 (unsigned long long)n[5]);
	if (run_check(r, n[0] > 0 && n[1] > 0 && n[2] >= 3, "expected IO_IN and IO_OUT exits and "
		      "the cpuid program's 3 CPUID exits counted by reason (vmm/stats.h)") < 0 ||
	    run_check(r, n[3] > 0, "expected virtual interrupts injected into the guest (its "
		      "timer's, through VM_ENTRY_INTR_INFO)") < 0 ||
	    run_check(r, n[4] == 0 && n[5] == 0, "expected no cli or iret exits under VT-x") < 0 ||
	    run_continue(r) < 0)
		return -1;
	return run_expect_end(r, END_SUCCESS);
}

// Without EPT the guest's paging is the monitor's business. The fault program's #PF reaches
// the guest's kernel with its error code and address (CR2), after bench's faults left CR2
// elsewhere. At vm_stop, the counters read from outside show: page faults that filled the
// shadow, CR3 loads that started it over (each a CR-access exit), each of bench's invlpgs
// exiting, each of its page faults given back to the guest (injected), and no EPT violation.
// Lab 9 sees all of them vanish.
static int
test_paging_exits(struct run *r)
{
	static const struct {
		const char *name;
		uint64_t min;
	} want[] = {
		{ "PAGE_FAULT_SHADOW", 1 }, { "SHADOW_RESET", 1 }, { "CR_WRITE", 1 },
		{ "INVLPG", BENCH_PTWRITES }, { "PAGE_FAULT_GUEST", BENCH_FAULTS },
	};
	uint64_t n[sizeof want / sizeof want[0]], ept;

	if (vmx_start(r, VMX_SHADOW, "bench+ptwrite,bench+pagefault,fault,exit") < 0 ||
	    run_break(r, "vm_stop") < 0 || vmx_hello(r, VMX_SHADOW) < 0 ||
	    run_expect(r, "bench: page fault") < 0 ||
	    run_expect(r, "#PF (page fault), error 0x6 (not-present write, user mode), address "
		       "0x00000000") < 0 || vmm_read_stat(r, "EPT_VIOLATION", &ept) < 0)
		return -1;
	for (unsigned i = 0; i < sizeof want / sizeof want[0]; i++)
		if (vmm_read_stat(r, want[i].name, &n[i]) < 0)
			return -1;
	run_note(r, "shadow faults %llu, shadow resets %llu, CR writes %llu, invlpg %llu, guest "
		 "faults %llu", (unsigned long long)n[0], (unsigned long long)n[1],
		 (unsigned long long)n[2], (unsigned long long)n[3], (unsigned long long)n[4]);
	for (unsigned i = 0; i < sizeof want / sizeof want[0]; i++)
		if (run_check(r, n[i] >= want[i].min, "expected at least %llu %s exits under shadow "
			      "paging, found %llu", (unsigned long long)want[i].min, want[i].name,
			      (unsigned long long)n[i]) < 0)
			return -1;
	if (run_check(r, n[2] >= n[1], "expected a CR-access exit for each of the %llu CR3 loads "
		      "that reset the shadow, found %llu CR writes", (unsigned long long)n[1],
		      (unsigned long long)n[2]) < 0 ||
	    run_check(r, ept == 0, "expected no EPT violation without EPT, found %llu",
		      (unsigned long long)ept) < 0 || run_continue(r) < 0)
		return -1;
	return run_expect_end(r, END_SUCCESS);
}

// CPUID exits, and the monitor answers: VT-x hidden, the hypervisor leaf with its signature.
static int
test_cpuid(struct run *r)
{
	if (vmx_boot(r, VMX_SHADOW, "cpuid,exit") < 0 ||
	    run_expect(r, "cpuid: vmx 0, hypervisor bit 1") < 0)
		return -1;
	return run_expect(r, "cpuid: hypervisor DuplicataVMM") < 0 ? -1 :
	       run_expect_end(r, END_SUCCESS);
}

// The guest's shell, typed at through the virtual UART the backends share; waiting for what
// is typed, the guest idles in hlt, which exits.
static int
test_shell(struct run *r)
{
	uint64_t hlt;

	if (vmx_boot(r, VMX_SHADOW, "") < 0 || run_send(r, "hello again-%s\n", run_nonce(r)) < 0 ||
	    run_expect(r, "hello from pid 3: again-%s", run_nonce(r)) < 0 || run_run(r, 300) < 0 ||
	    vmm_read_stat(r, "HLT", &hlt) < 0)
		return -1;
	run_note(r, "HLT exits while the shell waited: %llu", (unsigned long long)hlt);
	if (run_check(r, hlt > 0, "expected HLT exits while the guest waited for input") < 0 ||
	    run_continue(r) < 0 || run_send(r, "exit\n") < 0)
		return -1;
	return run_expect_end(r, END_SUCCESS);
}

static const struct test lab8_tests[] = {
	{ "io", 3, 20, test_io },
	{ "cpuid-leaves", 2, 20, test_cpuid_leaves },
	{ "control-registers", 3, 20, test_control_registers },
	{ "interrupts", 3, 20, test_interrupts },
	{ "exceptions", 2, 20, test_exceptions },
	{ "triple-fault", 1, 20, test_triple_fault },
	{ "hlt-disabled", 1, 20, test_hlt_disabled },
	{ "string-io", 1, 20, test_string_io },
	{ "vmx-on", 2, 30, test_vmx_on },
	{ "guest-ring0", 4, 60, test_guest_ring0 },
	{ "exits", 3, 30, test_exits },
	{ "cpuid", 2, 30, test_cpuid },
	{ "shell", 3, 30, test_shell },
	{ "paging-exits", 3, 60, test_paging_exits },
};

static const char *const lab8_files[] = { "vmm/vmx/*.c", "vmm/vmx/*.h", "vmm/vmx/*.S", NULL };

const struct lab lab8 = {
	.number = 8,
	.title = "VT-x: VMXON, the VMCS, exits",
	.image = "build/duplicata.img",
	.elf = "build/kernel.elf",
	.files = lab8_files,
	.tests = lab8_tests,
	.ntests = sizeof lab8_tests / sizeof lab8_tests[0],
	.bochs_only = 1,
	.guest_elf = VMMLAB_GUEST_ELF,
	.test_image = "build/lab8.img",
	.test_guest_elf = "build/tests/guests/lab8.elf",
};
