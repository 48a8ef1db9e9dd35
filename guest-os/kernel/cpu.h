// cpu.h: every privileged or sensitive instruction of the guest kernel, one inline function
// each. Nothing else in the kernel's C code uses inline assembly, so a paravirtual build can
// route these to hypercalls (include/hypercall.h names the counterpart of each). Outside
// this header only entry.S (cli, then mov to CR3 and CR0 to turn paging on, before any C
// runs) and trapentry.S (iret) execute sensitive instructions.
//
// Rules that keep the kernel correct when a monitor runs it at ring 1: IF changes only through
// cli/sti (never popf); the code never reads CS to learn its privilege level.
#ifndef GUEST_CPU_H
#define GUEST_CPU_H

#include <stdint.h>
#include "x86/seg.h"

// Interrupt flag and idling (HC_SET_IF, HC_HALT).
static inline void cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void sti(void) { __asm__ volatile("sti" ::: "memory"); }
// Enables interrupts and halts until one arrives: sti delays interrupts by one instruction,
// so none can slip in between and leave the CPU halted with work pending.
static inline void sti_hlt(void) { __asm__ volatile("sti; hlt" ::: "memory"); }
static inline void hlt(void) { __asm__ volatile("hlt" ::: "memory"); }

// Port I/O (HC_IN, HC_OUT).
static inline uint8_t
inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void
outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

// Paging (HC_LOAD_CR3, HC_READ_CR2, HC_INVLPG).
static inline void
lcr3(uint32_t pa)
{
	__asm__ volatile("movl %0, %%cr3" : : "r"(pa) : "memory");
}

static inline uint32_t
rcr2(void)
{
	uint32_t v;

	__asm__ volatile("movl %%cr2, %0" : "=r"(v));
	return v;
}

static inline void
invlpg(uint32_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

// Descriptor tables (HC_LOAD_GDT, HC_LOAD_IDT, HC_LOAD_TR).
static inline void
lgdt(const void *base, uint16_t limit)
{
	struct pseudo_desc pd = { limit, (uint32_t)base };

	__asm__ volatile("lgdt %0" : : "m"(pd) : "memory");
}

static inline void
lidt(const void *base, uint16_t limit)
{
	struct pseudo_desc pd = { limit, (uint32_t)base };

	__asm__ volatile("lidt %0" : : "m"(pd) : "memory");
}

static inline void
ltr(uint16_t sel)
{
	__asm__ volatile("ltr %0" : : "r"(sel) : "memory");
}

// Reloads CS (by a far return) and the data segment registers after lgdt. Loading SS with
// an RPL 0 selector is sensitive: at ring 1 it faults, and the monitor emulates it.
static inline void
load_segments(uint16_t code, uint16_t data)
{
	__asm__ volatile("pushl %0\n\t"
			 "pushl $1f\n\t"
			 "lret\n"
			 "1:\tmovw %w1, %%ds\n\t"
			 "movw %w1, %%es\n\t"
			 "movw %w1, %%ss\n\t"
			 "movw %w2, %%fs\n\t"
			 "movw %w2, %%gs"
			 : : "i"(code), "r"(data), "r"(0) : "memory");
}

// The time-stamp counter (not privileged while CR4.TSD is clear).
static inline uint64_t
rdtsc(void)
{
	uint64_t v;

	__asm__ volatile("rdtsc" : "=A"(v));
	return v;
}

// The frame pointer of the caller, for backtraces (not privileged).
static inline uint32_t
read_ebp(void)
{
	uint32_t v;

	__asm__ volatile("movl %%ebp, %0" : "=r"(v));
	return v;
}

#endif
