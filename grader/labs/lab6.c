// lab6.c: lab 6, shadow paging: the page tables the CPU walks while the guest runs are the
// composition of the guest's own (guest-linear -> guest-physical) and the monitor's page map
// (guest-physical -> host page), and they never reach the monitor. Checked from outside by
// walking both, with the guest stopped in one of its programs.
#include <stdlib.h>
#include <string.h>

#include "grader/labs/lab6.h"
#include "x86/paging.h"

#define ENTRIES 1024
#define TRAMP_PDE (VMMLAB_TRAMP_BASE >> 22)
#define MIN_CHECKED 4              // present shadow entries the composition test wants

// Both address spaces of a guest stopped in its program, read whole.
struct spaces {
	struct inspect_vm vm;
	uint32_t *pages;           // the VM's page map: host page of each guest page
	uint32_t npages;
	uint32_t spd[ENTRIES];     // the shadow page directory (host-physical real_cr3)
	uint32_t gpd[ENTRIES];     // the guest's (guest-physical cr3)
};

// Boots with stress and stops in its main (ring 3, on the shadow), then reads the spaces.
static int
spaces_read(struct run *r, struct spaces *s)
{
	if (run_boot(r, "backend=te tag=%s -- run=stress", run_nonce(r)) < 0 ||
	    run_break_program(r, "stress", "main") < 0 || vmm_read_vm(r, &s->vm) < 0)
		return -1;
	s->npages = s->vm.mem_size / PAGE_SIZE;
	s->pages = calloc(s->npages, 4);
	if (!s->pages)
		return run_fail(r, "grader: out of memory");
	if (run_read_phys(r, s->vm.pages, s->pages, s->npages * 4) < 0 ||
	    run_read_phys(r, s->vm.vcpu.real_cr3 & PAGE_MASK, s->spd, sizeof s->spd) < 0 ||
	    guest_read_phys(r, &s->vm, s->vm.vcpu.cr3 & PAGE_MASK, s->gpd, sizeof s->gpd) < 0)
		return -1;
	return 0;
}

// Reads the page table of a present directory entry: host-physical (shadow) or guest.
static int
table_read(struct run *r, struct spaces *s, uint32_t pde, int guest, uint32_t *pt)
{
	if (!(pde & PTE_P)) {
		memset(pt, 0, ENTRIES * 4);
		return 0;
	}
	if (guest)
		return guest_read_phys(r, &s->vm, pde & PAGE_MASK, pt, ENTRIES * 4);
	return run_read_phys(r, pde & PAGE_MASK, pt, ENTRIES * 4);
}

// One present shadow entry against the guest's mapping of the same page.
static int
entry_check(struct run *r, struct spaces *s, uint32_t va, uint32_t spde, uint32_t spte,
	    uint32_t gpde, uint32_t gpte)
{
	uint32_t gflags = gpde & gpte, sflags = spde & spte, gpa = gpte & PAGE_MASK;

	if (run_check(r, (gpde & PTE_P) && (gpte & PTE_P), "the shadow maps 0x%08x (entry 0x%08x) "
		      "but the guest's tables do not (guest PDE 0x%08x, PTE 0x%08x)", va, spte,
		      gpde, gpte) < 0 ||
	    run_check(r, gpa < s->vm.mem_size, "the guest maps 0x%08x to guest-physical 0x%08x, "
		      "outside its RAM, and the shadow maps it anyway", va, gpa) < 0)
		return -1;
	uint32_t want = s->pages[gpa >> PAGE_SHIFT] & PAGE_MASK;
	if (run_check(r, (spte & PAGE_MASK) == want, "the shadow maps 0x%08x to host 0x%08x, but "
		      "the guest maps it to guest-physical 0x%08x, whose host page is 0x%08x",
		      va, spte & PAGE_MASK, gpa, want) < 0 ||
	    run_check(r, (sflags & PTE_U) == (gflags & PTE_U), "0x%08x: the shadow says %s, the "
		      "guest's tables %s", va, sflags & PTE_U ? "user" : "supervisor",
		      gflags & PTE_U ? "user" : "supervisor") < 0)
		return -1;
	return run_check(r, !(sflags & PTE_W) || ((gflags & PTE_W) && (gpte & PTE_D)),
			 "0x%08x: the shadow lets the guest write, but the guest's entry is %s "
			 "(guest PDE 0x%08x, PTE 0x%08x): a page stays read-only in the shadow "
			 "until the guest may write it and its dirty bit is set", va,
			 gflags & PTE_W ? "clean" : "read-only", gpde, gpte);
}

// Every present shadow entry below the trampoline is the guest's mapping composed with
// the page map; returns how many were checked, or -1.
static int
composition_check(struct run *r, struct spaces *s)
{
	static uint32_t spt[ENTRIES], gpt[ENTRIES];
	int checked = 0;

	for (uint32_t i = 0; i < TRAMP_PDE; i++) {
		if (!(s->spd[i] & PTE_P))
			continue;
		if (table_read(r, s, s->spd[i], 0, spt) < 0 || table_read(r, s, s->gpd[i], 1, gpt) < 0)
			return -1;
		for (uint32_t j = 0; j < ENTRIES; j++) {
			if (!(spt[j] & PTE_P))
				continue;
			if (entry_check(r, s, i << 22 | j << 12, s->spd[i], spt[j], s->gpd[i],
					gpt[j]) < 0)
				return -1;
			checked++;
		}
	}
	return checked;
}

static int
test_composition(struct run *r)
{
	struct spaces s = { 0 };
	int n = spaces_read(r, &s) < 0 ? -1 : composition_check(r, &s);

	free(s.pages);
	if (n < 0)
		return -1;
	run_note(r, "%d present shadow entries, each the guest's mapping through the page map", n);
	return run_check(r, n >= MIN_CHECKED, "expected at least %d present shadow entries while "
			 "stress runs (its code, stack, the kernel it ran), found %d", MIN_CHECKED, n);
}

static int
frame_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

// Every host frame the shadow maps below the trampoline is one of the VM's pages.
static int
frames_check(struct run *r, struct spaces *s)
{
	static uint32_t spt[ENTRIES];
	uint32_t *sorted = malloc(s->npages * 4);
	int bad = 0;

	if (!sorted)
		return run_fail(r, "grader: out of memory");
	for (uint32_t k = 0; k < s->npages; k++)
		sorted[k] = s->pages[k] & PAGE_MASK;
	qsort(sorted, s->npages, 4, frame_cmp);
	for (uint32_t i = 0; i < TRAMP_PDE && !bad; i++) {
		if (table_read(r, s, s->spd[i], 0, spt) < 0) {
			bad = -1;
			break;
		}
		for (uint32_t j = 0; j < ENTRIES && !bad; j++) {
			uint32_t f = spt[j] & PAGE_MASK;
			if ((spt[j] & PTE_P) && !bsearch(&f, sorted, s->npages, 4, frame_cmp))
				bad = run_fail(r, "the shadow maps guest-linear 0x%08x to host 0x%08x, "
					       "which is not one of the VM's pages: the guest can "
					       "reach the monitor there", i << 22 | j << 12, f);
		}
	}
	free(sorted);
	return bad;
}

// The trampoline's 4 MiB: supervisor only, read-only but the trap stack (the rights both
// levels grant, as the CPU combines them).
static int
tramp_check(struct run *r, struct spaces *s)
{
	static uint32_t spt[ENTRIES];
	uint32_t stack, end, pde = s->spd[TRAMP_PDE];

	if (run_symbol(r, "__tramp_stack", &stack) < 0 || run_symbol(r, "__tramp_end", &end) < 0)
		return -1;
	if (run_check(r, pde & PTE_P, "the shadow's top entry (the trampoline, which the CPU "
		      "needs to take a trap) is not present: 0x%08x", pde) < 0 ||
	    table_read(r, s, pde, 0, spt) < 0)
		return -1;
	for (uint32_t j = 0; j < ENTRIES; j++) {
		uint32_t va = VMMLAB_TRAMP_BASE | j << 12, rights = pde & spt[j];
		int writable_ok = va >= stack && va < end;
		if ((spt[j] & PTE_P) &&
		    run_check(r, !(rights & PTE_U) && (writable_ok || !(rights & PTE_W)),
			      "trampoline page 0x%08x is mapped 0x%08x (directory entry 0x%08x) in "
			      "the guest's space: only the trap stack (0x%08x-0x%08x) may be "
			      "writable, and nothing user", va, spt[j], pde, stack, end - 1) < 0)
			return -1;
	}
	return 0;
}

static int
test_isolation(struct run *r)
{
	struct spaces s = { 0 };
	int err = spaces_read(r, &s) < 0 || frames_check(r, &s) < 0 || tramp_check(r, &s) < 0;

	free(s.pages);
	if (err)
		return -1;
	run_note(r, "the shadow maps only the VM's %u pages and the read-only trampoline",
		 s.npages);
	return 0;
}

// A guest program reads and writes the monitor's region: #PF inside the guest, which lives on.
static int
test_reach(struct run *r)
{
	if (run_boot(r, "backend=te tag=%s -- run=reach", run_nonce(r)) < 0 ||
	    // #PF in QEMU; #GP in Bochs, which enforces the shadow GDT's limits (the second wall)
	    run_expect(r, "reach: read 0xffc00000: faulted: #") < 0 ||
	    run_expect(r, "reach: write 0xffc00000: faulted: #") < 0 ||
	    run_expect(r, "reach: 3 of 3 accesses to the monitor's memory faulted") < 0 ||
	    run_expect(r, "type help") < 0)
		return -1;
	run_note(r, "the guest's program faulted on the monitor's memory, and the guest lives on");
	return run_send(r, "exit\n") < 0 ? -1 : run_expect_end(r, END_SUCCESS);
}

static const struct test lab6_tests[] = {
	{ "walk", 4, 10, test_walk },
	{ "faults", 4, 10, test_faults },
	{ "write-protect", 3, 10, test_write_protect },
	{ "large-pages", 4, 10, test_large_pages },
	{ "invlpg", 3, 10, test_invlpg },
	{ "cr3", 3, 10, test_cr3 },
	{ "global", 3, 10, test_global },
	{ "monitor-4m", 1, 10, test_monitor_4m },
	{ "outside-ram", 1, 10, test_outside_ram },
	{ "shadow-composition", 5, 20, test_composition },
	{ "monitor-unreachable", 4, 20, test_isolation },
	{ "reach-faults", 3, 20, test_reach },
	{ "deprivileged", 3, 30, test_deprivileged },
	{ "privtest", 2, 20, test_privtest },
	{ "vcpu-view", 2, 30, test_vcpu_view },
	{ "counters", 2, 60, test_counters },
	{ "shell-uart", 2, 20, test_shell },
};

static const char *const lab6_files[] = {
	"vmm/*.c", "vmm/*.h", "vmm/shadow/*.c", "vmm/shadow/*.h", "vmm/te/*.c", "vmm/te/*.h", NULL,
};

const struct lab lab6 = {
	.number = 6,
	.title = "shadow paging and isolation",
	.image = "build/duplicata.img",
	.elf = "build/kernel.elf",
	.guest_elf = VMMLAB_GUEST_ELF,
	.test_image = "build/lab6.img",
	.test_guest_elf = "build/tests/guests/lab6.elf",
	.files = lab6_files,
	.tests = lab6_tests,
	.ntests = sizeof lab6_tests / sizeof lab6_tests[0],
};
