// shadow.c: shadow page tables. The CPU walks the shadow, which maps guest-linear addresses to
// the host pages of guest RAM; the guest's own tables only say what the shadow may hold.
//
// Entries are filled lazily: a #PF the guest's tables would not have raised is fixed here and
// never seen by the guest. Coherence follows the guest's own TLB duties: a CR3 load drops the
// whole shadow, invlpg one page (a guest that changes a present entry must do one of them on
// real hardware too). A page first read is mapped read-only until the guest writes it, so
// its dirty bit gets set. With the guest's paging off the shadow maps guest RAM 1:1.
//
// The CPU under the shadow always has CR0.WP set (the monitor's pages depend on it). A guest
// kernel that clears WP may write its read-only pages: such a page is mapped writable but
// supervisor-only, so that the guest's user mode, which may not write it, faults on it and
// gets it back read-only.
//
// Global pages (CR4.PGE, PTE_G) survive CR3 loads: the new shadow starts with the old one's
// entries for them, as a TLB keeps global translations across a CR3 load.
#include "kernel/panic.h"
#include "kernel/tramp.h"
#include "lib/error.h"
#include "lib/string.h"
#include "vmm/shadow/shadow.h"
#include "vmm/vm.h"
#include "x86/paging.h"
#include "x86/regs.h"

// The host page behind guest-physical gpa, as a physical address for the shadow's entries.
static uint32_t
host_page(struct vcpu *v, uint32_t gpa)
{
	return (uint32_t)(uintptr_t)gmem_page(&v->vm->mem, gpa);
}

// With paging off nothing is protected by pages: every page of guest RAM is writable, and
// reachable from the guest's CPL 3 too.
static int
shadow_physical(struct vcpu *v)
{
	for (uint32_t gpa = 0; gpa < v->vm->mem.size; gpa += PAGE_SIZE) {
		int err = aspace_map(&v->shadow.space, gpa, host_page(v, gpa), PTE_W | PTE_U);
		if (err < 0)
			return err;
	}
	return 0;
}

// A new shadow at a new root, for the guest's paging as it is now.
static int
shadow_build(struct vcpu *v)
{
	struct shadow *s = &v->shadow;

	shadow_destroy(v);
	memset(s->large, 0, sizeof s->large);
	s->nglobal = 0;
	int err = aspace_create_view(&s->space, s->view);
	if (err < 0)
		return err;
	s->paged = (v->sregs.cr0 & CR0_PG) != 0;
	return s->paged ? 0 : shadow_physical(v);
}

int
shadow_init(struct vcpu *v, uint32_t view)
{
	v->shadow.view = view;
	return shadow_build(v);
}

int
shadow_reset(struct vcpu *v)
{
	stats_count(&v->vm->stats, STAT_SHADOW_RESET);
	return shadow_build(v);
}

// A new shadow for a CR3 load with CR4.PGE: it starts with the old shadow's entries of the
// global pages, which stay on the list; the rest is dropped. Counts STAT_SHADOW_RESET.
// Returns 0 or -E_NOMEM.
// Hint: aspace_translate reads an entry of the old space, aspace_map makes it in the new
// one (the same host page and rights); free the old space only after (lab 6 handout,
// exercise 4).
static int
shadow_switch(struct vcpu *v)
{
	struct shadow *s = &v->shadow;

	stats_count(&v->vm->stats, STAT_SHADOW_RESET);
	// LAB6-SOLUTION-BEGIN
	struct aspace old = s->space;
	unsigned kept = 0;
	int err = aspace_create_view(&s->space, s->view);

	for (unsigned i = 0; err == 0 && i < s->nglobal; i++) {
		uint32_t va = s->global[i], pa, flags;
		if (aspace_translate(&old, va, &pa, &flags) < 0)
			continue;
		err = aspace_map(&s->space, va, pa & PAGE_MASK, flags & (PTE_W | PTE_U));
		s->global[kept++] = va;
	}
	s->nglobal = kept;
	aspace_destroy(&old);
	return err;
	// LAB6-STUB
	// panic("shadow_switch: not implemented (%u global pages)", s->nglobal);
	// LAB6-SOLUTION-END
}

// Hint: which bits of CR0 and CR4 change what a shadow entry may hold or which guest entry
// it came from? And which CR3 loads flush a CPU's TLB, and what do they keep (SDM 3A
// §4.10.4.1)? Lab 6 handout, exercises 3 and 4.
int
shadow_update(struct vcpu *v, uint32_t old0, uint32_t old4, bool cr3_loaded)
{
	const struct vcpu_sregs *s = &v->sregs;

	if (!((old0 | s->cr0) & CR0_PG))
		return 0;                       // paging off before and after: the 1:1 map holds
	// LAB6-SOLUTION-BEGIN
	if (((old0 ^ s->cr0) & (CR0_PG | CR0_WP)) || ((old4 ^ s->cr4) & (CR4_PSE | CR4_PGE)))
		return shadow_reset(v);
	return cr3_loaded ? shadow_switch(v) : 0;    // no global pages without CR4.PGE
	// LAB6-STUB
	// (void)shadow_switch;
	// panic("shadow_update: not implemented (cr0 0x%08x -> 0x%08x, cr4 0x%08x -> 0x%08x, "
	//       "cr3 loaded %d)", (unsigned)old0, (unsigned)s->cr0, (unsigned)old4,
	//       (unsigned)s->cr4, cr3_loaded);
	// LAB6-SOLUTION-END
}

void
shadow_destroy(struct vcpu *v)
{
	if (v->shadow.space.root)
		aspace_destroy(&v->shadow.space);
}

// Whether the shadow's entries in directory slot `slot` came from a guest 4 MiB page.
static bool
large_test(const struct shadow *s, uint32_t slot)
{
	return s->large[slot / 32] >> (slot % 32) & 1;
}

static void
large_set(struct shadow *s, uint32_t slot, bool large)
{
	if (large)
		s->large[slot / 32] |= 1u << (slot % 32);
	else
		s->large[slot / 32] &= ~(1u << (slot % 32));
}

// Drops the pages in [lo, hi) from the list of global pages (s->global, s->nglobal), keeping
// the others in order.
// Hint: one pass that copies down the pages kept (lab 6 handout, exercise 4).
static void
global_drop(struct shadow *s, uint32_t lo, uint32_t hi)
{
	// LAB6-SOLUTION-BEGIN
	unsigned kept = 0;

	for (unsigned i = 0; i < s->nglobal; i++)
		if (s->global[i] < lo || s->global[i] >= hi)
			s->global[kept++] = s->global[i];
	s->nglobal = kept;
	// LAB6-STUB
	// panic("global_drop: not implemented (0x%08x-0x%08x, %u pages)", (unsigned)lo,
	//       (unsigned)hi, s->nglobal);
	// LAB6-SOLUTION-END
}

// Puts the page at va on the list of global pages, once, if there is room (SHADOW_GLOBALS).
// Hint: a page filled twice (read, then written) is still one page (exercise 4).
static void
global_add(struct shadow *s, uint32_t va)
{
	// LAB6-SOLUTION-BEGIN
	for (unsigned i = 0; i < s->nglobal; i++)
		if (s->global[i] == va)
			return;
	if (s->nglobal < SHADOW_GLOBALS)
		s->global[s->nglobal++] = va;
	// LAB6-STUB
	// panic("global_add: not implemented (0x%08x, %u pages)", (unsigned)va, s->nglobal);
	// LAB6-SOLUTION-END
}

// Hint: the guest's invlpg says its entry for gva changed: drop the shadow's copy, never the
// monitor's 4 MiB; if the slot's entries came from a 4 MiB page (large_test), drop all its
// 1024 (aspace_unmap of a page not mapped is harmless); a global page forgotten leaves the
// list (global_drop). Lab 6 handout, exercises 3 and 4.
void
shadow_invlpg(struct vcpu *v, uint32_t gva)
{
	struct shadow *s = &v->shadow;

	if (!s->paged)
		return;                         // the 1:1 map of paging off never changes
	// LAB6-SOLUTION-BEGIN
	uint32_t slot = gva >> PD32_SHIFT;

	if (gva >= TRAMP_BASE)
		return;
	if (!large_test(s, slot)) {
		aspace_unmap(&s->space, gva & PAGE_MASK);
		global_drop(s, gva & PAGE_MASK, (gva & PAGE_MASK) + PAGE_SIZE);
		return;
	}
	for (uint32_t va = gva & LARGE_MASK; va < (gva & LARGE_MASK) + LARGE_SIZE; va += PAGE_SIZE)
		aspace_unmap(&s->space, va);
	global_drop(s, gva & LARGE_MASK, (gva & LARGE_MASK) + LARGE_SIZE);
	large_set(s, slot, false);
	// LAB6-STUB
	// (void)large_test, (void)large_set, (void)global_drop;
	// panic("shadow_invlpg: not implemented (0x%08x)", (unsigned)gva);
	// LAB6-SOLUTION-END
}

// The shadow entry's rights for a guest access the guest's tables allowed with `rights`:
// the guest's U; W only once the guest may write and its page is dirty, or for a supervisor
// write that only CR0.WP = 0 allowed (then without U: see the top of the file).
// Hint: rights comes from gpt_translate (the W and U both levels grant, D after a write).
static uint32_t
shadow_rights(uint32_t rights, bool write, bool user)
{
	// LAB6-SOLUTION-BEGIN
	if (write && !user && !(rights & PTE_W))
		return PTE_W;
	return (rights & PTE_U) | ((rights & PTE_W) && (rights & PTE_D) ? PTE_W : 0);
	// LAB6-STUB
	// panic("shadow_rights: not implemented (rights 0x%x, write %d, user %d)",
	//       (unsigned)rights, write, user);
	// LAB6-SOLUTION-END
}

// Hint: gpt_translate walks the guest's tables as its MMU would (and sets A and D); the
// shadow entry maps host_page(v, gpa) with shadow_rights; anything in the monitor's 4 MiB or
// outside guest RAM stops the VM (vm_stop); remember 4 MiB pages with large_set and global
// ones (PTE_G with CR4.PGE) with global_add (lab 6 handout, exercises 1, 2 and 4).
bool
shadow_fault(struct vcpu *v, uint32_t eip, uint32_t addr, uint32_t err, uint32_t *pferr)
{
	// LAB6-SOLUTION-BEGIN
	bool write = err & PFERR_W, user = err & PFERR_U;
	uint32_t gpa, rights;

	int r = gpt_translate(v, addr, write, user, &gpa, pferr, &rights);
	if (r == -E_FAULT)
		return false;                   // the guest's own tables say fault
	if (addr >= TRAMP_BASE) {
		vm_stop(v->vm, "the guest mapped 0x%08x (eip 0x%08x), in the monitor's 4 MiB",
			(unsigned)addr, (unsigned)eip);
	} else if (r < 0 || !v->shadow.paged) {
		vm_stop(v->vm, "the guest reached guest-physical 0x%08x (linear 0x%08x, eip 0x%08x), "
			"outside its %u KiB of RAM", (unsigned)gpa, (unsigned)addr, (unsigned)eip,
			(unsigned)(v->vm->mem.size >> 10));
	} else if (aspace_map(&v->shadow.space, addr & PAGE_MASK, host_page(v, gpa),
			      shadow_rights(rights, write, user)) < 0) {
		vm_stop(v->vm, "out of memory for shadow page tables");
	} else {
		if (rights & PTE_PS)
			large_set(&v->shadow, addr >> PD32_SHIFT, true);
		if ((rights & PTE_G) && (v->sregs.cr4 & CR4_PGE))
			global_add(&v->shadow, addr & PAGE_MASK);
		return true;
	}
	return false;
	// LAB6-STUB
	// (void)v, (void)eip, (void)pferr, (void)host_page, (void)shadow_rights, (void)global_add;
	// panic("shadow_fault: not implemented (cr2 0x%08x, error 0x%x)", (unsigned)addr,
	//       (unsigned)err);
	// LAB6-SOLUTION-END
}
