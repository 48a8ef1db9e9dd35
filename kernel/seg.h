// seg.h: the host kernel's GDT, TSS and selectors.
//
// The GDT fills one page of the trampoline. Guests' descriptors will occupy the low slots at
// the guests' own selectors (the shadow GDT of trap-and-emulate); the kernel's own
// descriptors live in the last slots, where a guest's GDT rarely reaches.
#ifndef KERNEL_SEG_H
#define KERNEL_SEG_H

#include "x86/seg.h"

#define GDT_ENTRIES 512             // 4 KiB: one page
#define GDT_KCODE   508             // flat ring-0 code
#define GDT_KDATA   509             // flat ring-0 data
#define GDT_TSS     510             // the kernel's TSS
#define KCODE_SEL   SEL(GDT_KCODE, 0)
#define KDATA_SEL   SEL(GDT_KDATA, 0)
#define TSS_SEL     SEL(GDT_TSS, 0)

#ifndef __ASSEMBLER__
extern struct seg_desc gdt[GDT_ENTRIES];
extern struct tss tss;

// Loads the GDT and the TSS and reloads every segment register. Needs paging on.
void seg_init(void);
#endif

#endif
