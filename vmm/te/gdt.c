// gdt.c: the shadow GDT. The hardware's GDT while the guest runs is a page of the VM's own:
// the guest's descriptors at the guest's selectors, code and data of DPL 0 raised to DPL 1
// (the guest kernel runs at ring 1) and cut below the monitor's 4 MiB, system descriptors
// left out (the monitor emulates ltr), and the monitor's descriptors in the top slots.
#include "kernel/frame.h"
#include "kernel/seg.h"
#include "kernel/tramp.h"
#include "lib/error.h"
#include "lib/string.h"
#include "vmm/te/te.h"
#include "x86/paging.h"

#define LOADER_CODE 1              // the boot loader's flat selectors: 0x08 code, 0x10 data
#define LOADER_DATA 2

static uint32_t
desc_base(const struct seg_desc *d)
{
	return d->base_lo | (uint32_t)d->base_mid << 16 | (uint32_t)d->base_hi << 24;
}

static uint32_t
desc_limit(const struct seg_desc *d)
{
	uint32_t limit = d->limit_lo | (uint32_t)(d->limit_hi_flags & 0xF) << 16;

	return (d->limit_hi_flags >> 4) & SEG_FLAG_G ? limit << 12 | 0xFFF : limit;
}

// The shadow of one guest descriptor.
static struct seg_desc
desc_shadow(struct seg_desc d)
{
	uint8_t flags = d.limit_hi_flags >> 4;

	if (!(d.access & SEG_P))
		return d;                         // loading it faults for the guest as it should
	if (!(d.access & SEG_S))
		return (struct seg_desc){ 0 };    // TSS, LDT, gates: never used by the hardware
	if ((d.access & SEG_DPL(3)) == SEG_DPL(0))
		d.access |= SEG_DPL(TE_RPL);
	uint32_t base = desc_base(&d), limit = desc_limit(&d);
	bool expand_down = !(d.access & SEG_X) && (d.access & SEG_DC);
	if (!expand_down && base < TRAMP_BASE && (uint64_t)base + limit >= TRAMP_BASE) {
		limit = TRAMP_BASE - 1 - base;        // a second wall, where limits are enforced
		flags |= SEG_FLAG_G;
	}
	return seg_make(base, limit, d.access | SEG_A, flags);
}

int
te_gdt_init(struct vcpu *v)
{
	struct te_vcpu *t = te(v);
	uint8_t code = SEG_P | SEG_S | SEG_X | SEG_RW | SEG_A, data = SEG_P | SEG_S | SEG_RW | SEG_A;

	t->gdt_pa = frame_alloc();
	if (!t->gdt_pa)
		return -E_NOMEM;
	struct seg_desc *g = te_shadow_gdt(t);
	memcpy(g, gdt, PAGE_SIZE);
	g[LOADER_CODE] = desc_shadow(seg_make(0, 0xFFFFFFFF, code, SEG_FLAG_G | SEG_FLAG_DB));
	g[LOADER_DATA] = desc_shadow(seg_make(0, 0xFFFFFFFF, data, SEG_FLAG_G | SEG_FLAG_DB));
	t->view = tramp_view_create(t->gdt_pa);
	return t->view ? 0 : -E_NOMEM;
}

int
te_gdt_load(struct vcpu *v)
{
	struct seg_desc *g = te_shadow_gdt(te(v));
	uint32_t n = (v->sregs.gdtr.limit + 1u) / sizeof *g, fva, pferr;

	if (n > GDT_KCODE) {
		vm_stop(v->vm, "lgdt: the guest's GDT has %u entries; entries %d and up are the "
			"monitor's", (unsigned)n, GDT_KCODE);
		return -E_2BIG;
	}
	for (uint32_t i = 1; i < GDT_KCODE; i++) {
		struct seg_desc d = { 0 };
		if (i < n && te_read(v, v->sregs.gdtr.base + i * sizeof d, &d, sizeof d, &fva,
				     &pferr) < 0) {
			vm_stop(v->vm, "lgdt: the guest's GDT entry %u at 0x%08x cannot be read",
				(unsigned)i, (unsigned)fva);
			return -E_FAULT;
		}
		g[i] = desc_shadow(d);
	}
	return 0;
}
