// paging.h: 32-bit 2-level paging and PAE paging (Intel SDM vol. 3A §4.3, §4.4).
//
// 2-level (CR4.PAE = 0), 4 KiB pages:
//   31          22 21          12 11            0
//  +--------------+--------------+---------------+
//  | directory    | table        | offset        |   1024 x 4-byte entries per level
//  +--------------+--------------+---------------+
//
// PAE (CR4.PAE = 1), 4 KiB pages:
//   31 30 29       21 20        12 11            0
//  +-----+-----------+------------+---------------+
//  |PDPT | directory | table      | offset        |  4 PDPTEs; 512 x 8-byte entries below
//  +-----+-----------+------------+---------------+
#ifndef X86_PAGING_H
#define X86_PAGING_H

#define PAGE_SIZE   4096
#define PAGE_SHIFT  12
#define PAGE_MASK   0xFFFFF000u
#define PAGE_ROUNDUP(a)   (((a) + PAGE_SIZE - 1) & PAGE_MASK)
#define PAGE_ROUNDDOWN(a) ((a) & PAGE_MASK)

// 2-level
#define PD32_SHIFT   22
#define PT32_ENTRIES 1024
#define LARGE_SIZE   0x00400000u  // a 4 MiB page: a directory entry with PS, CR4.PSE = 1
#define LARGE_MASK   0xFFC00000u  //   (SDM 3A §4.3, table 4-4: its address is bits 31:22)
// PAE
#define PDPT_SHIFT   30
#define PDPT_ENTRIES 4
#define PDPAE_SHIFT  21
#define PTPAE_ENTRIES 512
#define PTE_PAE_ADDR 0x000FFFFFFFFFF000ull  // bits 51:12 (MAXPHYADDR 52 at most)

// Entry bits common to both formats (SDM 3A tables 4-5..4-6, 4-8..4-11).
#define PTE_P    0x001  // present
#define PTE_W    0x002  // writable
#define PTE_U    0x004  // user (CPL 3) may access
#define PTE_PWT  0x008  // write-through
#define PTE_PCD  0x010  // cache disable
#define PTE_A    0x020  // accessed
#define PTE_D    0x040  // dirty
#define PTE_PS   0x080  // in a directory entry: large page
#define PTE_PAT  0x080  // in a page-table entry (4 KiB page): PAT index bit 2
#define PTE_G    0x100  // global (survives CR3 loads when CR4.PGE = 1)
// A PAE PDPTE may only hold P, PWT, PCD and the address: R/W and U/S are reserved there
// (SDM 3A table 4-8); setting them makes the CR3 load fail with #GP.
#define PDPTE_ALLOWED (PTE_P | PTE_PWT | PTE_PCD)

// Page-fault error code (SDM 3A §4.7).
#define PFERR_P  0x01  // 0: not present; 1: protection violation
#define PFERR_W  0x02  // write access
#define PFERR_U  0x04  // access at CPL 3
#define PFERR_RSVD 0x08  // reserved bit set in an entry
#define PFERR_I  0x10  // instruction fetch

#endif
