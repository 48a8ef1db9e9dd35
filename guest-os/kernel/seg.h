// seg.h: the guest kernel's GDT, its selectors and the TSS (lab 1).
//
//   index  selector  segment
//   0      0x00      null
//   1      0x08      kernel code, ring 0, flat
//   2      0x10      kernel data, ring 0, flat
//   3      0x1B      user code, ring 3, flat
//   4      0x23      user data, ring 3, flat
//   5      0x28      TSS: the kernel stack a trap from user mode switches to
#ifndef GUEST_SEG_H
#define GUEST_SEG_H

#include "x86/seg.h"

#define GDT_KCODE  1
#define GDT_KDATA  2
#define GDT_UCODE  3
#define GDT_UDATA  4
#define GDT_TSS    5
#define GDT_COUNT  6

#define KCODE_SEL  SEL(GDT_KCODE, 0)
#define KDATA_SEL  SEL(GDT_KDATA, 0)
#define UCODE_SEL  SEL(GDT_UCODE, 3)
#define UDATA_SEL  SEL(GDT_UDATA, 3)
#define TSS_SEL    SEL(GDT_TSS, 0)

#ifndef __ASSEMBLER__
#include <stdint.h>

extern struct seg_desc gdt[GDT_COUNT];
extern struct tss tss;

// Builds the GDT and the TSS, loads them and reloads every segment register. Called first
// thing at boot: nothing the loader (or a monitor) set up may be relied on.
void seg_init(void);

// Makes esp0 the stack the CPU switches to on a trap from user mode (the TSS's esp0).
void seg_set_kstack(uint32_t esp0);
#endif

#endif
