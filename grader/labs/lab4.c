// lab4.c: lab 4, trap-and-emulate: the emulation of a ring-1 guest kernel's privileged
// instructions and the reflection of its events, on lab 4's own test guest
// (tests/guests/lab4*.c), which runs unpaged on a bare machine and so needs nothing of
// labs 5 and 6. Each test runs one of the guest's tests, which checks each step from inside
// and prints it; the grader checks the same steps from outside: the CPU's privilege level
// and flags at breakpoints in the guest, the vCPU the monitor publishes (vmm_inspect), and
// its exit counters, read when the VM is destroyed.
#include <inttypes.h>
#include <string.h>

#include "grader/labs/vmmlab.h"
#include "tests/guests/lab4.h"
#include "x86/regs.h"
#include "x86/seg.h"

#define LAB4_GUEST_ELF "build/tests/guests/lab4.elf"

static int
lab4_boot(struct run *r, const char *test)
{
	return tguest_boot(r, "backend=te machine=bare", test);
}

static int
lab4_passed(struct run *r, const char *test)
{
	return tguest_passed(r, "lab4", test);
}

// Stopped in guest kernel code: the CPU runs it at CPL 1 with the real IF set, and the vCPU
// shows the guest's own IF (want_if) and its CS with RPL 0.
static int
kernel_at(struct run *r, const char *label, int want_if)
{
	struct inspect_vm vm;
	struct regs g;

	if (run_break_guest(r, label) < 0 || run_regs(r, &g) < 0 || vmm_read_vm(r, &vm) < 0)
		return -1;
	if (run_check(r, g.cpl == 1 && (g.eflags & FL_IF), "at %s the CPU ran the guest kernel at "
		      "CPL %d with eflags 0x%08x: it must run at ring 1, with the real IF set (the "
		      "monitor's interrupts)", label, g.cpl, g.eflags) < 0 ||
	    run_check(r, (vm.vcpu.sel[1] & 3) == 0 && (vm.vcpu.real_cs & 3) == 1,
		      "at %s the vCPU's CS is 0x%04x and the real one 0x%04x: the guest sees its "
		      "own RPL 0, the CPU runs RPL 1", label, vm.vcpu.sel[1], vm.vcpu.real_cs) < 0)
		return -1;
	if (want_if < 0)
		return 0;
	return run_check(r, !!(vm.vcpu.eflags & FL_IF) == want_if, "at %s the guest's IF should be "
			 "%d, but the vCPU's eflags are 0x%08x", label, want_if, vm.vcpu.eflags);
}

// in, out, ins, outs of every size and direction, on the test latch and the debug console.
static int
test_port_io(struct run *r)
{
	static const struct vmm_count c[] = {
		{ "IO_STRING", LAB4_IO_STRINGS }, { "IO_IN", LAB4_IO_INS },
	};
	struct inspect_vm vm;
	uint32_t out;

	if (lab4_boot(r, "port-io") < 0 || tguest_end(r, &vm) < 0 ||
	    run_expect(r, "lab4 port-io: rep outsb, forward (%s)", run_nonce(r)) < 0 ||
	    run_expect(r, "lab4 port-io: rep outsb, backward (%s)", run_nonce(r)) < 0 ||
	    lab4_passed(r, "port-io") < 0 || run_guest_symbol(r, "tg_exit_out", &out) < 0)
		return -1;
	if (run_check(r, vm.vcpu.eip == out, "the out to the exit port stops the VM at it (eip "
		      "0x%08x); the vCPU shows eip 0x%08x", out, vm.vcpu.eip) < 0)
		return -1;
	return vmm_counts_check(r, c, 2);
}

// cli and sti change the virtual IF alone; sti; hlt on a bare machine stops the VM halted.
static int
test_virtual_if(struct run *r)
{
	static const struct vmm_count c[] = {
		{ "CLI", LAB4_VIF_CLI }, { "STI", LAB4_VIF_STI }, { "HLT", 1 },
	};
	struct inspect_vm vm;
	uint32_t halted;

	if (lab4_boot(r, "virtual-if") < 0 || kernel_at(r, "lab4_vif_sti1", 1) < 0 ||
	    kernel_at(r, "lab4_vif_cli1", 0) < 0 || kernel_at(r, "lab4_vif_cli2", 0) < 0 ||
	    kernel_at(r, "lab4_vif_sti3", 1) < 0 || tguest_end(r, &vm) < 0 ||
	    lab4_passed(r, "virtual-if") < 0 || run_guest_symbol(r, "lab4_vif_halted", &halted) < 0)
		return -1;
	if (run_check(r, vm.vcpu.halted && vm.vcpu.eip == halted, "after sti; hlt the vCPU should "
		      "be halted with eip past the hlt (0x%08x); it shows halted %u, eip 0x%08x",
		      halted, vm.vcpu.halted, vm.vcpu.eip) < 0)
		return -1;
	return vmm_counts_check(r, c, 3);
}

// Runs test `test`, whose last step (`what`) must stop the VM with the vCPU at the guest's
// label `label`, not halted; then checks the counters c.
static int
lab4_stops_at(struct run *r, const char *test, const char *label, const char *what,
	      const struct vmm_count *c, int n)
{
	struct inspect_vm vm;
	uint32_t at;

	if (lab4_boot(r, test) < 0 || tguest_end(r, &vm) < 0 || lab4_passed(r, test) < 0 ||
	    run_guest_symbol(r, label, &at) < 0)
		return -1;
	if (run_check(r, vm.state == INSPECT_STOPPED && !vm.vcpu.halted && vm.vcpu.eip == at,
		      "%s must stop the VM at it (eip 0x%08x), not halted; the vCPU shows state "
		      "%u, halted %u, eip 0x%08x", what, at, vm.state, vm.vcpu.halted,
		      vm.vcpu.eip) < 0)
		return -1;
	run_note(r, "stopped: %s", vm.stop_reason);
	return vmm_counts_check(r, c, n);
}

// cli; hlt: nothing can ever wake the vCPU; the monitor stops the VM at the hlt.
static int
test_hlt_disabled(struct run *r)
{
	static const struct vmm_count c[] = { { "CLI", 1 }, { "HLT", 1 } };

	return lab4_stops_at(r, "hlt-disabled", "lab4_hlt_cli", "cli; hlt", c, 2);
}

// The descriptor-table registers the vCPU shows at a label of the guest.
static int
tables_at(struct run *r, const char *label, uint32_t gdt, uint32_t gdt_limit, uint32_t idt,
	  uint32_t idt_limit)
{
	struct inspect_vm vm;
	const struct inspect_vcpu *c = &vm.vcpu;

	if (kernel_at(r, label, -1) < 0 || vmm_read_vm(r, &vm) < 0)
		return -1;
	return run_check(r, c->gdtr_base == gdt && c->gdtr_limit == gdt_limit &&
			 c->idtr_base == idt && c->idtr_limit == idt_limit, "at %s the vCPU's "
			 "GDTR should be 0x%08x/0x%x and IDTR 0x%08x/0x%x; it shows 0x%08x/0x%x and "
			 "0x%08x/0x%x", label, gdt, gdt_limit, idt, idt_limit, c->gdtr_base,
			 c->gdtr_limit, c->idtr_base, c->idtr_limit);
}

// lgdt, lidt (a 16-bit lgdt too), ltr, then the control registers, and a refused CR4.
static int
test_system_registers(struct run *r)
{
	static const struct vmm_count c[] = {
		{ "LGDT", 2 }, { "LIDT", 2 }, { "LTR", 1 }, { "LLDT", 1 },
		{ "CR_WRITE", LAB4_SYS_CR_WRITES }, { "CR_READ", LAB4_SYS_CR_READS },
	};
	uint32_t gdt, idt, pae, limit = 6 * 8 - 1;
	struct inspect_vm vm;

	if (lab4_boot(r, "system-registers") < 0 || run_guest_symbol(r, "tg_gdt", &gdt) < 0 ||
	    run_guest_symbol(r, "tg_idt", &idt) < 0 ||
	    run_guest_symbol(r, "lab4_sys_pae", &pae) < 0 ||
	    tables_at(r, "lab4_sys_lgdt", gdt, limit, 0, 0) < 0 ||
	    tables_at(r, "lab4_sys_lidt", gdt, limit, 0, 0x3FF) < 0 ||
	    tables_at(r, "lab4_sys_lgdt16", gdt, limit, 0, 0x3FF) < 0 ||
	    tables_at(r, "lab4_sys_ltr", gdt, limit, idt, 0x7FF) < 0 || vmm_read_vm(r, &vm) < 0)
		return -1;
	if (run_check(r, vm.vcpu.tr == 0x28, "after ltr $0x28 the vCPU's TR is 0x%04x",
		      vm.vcpu.tr) < 0 ||
	    kernel_at(r, "lab4_sys_crs", -1) < 0 || vmm_read_vm(r, &vm) < 0)
		return -1;
	if (run_check(r, vm.vcpu.cr0 == (CR0_PE | CR0_ET) && vm.vcpu.cr2 == 0xDEADB000 &&
		      vm.vcpu.cr3 == 0x345000 && vm.vcpu.cr4 == (CR4_PSE | CR4_PGE), "the vCPU's "
		      "CR0, CR2, CR3, CR4 should be 0x%08x 0xdeadb000 0x00345000 0x%08x; they are "
		      "0x%08x 0x%08x 0x%08x 0x%08x", CR0_PE | CR0_ET, CR4_PSE | CR4_PGE, vm.vcpu.cr0,
		      vm.vcpu.cr2, vm.vcpu.cr3, vm.vcpu.cr4) < 0 ||
	    tguest_end(r, &vm) < 0 || lab4_passed(r, "system-registers") < 0)
		return -1;
	if (run_check(r, vm.state == INSPECT_STOPPED && vm.vcpu.eip == pae &&
		      vm.vcpu.cr4 == (CR4_PSE | CR4_PGE), "a mov to CR4 with PAE must stop the VM "
		      "at it (eip 0x%08x) with CR4 unchanged; the vCPU shows eip 0x%08x, cr4 0x%08x",
		      pae, vm.vcpu.eip, vm.vcpu.cr4) < 0)
		return -1;
	return vmm_counts_check(r, c, 6);
}

// mov, pop and lss to SS; iret and lret to the kernel's own RPL 0 selectors.
static int
test_returns(struct run *r)
{
	static const struct vmm_count c[] = {
		{ "SEG_LOAD", LAB4_RET_SS_LOADS }, { "IRET", LAB4_RET_IRETS },
		{ "FAR_TRANSFER", LAB4_RET_FARS },
	};
	struct inspect_vm vm;
	struct regs g;

	if (lab4_boot(r, "returns") < 0 || kernel_at(r, "lab4_ret_movss", -1) < 0 ||
	    run_regs(r, &g) < 0 || vmm_read_vm(r, &vm) < 0)
		return -1;
	if (run_check(r, vm.vcpu.sel[2] == 0x10 && g.ss.sel == 0x11, "after mov $0x10 to ss the "
		      "vCPU's SS should be 0x10 and the real one 0x11 (RPL 1); they are 0x%04x and "
		      "0x%04x", vm.vcpu.sel[2], g.ss.sel) < 0 ||
	    kernel_at(r, "lab4_ret_iret_if1", 1) < 0 || kernel_at(r, "lab4_ret_iret_if0", 0) < 0 ||
	    tguest_end(r, &vm) < 0 || lab4_passed(r, "returns") < 0)
		return -1;
	return vmm_counts_check(r, c, 3);
}

// Exceptions, int n, traps from user mode, deliveries that fault: the guest checks each
// frame; the grader checks the rings the CPU ran the guest at.
static int
test_reflection(struct run *r)
{
	static const struct vmm_count c[] = {
		{ "SYSCALL_REFLECTED", LAB4_EV_SOFT }, { "EXCEPTION_REFLECTED", LAB4_EV_EXCEPTIONS },
		{ "IRET", LAB4_EV_IRETS },
	};
	struct inspect_vm vm;
	struct regs g;

	if (lab4_boot(r, "reflection") < 0 || kernel_at(r, "tg_trap_c", 0) < 0 ||
	    run_break_guest(r, "lab4_user_main") < 0 || run_regs(r, &g) < 0)
		return -1;
	// (an iret to ring 3 runs natively: the vCPU is published at the next exit)
	if (run_check(r, g.cpl == 3 && g.cs.sel == 0x1B, "in the guest's user mode the CPU "
		      "should run CS 0x1b at CPL 3; found CPL %d, CS 0x%04x", g.cpl, g.cs.sel) < 0 ||
	    tguest_end(r, &vm) < 0 || lab4_passed(r, "reflection") < 0)
		return -1;
	return vmm_counts_check(r, c, 3);
}

// No gate at all: #UD, #GP, double fault, triple fault: the VM stops at the ud2.
static int
test_triple_fault(struct run *r)
{
	static const struct vmm_count c[] = { { "TRIPLE_FAULT", 1 }, { "EXCEPTION_REFLECTED", 1 } };

	return lab4_stops_at(r, "triple-fault", "lab4_tf_ud", "a ud2 with an empty IDT", c, 2);
}

// A trap from user mode with ss0 null in the guest's TSS: #TS, double fault, triple fault.
static int
test_tss_fault(struct run *r)
{
	static const struct vmm_count c[] = { { "TRIPLE_FAULT", 1 }, { "SYSCALL_REFLECTED", 1 } };

	return lab4_stops_at(r, "tss-fault", "lab4_tss_int", "int $0x80 from user mode with a "
			     "null ss0", c, 2);
}

static const struct test lab4_tests[] = {
	{ "port-io", 4, 15, test_port_io },
	{ "virtual-if", 3, 15, test_virtual_if },
	{ "hlt-disabled", 1, 15, test_hlt_disabled },
	{ "system-registers", 4, 15, test_system_registers },
	{ "returns", 3, 15, test_returns },
	{ "reflection", 5, 15, test_reflection },
	{ "triple-fault", 1, 15, test_triple_fault },
	{ "tss-fault", 1, 15, test_tss_fault },
};

static const char *const lab4_files[] = {
	"vmm/*.c", "vmm/*.h", "vmm/te/*.c", "vmm/te/*.h", NULL,
};

const struct lab lab4 = {
	.number = 4,
	.title = "trap-and-emulate: emulation and reflection",
	.image = "build/lab4.img",
	.elf = "build/kernel.elf",
	.guest_elf = LAB4_GUEST_ELF,
	.files = lab4_files,
	.tests = lab4_tests,
	.ntests = sizeof lab4_tests / sizeof lab4_tests[0],
};
