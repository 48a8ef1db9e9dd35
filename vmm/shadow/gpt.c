// gpt.c: the guest's page tables, walked as its MMU would walk them: its 2-level tables, read
// from guest-physical memory, take a linear address to guest RAM, accessed and dirty bits
// included. Shadow entries are made from this walk, and te reads guest memory through it.
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

// Sets bits in the entry at pa as the CPU does when it uses it (accessed, dirty).
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

// Checks an access against the rights both levels grant (SDM 3A §4.6: with CR0.WP the
// supervisor may not write read-only pages either).
static bool
access_ok(struct vcpu *v, uint32_t rights, bool write, bool user)
{
	if (user && !(rights & PTE_U))
		return false;
	return !write || (rights & PTE_W) || (!user && !(v->sregs.cr0 & CR0_WP));
}

int
gpt_translate(struct vcpu *v, uint32_t gva, bool write, bool user, uint32_t *gpa,
	      uint32_t *pferr, uint32_t *rights)
{
	uint32_t pde, pte, pde_pa, pte_pa;

	if (!(v->sregs.cr0 & CR0_PG)) {
		*gpa = gva;
		if (rights)
			*rights = PTE_P | PTE_W | PTE_U | PTE_A | PTE_D;
		return gva < v->vm->mem.size ? 0 : -E_RANGE;
	}
	pde_pa = (v->sregs.cr3 & PAGE_MASK) + (gva >> PD32_SHIFT) * 4;
	if (!entry_read(v, pde_pa, &pde))
		return -E_RANGE;
	*pferr = pf_code(false, write, user);
	if (!(pde & PTE_P))
		return -E_FAULT;
	if ((pde & PTE_PS) && (v->sregs.cr4 & CR4_PSE)) {         // a 4 MiB page
		pte = pde, pte_pa = pde_pa;
		*gpa = (pde & 0xFFC00000u) | (gva & 0x003FFFFFu);
	} else {
		pte_pa = (pde & PAGE_MASK) + ((gva >> PAGE_SHIFT) & (PT32_ENTRIES - 1)) * 4;
		if (!entry_read(v, pte_pa, &pte))
			return -E_RANGE;
		if (!(pte & PTE_P))
			return -E_FAULT;
		*gpa = (pte & PAGE_MASK) | (gva & (PAGE_SIZE - 1));
	}
	*pferr = pf_code(true, write, user);
	if (!access_ok(v, pde & pte, write, user))
		return -E_FAULT;
	entry_mark(v, pde_pa, pde, PTE_A);
	entry_mark(v, pte_pa, pte, PTE_A | (write ? PTE_D : 0));
	if (rights)                    // the leaf's bits, with the rights both levels grant
		*rights = ((pte & ~(PTE_W | PTE_U)) | (pde & pte & (PTE_W | PTE_U)) | PTE_A |
			   (write ? PTE_D : 0)) & 0xFFF;
	return *gpa < v->vm->mem.size ? 0 : -E_RANGE;
}
