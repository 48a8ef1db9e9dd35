// lab8.c: lab 8, VT-x: the monitor turns VMX on, fills in a VMCS and runs the unmodified guest
// OS at ring 0 in VMX non-root mode; its exits are counted by reason, CPUID is answered by the
// monitor, and the guest's shell works through the shared virtual UART. Graded in Bochs
// (QEMU's TCG emulates no VT-x).
#include "grader/labs/vmmlab.h"
#include "x86/regs.h"

#define GUEST_KERNEL 0xC0000000u    // the guest OS's kernel is linked here (guest-os/layout.h)

// When the monitor enters the guest, VMX operation is on: CR4.VMXE (SDM 3C §24.7).
static int
test_vmx_on(struct run *r)
{
	struct regs g;

	if (vmx_boot(r, "") < 0 || run_break(r, "vmx_enter") < 0 || run_regs(r, &g) < 0)
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

	if (vmx_start(r, "") < 0 || run_break_guest(r, "syscall") < 0 || run_regs(r, &g) < 0)
		return -1;
	run_note(r, "at the guest's syscall: cs 0x%04x, cpl %d, cr3 0x%08x", g.cs.sel, g.cpl, g.cr3);
	return run_check(r, g.cpl == 0 && g.eip >= GUEST_KERNEL, "expected the guest kernel at "
			 "CPL 0, found cpl %d at eip 0x%08x", g.cpl, g.eip);
}

// At the VM's stop, the counters: port output and the cpuid program's three CPUIDs exited;
// cli and iret, which trap-and-emulate has to emulate, never did. The breakpoint is set
// before the guest runs: cpuid is quick, and a later stop could land after vm_stop.
static int
test_exits(struct run *r)
{
	uint64_t hlt, out, cpuid, cli, iret;

	if (vmx_start(r, "cpuid,exit") < 0 || run_break(r, "vm_stop") < 0 || vmx_hello(r) < 0 ||
	    vmm_read_stat(r, "HLT", &hlt) < 0 || vmm_read_stat(r, "IO_OUT", &out) < 0 ||
	    vmm_read_stat(r, "CPUID", &cpuid) < 0 || vmm_read_stat(r, "CLI", &cli) < 0 ||
	    vmm_read_stat(r, "IRET", &iret) < 0)
		return -1;
	run_note(r, "exits: HLT %llu, IO_OUT %llu, CPUID %llu; CLI %llu, IRET %llu",
		 (unsigned long long)hlt, (unsigned long long)out, (unsigned long long)cpuid,
		 (unsigned long long)cli, (unsigned long long)iret);
	if (run_check(r, out > 0 && cpuid >= 3, "expected IO_OUT exits and the cpuid program's "
		      "3 CPUID exits counted by reason (vmm/stats.h)") < 0 ||
	    run_check(r, cli == 0 && iret == 0, "expected no cli or iret exits under VT-x") < 0 ||
	    run_continue(r) < 0)
		return -1;
	return run_expect_end(r, END_SUCCESS);
}

// CPUID exits, and the monitor answers: VT-x hidden, the hypervisor leaf with its signature.
static int
test_cpuid(struct run *r)
{
	if (vmx_boot(r, "cpuid,exit") < 0 || run_expect(r, "cpuid: vmx 0, hypervisor bit 1") < 0)
		return -1;
	return run_expect(r, "cpuid: hypervisor DuplicataVMM") < 0 ? -1 :
	       run_expect_end(r, END_SUCCESS);
}

// The guest's shell, typed at through the virtual UART the backends share.
static int
test_shell(struct run *r)
{
	if (vmx_boot(r, "") < 0 || run_send(r, "hello again-%s\n", run_nonce(r)) < 0 ||
	    run_expect(r, "hello from pid 3: again-%s", run_nonce(r)) < 0)
		return -1;
	return run_send(r, "exit\n") < 0 ? -1 : run_expect_end(r, END_SUCCESS);
}

static const struct test lab8_tests[] = {
	{ "vmx-on", 2, 30, test_vmx_on },
	{ "guest-ring0", 4, 60, test_guest_ring0 },
	{ "exits", 3, 30, test_exits },
	{ "cpuid", 2, 30, test_cpuid },
	{ "shell", 3, 30, test_shell },
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
};
