// layout.h: the guest OS's linear address space, the same in every process.
//
//   0xFFFFFFFF +----------------------------------+
//              | the monitor's 4 MiB: never mapped | MONITOR_BASE: trap-and-emulate keeps its
//   0xFFC00000 +----------------------------------+ trampoline here (TRAP-AND-EMULATE.md)
//              | unused                           |
//              +----------------------------------+ KERNBASE + RAM (at most KMAP_MAX)
//              | all RAM, physical address pa at  | supervisor only; the page tables of this
//              | KERNBASE + pa: kernel text, data,| part are shared by every address space
//              | bss at KERNBASE + 1 MiB, frames  |
//   0xC0000000 +----------------------------------+ KERNBASE = USER_TOP
//              | user stack (USTACK_PAGES), grows |
//              | down from USTACK_TOP             |
//              +----------------------------------+ USTACK_TOP - USTACK_SIZE
//              | unmapped, but BENCH_PTE_VA: one  |
//              | page whose entry `bench` rewrites|
//              +----------------------------------+
//              | the program: text, data, bss     | ELF segments, linked at USER_BASE
//   0x00400000 +----------------------------------+ USER_BASE
//              | unmapped: NULL pointers fault    | bench's page faults land here too
//   0x00000000 +----------------------------------+
//
// Physical memory: the loader puts the kernel at 1 MiB (KERNEL_PHYS). entry.S maps the first
// BOOT_MAP_SIZE bytes twice (at 0 and at KERNBASE) to turn paging on; vm_init then maps all
// RAM at KERNBASE and drops the low map. Only 4 KiB pages are used (no PSE, PGE or PAE).
#ifndef GUEST_LAYOUT_H
#define GUEST_LAYOUT_H

#define KERNBASE       0xC0000000    // kernel virtual address = physical + KERNBASE
#define KERNEL_PHYS    0x00100000    // where the kernel is loaded (KERNEL_LOAD_MIN)
#define KMAP_MAX       0x10000000    // RAM mapped and used: 256 MiB at most
#define BOOT_MAP_SIZE  0x00400000    // what entry.S maps: the kernel must fit below
#define MONITOR_BASE   0xFFC00000    // the monitor's; the guest never maps it

#define USER_BASE      0x00400000    // user programs are linked here
#define USER_TOP       KERNBASE      // user space is [0, USER_TOP)
#define USTACK_TOP     USER_TOP
#define USTACK_PAGES   4
#define USTACK_SIZE    (USTACK_PAGES * 4096)
#define BENCH_PTE_VA   0x80000000    // bench's page-table-write target
#define BENCH_FAULT_VA 0x00001000    // bench's page faults: never mapped

#ifndef __ASSEMBLER__
#include <stdint.h>

// The kernel's address of physical address pa, and back.
#define P2V(pa) ((void *)((uintptr_t)(pa) + KERNBASE))
#define V2P(va) ((uint32_t)((uintptr_t)(va) - KERNBASE))

extern char __kernel_end[];          // kernel.ld: the first byte after the bss (virtual)
#else
#define V2P(va) ((va) - KERNBASE)
#endif

#endif
