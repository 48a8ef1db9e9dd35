// seg.c: the host kernel's GDT and TSS, in the trampoline.
#include "kernel/seg.h"
#include "kernel/tramp.h"
#include "kernel/world.h"
#include "x86/regs.h"
#include "x86/x86.h"

struct seg_desc gdt[GDT_ENTRIES] __attribute__((section(".tramp.gdt"), aligned(4096)));
struct tss tss __attribute__((section(".tramp.data"), aligned(64)));

// Reloads CS with a far return and the data segment registers.
static void
seg_reload(void)
{
	__asm__ volatile("pushl %0\n\t"
			 "pushl $1f\n\t"
			 "lret\n"
			 "1:\n\t"
			 "movw %w1, %%ds\n\t"
			 "movw %w1, %%es\n\t"
			 "movw %w1, %%ss\n\t"
			 "movw %w2, %%fs\n\t"
			 "movw %w2, %%gs"
			 :
			 : "i"(KCODE_SEL), "r"(KDATA_SEL), "r"(0)
			 : "memory");
}

int
world_escaped(const struct trapframe *tf)
{
	if (str() == TSS_SEL)
		return (tf->eflags & FL_VM) != 0;
	gdt[GDT_TSS].access = SEG_P | STS_TSS32_AVAIL;     // ltr wants it not busy
	ltr(TSS_SEL);
	return 1;
}

void
seg_init(void)
{
	// Accessed bits are preset so the CPU never writes a descriptor (TRAP-AND-EMULATE.md).
	gdt[GDT_KCODE] = seg_make(0, 0xFFFFFFFF, SEG_P | SEG_S | SEG_X | SEG_RW | SEG_A,
				  SEG_FLAG_G | SEG_FLAG_DB);
	gdt[GDT_KDATA] = seg_make(0, 0xFFFFFFFF, SEG_P | SEG_S | SEG_RW | SEG_A,
				  SEG_FLAG_G | SEG_FLAG_DB);
	gdt[GDT_TSS] = seg_make((uint32_t)&tss, sizeof tss - 1, SEG_P | STS_TSS32_AVAIL, 0);
	tss.ss0 = KDATA_SEL;
	tss.esp0 = (uint32_t)__tramp_end;        // the trap stack, for traps from rings 1-3
	tss.iomap_base = sizeof tss;             // no I/O bitmap: every port faults at CPL > IOPL

	struct pseudo_desc pd = { sizeof gdt - 1, (uint32_t)gdt };
	lgdt(&pd);
	seg_reload();
	ltr(TSS_SEL);
}
