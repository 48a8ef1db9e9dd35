// lab9.c: lab 9, EPT: guest-physical memory through extended page tables. On the guest OS:
// its page faults and page-table writes no longer concern the monitor, and every EPT entry,
// walked from outside, maps the guest page to the host page the monitor gave it. On lab 9's
// test guest (tests/guests/lab9*.c): RAM mapped at first touch and counted, a device reached
// by MMIO through the EPT's trap, a page dropped (INVEPT), an access to nothing. Graded in
// Bochs (QEMU's TCG emulates no VT-x).
#include <stdio.h>
#include <string.h>

#include "grader/labs/lab9.h"
#include "tests/guests/lab9.h"
#include "vmm/dev/debug.h"

#define LAB9_ALL_EXITS_QUIET 6

// The guest's bench faults and rewrites page-table entries thousands of times: not one exit
// for them, where lab 8's shadow paging counted thousands (its test paging-exits reads the
// same counters). EPT violations happen, once per page of RAM the guest touches: as many
// as the EPT has leaves.
static int
test_no_exits(struct run *r)
{
	static const char *const quiet[LAB9_ALL_EXITS_QUIET] = {
		"PAGE_FAULT_SHADOW", "PAGE_FAULT_GUEST", "INVLPG", "CR_WRITE", "SHADOW_RESET",
		"EPT_MISCONFIG",
	};
	struct lab9_ept ept;
	uint64_t n;

	// The breakpoint is set before the guest runs: it may finish bench before a later stop.
	// What the machine holds is read before any line is waited for (waiting lets it run).
	if (vmx_start(r, VMX_EPT, "bench,exit") < 0 || run_break(r, "vm_stop") < 0 ||
	    lab9_ept_read(r, &ept) < 0)
		return -1;
	if (vmx_hello(r, VMX_EPT) < 0 ||
	    run_expect(r, "bench: page-table write") < 0 || run_expect(r, "bench: page fault") < 0)
		return lab9_ept_free(&ept, -1);
	for (unsigned i = 0; i < LAB9_ALL_EXITS_QUIET; i++) {
		if (vmm_read_stat(r, quiet[i], &n) < 0)
			return lab9_ept_free(&ept, -1);
		if (run_check(r, n == 0, "expected no %s exit while the guest ran bench, found %llu",
			      quiet[i], (unsigned long long)n) < 0)
			return lab9_ept_free(&ept, -1);
	}
	if (lab9_ept_check(r, &ept, 0) < 0)
		return lab9_ept_free(&ept, -1);
	run_note(r, "bench ran with no paging exit; %u pages of RAM in the EPT", ept.present);
	lab9_ept_free(&ept, 0);
	return lab9_freed(r) < 0 ? -1 : run_expect_end(r, END_SUCCESS);
}

// Every page the EPT maps is mapped readable, writable, executable and write-back to the
// monitor's host page for it; the debug device's page holds the trap; nothing past RAM.
static int
test_ept_map(struct run *r)
{
	struct lab9_ept ept;

	if (vmx_boot(r, VMX_EPT, "") < 0 || lab9_ept_read(r, &ept) < 0)
		return -1;
	if (lab9_ept_check(r, &ept, 0) < 0)
		return lab9_ept_free(&ept, -1);
	run_note(r, "%u of %u guest pages mapped through the EPT at 0x%08x", ept.present,
		 ept.npages, ept.vm.vcpu.real_cr3);
	// The guest OS has touched its kernel, its tables and its first programs by now.
	int ok = run_check(r, ept.present >= 32, "expected the guest's shell to have touched at "
			   "least 32 pages of RAM; the EPT maps %u", ept.present);
	return lab9_ept_free(&ept, ok);
}

// The monitor's eptcheck (vmm/eptcheck.c) runs the EPT tables' code on the machine: maps,
// refusals, traps, translations, unmaps, running out of tables, every table freed.
static int
test_tables(struct run *r)
{
	if (run_boot(r, "eptcheck tag=%s", run_nonce(r)) < 0 ||
	    run_expect(r, "eptcheck: passed (%s)", run_nonce(r)) < 0)
		return -1;
	return run_expect_end(r, END_SUCCESS);
}

// The pages of LAB9_FILL_BASE the guest touched are in the EPT, the others not.
static int
fill_check(struct run *r, const struct lab9_ept *ept)
{
	for (uint32_t i = 0; i < LAB9_FILL_PAGES; i++) {
		uint32_t gpa = LAB9_FILL_BASE + i * PAGE_SIZE;
		bool touched = LAB9_FILL_TOUCHED >> i & 1;
		uint64_t leaf = ept->leaves[gpa >> PAGE_SHIFT];
		if (run_check(r, (leaf != 0) == touched, "guest-physical 0x%08x: the guest %s it, but "
			      "its EPT entry is 0x%016llx: a page enters the EPT when first touched, "
			      "and alone", gpa, touched ? "touched" : "never touched",
			      (unsigned long long)leaf) < 0)
			return -1;
	}
	return 0;
}

static int
test_fill(struct run *r)
{
	struct lab9_ept ept;

	if (lab9_boot(r, "fill") < 0 || lab9_end(r, "fill", &ept) < 0)
		return -1;
	int err = lab9_ept_check(r, &ept, 0) < 0 || fill_check(r, &ept) < 0 ||
		  lab9_count(r, "EPT_MISCONFIG", ept.misconfigs, 0) < 0 ||
		  lab9_count(r, "EPT_INVALIDATE", ept.invalidations, 1) < 0 ? -1 : 0;
	if (!err)
		run_note(r, "%u pages of RAM in the EPT, one violation each", ept.present);
	return lab9_ept_free(&ept, err) < 0 ? -1 : lab9_freed(r);
}

// Every form reached the device (the guest checked each value), each one exit; the line
// came a byte a store.
static int
test_mmio(struct run *r)
{
	struct lab9_ept ept;
	char line[128];

	if (lab9_boot(r, "mmio") < 0 || tguest_end(r, &ept.vm) < 0 || lab9_ept_read(r, &ept) < 0)
		return -1;
	if (run_expect(r, LAB9_MMIO_LINE, run_nonce(r)) < 0 ||
	    tguest_passed(r, "lab9", "mmio") < 0)
		return lab9_ept_free(&ept, -1);
	snprintf(line, sizeof line, LAB9_MMIO_LINE, run_nonce(r));
	uint64_t want = LAB9_MMIO_FORMS + strlen(line) + 1;        // and its newline
	int err = lab9_ept_check(r, &ept, 0) < 0 ||
		  lab9_count(r, "EPT_MISCONFIG", ept.misconfigs, want) < 0 ||
		  lab9_count(r, "EPT_INVALIDATE", ept.invalidations, 1) < 0;
	if (!err)
		run_note(r, "%llu accesses to the device's window, one exit each",
			 (unsigned long long)want);
	return lab9_ept_free(&ept, err ? -1 : 0) < 0 ? -1 : lab9_freed(r);
}

// The dropped page was zeroed and came back at one more violation, after one INVEPT more
// than the VM's start needed (the untouched page dropped needs none).
static int
test_drop(struct run *r)
{
	struct lab9_ept ept;

	if (lab9_boot(r, "drop") < 0 || lab9_end(r, "drop", &ept) < 0)
		return -1;
	int err = lab9_ept_check(r, &ept, 1) < 0 ||
		  lab9_count(r, "EPT_MISCONFIG", ept.misconfigs, 2) < 0 ||
		  lab9_count(r, "EPT_INVALIDATE", ept.invalidations, 2) < 0 ||
		  run_check(r, ept.leaves[LAB9_DROP_PAGE >> PAGE_SHIFT] != 0, "the dropped page "
			    "0x%08x is not in the EPT again after the guest wrote to it",
			    LAB9_DROP_PAGE) < 0 ||
		  run_check(r, ept.leaves[LAB9_DROP_UNTOUCHED >> PAGE_SHIFT] == 0, "the page "
			    "0x%08x, dropped untouched, is in the EPT", LAB9_DROP_UNTOUCHED) < 0;
	return lab9_ept_free(&ept, err ? -1 : 0) < 0 ? -1 : lab9_freed(r);
}

// The VM stops with a report at an instruction the monitor does not emulate on the device's
// window, which it counted, and which it did not skip.
static int
test_mmio_refuse(struct run *r)
{
	struct inspect_vm vm;
	uint8_t insn[4], want[4] = { 0x83, 0x05, 0x04, 0x00 };       // addl $imm8, 0xFF000004
	uint64_t n;

	if (lab9_boot(r, "mmio-refuse") < 0 || tguest_end(r, &vm) < 0 ||
	    vmm_read_stat(r, "EPT_MISCONFIG", &n) < 0 ||
	    guest_read_phys(r, &vm, vm.vcpu.eip, insn, sizeof insn) < 0 ||
	    tguest_passed(r, "lab9", "mmio-refuse") < 0 ||
	    run_expect(r, "MMIO at guest-physical 0x%x by eip 0x%08x (bytes 83 05 04 00): not a "
		       "load or store", DEBUG_MMIO_BASE + DEBUG_MMIO_LATCH, vm.vcpu.eip) < 0 ||
	    lab9_count(r, "EPT_MISCONFIG", n, 1) < 0)
		return -1;
	return run_check(r, vm.state == INSPECT_STOPPED && memcmp(insn, want, 4) == 0, "the VM "
			 "should have stopped at the guest's addl to the latch; it is %s at eip "
			 "0x%08x", vm.state == INSPECT_STOPPED ? "stopped" : "running", vm.vcpu.eip);
}

// The VM stops when the guest drops a page past its RAM, and nothing is mapped there.
static int
test_drop_refuse(struct run *r)
{
	struct inspect_vm vm;

	if (lab9_boot(r, "drop-refuse") < 0 || tguest_end(r, &vm) < 0 ||
	    tguest_passed(r, "lab9", "drop-refuse") < 0 ||
	    run_expect(r, "EPT: the guest dropped guest-physical 0x%08x: no RAM there",
		       LAB9_STRAY) < 0)
		return -1;
	return run_check(r, vm.state == INSPECT_STOPPED, "the VM should have stopped");
}

// The VM stops at the read past RAM, with a report that names it; nothing is mapped there.
static int
test_stray(struct run *r)
{
	struct lab9_ept ept;
	uint8_t insn[5], want[5] = { 0xA1, 0, 0, LAB9_STRAY >> 16, 0 };   // movl LAB9_STRAY, %eax

	if (lab9_boot(r, "stray") < 0 || tguest_end(r, &ept.vm) < 0 ||
	    guest_read_phys(r, &ept.vm, ept.vm.vcpu.eip, insn, sizeof insn) < 0 ||
	    lab9_ept_read(r, &ept) < 0)
		return -1;
	int err = run_check(r, ept.vm.state == INSPECT_STOPPED, "the VM should have been "
			    "stopped") < 0 ||
		  run_check(r, memcmp(insn, want, sizeof insn) == 0, "the VM stopped at eip "
			    "0x%08x, which holds %02x %02x ...: not the guest's read of 0x%08x",
			    ept.vm.vcpu.eip, insn[0], insn[1], LAB9_STRAY) < 0 ||
		  lab9_ept_check(r, &ept, 1) < 0 || tguest_passed(r, "lab9", "stray") < 0 ||
		  run_expect(r, "EPT violation: read of guest-physical 0x%x (linear 0x%08x) at eip",
			     LAB9_STRAY, LAB9_STRAY) < 0;
	return lab9_ept_free(&ept, err ? -1 : 0) < 0 ? -1 : lab9_freed(r);
}

static const struct test lab9_tests[] = {
	{ "tables", 3, 30, test_tables },
	{ "ept-map", 4, 60, test_ept_map },
	{ "no-exits", 4, 60, test_no_exits },
	{ "fill", 5, 30, test_fill },
	{ "stray", 3, 30, test_stray },
	{ "mmio", 7, 30, test_mmio },
	{ "mmio-refuse", 2, 30, test_mmio_refuse },
	{ "drop", 4, 30, test_drop },
	{ "drop-refuse", 1, 30, test_drop_refuse },
};

static const char *const lab9_files[] = { "vmm/vmx/*.c", "vmm/vmx/*.h", "vmm/vmx/*.S", NULL };

const struct lab lab9 = {
	.number = 9,
	.title = "EPT: guest-physical memory",
	.image = "build/lab9.img",
	.elf = "build/kernel.elf",
	.files = lab9_files,
	.tests = lab9_tests,
	.ntests = sizeof lab9_tests / sizeof lab9_tests[0],
	.bochs_only = 1,
	.guest_elf = VMMLAB_GUEST_ELF,
};
