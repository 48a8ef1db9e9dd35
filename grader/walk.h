// walk.h: translating a linear address as the CPU does, from CR3 (2-level and PAE paging),
// reading the tables from the machine's physical memory.
#ifndef GRADER_WALK_H
#define GRADER_WALK_H

#include <stddef.h>
#include <stdint.h>

// Reads n bytes of physical memory at pa into buf; returns 0 or a negative error.
typedef int (*phys_reader)(void *ctx, uint64_t pa, void *buf, size_t n);

// Translates va with paging as cr0/cr3/cr4 set it: no paging (CR0.PG clear) maps 1:1;
// 2-level with 4 KiB and 4 MiB (CR4.PSE) pages; PAE with 4 KiB and 2 MiB pages.
// On success stores the physical address and the combined entry flags (PTE_W, PTE_U are
// set only if every level allows them) and returns 0. Returns -E_FAULT when an entry on
// the way is not present, with the walk explained in why ("PDE 0x... at 0x... not
// present"), or the reader's error.
int walk_translate(uint32_t cr0, uint32_t cr3, uint32_t cr4, uint32_t va, phys_reader read,
		   void *ctx, uint64_t *pa, uint32_t *flags, char *why, size_t whysize);

#endif
