// memmap.h: the usable RAM of a BIOS memory map (pure logic, unit-tested on the host).
#ifndef KERNEL_MEMMAP_H
#define KERNEL_MEMMAP_H

#include <stdint.h>
#include "boot/image.h"

#define MEMMAP_MAX 64

// [start, end): page-aligned physical addresses.
struct mem_range {
	uint64_t start, end;
};

// Computes the usable RAM of a BIOS memory map below limit: RAM entries shrunk to whole
// pages, every reserved entry cut out (firmware maps overlap), sorted and merged.
// Writes at most max ranges to out and returns their count.
int memmap_usable(const struct e820_entry *map, int n, uint64_t limit,
		  struct mem_range *out, int max);

// Human name of an E820 type ("usable", "reserved", "ACPI data", ...).
const char *memmap_type_name(uint32_t type);

#endif
