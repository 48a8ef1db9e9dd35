// lab9.c: lab 9, EPT: guest-physical memory through extended page tables. The guest's own
// page faults and page-table writes no longer concern the monitor (no exit), and every EPT
// entry, walked from outside, maps the guest page to the host page the monitor gave it.
// Graded in Bochs (QEMU's TCG emulates no VT-x).
#include <stdlib.h>
#include "grader/labs/vmmlab.h"
#include "x86/paging.h"
#include "x86/vmx.h"

#define PAGES_MAX (64u << 20 >> PAGE_SHIFT)      // GMEM_MAX: the most guest RAM a VM may have

// The guest's bench faults and rewrites page-table entries thousands of times: not one exit,
// where lab 8's shadow paging counted thousands (its test paging-exits reads the same
// counters).
static int
test_no_exits(struct run *r)
{
	static const char *const quiet[] = { "PAGE_FAULT_SHADOW", "PAGE_FAULT_GUEST", "INVLPG",
					     "CR_WRITE", "SHADOW_RESET", "EPT_VIOLATION" };
	uint64_t n;

	// The breakpoint is set before the guest runs: it may finish bench before a later stop.
	if (vmx_start(r, VMX_EPT, "bench,exit") < 0 || run_break(r, "vm_stop") < 0 ||
	    vmx_hello(r, VMX_EPT) < 0 ||
	    run_expect(r, "bench: page-table write") < 0 || run_expect(r, "bench: page fault") < 0)
		return -1;
	for (unsigned i = 0; i < sizeof quiet / sizeof quiet[0]; i++) {
		if (vmm_read_stat(r, quiet[i], &n) < 0)
			return -1;
		if (run_check(r, n == 0, "expected no %s exit while the guest ran bench, found %llu",
			      quiet[i], (unsigned long long)n) < 0)
			return -1;
	}
	run_note(r, "bench ran with no paging exit");
	return run_continue(r) < 0 ? -1 : run_expect_end(r, END_SUCCESS);
}

// Walks the EPT from its PML4 for gpa (SDM 3C §29.3.2): the leaf entry, or 0 if not present.
static int
ept_leaf(struct run *r, uint32_t pml4, uint32_t gpa, uint64_t *leaf)
{
	uint64_t table = pml4, e = 0;

	for (int level = EPT_LEVELS - 1; level >= 0; level--) {
		if (run_read_phys(r, table + 8 * EPT_INDEX((uint64_t)gpa, level), &e, 8) < 0)
			return -1;
		if (!(e & EPT_RWX) || (e & EPT_LARGE))
			break;
		table = e & EPT_ADDR;
	}
	*leaf = e & EPT_RWX ? e : 0;
	return 0;
}

// The VM's state and its guest page map (host page of each guest page), stopped.
static int
lab9_vm(struct run *r, struct inspect_vm *vm, uint32_t **pages)
{
	if (vmm_read_vm(r, vm) < 0)
		return -1;
	uint32_t n = vm->mem_size >> PAGE_SHIFT;
	if (run_check(r, n > 0 && n <= PAGES_MAX, "vmm_inspect: guest RAM of %u bytes",
		      vm->mem_size) < 0)
		return -1;
	*pages = calloc(n, 4);
	if (!*pages || run_read_phys(r, vm->pages, *pages, n * 4) < 0) {
		free(*pages);
		return *pages ? -1 : run_fail(r, "grader: out of memory");
	}
	return 0;
}

// Every guest page maps, readable, writable and executable, to the monitor's host page for
// it; nothing maps at the first address past guest RAM.
static int
test_ept_map(struct run *r)
{
	struct inspect_vm vm;
	uint32_t *pages, checked = 0;
	uint64_t leaf;
	int err = 0;

	if (vmx_boot(r, VMX_EPT, "") < 0 || lab9_vm(r, &vm, &pages) < 0)
		return -1;
	for (uint32_t gpa = 0; gpa < vm.mem_size && !err; gpa += PAGE_SIZE, checked++) {
		err = ept_leaf(r, vm.vcpu.real_cr3, gpa, &leaf);
		if (!err && ((leaf & EPT_ADDR) != pages[gpa >> PAGE_SHIFT] || (leaf & EPT_RWX) != EPT_RWX))
			err = run_fail(r, "EPT entry for guest-physical 0x%08x is 0x%016llx: expected "
				       "host page 0x%08x with R, W and X", gpa, (unsigned long long)leaf,
				       pages[gpa >> PAGE_SHIFT]);
	}
	free(pages);
	if (err || ept_leaf(r, vm.vcpu.real_cr3, vm.mem_size, &leaf) < 0)
		return -1;
	run_note(r, "%u guest pages checked through the EPT at 0x%08x", checked, vm.vcpu.real_cr3);
	return run_check(r, leaf == 0, "expected nothing mapped at guest-physical 0x%08x, past the "
			 "guest's RAM; found 0x%016llx", vm.mem_size, (unsigned long long)leaf);
}

static const struct test lab9_tests[] = {
	{ "no-exits", 5, 60, test_no_exits },
	{ "ept-map", 6, 60, test_ept_map },
};

static const char *const lab9_files[] = { "vmm/vmx/*.c", "vmm/vmx/*.h", "vmm/vmx/*.S", NULL };

const struct lab lab9 = {
	.number = 9,
	.title = "EPT: guest-physical memory",
	.image = "build/duplicata.img",
	.elf = "build/kernel.elf",
	.files = lab9_files,
	.tests = lab9_tests,
	.ntests = sizeof lab9_tests / sizeof lab9_tests[0],
	.bochs_only = 1,
	.guest_elf = VMMLAB_GUEST_ELF,
};
