// x86.h: one inline function per privileged or special instruction the host kernel uses.
#ifndef X86_X86_H
#define X86_X86_H

#include <stdint.h>
#include "x86/seg.h"

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

// Reads n 32-bit words from port into dst.
static inline void insl(uint16_t port, void *dst, uint32_t n)
{
	__asm__ volatile("cld; rep insl" : "+D"(dst), "+c"(n) : "d"(port) : "memory");
}

static inline void cli(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void sti(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void hlt(void) { __asm__ volatile("hlt" ::: "memory"); }
// Enables interrupts and halts until one arrives, with no window between the two.
static inline void sti_hlt(void) { __asm__ volatile("sti; hlt" ::: "memory"); }
// Takes the interrupts that are pending, with interrupts off before and after: sti holds
// them back for one instruction, the nop.
static inline void irq_window(void) { __asm__ volatile("sti; nop; cli" ::: "memory"); }

static inline uint32_t read_eflags(void)
{
	uint32_t v;
	__asm__ volatile("pushfl; popl %0" : "=r"(v));
	return v;
}

#define DEFINE_CR(n)                                                          \
	static inline uint32_t rcr##n(void)                                   \
	{                                                                     \
		uint32_t v;                                                   \
		__asm__ volatile("movl %%cr" #n ", %0" : "=r"(v));            \
		return v;                                                     \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline void lcr0(uint32_t v) { __asm__ volatile("movl %0, %%cr0" : : "r"(v) : "memory"); }
static inline void lcr2(uint32_t v) { __asm__ volatile("movl %0, %%cr2" : : "r"(v) : "memory"); }
static inline void lcr3(uint32_t v) { __asm__ volatile("movl %0, %%cr3" : : "r"(v) : "memory"); }
static inline void lcr4(uint32_t v) { __asm__ volatile("movl %0, %%cr4" : : "r"(v) : "memory"); }

static inline void invlpg(uint32_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline void lgdt(const struct pseudo_desc *pd)
{
	__asm__ volatile("lgdt (%0)" : : "r"(pd) : "memory");
}

static inline void lidt(const struct pseudo_desc *pd)
{
	__asm__ volatile("lidt (%0)" : : "r"(pd) : "memory");
}

static inline void sgdt(struct pseudo_desc *pd) { __asm__ volatile("sgdt (%0)" : : "r"(pd) : "memory"); }
static inline void sidt(struct pseudo_desc *pd) { __asm__ volatile("sidt (%0)" : : "r"(pd) : "memory"); }

static inline void ltr(uint16_t sel) { __asm__ volatile("ltr %0" : : "r"(sel) : "memory"); }

// The task register's selector.
static inline uint16_t str(void)
{
	uint16_t v;
	__asm__ volatile("str %0" : "=r"(v));
	return v;
}

static inline uint16_t read_cs(void)
{
	uint16_t v;
	__asm__ volatile("movw %%cs, %0" : "=r"(v));
	return v;
}

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

// CPUID for leaves with subleaves (4, 7, 0xB...): ecx selects the subleaf.
static inline void cpuid_count(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b,
			       uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

static inline uint64_t rdtsc(void)
{
	uint64_t v;
	__asm__ volatile("rdtsc" : "=A"(v));
	return v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint64_t v;
	__asm__ volatile("rdmsr" : "=A"(v) : "c"(msr));
	return v;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "A"(v));
}

#endif
