// walk.c: the page walk of Intel SDM vol. 3A §4.3 (2-level) and §4.4 (PAE).
#include <stdio.h>

#include "grader/walk.h"
#include "lib/error.h"
#include "x86/paging.h"
#include "x86/regs.h"

// Reads one entry of width bytes (4 or 8) at pa.
static int
walk_entry(phys_reader read, void *ctx, uint64_t pa, int width, uint64_t *e)
{
	uint32_t lo = 0, hi = 0;
	int err = read(ctx, pa, &lo, 4);

	if (err == 0 && width == 8)
		err = read(ctx, pa + 4, &hi, 4);
	*e = (uint64_t)hi << 32 | lo;
	return err;
}

static int
walk_absent(char *why, size_t whysize, const char *level, uint64_t at, uint64_t e, uint32_t va)
{
	if (why)
		snprintf(why, whysize, "linear 0x%08x: %s 0x%llx at physical 0x%llx is not present",
			 (unsigned)va, level, (unsigned long long)e, (unsigned long long)at);
	return -E_FAULT;
}

static int
walk_2level(uint32_t cr3, uint32_t cr4, uint32_t va, phys_reader read, void *ctx,
	    uint64_t *pa, uint32_t *flags, char *why, size_t whysize)
{
	uint64_t pde_at = (cr3 & PAGE_MASK) + 4 * (va >> PD32_SHIFT), pde, pte_at, pte;
	int err = walk_entry(read, ctx, pde_at, 4, &pde);

	if (err < 0)
		return err;
	if (!(pde & PTE_P))
		return walk_absent(why, whysize, "PDE", pde_at, pde, va);
	if ((pde & PTE_PS) && (cr4 & CR4_PSE)) {
		*pa = (pde & 0xFFC00000u) | (va & 0x003FFFFFu);
		*flags = pde & 0xFFF;
		return 0;
	}
	pte_at = (pde & PAGE_MASK) + 4 * ((va >> PAGE_SHIFT) & (PT32_ENTRIES - 1));
	if ((err = walk_entry(read, ctx, pte_at, 4, &pte)) < 0)
		return err;
	if (!(pte & PTE_P))
		return walk_absent(why, whysize, "PTE", pte_at, pte, va);
	*pa = (pte & PAGE_MASK) | (va & ~PAGE_MASK);
	*flags = (pte & 0xFFF) & ((pde & (PTE_W | PTE_U)) | ~(uint32_t)(PTE_W | PTE_U));
	return 0;
}

static int
walk_pae(uint32_t cr3, uint32_t va, phys_reader read, void *ctx, uint64_t *pa,
	 uint32_t *flags, char *why, size_t whysize)
{
	uint64_t at = (cr3 & 0xFFFFFFE0u) + 8 * (va >> PDPT_SHIFT), pdpte, pde, pte;
	int err = walk_entry(read, ctx, at, 8, &pdpte);

	if (err < 0)
		return err;
	if (!(pdpte & PTE_P))
		return walk_absent(why, whysize, "PDPTE", at, pdpte, va);
	at = (pdpte & PTE_PAE_ADDR) + 8 * ((va >> PDPAE_SHIFT) & (PTPAE_ENTRIES - 1));
	if ((err = walk_entry(read, ctx, at, 8, &pde)) < 0)
		return err;
	if (!(pde & PTE_P))
		return walk_absent(why, whysize, "PDE", at, pde, va);
	if (pde & PTE_PS) {
		*pa = (pde & PTE_PAE_ADDR & ~0x1FFFFFull) | (va & 0x1FFFFFu);
		*flags = pde & 0xFFF;
		return 0;
	}
	at = (pde & PTE_PAE_ADDR) + 8 * ((va >> PAGE_SHIFT) & (PTPAE_ENTRIES - 1));
	if ((err = walk_entry(read, ctx, at, 8, &pte)) < 0)
		return err;
	if (!(pte & PTE_P))
		return walk_absent(why, whysize, "PTE", at, pte, va);
	*pa = (pte & PTE_PAE_ADDR) | (va & ~PAGE_MASK);
	*flags = (pte & 0xFFF) & ((pde & (PTE_W | PTE_U)) | ~(uint32_t)(PTE_W | PTE_U));
	return 0;
}

int
walk_translate(uint32_t cr0, uint32_t cr3, uint32_t cr4, uint32_t va, phys_reader read,
	       void *ctx, uint64_t *pa, uint32_t *flags, char *why, size_t whysize)
{
	if (!(cr0 & CR0_PG)) {
		*pa = va;
		*flags = PTE_P | PTE_W | PTE_U;
		return 0;
	}
	if (cr4 & CR4_PAE)
		return walk_pae(cr3, va, read, ctx, pa, flags, why, whysize);
	return walk_2level(cr3, cr4, va, read, ctx, pa, flags, why, whysize);
}
