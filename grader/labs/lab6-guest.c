// lab6-guest.c: lab 6's tests on its own test guest (tests/guests/lab6*.c), which makes page
// tables of its own and checks from inside what its MMU would do. From outside, the grader
// reads the shadow entries the CPU walks at the guest's labels (present or not, the frame,
// the rights) and the monitor's counters between two labels, which move by exact amounts:
// one shadow fill per first touch, one more for the first write of a clean page.

#include "grader/labs/lab6.h"
#include "tests/guests/lab6.h"
#include "x86/paging.h"

#define LAB6_WORDS "backend=te machine=bare"
#define NONE UINT32_MAX            // "not mapped" for shadow_is

// The shadow entry the CPU walks for va (from the vCPU's real CR3, 2-level tables in host
// memory): 0 if not present, else the page's frame with the rights both levels grant.
static int
shadow_entry(struct run *r, const struct inspect_vm *vm, uint32_t va, uint32_t *entry)
{
	uint32_t pde, pte = 0;

	if (run_read_phys(r, (vm->vcpu.real_cr3 & PAGE_MASK) + (va >> 22) * 4, &pde, 4) < 0 ||
	    ((pde & PTE_P) &&
	     run_read_phys(r, (pde & PAGE_MASK) + ((va >> PAGE_SHIFT) & 1023) * 4, &pte, 4) < 0))
		return -1;
	*entry = 0;
	if ((pde & PTE_P) && (pte & PTE_P))
		*entry = (pte & ~(PTE_W | PTE_U)) | (pde & pte & (PTE_W | PTE_U));
	return 0;
}

// Where the guest stopped (at label), the shadow maps va to the host page of guest-physical
// gpa with exactly the rights W and U of `rights`, or (gpa NONE) not at all.
static int
shadow_is(struct run *r, const char *label, uint32_t va, uint32_t gpa, uint32_t rights)
{
	struct inspect_vm vm;
	uint32_t e, hpa = 0;

	if (vmm_read_vm(r, &vm) < 0 || shadow_entry(r, &vm, va, &e) < 0 ||
	    (gpa != NONE && guest_host_page(r, &vm, gpa, &hpa) < 0))
		return -1;
	if (gpa == NONE)
		return run_check(r, e == 0, "at %s the shadow should not map 0x%08x any more (the "
				 "guest's invlpg or CR3 load), but maps it: entry 0x%08x", label, va, e);
	return run_check(r, (e & PTE_P) && (e & PAGE_MASK) == hpa &&
			 (e & (PTE_W | PTE_U)) == rights, "at %s the shadow should map 0x%08x to "
			 "host page 0x%08x (guest-physical 0x%08x),%s writable, %s; its entry is "
			 "0x%08x", label, va, hpa, gpa, rights & PTE_W ? "" : " not",
			 rights & PTE_U ? "user" : "supervisor only", e);
}

// Runs to the guest's label, then shadow_is.
static int
shadow_at(struct run *r, const char *label, uint32_t va, uint32_t gpa, uint32_t rights)
{
	return run_break_guest(r, label) < 0 ? -1 : shadow_is(r, label, va, gpa, rights);
}


int
test_walk(struct run *r)
{
	static const struct vmm_window w = { "lab6_walk_start", "lab6_walk_end",
		{ { "PAGE_FAULT_SHADOW", LAB6_WALK_FAULTS }, { "PAGE_FAULT_GUEST", 0 },
		  { "INVLPG", 1 } } };
	uint64_t n[VMM_WINDOW_COUNTS];

	if (tguest_boot(r, LAB6_WORDS, "walk") < 0 || vmm_window_open(r, &w, n) < 0 ||
	    shadow_at(r, "lab6_walk_read", LAB6_VA_A, LAB6_FRAME(0), PTE_U) < 0 ||
	    shadow_at(r, "lab6_walk_written", LAB6_VA_A, LAB6_FRAME(0), PTE_U | PTE_W) < 0 ||
	    vmm_window_close(r, &w, n) < 0)
		return -1;
	return tguest_ended(r, "lab6", "walk");
}

int
test_faults(struct run *r)
{
	static const struct vmm_window w = { "lab6_faults_start", "lab6_faults_end",
		{ { "PAGE_FAULT_GUEST", LAB6_FAULTS_GUEST },
		  { "PAGE_FAULT_SHADOW", LAB6_FAULTS_SHADOW } } };
	uint64_t n[VMM_WINDOW_COUNTS];

	if (tguest_boot(r, LAB6_WORDS, "faults") < 0 || vmm_window_open(r, &w, n) < 0 ||
	    vmm_window_close(r, &w, n) < 0)
		return -1;
	return tguest_ended(r, "lab6", "faults");
}

int
test_write_protect(struct run *r)
{
	static const struct vmm_window clear = { "lab6_wp_written", "lab6_wp_user",
		{ { "PAGE_FAULT_SHADOW", LAB6_WP_SHADOW }, { "PAGE_FAULT_GUEST", LAB6_WP_GUEST } } };
	static const struct vmm_window set = { "lab6_wp_rewarmed", "lab6_wp_end",
		{ { "PAGE_FAULT_GUEST", LAB6_WP_GUEST_AFTER }, { "PAGE_FAULT_SHADOW", 0 } } };
	uint64_t n[VMM_WINDOW_COUNTS], m[VMM_WINDOW_COUNTS];

	// (The window opens at the first write's end, not before it: Bochs 2.7 misses the
	// breakpoint after user mode when one stopped the guest on the page just written whole.)
	if (tguest_boot(r, LAB6_WORDS, "write-protect") < 0 || vmm_window_open(r, &clear, n) < 0 ||
	    shadow_is(r, "lab6_wp_written", LAB6_VA_B, LAB6_FRAME(1), PTE_W) < 0 ||
	    vmm_window_close(r, &clear, n) < 0 ||
	    shadow_is(r, "lab6_wp_user", LAB6_VA_B, LAB6_FRAME(1), PTE_U) < 0 ||
	    vmm_window_open(r, &set, m) < 0 || vmm_window_close(r, &set, m) < 0)
		return -1;
	return tguest_ended(r, "lab6", "write-protect");
}

int
test_large_pages(struct run *r)
{
	static const struct vmm_window w = { "lab6_large_start", "lab6_large_end",
		{ { "PAGE_FAULT_SHADOW", LAB6_LARGE_FAULTS }, { "INVLPG", 1 },
		  { "PAGE_FAULT_GUEST", 0 } } };
	const uint32_t far = LAB6_VA_LARGE + 0x201000, third = LAB6_VA_LARGE + 0x3000;
	uint64_t n[VMM_WINDOW_COUNTS];

	if (tguest_boot(r, LAB6_WORDS, "large-pages") < 0 || vmm_window_open(r, &w, n) < 0 ||
	    shadow_at(r, "lab6_large_mapped", LAB6_VA_LARGE, LAB6_LARGE1, PTE_U) < 0 ||
	    shadow_is(r, "lab6_large_mapped", far, LAB6_LARGE1 + 0x201000, PTE_U) < 0 ||
	    shadow_is(r, "lab6_large_mapped", third, LAB6_LARGE1 + 0x3000, PTE_U | PTE_W) < 0 ||
	    shadow_at(r, "lab6_large_dropped", LAB6_VA_LARGE, NONE, 0) < 0 ||
	    shadow_is(r, "lab6_large_dropped", far, NONE, 0) < 0 ||
	    shadow_is(r, "lab6_large_dropped", third, NONE, 0) < 0 ||
	    vmm_window_close(r, &w, n) < 0 ||
	    shadow_at(r, "lab6_large_small", LAB6_VA_LARGE + 0x1000, NONE, 0) < 0 ||
	    shadow_is(r, "lab6_large_small", LAB6_VA_LARGE + 0x2000, LAB6_FRAME(3), PTE_U) < 0)
		return -1;
	return tguest_ended(r, "lab6", "large-pages");
}

int
test_invlpg(struct run *r)
{
	static const struct vmm_window w = { "lab6_inv_start", "lab6_inv_end",
		{ { "PAGE_FAULT_SHADOW", LAB6_INV_FAULTS }, { "INVLPG", LAB6_INV_INVLPG } } };
	uint64_t n[VMM_WINDOW_COUNTS];

	if (tguest_boot(r, LAB6_WORDS, "invlpg") < 0 || vmm_window_open(r, &w, n) < 0 ||
	    shadow_at(r, "lab6_inv_dropped", LAB6_VA_A, NONE, 0) < 0 ||
	    shadow_is(r, "lab6_inv_dropped", LAB6_VA_B, LAB6_FRAME(1), PTE_U) < 0 ||
	    vmm_window_close(r, &w, n) < 0)
		return -1;
	return tguest_ended(r, "lab6", "invlpg");
}

int
test_cr3(struct run *r)
{
	static const struct vmm_window w = { "lab6_cr3_start", "lab6_cr3_end",
		{ { "SHADOW_RESET", LAB6_CR3_RESETS }, { "CR_WRITE", LAB6_CR3_WRITES } } };
	struct inspect_vm vm;
	uint64_t n[VMM_WINDOW_COUNTS];
	uint32_t pd2;

	if (tguest_boot(r, LAB6_WORDS, "cr3") < 0 || run_guest_symbol(r, "lab6_pd2", &pd2) < 0 ||
	    vmm_window_open(r, &w, n) < 0 ||
	    shadow_at(r, "lab6_cr3_second", LAB6_VA_A, LAB6_FRAME(4), PTE_U) < 0 ||
	    vmm_read_vm(r, &vm) < 0 ||
	    run_check(r, vm.vcpu.cr3 == pd2, "after mov to cr3 the vCPU's CR3 should be the "
		      "guest's second directory, 0x%08x; it is 0x%08x", pd2, vm.vcpu.cr3) < 0 ||
	    vmm_window_close(r, &w, n) < 0)
		return -1;
	return tguest_ended(r, "lab6", "cr3");
}

// A CR3 load keeps the global pages, and only them, in the shadow; invlpg drops one (and
// not the next page), CR4.PGE off all of them.
int
test_global(struct run *r)
{
	static const struct vmm_window w = { "lab6_global_start", "lab6_global_end",
		{ { "PAGE_FAULT_SHADOW", LAB6_GLOBAL_FAULTS }, { "SHADOW_RESET", LAB6_GLOBAL_RESETS },
		  { "INVLPG", 1 } } };
	uint64_t n[VMM_WINDOW_COUNTS];

	if (tguest_boot(r, LAB6_WORDS, "global") < 0 || vmm_window_open(r, &w, n) < 0 ||
	    shadow_at(r, "lab6_global_switched", LAB6_VA_A, LAB6_FRAME(0), PTE_U) < 0 ||
	    shadow_is(r, "lab6_global_switched", LAB6_VA_B, LAB6_FRAME(1), PTE_U) < 0 ||
	    shadow_is(r, "lab6_global_switched", LAB6_VA_C, NONE, 0) < 0 ||
	    shadow_at(r, "lab6_global_dropped", LAB6_VA_A, NONE, 0) < 0 ||
	    shadow_at(r, "lab6_global_again", LAB6_VA_A, NONE, 0) < 0 ||
	    shadow_is(r, "lab6_global_again", LAB6_VA_B, LAB6_FRAME(1), PTE_U) < 0 ||
	    vmm_window_close(r, &w, n) < 0 ||
	    shadow_at(r, "lab6_global_plain", LAB6_VA_A, NONE, 0) < 0 ||
	    shadow_is(r, "lab6_global_plain", LAB6_VA_B, LAB6_FRAME(1), PTE_U) < 0 ||
	    shadow_at(r, "lab6_global_off", LAB6_VA_A, NONE, 0) < 0 ||
	    shadow_at(r, "lab6_global_nopge", LAB6_VA_A, NONE, 0) < 0)
		return -1;
	return tguest_ended(r, "lab6", "global");
}

// In QEMU the write reaches the shadow pager, which stops the VM; Bochs enforces the
// truncated segment's limit first, and the guest gets #GP(0) (and ends its run itself).
int
test_monitor_4m(struct run *r)
{
	if (run_host(r) == HOST_QEMU)
		return tguest_stops(r, LAB6_WORDS, "lab6", "monitor-4m", "lab6_top_write",
				    "in the monitor's 4 MiB");
	if (tguest_boot(r, LAB6_WORDS, "monitor-4m") < 0 ||
	    run_expect(r, "lab6 monitor-4m: the write to the monitor's 4 MiB: #GP(0) from the "
		       "segment's limit ok") < 0)
		return -1;
	return run_expect_end(r, END_SUCCESS);
}

int
test_outside_ram(struct run *r)
{
	return tguest_stops(r, LAB6_WORDS, "lab6", "outside-ram", "lab6_outside_read",
			    "outside its 16384 KiB of RAM");
}
