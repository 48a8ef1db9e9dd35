// system.c: emulating the system instructions of the guest kernel on its virtual state:
// descriptor tables, task register, control and debug registers, TLB and cache control, MSRs.
#include "kernel/panic.h"
#include "vmm/shadow/shadow.h"
#include "vmm/te/emulate.h"
#include "x86/msr.h"
#include "x86/regs.h"
#include "x86/x86.h"

#define CR4_SUPPORTED (CR4_PSE | CR4_PGE | CR4_DE | CR4_TSD | CR4_MCE | CR4_OSFXSR)

// The operand of lgdt/lidt: a 16-bit limit and a 32-bit base (24 bits with opsize 16).
static bool
table_read(struct vcpu *v, const struct insn *in, uint32_t *base, uint16_t *limit)
{
	uint8_t m[6];

	if (!te_mem_read(v, te_ea(v, in), m, sizeof m))
		return false;
	*limit = m[0] | m[1] << 8;
	*base = m[2] | m[3] << 8 | m[4] << 16 | (uint32_t)m[5] << 24;
	if (in->opsize == 2)
		*base &= 0xFFFFFF;
	return true;
}

// The 16-bit operand of ltr/lldt/lmsw: a register or memory.
static bool
word_operand(struct vcpu *v, const struct insn *in, uint16_t *w)
{
	if (!in->is_mem) {
		*w = *te_reg(te(v), in->rm);
		return true;
	}
	return te_mem_read(v, te_ea(v, in), w, 2);
}

// ltr: loads the guest's task register (v->sregs.tr: selector, base, limit, access) from
// its GDT entry, which must be an available 32-bit TSS; the entry becomes busy in the
// guest's GDT, as the CPU marks it. The real TR keeps the monitor's TSS: the guest's is
// where te_reflect finds ss0:esp0. Returns STEP_NEXT, or STEP_STAY after reflecting
// #GP(selector) for a null selector, one past the GDT's limit or not an available TSS.
// Hint: te_read/te_write the 8-byte struct seg_desc at gdtr.base + index * 8; SDM 2A "LTR"
// (lab 4 handout, exercise 3).
static enum te_step
emulate_ltr(struct vcpu *v, uint16_t sel)
{
	// LAB4-SOLUTION-BEGIN
	uint32_t at = v->sregs.gdtr.base + SEL_INDEX(sel) * 8, fva, pferr;
	struct seg_desc d;

	if (SEL_INDEX(sel) == 0 || SEL_INDEX(sel) * 8 + 7 > v->sregs.gdtr.limit ||
	    te_read(v, at, &d, sizeof d, &fva, &pferr) < 0 ||
	    (d.access & (SEG_P | SEG_S | 0xF)) != (SEG_P | STS_TSS32_AVAIL)) {
		te_reflect(v, T_GP, sel & ~3u, 0);
		return STEP_STAY;
	}
	d.access |= STS_TSS32_BUSY;
	te_write(v, at, &d, sizeof d, &fva, &pferr);
	v->sregs.tr = (struct vcpu_seg){ sel, d.base_lo | (uint32_t)d.base_mid << 16 |
					 (uint32_t)d.base_hi << 24, d.limit_lo, d.access };
	return STEP_NEXT;
	// LAB4-STUB
	// (void)v;
	// panic("emulate_ltr: not implemented (0x%04x)", sel);
	// LAB4-SOLUTION-END
}

// mov to CR0, CR2, CR3 or CR4: the guest's view (v->sregs) changes. Counts STAT_CR_WRITE.
// Returns STEP_NEXT, or STEP_STOP (VM stopped, the register unchanged) for what te cannot
// run: CR0.PE cleared, CR4 bits outside CR4_SUPPORTED.
// Hint: keep CR0.ET set as the CPU does; clts and lmsw come here too; cr_write, below, starts
// a new shadow when paging changed (lab 4 handout, exercise 3).
static enum te_step
emulate_cr_write(struct vcpu *v, int cr, uint32_t val)
{
	// LAB4-SOLUTION-BEGIN
	struct vcpu_sregs *s = &v->sregs;

	stats_count(&v->vm->stats, STAT_CR_WRITE);
	if ((cr == 0 && !(val & CR0_PE)) || (cr == 4 && (val & ~CR4_SUPPORTED))) {
		vm_stop(v->vm, "mov to cr%d of 0x%08x: te runs 32-bit protected-mode guests without "
			"PAE, VME or PVI", cr, (unsigned)val);
		return STEP_STOP;
	}
	if (cr == 0)
		s->cr0 = val | CR0_ET;
	else if (cr == 2)
		s->cr2 = val;
	else if (cr == 3)
		s->cr3 = val;
	else
		s->cr4 = val;
	return STEP_NEXT;
	// LAB4-STUB
	// (void)v;
	// panic("emulate_cr_write: not implemented (cr%d = 0x%08x)", cr, (unsigned)val);
	// LAB4-SOLUTION-END
}

// A write to a control register, and the shadow page tables it invalidates (shadow_update:
// lab 6's subject), whose root the trap frame then carries back to the CPU.
static enum te_step
cr_write(struct vcpu *v, int cr, uint32_t val)
{
	uint32_t old0 = v->sregs.cr0, old4 = v->sregs.cr4;
	enum te_step step = emulate_cr_write(v, cr, val);

	if (step != STEP_NEXT)
		return step;
	if (shadow_update(v, old0, old4, cr == 3) < 0) {
		vm_stop(v->vm, "out of memory for shadow page tables");
		return STEP_STOP;
	}
	te(v)->tf.cr3 = v->shadow.space.root;
	return STEP_NEXT;
}

// mov from CR0, CR2, CR3 or CR4: the guest's own values. Counts STAT_CR_READ.
// Hint: v->sregs (lab 4 handout, exercise 3).
static uint32_t
cr_read(struct vcpu *v, int cr)
{
	// LAB4-SOLUTION-BEGIN
	stats_count(&v->vm->stats, STAT_CR_READ);
	return cr == 0 ? v->sregs.cr0 : cr == 2 ? v->sregs.cr2 : cr == 3 ? v->sregs.cr3 : v->sregs.cr4;
	// LAB4-STUB
	// (void)v;
	// panic("cr_read: not implemented (cr%d)", cr);
	// LAB4-SOLUTION-END
}

// Reflects #GP(0) to the guest, as the CPU does for an instruction it refuses.
static enum te_step
refuse(struct vcpu *v)
{
	stats_count(&v->vm->stats, STAT_EXCEPTION_REFLECTED);
	te_reflect(v, T_GP, 0, 0);
	return STEP_STAY;
}

// rdmsr: the time-stamp counter; anything else raises #GP, as for an absent MSR.
static enum te_step
emulate_rdmsr(struct vcpu *v)
{
	struct te_vcpu *t = te(v);

	stats_count(&v->vm->stats, STAT_MSR_READ);
	if (t->tf.ecx != MSR_IA32_TSC)
		return refuse(v);
	uint64_t tsc = rdtsc();
	t->tf.eax = (uint32_t)tsc, t->tf.edx = (uint32_t)(tsc >> 32);
	return STEP_NEXT;
}

// lgdt, lidt: the guest's descriptor-table registers are virtual (v->sregs); the
// hardware keeps the monitor's IDT, and a shadow GDT built from the guest's.
// Hint: te_gdt_load rebuilds the shadow GDT from v->sregs.gdtr; count STAT_LGDT/STAT_LIDT
// (lab 4 handout, exercise 3).
static enum te_step
emulate_table(struct vcpu *v, const struct insn *in)
{
	uint32_t base;
	uint16_t limit;

	if (!table_read(v, in, &base, &limit))
		return STEP_STAY;
	// LAB4-SOLUTION-BEGIN
	if (in->kind == INSN_LIDT) {
		stats_count(&v->vm->stats, STAT_LIDT);
		v->sregs.idtr.base = base, v->sregs.idtr.limit = limit;
		return STEP_NEXT;
	}
	stats_count(&v->vm->stats, STAT_LGDT);
	v->sregs.gdtr.base = base, v->sregs.gdtr.limit = limit;
	return te_gdt_load(v) < 0 ? STEP_STOP : STEP_NEXT;
	// LAB4-STUB
	// panic("emulate_table: not implemented (base 0x%08x, limit 0x%x)", (unsigned)base, limit);
	// LAB4-SOLUTION-END
}

static enum te_step
emulate_segment_regs(struct vcpu *v, const struct insn *in)
{
	uint16_t sel;

	if (!word_operand(v, in, &sel))
		return STEP_STAY;
	if (in->kind == INSN_LTR) {
		stats_count(&v->vm->stats, STAT_LTR);
		return emulate_ltr(v, sel);
	}
	stats_count(&v->vm->stats, STAT_LLDT);
	if (SEL_INDEX(sel) != 0) {
		vm_stop(v->vm, "lldt 0x%04x: te does not support LDTs", sel);
		return STEP_STOP;
	}
	v->sregs.ldtr.sel = 0;
	return STEP_NEXT;
}

enum te_step
te_emulate_system(struct vcpu *v, const struct insn *in)
{
	struct te_vcpu *t = te(v);
	uint16_t msw;

	switch (in->kind) {
	case INSN_LGDT: case INSN_LIDT:
		return emulate_table(v, in);
	case INSN_LTR: case INSN_LLDT:
		return emulate_segment_regs(v, in);
	case INSN_MOV_TO_CR:
		return cr_write(v, in->reg, *te_reg(t, in->rm));
	case INSN_MOV_FROM_CR:
		*te_reg(t, in->rm) = cr_read(v, in->reg);
		return STEP_NEXT;
	case INSN_CLTS:
		return cr_write(v, 0, v->sregs.cr0 & ~CR0_TS);
	case INSN_LMSW:              // loads PE, MP, EM, TS; cannot clear PE
		if (!word_operand(v, in, &msw))
			return STEP_STAY;
		return cr_write(v, 0, (v->sregs.cr0 & ~0xEu) | (msw & 0xF) | CR0_PE);
	case INSN_MOV_TO_DR: case INSN_MOV_FROM_DR:
		stats_count(&v->vm->stats, STAT_DR_ACCESS);   // no debug registers: reads give 0
		if (in->kind == INSN_MOV_FROM_DR)
			*te_reg(t, in->rm) = 0;
		return STEP_NEXT;
	case INSN_INVLPG:
		stats_count(&v->vm->stats, STAT_INVLPG);
		shadow_invlpg(v, te_ea(v, in));
		return STEP_NEXT;
	case INSN_WBINVD: case INSN_INVD:
		stats_count(&v->vm->stats, STAT_CACHE);
		return STEP_NEXT;
	case INSN_RDMSR:
		return emulate_rdmsr(v);
	default:
		return refuse(v);
	}
}
