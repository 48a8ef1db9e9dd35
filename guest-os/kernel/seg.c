// seg.c: the GDT and the TSS (lab 1).
#include "guest-os/kernel/cpu.h"
#include "guest-os/kernel/panic.h"
#include "guest-os/kernel/seg.h"

struct seg_desc gdt[GDT_COUNT] __attribute__((aligned(8)));
struct tss tss __attribute__((aligned(64)));

// Contract: fills gdt[] (kernel code and data at ring 0, user code and data at ring 3, the
// TSS), loads it with lgdt, reloads CS, DS, ES, SS (kernel), FS, GS (null), and loads TR.
// The TSS has no I/O bitmap: every in/out at CPL 3 faults.
// Hint: seg_make (seg.h) builds a descriptor from base, limit, access byte and flags; flat
// segments have base 0 and limit 0xFFFFFFFF in 4 KiB units (SEG_FLAG_G); preset the accessed
// bit (SEG_A). cpu.h has lgdt, load_segments and ltr. SDM 3A §3.4.5 (descriptors), §7.2 (TSS).
// LAB1-SOLUTION-BEGIN
// A flat 4 GiB segment: code (executable, readable) or data (writable) at privilege dpl.
// The accessed bit is preset, so the CPU never writes the GDT when loading a selector.
static struct seg_desc
seg_flat(int code, int dpl)
{
	uint8_t access = SEG_P | SEG_S | SEG_RW | SEG_A | SEG_DPL(dpl) | (code ? SEG_X : 0);

	return seg_make(0, 0xFFFFFFFF, access, SEG_FLAG_G | SEG_FLAG_DB);
}

void
seg_init(void)
{
	gdt[GDT_KCODE] = seg_flat(1, 0);
	gdt[GDT_KDATA] = seg_flat(0, 0);
	gdt[GDT_UCODE] = seg_flat(1, 3);
	gdt[GDT_UDATA] = seg_flat(0, 3);
	gdt[GDT_TSS] = seg_make((uint32_t)&tss, sizeof tss - 1, SEG_P | STS_TSS32_AVAIL, 0);
	tss.ss0 = KDATA_SEL;
	tss.iomap_base = sizeof tss;            // past the limit: no I/O bitmap
	lgdt(gdt, sizeof gdt - 1);
	load_segments(KCODE_SEL, KDATA_SEL);
	ltr(TSS_SEL);
}
// LAB1-STUB
// void
// seg_init(void)
// {
// 	panic("seg_init: not implemented");
// }
// LAB1-SOLUTION-END

// Contract: the next trap from user mode pushes its frame below esp0. A plain store: a
// monitor reads the TSS from guest memory at each trap, so this needs no hypercall.
void
seg_set_kstack(uint32_t esp0)
{
	tss.esp0 = esp0;
}
