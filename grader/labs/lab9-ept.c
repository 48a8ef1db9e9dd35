// lab9-ept.c: the VM's EPT read from outside for lab 9's tests (lab9.h). The monitor's tables
// lie 1:1 in host-physical memory, like the rest of its data.
#include <stdlib.h>

#include "grader/labs/lab9.h"
#include "tests/guests/lab9.h"
#include "vmm/dev/debug.h"

#define LEAF_RAM(hpa) (((uint64_t)(hpa) & EPT_ADDR) | EPT_RWX | EPT_MEMTYPE(MEMTYPE_WB))

int
lab9_boot(struct run *r, const char *test)
{
	return run_boot(r, "backend=vmx mmu=ept machine=bare mem=%d guest=lab9 tag=%s -- test=%s "
			"tag=%s", LAB9_MEM_MIB, run_nonce(r), test, run_nonce(r));
}

int
lab9_end(struct run *r, const char *test, struct lab9_ept *ept)
{
	// The VM ends right after the guest's summary: the breakpoint goes in first.
	if (tguest_end(r, &ept->vm) < 0 || lab9_ept_read(r, ept) < 0)
		return -1;
	return tguest_passed(r, "lab9", test) < 0 ? lab9_ept_free(ept, -1) : 0;
}

int
lab9_freed(struct run *r)
{
	return run_continue(r) < 0 ? -1 :
	       run_expect(r, "duplicata: vm destroyed: all its memory returned");
}

// The entry at index i of the table at pa, 0 unless present (any of R, W, X).
static int
entry_read(struct run *r, uint64_t pa, unsigned i, uint64_t *e)
{
	if (run_read_phys(r, pa + 8 * i, e, 8) < 0)
		return -1;
	if (!(*e & EPT_RWX))
		*e = 0;
	return 0;
}

// The leaves of the first GiB: the PD under PML4[0] and PDPT[0], then each PT under it.
static int
leaves_read(struct run *r, uint32_t pml4, uint64_t *leaves)
{
	static uint64_t pd[EPT_ENTRIES];
	uint64_t e;

	if (entry_read(r, pml4, 0, &e) < 0 || (e && entry_read(r, e & EPT_ADDR, 0, &e) < 0))
		return -1;
	if (!e)
		return 0;
	if (e & EPT_LARGE || run_read_phys(r, e & EPT_ADDR, pd, sizeof pd) < 0)
		return e & EPT_LARGE ? run_fail(r, "EPT: a 1 GiB page at guest-physical 0") : -1;
	for (unsigned i = 0; i < EPT_ENTRIES; i++) {
		if (!(pd[i] & EPT_RWX))
			continue;
		if (pd[i] & EPT_LARGE)
			return run_fail(r, "EPT: a 2 MiB page at guest-physical 0x%08x", i << 21);
		if (run_read_phys(r, pd[i] & EPT_ADDR, &leaves[i * EPT_ENTRIES], PAGE_SIZE) < 0)
			return -1;
	}
	return 0;
}

int
lab9_ept_read(struct run *r, struct lab9_ept *ept)
{
	ept->pages = NULL, ept->leaves = NULL;
	if (vmm_read_vm(r, &ept->vm) < 0)
		return -1;
	ept->npages = ept->vm.mem_size >> PAGE_SHIFT;
	if (run_check(r, ept->npages > 0 && ept->npages <= LAB9_GIB_PAGES / 16, "vmm_inspect: "
		      "guest RAM of %u bytes", ept->vm.mem_size) < 0)
		return -1;
	ept->pages = calloc(ept->npages, 4);
	ept->leaves = calloc(LAB9_GIB_PAGES, 8);
	if (!ept->pages || !ept->leaves)
		return lab9_ept_free(ept, run_fail(r, "grader: out of memory"));
	if (run_read_phys(r, ept->vm.pages, ept->pages, ept->npages * 4) < 0 ||
	    leaves_read(r, ept->vm.vcpu.real_cr3, ept->leaves) < 0 ||
	    vmm_read_stat(r, "EPT_VIOLATION", &ept->violations) < 0 ||
	    vmm_read_stat(r, "EPT_MISCONFIG", &ept->misconfigs) < 0 ||
	    vmm_read_stat(r, "EPT_INVALIDATE", &ept->invalidations) < 0)
		return lab9_ept_free(ept, -1);
	return 0;
}

int
lab9_ept_free(struct lab9_ept *ept, int ret)
{
	free(ept->pages);
	free(ept->leaves);
	ept->pages = NULL, ept->leaves = NULL;
	return ret;
}

int
lab9_count(struct run *r, const char *name, uint64_t got, uint64_t want)
{
	return run_check(r, got == want, "the counter %s is %llu, expected %llu: the test's guest "
			 "made that many; is each counted once, with stats_count?", name,
			 (unsigned long long)got, (unsigned long long)want);
}

// Walks the EPT from its PML4 for gpa: the leaf entry, or 0 if not present.
static int
leaf_walk(struct run *r, uint32_t pml4, uint64_t gpa, uint64_t *leaf)
{
	uint64_t table = pml4, e = 0;

	for (int level = EPT_LEVELS - 1; level >= 0; level--) {
		if (entry_read(r, table, EPT_INDEX(gpa, level), &e) < 0)
			return -1;
		if (!e || (e & EPT_LARGE))
			break;
		table = e & EPT_ADDR;
	}
	*leaf = e;
	return 0;
}

// Each leaf of the first GiB: RAM mapped as the page map says, or nothing.
static int
leaves_check(struct run *r, struct lab9_ept *ept)
{
	ept->present = 0;
	for (uint32_t i = 0; i < LAB9_GIB_PAGES; i++) {
		uint64_t leaf = ept->leaves[i];
		if (!(leaf & EPT_RWX))
			continue;
		if (i >= ept->npages)
			return run_fail(r, "EPT entry for guest-physical 0x%08x, past the guest's %u KiB "
					"of RAM, is 0x%016llx: expected nothing there", i << PAGE_SHIFT,
					ept->vm.mem_size >> 10, (unsigned long long)leaf);
		if (leaf != LEAF_RAM(ept->pages[i]))
			return run_fail(r, "EPT entry for guest-physical 0x%08x is 0x%016llx: expected "
					"0x%016llx, host page 0x%08x with R, W, X, write-back",
					i << PAGE_SHIFT, (unsigned long long)leaf,
					(unsigned long long)LEAF_RAM(ept->pages[i]), ept->pages[i]);
		ept->present++;
	}
	return 0;
}

int
lab9_ept_check(struct run *r, struct lab9_ept *ept, uint64_t extra)
{
	uint64_t trap, n = ept->violations;

	if (leaves_check(r, ept) < 0 ||
	    leaf_walk(r, ept->vm.vcpu.real_cr3, DEBUG_MMIO_BASE, &trap) < 0)
		return -1;
	if (run_check(r, trap == EPT_W, "EPT entry for the debug device's page 0x%08x is "
		      "0x%016llx: expected the trap 0x%llx (write without read: any access is an "
		      "EPT misconfiguration)", DEBUG_MMIO_BASE, (unsigned long long)trap,
		      (unsigned long long)EPT_W) < 0)
		return -1;
	return run_check(r, n == ept->present + extra, "EPT_VIOLATION is %llu, expected %llu: one "
			 "per page of RAM the EPT maps (%u)%s", (unsigned long long)n,
			 (unsigned long long)(ept->present + extra), ept->present,
			 extra ? ", and one for the access the test adds" : "");
}
