// mem.c: the guest's memory as te sees it: the monitor's window on guest-linear memory,
// through the guest's own page tables (gpt_translate, vmm/shadow/gpt.c) to guest RAM exactly
// as the CPU would for the guest, accessed and dirty bits included; the bases of the guest's
// segments; and the shadow tables (vmm/shadow/) as the CR3 te's guest runs on.
#include "lib/error.h"
#include "lib/string.h"
#include "vmm/te/te.h"
#include "x86/paging.h"
#include "x86/seg.h"

// Copies between guest-linear memory and buf, page by page.
static int
te_copy(struct vcpu *v, uint32_t gva, uint8_t *buf, uint32_t len, bool write,
	uint32_t *fault_va, uint32_t *pferr)
{
	while (len > 0) {
		uint32_t gpa, n = PAGE_SIZE - (gva & (PAGE_SIZE - 1));
		if (n > len)
			n = len;
		int err = gpt_translate(v, gva, write, false, &gpa, pferr, NULL);
		if (err < 0) {
			*fault_va = gva;
			return err;
		}
		err = write ? gmem_write(&v->vm->mem, gpa, buf, n) : gmem_read(&v->vm->mem, gpa, buf, n);
		if (err < 0)
			return -E_RANGE;
		gva += n, buf += n, len -= n;
	}
	return 0;
}

int
te_read(struct vcpu *v, uint32_t gva, void *buf, uint32_t len, uint32_t *fault_va,
	uint32_t *pferr)
{
	return te_copy(v, gva, buf, len, false, fault_va, pferr);
}

int
te_write(struct vcpu *v, uint32_t gva, const void *buf, uint32_t len, uint32_t *fault_va,
	 uint32_t *pferr)
{
	return te_copy(v, gva, (uint8_t *)buf, len, true, fault_va, pferr);
}

uint32_t
te_seg_base(struct vcpu *v, uint16_t sel)
{
	const struct seg_desc *d = te_shadow_gdt(te(v)) + SEL_INDEX(sel);

	if (SEL_INDEX(sel) == 0)
		return 0;
	return d->base_lo | (uint32_t)d->base_mid << 16 | (uint32_t)d->base_hi << 24;
}
