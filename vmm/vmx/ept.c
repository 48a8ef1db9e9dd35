// ept.c: building and walking EPT tables (SDM 3C §29.3). Pure data structure work: the same
// code runs in the monitor and in the unit tests on the host.
#include <stddef.h>
#include "kernel/panic.h"
#include "lib/error.h"
#include "vmm/vmx/ept.h"
#include "x86/vmx.h"

uint64_t
ept_table_entry(uintptr_t table_pa)
{
	return ((uint64_t)table_pa & EPT_ADDR) | EPT_RWX;
}

uint64_t
ept_leaf_entry(uint64_t hpa, uint64_t rights, unsigned memtype)
{
	return (hpa & EPT_ADDR) | (rights & EPT_RWX) | EPT_MEMTYPE(memtype);
}

uint64_t
ept_pointer(const struct ept *e, unsigned memtype)
{
	return ((uint64_t)(uintptr_t)e->pml4 & EPT_ADDR) | EPTP_WALK(EPT_LEVELS) |
	       EPTP_MEMTYPE(memtype);
}

static uint64_t *
entry_table(uint64_t entry)
{
	return (uint64_t *)(uintptr_t)(entry & EPT_ADDR);
}

int
ept_init(struct ept *e, void *(*table_alloc)(void), void (*table_free)(void *table))
{
	e->table_alloc = table_alloc;
	e->table_free = table_free;
	e->pml4 = table_alloc();
	return e->pml4 ? 0 : -E_NOMEM;
}

// The leaf table (level 0) that covers gpa, made on the way if create is set; NULL if absent
// or out of memory. An entry with none of R, W, X is "not present" (§29.3.2).
// Hint: from the PML4 (level EPT_LEVELS - 1) down to level 1, EPT_INDEX(gpa, level) picks
// the entry; a missing table comes from e->table_alloc and is linked with ept_table_entry
// (lab 9 handout, exercise 1).
static uint64_t *
ept_leaf_table(const struct ept *e, uint64_t gpa, int create)
{
	// LAB9-SOLUTION-BEGIN
	uint64_t *table = e->pml4;

	for (int level = EPT_LEVELS - 1; level > 0; level--) {
		uint64_t *entry = &table[EPT_INDEX(gpa, level)];
		if (!(*entry & EPT_RWX)) {
			uint64_t *next = create ? e->table_alloc() : NULL;
			if (!next)
				return NULL;
			*entry = ept_table_entry((uintptr_t)next);
		}
		table = entry_table(*entry);
	}
	return table;
	// LAB9-STUB
	// panic("ept_leaf_table: not implemented (gpa 0x%llx, create %d, pml4 %p)",
	//       (unsigned long long)gpa, create, (void *)e->pml4);
	// LAB9-SOLUTION-END
}

// Write without read is a misconfiguration (§29.3.3.1); so is execute-only unless
// IA32_VMX_EPT_VPID_CAP bit 0 allows it: keep to pages that can be read.
// Hint: refuse first (both addresses page-aligned, EPT_R given, no bit outside EPT_RWX),
// then one leaf entry, write-back (ept_leaf_entry) in the table ept_leaf_table makes.
int
ept_map(struct ept *e, uint64_t gpa, uint64_t hpa, uint64_t rights)
{
	// LAB9-SOLUTION-BEGIN
	if ((gpa | hpa) & 0xFFF || !(rights & EPT_R) || rights & ~EPT_RWX)
		return -E_INVAL;
	uint64_t *table = ept_leaf_table(e, gpa, 1);
	if (!table)
		return -E_NOMEM;
	table[EPT_INDEX(gpa, 0)] = ept_leaf_entry(hpa, rights, MEMTYPE_WB);
	return 0;
	// LAB9-STUB
	// panic("ept_map: not implemented (gpa 0x%llx to hpa 0x%llx, rights 0x%llx, pml4 %p)",
	//       (unsigned long long)gpa, (unsigned long long)hpa, (unsigned long long)rights,
	//       (void *)e->pml4);
	// LAB9-SOLUTION-END
}

// Hint: as ept_map, with EPT_TRAP_ENTRY for the leaf: the CPU exits at the first access of
// the page (lab 9 handout, exercises 1 and 3).
int
ept_trap(struct ept *e, uint64_t gpa)
{
	// LAB9-SOLUTION-BEGIN
	if (gpa & 0xFFF)
		return -E_INVAL;
	uint64_t *table = ept_leaf_table(e, gpa, 1);
	if (!table)
		return -E_NOMEM;
	table[EPT_INDEX(gpa, 0)] = EPT_TRAP_ENTRY;
	return 0;
	// LAB9-STUB
	// panic("ept_trap: not implemented (gpa 0x%llx, pml4 %p)", (unsigned long long)gpa,
	//       (void *)e->pml4);
	// LAB9-SOLUTION-END
}

// Hint: ept_walk finds the leaf without making tables; a leaf with none of EPT_RWX maps
// nothing (lab 9 handout, exercise 1).
int
ept_unmap(struct ept *e, uint64_t gpa, uint64_t *old)
{
	// LAB9-SOLUTION-BEGIN
	uint64_t *leaf = ept_walk(e, gpa);

	if (!leaf || !(*leaf & EPT_RWX))
		return -E_NOENT;
	*old = *leaf;
	*leaf = 0;
	return 0;
	// LAB9-STUB
	// panic("ept_unmap: not implemented (gpa 0x%llx, pml4 %p, old %p)",
	//       (unsigned long long)gpa, (void *)e->pml4, (void *)old);
	// LAB9-SOLUTION-END
}

uint64_t *
ept_walk(const struct ept *e, uint64_t gpa)
{
	uint64_t *table = ept_leaf_table(e, gpa, 0);

	return table ? &table[EPT_INDEX(gpa, 0)] : NULL;
}

// Hint: the leaf's address bits (EPT_ADDR) and the offset within the page; a trap has no
// EPT_R and no page behind it (lab 9 handout, exercise 1).
int
ept_translate(const struct ept *e, uint64_t gpa, uint64_t *hpa)
{
	// LAB9-SOLUTION-BEGIN
	uint64_t *leaf = ept_walk(e, gpa);

	if (!leaf || !(*leaf & EPT_R))
		return -E_NOENT;
	*hpa = (*leaf & EPT_ADDR) | (gpa & 0xFFF);
	return 0;
	// LAB9-STUB
	// panic("ept_translate: not implemented (gpa 0x%llx, pml4 %p, hpa %p)",
	//       (unsigned long long)gpa, (void *)e->pml4, (void *)hpa);
	// LAB9-SOLUTION-END
}

// Frees the tables below `table` (at `level`), then the table. Leaves (level 0) point to
// guest pages, which are not the EPT's.
// Hint: recursion, one level down for each entry with any of EPT_RWX above level 0; every
// table goes back through e->table_free (lab 9 handout, exercise 1).
static void
ept_free_level(struct ept *e, uint64_t *table, int level)
{
	// LAB9-SOLUTION-BEGIN
	for (int i = 0; level > 0 && i < EPT_ENTRIES; i++)
		if (table[i] & EPT_RWX)
			ept_free_level(e, entry_table(table[i]), level - 1);
	e->table_free(table);
	// LAB9-STUB
	// (void)entry_table;
	// panic("ept_free_level: not implemented (table %p, level %d, pml4 %p)", (void *)table,
	//       level, (void *)e->pml4);
	// LAB9-SOLUTION-END
}

void
ept_destroy(struct ept *e)
{
	if (!e->pml4)                       // none made: a VM on shadow paging (lab 8)
		return;
	ept_free_level(e, e->pml4, EPT_LEVELS - 1);
	e->pml4 = NULL;
}
