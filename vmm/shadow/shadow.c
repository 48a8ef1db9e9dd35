// shadow.c: shadow page tables. The CPU walks the shadow, which maps guest-linear addresses to
// the host pages of guest RAM; the guest's own tables only say what the shadow may hold.
//
// Entries are filled lazily: a #PF the guest's tables would not have raised is fixed here and
// never seen by the guest. Coherence follows the guest's own TLB duties: a CR3 load drops the
// whole shadow, invlpg one page (a guest that changes a present entry must do one of them on
// real hardware too). A page first read is mapped read-only until the guest writes it, so
// its dirty bit gets set. With the guest's paging off the shadow maps guest RAM 1:1.
#include "kernel/panic.h"
#include "kernel/tramp.h"
#include "lib/error.h"
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

int
shadow_update(struct vcpu *v, uint32_t old0, uint32_t old4, bool cr3_loaded)
{
	const struct vcpu_sregs *s = &v->sregs;
	bool walk_changed = ((old0 ^ s->cr0) & CR0_PG) || ((old4 ^ s->cr4) & CR4_PSE) ||
			    (cr3_loaded && (s->cr0 & CR0_PG));

	return walk_changed ? shadow_reset(v) : 0;
}

void
shadow_destroy(struct vcpu *v)
{
	if (v->shadow.space.root)
		aspace_destroy(&v->shadow.space);
}

// Hint: the guest's invlpg says one of its entries changed: drop the shadow's copy (never
// the monitor's 4 MiB); lab 6 handout, exercise 3.
void
shadow_invlpg(struct vcpu *v, uint32_t gva)
{
	// LAB6-SOLUTION-BEGIN
	if (v->shadow.paged && gva < TRAMP_BASE)
		aspace_unmap(&v->shadow.space, gva & PAGE_MASK);
	// LAB6-STUB
	// (void)v;
	// panic("shadow_invlpg: not implemented (0x%08x)", (unsigned)gva);
	// LAB6-SOLUTION-END
}

// Hint: gpt_translate walks the guest's tables as its MMU would (and sets A and D); the
// shadow entry maps host_page(v, gpa) with the guest's U, and W only when the guest's entry
// is writable and dirty; anything in the monitor's 4 MiB or outside guest RAM stops the VM
// (lab 6 handout, exercises 1 and 2).
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
		return false;
	}
	if (r < 0 || !v->shadow.paged) {
		vm_stop(v->vm, "the guest reached guest-physical 0x%08x (linear 0x%08x, eip 0x%08x), "
			"outside its %u KiB of RAM", (unsigned)gpa, (unsigned)addr, (unsigned)eip,
			(unsigned)(v->vm->mem.size >> 10));
		return false;
	}
	uint32_t flags = (rights & PTE_U) | ((rights & PTE_W) && (rights & PTE_D) ? PTE_W : 0);
	if (aspace_map(&v->shadow.space, addr & PAGE_MASK, host_page(v, gpa), flags) < 0) {
		vm_stop(v->vm, "out of memory for shadow page tables");
		return false;
	}
	return true;
	// LAB6-STUB
	// (void)v, (void)eip, (void)pferr;
	// panic("shadow_fault: not implemented (cr2 0x%08x, error 0x%x)", (unsigned)addr,
	//       (unsigned)err);
	// LAB6-SOLUTION-END
}
