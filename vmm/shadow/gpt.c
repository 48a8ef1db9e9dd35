// gpt.c: the guest's page tables, walked as its MMU would walk them: its 2-level tables, read
// from guest-physical memory, take a linear address to guest RAM, accessed and dirty bits
// included. Shadow entries are made from this walk, and te reads guest memory through it.
#include "kernel/panic.h"
#include "lib/error.h"
#include "vmm/shadow/shadow.h"
#include "vmm/vm.h"
#include "x86/paging.h"
#include "x86/regs.h"

// Reads a 4-byte paging entry at guest-physical pa; false if pa is outside guest RAM.
static bool
entry_read(struct vcpu *v, uint32_t pa, uint32_t *e)
{
	return gmem_read(&v->vm->mem, pa, e, 4) == 0;
}

// Sets bits in the entry e, read at pa, as the CPU does when it uses the entry (accessed,
// dirty), writing it back only if that changes it.
static void
entry_mark(struct vcpu *v, uint32_t pa, uint32_t e, uint32_t bits)
{
	if ((e & bits) != bits) {
		e |= bits;
		gmem_write(&v->vm->mem, pa, &e, 4);
	}
}

// The #PF error code for an access, P set when the page was present (a protection fault).
static uint32_t
pf_code(bool present, bool write, bool user)
{
	return (present ? PFERR_P : 0) | (write ? PFERR_W : 0) | (user ? PFERR_U : 0);
}

// Whether the rights both levels grant (rights = pde & pte: W and U count only when both
// entries have them) allow an access.
// Hint: SDM 3A §4.6.1: user accesses need U; writes need W, except a supervisor write with
// CR0.WP clear, which may write any page.
static bool
access_ok(struct vcpu *v, uint32_t rights, bool write, bool user)
{
	// LAB6-SOLUTION-BEGIN
	if (user && !(rights & PTE_U))
		return false;
	return !write || (rights & PTE_W) || (!user && !(v->sregs.cr0 & CR0_WP));
	// LAB6-STUB
	// (void)v;
	// panic("access_ok: not implemented (rights 0x%x, write %d, user %d)", (unsigned)rights,
	//       write, user);
	// LAB6-SOLUTION-END
}

// gpt_translate with the guest's paging on: the walk from its CR3.
// Hint: the directory entry of gva is at (CR3 & PAGE_MASK) + (gva >> 22) * 4; with PS set
// and CR4.PSE it maps a 4 MiB page itself, else it points to a page table. Read entries with
// entry_read, mark them with entry_mark only when the access is allowed (A on both, D on the
// leaf for a write), and fill *pferr before every -E_FAULT (lab 6 handout, exercise 1).
static int
gpt_walk(struct vcpu *v, uint32_t gva, bool write, bool user, uint32_t *gpa, uint32_t *pferr,
	 uint32_t *rights)
{
	// LAB6-SOLUTION-BEGIN
	uint32_t pde, pte, pde_pa, pte_pa, leaf_bits;

	pde_pa = (v->sregs.cr3 & PAGE_MASK) + (gva >> PD32_SHIFT) * 4;
	if (!entry_read(v, pde_pa, &pde))
		return -E_RANGE;
	*pferr = pf_code(false, write, user);
	if (!(pde & PTE_P))
		return -E_FAULT;
	if ((pde & PTE_PS) && (v->sregs.cr4 & CR4_PSE)) {         // a 4 MiB page
		pte = pde, pte_pa = pde_pa, leaf_bits = 0xFFF;
		*gpa = (pde & LARGE_MASK) | (gva & ~LARGE_MASK);
	} else {
		pte_pa = (pde & PAGE_MASK) + ((gva >> PAGE_SHIFT) & (PT32_ENTRIES - 1)) * 4;
		if (!entry_read(v, pte_pa, &pte))
			return -E_RANGE;
		if (!(pte & PTE_P))
			return -E_FAULT;
		leaf_bits = 0xFFF & ~PTE_PS;                       // bit 7 is PAT in a PTE
		*gpa = (pte & PAGE_MASK) | (gva & (PAGE_SIZE - 1));
	}
	*pferr = pf_code(true, write, user);
	if (!access_ok(v, pde & pte, write, user))
		return -E_FAULT;
	entry_mark(v, pde_pa, pde, PTE_A);
	entry_mark(v, pte_pa, pte, PTE_A | (write ? PTE_D : 0));
	if (rights)
		*rights = ((pte & ~(PTE_W | PTE_U)) | (pde & pte & (PTE_W | PTE_U)) | PTE_A |
			   (write ? PTE_D : 0)) & leaf_bits;
	return *gpa < v->vm->mem.size ? 0 : -E_RANGE;
	// LAB6-STUB
	// (void)entry_read, (void)entry_mark, (void)pf_code, (void)access_ok;
	// (void)write, (void)user, (void)gpa, (void)pferr, (void)rights;
	// panic("gpt_walk: not implemented (cr3 0x%08x, gva 0x%08x)", (unsigned)v->sregs.cr3,
	//       (unsigned)gva);
	// LAB6-SOLUTION-END
}

int
gpt_translate(struct vcpu *v, uint32_t gva, bool write, bool user, uint32_t *gpa,
	      uint32_t *pferr, uint32_t *rights)
{
	if (v->sregs.cr0 & CR0_PG)
		return gpt_walk(v, gva, write, user, gpa, pferr, rights);
	*gpa = gva;                            // paging off: linear is physical, all allowed
	if (rights)
		*rights = PTE_P | PTE_W | PTE_U | PTE_A | PTE_D;
	return gva < v->vm->mem.size ? 0 : -E_RANGE;
}
