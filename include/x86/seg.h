// seg.h: segment selectors, descriptors, gates and the TSS (Intel SDM vol. 3A §3.4, §6.11, §7.2).
#ifndef X86_SEG_H
#define X86_SEG_H

// Selector: | index (13 bits) | TI (1 = LDT) | RPL (2 bits) |
#define SEL(index, rpl)  (((index) << 3) | (rpl))
#define SEL_INDEX(sel)   ((sel) >> 3)
#define SEL_RPL(sel)     ((sel) & 3)
#define SEL_TI           0x4

// Access byte of a segment descriptor (bits 40..47).
#define SEG_A        0x01  // accessed (preset: the CPU then never writes the GDT)
#define SEG_RW       0x02  // data: writable; code: readable
#define SEG_DC       0x04  // data: expand-down; code: conforming
#define SEG_X        0x08  // executable (code)
#define SEG_S        0x10  // code/data (0: system)
#define SEG_DPL(d)   ((d) << 5)
#define SEG_P        0x80  // present
// System descriptor types (S = 0), SDM 3A table 3-2.
#define STS_TSS32_AVAIL  0x9
#define STS_TSS32_BUSY   0xB
#define STS_INTGATE32    0xE  // clears IF on entry
#define STS_TRAPGATE32   0xF  // leaves IF alone
#define STS_TASKGATE     0x5

// Flags nibble (bits 52..55).
#define SEG_FLAG_AVL 0x1
#define SEG_FLAG_DB  0x4  // 32-bit segment
#define SEG_FLAG_G   0x8  // limit in 4 KiB units

#ifndef __ASSEMBLER__
#include <stdint.h>

// Segment descriptor (8 bytes):
//  63      56 55  52 51    48 47      40 39       16 15        0
// +----------+------+--------+----------+-----------+-----------+
// |base 31:24| flags|lim 19:16|  access  | base 23:0 | limit 15:0|
// +----------+------+--------+----------+-----------+-----------+
struct seg_desc {
	uint16_t limit_lo;
	uint16_t base_lo;
	uint8_t base_mid;
	uint8_t access;
	uint8_t limit_hi_flags;      // limit 19:16 in the low nibble, flags in the high one
	uint8_t base_hi;
} __attribute__((packed));
_Static_assert(sizeof(struct seg_desc) == 8, "segment descriptor is 8 bytes");

// Gate descriptor in the IDT (8 bytes): offset 31:16 | P DPL 0 type | 0 | selector | offset 15:0
struct gate_desc {
	uint16_t off_lo;
	uint16_t sel;
	uint8_t zero;
	uint8_t type_attr;           // P | DPL | type
	uint16_t off_hi;
} __attribute__((packed));
_Static_assert(sizeof(struct gate_desc) == 8, "gate descriptor is 8 bytes");

// Operand of lgdt/lidt/sgdt/sidt.
struct pseudo_desc {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));
_Static_assert(sizeof(struct pseudo_desc) == 6, "pseudo-descriptor is 6 bytes");

// 32-bit task-state segment (SDM 3A figure 7-2).
struct tss {
	uint16_t link, link_hi;
	uint32_t esp0;
	uint16_t ss0, ss0_hi;
	uint32_t esp1;
	uint16_t ss1, ss1_hi;
	uint32_t esp2;
	uint16_t ss2, ss2_hi;
	uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint16_t es, es_hi, cs, cs_hi, ss, ss_hi, ds, ds_hi, fs, fs_hi, gs, gs_hi;
	uint16_t ldt, ldt_hi;
	uint16_t trap;
	uint16_t iomap_base;         // beyond the TSS limit: every port access faults at CPL > IOPL
} __attribute__((packed));
_Static_assert(sizeof(struct tss) == 104, "32-bit TSS is 104 bytes");

static inline struct seg_desc
seg_make(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
	if (flags & SEG_FLAG_G)
		limit >>= 12;
	return (struct seg_desc){
		.limit_lo = limit & 0xFFFF,
		.base_lo = base & 0xFFFF,
		.base_mid = (base >> 16) & 0xFF,
		.access = access,
		.limit_hi_flags = ((limit >> 16) & 0xF) | (flags << 4),
		.base_hi = base >> 24,
	};
}

static inline struct gate_desc
gate_make(uint32_t offset, uint16_t sel, uint8_t type, int dpl)
{
	return (struct gate_desc){
		.off_lo = offset & 0xFFFF,
		.sel = sel,
		.zero = 0,
		.type_attr = SEG_P | SEG_DPL(dpl) | type,
		.off_hi = offset >> 16,
	};
}
#endif

#endif
