// vm.h: address spaces, in 2-level or PAE format (chosen once at boot for all of them).
//
// The kernel's own space maps RAM 1:1 (all but page 0, so a NULL dereference faults) and the
// trampoline writable. Other spaces (later: the guests' shadow spaces) start empty but for the
// trampoline, which they share read-only, the trap stack excepted (kernel/tramp.h).
#ifndef KERNEL_VM_H
#define KERNEL_VM_H

#include <stdint.h>

enum paging_mode { PAGING_2LEVEL, PAGING_PAE };

struct aspace {
	uint32_t root;              // what CR3 holds: the page directory, or the PAE PDPT
};

extern struct aspace kernel_aspace;

// Builds the kernel's space (RAM [0, ram_top) 1:1 but page 0, the trampoline) and turns
// paging on with CR0.WP. Returns 0, -E_NOTSUP if the CPU lacks PAE, -E_NOMEM.
int vm_init(enum paging_mode mode, uint32_t ram_top);
enum paging_mode vm_mode(void);
const char *vm_mode_name(enum paging_mode mode);

// Makes an empty space holding only the shared read-only trampoline.
// Returns 0 or -E_NOMEM.
int aspace_create(struct aspace *as);
// A guest view of the trampoline whose GDT page is the frame gdt_pa (a GDT of the caller's,
// holding the kernel's descriptors too): returns the physical address of its page table, to
// give to aspace_create_view, or 0 when out of memory.
uint32_t tramp_view_create(uint32_t gdt_pa);
// Makes an empty space holding the trampoline view `view`, or nothing at all if view is 0
// (a space only a VT-x guest runs on: its exits need no trampoline). Returns 0 or -E_NOMEM.
int aspace_create_view(struct aspace *as, uint32_t view);
// Maps the 4 KiB page at va to pa with flags (PTE_W, PTE_U...; PTE_P is implied).
// Returns 0, -E_INVAL (unaligned, or inside the trampoline's 4 MiB), -E_NOMEM.
int aspace_map(struct aspace *as, uint32_t va, uint32_t pa, uint32_t flags);
// Removes the mapping of va and flushes it from the TLB. Returns 0 or -E_NOENT.
int aspace_unmap(struct aspace *as, uint32_t va);
// Looks va up: *pa gets the physical address (with va's page offset), *flags the entry's
// low 12 bits. Returns 0, or -E_NOENT if va is not mapped.
int aspace_translate(const struct aspace *as, uint32_t va, uint32_t *pa, uint32_t *flags);
// Frees the space's tables (not the frames it maps, nor the shared trampoline table).
void aspace_destroy(struct aspace *as);
// Loads the space into CR3.
void aspace_switch(const struct aspace *as);

#endif
