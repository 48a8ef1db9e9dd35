// ept.h: extended page tables: guest-physical -> host-physical, walked by the CPU itself.
#ifndef VMM_VMX_EPT_H
#define VMM_VMX_EPT_H

#include <stdint.h>

// One VM's EPT hierarchy (4 levels, 4 KiB pages). Tables come from table_alloc, which
// returns one zeroed, page-aligned page whose address is its physical address (the monitor
// maps RAM 1:1; the unit tests use heap pages), or NULL.
struct ept {
	uint64_t *pml4;
	void *(*table_alloc)(void);
	void (*table_free)(void *table);
};

// The leaf of a page the monitor keeps for itself (MMIO): write without read, which the CPU
// refuses as an EPT misconfiguration on any access (SDM 3C §29.3.3.1), exit reason 49. No
// host page behind it.
#define EPT_TRAP_ENTRY EPT_W

// An entry that points to the next table: every right is given there, the leaf decides.
uint64_t ept_table_entry(uintptr_t table_pa);
// A leaf entry mapping a 4 KiB page at host-physical hpa with rights (EPT_R, EPT_W, EPT_X)
// and the memory type memtype (MEMTYPE_WB...).
uint64_t ept_leaf_entry(uint64_t hpa, uint64_t rights, unsigned memtype);
// The EPT pointer for the VMCS: the PML4's address, a 4-level walk, the structures'
// memory type.
uint64_t ept_pointer(const struct ept *e, unsigned memtype);

// Makes an empty hierarchy (only the PML4). Returns 0 or -E_NOMEM.
int ept_init(struct ept *e, void *(*table_alloc)(void), void (*table_free)(void *table));
// Maps the 4 KiB guest-physical page at gpa to hpa with rights, write-back, creating the
// tables on the way. Returns 0, -E_INVAL (unaligned address, rights without EPT_R, a
// write-only or execute-only page the CPU may not support), -E_NOMEM.
int ept_map(struct ept *e, uint64_t gpa, uint64_t hpa, uint64_t rights);
// Makes the page at gpa a trap: its leaf becomes EPT_TRAP_ENTRY, tables made on the way.
// Returns 0, -E_INVAL (unaligned gpa), -E_NOMEM.
int ept_trap(struct ept *e, uint64_t gpa);
// Removes the leaf of the page at gpa (tables stay); *old gets the entry it held. Returns 0,
// or -E_NOENT when nothing mapped the page (the CPU may cache only present entries: after
// a 0, the TLB must be told, with INVEPT).
int ept_unmap(struct ept *e, uint64_t gpa, uint64_t *old);
// The leaf entry that maps gpa, or NULL when no table on the way exists (the entry may be 0).
uint64_t *ept_walk(const struct ept *e, uint64_t gpa);
// Translates gpa: returns 0 with the host-physical address in *hpa, or -E_NOENT when no
// page with read access is mapped there (nothing, or a trap).
int ept_translate(const struct ept *e, uint64_t gpa, uint64_t *hpa);
// Frees every table (not the pages they map); nothing for a hierarchy never made.
void ept_destroy(struct ept *e);

#endif
