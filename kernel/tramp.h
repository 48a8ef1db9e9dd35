// tramp.h: the trampoline, the part of the host kernel that every address space maps.
//
// While a guest runs, the hardware uses its tables and the trap stubs live in the guest's
// address space, so they sit in the top 4 MiB of linear space, which guests never use:
//
//   TRAMP_BASE  0xFFC00000  +--------------------------+
//                           | GDT (512 descriptors)    |  read-only in guest spaces
//               +0x1000     | IDT, TSS, kernel CR3     |  read-only in guest spaces
//               +0x2000     | trap stubs (trapentry.S) |  read-only in guest spaces
//               ...         | trap stack (1 page)      |  writable: the CPU pushes frames here
//   __tramp_end             +--------------------------+
//
// The linker loads it right after the kernel (__tramp_load, physical); the kernel's own
// space maps it writable, guest spaces read-only with CR0.WP = 1 (TRAP-AND-EMULATE rules).
#ifndef KERNEL_TRAMP_H
#define KERNEL_TRAMP_H

#define TRAMP_BASE 0xFFC00000u
#define TRAMP_SIZE 0x00400000u      // the linear region reserved for it: one 4 MiB slot

#ifndef __ASSEMBLER__
#include <stdint.h>

extern char __tramp_start[], __tramp_stack[], __tramp_end[], __tramp_load[];
extern char __kernel_start[], __kernel_end[];

// The CR3 of the kernel's own address space, loaded by the trap stubs on every trap.
extern uint32_t tramp_kernel_cr3;

// Physical address of a trampoline linear address.
static inline uint32_t
tramp_paddr(const void *va)
{
	return (uint32_t)(uintptr_t)__tramp_load + ((uint32_t)(uintptr_t)va - TRAMP_BASE);
}
#endif

#endif
