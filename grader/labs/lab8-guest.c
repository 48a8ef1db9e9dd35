// lab8-guest.c: lab 8's tests on its own test guest (tests/guests/lab8*.c), which runs at
// ring 0 in VMX non-root mode (mmu=shadow, paging off) and checks each exit's effect from
// inside; from outside, the grader counts the exits by reason between the guest's labels
// (exact: the guest prints nothing there), and reads the vCPU where the guest stops.
#include <string.h>

#include "grader/labs/lab8.h"
#include "tests/guests/lab8.h"
#include "x86/regs.h"

#define LAB8_BARE "backend=vmx mmu=shadow machine=bare"
#define LAB8_PC   "backend=vmx mmu=shadow machine=pc"

// Boots test `test` and checks the counters of window w on the way to the guest's end.
static int
lab8_window(struct run *r, const char *words, const char *test, const struct vmm_window *w)
{
	uint64_t n[VMM_WINDOW_COUNTS];

	if (tguest_boot(r, words, test) < 0 || vmm_window_open(r, w, n) < 0 ||
	    vmm_window_close(r, w, n) < 0)
		return -1;
	return 0;
}


// in and out of each size: each one exit, the values right.
int
test_io(struct run *r)
{
	static const struct vmm_window w = { "lab8_io_start", "lab8_io_end",
		{ { "IO_IN", LAB8_IO_IN }, { "IO_OUT", LAB8_IO_OUT } } };
	struct regs g;

	if (lab8_window(r, LAB8_BARE, "io", &w) < 0 || run_regs(r, &g) < 0 ||
	    run_check(r, g.cpl == 0, "the CPU should run the guest kernel at CPL 0 (non-root "
		      "mode), found CPL %d", g.cpl) < 0)
		return -1;
	return tguest_ended(r, "lab8", "io");
}

int
test_cpuid_leaves(struct run *r)
{
	static const struct vmm_window w = { "lab8_cpuid_start", "lab8_cpuid_end",
		{ { "CPUID", LAB8_CPUIDS } } };

	return lab8_window(r, LAB8_BARE, "cpuid", &w) < 0 ? -1 : tguest_ended(r, "lab8", "cpuid");
}

// Only the writes that touch bits the monitor owns exit (mov to CR4 with PSE, then VMXE, to
// CR0 with PG; every CR3 access under shadow paging); the vCPU shows the guest's values.
int
test_control_registers(struct run *r)
{
	static const struct vmm_window w = { "lab8_cr_start", "lab8_cr_end",
		{ { "CR_WRITE", LAB8_CR_WRITES }, { "CR_READ", 1 }, { "EXCEPTION_REFLECTED", 2 } } };
	struct inspect_vm vm;
	const struct inspect_vcpu *c = &vm.vcpu;

	if (lab8_window(r, LAB8_BARE, "control-registers", &w) < 0 || vmm_read_vm(r, &vm) < 0)
		return -1;
	if (run_check(r, c->cr0 == (CR0_PE | CR0_ET) && c->cr4 == (CR4_PSE | CR4_PGE) &&
		      c->cr3 == LAB8_CR3, "at lab8_cr_end the vCPU should show the guest's cr0 "
		      "0x%08x, cr4 0x%08x, cr3 0x%08x; it shows 0x%08x, 0x%08x, 0x%08x",
		      CR0_PE | CR0_ET, CR4_PSE | CR4_PGE, LAB8_CR3, c->cr0, c->cr4, c->cr3) < 0)
		return -1;
	return tguest_ended(r, "lab8", "control-registers");
}

// Interrupts wait for the guest's IF, then its interrupt window; one wakes the halted vCPU.
int
test_interrupts(struct run *r)
{
	static const struct vmm_window w = { "lab8_int_start", "lab8_int_end",
		{ { "IRQ_INJECTED", 4 }, { "IRQ_WINDOW", 3 }, { "HLT", 1 } } };

	return lab8_window(r, LAB8_PC, "interrupts", &w) < 0 ? -1 : tguest_ended(r, "lab8", "interrupts");
}

// The guest's exceptions never exit; its hypercalls do, and vmcall from CPL 3 is a #UD.
int
test_exceptions(struct run *r)
{
	static const struct vmm_window w = { "lab8_exc_start", "lab8_exc_end",
		{ { "HYPERCALL", LAB8_VMCALLS }, { "UD_REFLECTED", 1 },
		  { "EXCEPTION_REFLECTED", 0 } } };

	if (lab8_window(r, LAB8_BARE, "exceptions", &w) < 0)
		return -1;
	return tguest_ended(r, "lab8", "exceptions");
}

// The guest's step at label stops the VM there, for the reason `why` names, counted.
static int
lab8_stops(struct run *r, const char *test, const char *label, const char *why,
	   const char *stat)
{
	const struct vmm_count c[] = { { stat, 1 } };

	if (tguest_stops(r, LAB8_BARE, "lab8", test, label, why) < 0)
		return -1;
	return vmm_counts_check(r, c, 1);
}

int
test_triple_fault(struct run *r)
{
	return lab8_stops(r, "triple-fault", "lab8_tf_ud", "triple fault", "TRIPLE_FAULT");
}

// The monitor refuses what it does not emulate with a stop that names it (not a rep here).
int
test_string_io(struct run *r)
{
	struct inspect_vm vm;

	if (lab8_stops(r, "string-io", "lab8_outsb", "string I/O is not emulated", "IO_STRING") < 0 ||
	    vmm_read_vm(r, &vm) < 0)
		return -1;
	return run_check(r, strncmp(vm.stop_reason, "outs at eip", 11) == 0, "the stop should "
			 "name the instruction, outs (no rep); it says \"%s\"", vm.stop_reason);
}

int
test_hlt_disabled(struct run *r)
{
	return lab8_stops(r, "hlt-disabled", "lab8_hlt", "hlt with interrupts disabled", "HLT");
}
