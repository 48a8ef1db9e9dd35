// gload.h: starting a guest as the boot loader would: its ELF kernel in guest memory, and a
// struct bootinfo (memory map, command line) for it to find in ebx.
#ifndef VMM_GLOAD_H
#define VMM_GLOAD_H

#include <stddef.h>
#include <stdint.h>
#include "vmm/gmem.h"

// Where the guest starts, as the loader would hand it over (include/boot/image.h).
struct guest_entry {
	uint32_t eip;                  // the ELF entry point (physical: the guest starts unpaged)
	uint32_t eax;                  // BOOTINFO_MAGIC
	uint32_t ebx;                  // guest-physical address of its struct bootinfo
};

// Copies the PT_LOAD segments of an i386 ELF into guest memory at their physical addresses,
// writes a bootinfo (E820 map of the guest's RAM, cmdline) at BOOTINFO_ADDR, and fills *e.
// Returns 0, or -E_BADIMG with the reason in msg (not an i386 executable, a segment outside
// guest RAM or below 1 MiB, an entry point outside the loaded bytes).
int gload_elf(struct gmem *m, const uint8_t *elf, size_t size, const char *cmdline,
	      struct guest_entry *e, char *msg, size_t msgsize);

#endif
