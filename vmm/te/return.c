// return.c: the transfers a ring-1 kernel cannot make alone because its selectors say ring 0:
// iret and far ret to RPL 0 (the CPU refuses a return to a more privileged level) and loads of
// SS with RPL 0 (SS's RPL must equal the CPL). Each is done for the guest at RPL 1.
#include "kernel/panic.h"
#include "kernel/seg.h"
#include "vmm/te/emulate.h"
#include "x86/insn.h"
#include "x86/regs.h"

// EFLAGS bits an iret may restore for the guest kernel; IF goes to the virtual IF instead,
// IOPL stays 0 (so I/O keeps trapping), VM and NT are refused.
#define IRET_FLAGS (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_TF | FL_DF | FL_OF | FL_RF | \
		    FL_AC | FL_ID)

static enum te_step
refuse(struct vcpu *v, uint32_t err)
{
	stats_count(&v->vm->stats, STAT_EXCEPTION_REFLECTED);
	te_reflect(v, T_GP, err, 0);
	return STEP_STAY;
}

// A selector the guest may load into SS: a present, writable data segment of its kernel.
static bool
stack_selector_ok(struct vcpu *v, uint16_t sel)
{
	const struct seg_desc *d = te_shadow_gdt(te(v)) + SEL_INDEX(sel);

	return SEL_INDEX(sel) != 0 && SEL_INDEX(sel) * 8 + 7 <= v->sregs.gdtr.limit &&
	       SEL_RPL(sel) == 0 && !(sel & SEL_TI) &&
	       (d->access & (SEG_P | SEG_S | SEG_X | SEG_RW | SEG_DPL(3))) ==
		       (SEG_P | SEG_S | SEG_RW | SEG_DPL(TE_RPL));
}

// Pops n 32-bit words from the guest's stack (without moving esp); false if it faulted.
static bool
stack_read(struct vcpu *v, uint32_t *w, int n)
{
	struct te_vcpu *t = te(v);

	return te_mem_read(v, te_seg_base(v, t->tf.ss) + t->tf.esp, w, n * 4);
}

// iret of the guest kernel to a frame it built with its own selectors (RPL 0): the CPU
// refused it (#GP, err); return for it at ring 1. Counts STAT_IRET. Returns STEP_JUMP, or
// STEP_STAY when a #GP/#PF was reflected instead.
// Hint: pop eip, cs, eflags through stack_read; the popped IF goes to t->vif, the real
// IF stays set; only IRET_FLAGS may change (lab 4 handout, exercise 4).
static enum te_step
emulate_iret(struct vcpu *v, uint32_t err)
{
	// LAB4-SOLUTION-BEGIN
	struct te_vcpu *t = te(v);
	uint32_t f[3];                  // eip, cs, eflags

	if (!stack_read(v, f, 3))
		return STEP_STAY;
	if (SEL_RPL(f[1]) != 0 || (f[2] & (FL_VM | FL_NT)) || (t->tf.eflags & FL_NT))
		return refuse(v, err);      // not the guest kernel returning to itself
	stats_count(&v->vm->stats, STAT_IRET);
	t->tf.eip = f[0];
	t->tf.cs = f[1] | TE_RPL;
	t->tf.eflags = (t->tf.eflags & ~IRET_FLAGS) | (f[2] & IRET_FLAGS) | FL_IF;
	t->vif = f[2] & FL_IF;
	t->tf.esp += 12;
	return STEP_JUMP;
	// LAB4-STUB
	// (void)v, (void)refuse, (void)stack_read;
	// panic("emulate_iret: not implemented (#GP 0x%x)", (unsigned)err);
	// LAB4-SOLUTION-END
}

// lret (lret $n) of the guest kernel to its own code (a CS with RPL 0, which the CPU refused
// with #GP(err)): pop eip and cs, and n more bytes of arguments, and go on at RPL 1. Counts
// STAT_FAR_TRANSFER. Returns STEP_JUMP, or STEP_STAY when a #GP/#PF was reflected instead (a
// CS that does not return to the kernel).
// Hint: like emulate_iret, with in->imm the bytes of arguments (SDM 2B "RET", far return to
// the same privilege level; lab 4 handout, exercise 4).
static enum te_step
emulate_retf(struct vcpu *v, const struct insn *in, uint32_t err)
{
	// LAB4-SOLUTION-BEGIN
	struct te_vcpu *t = te(v);
	uint32_t f[2];                  // eip, cs

	if (!stack_read(v, f, 2))
		return STEP_STAY;
	if (SEL_RPL(f[1]) != 0)
		return refuse(v, err);
	stats_count(&v->vm->stats, STAT_FAR_TRANSFER);
	t->tf.eip = f[0];
	t->tf.cs = f[1] | TE_RPL;
	t->tf.esp += 8 + in->imm;
	return STEP_JUMP;
	// LAB4-STUB
	// (void)v, (void)in;
	// panic("emulate_retf: not implemented (#GP 0x%x)", (unsigned)err);
	// LAB4-SOLUTION-END
}

// The selector (and lss's offset) that mov, pop or lss loads into SS: from a register, the
// stack, or memory (2 bytes, or lss's 6: offset then selector). False if the operand faulted
// (the #PF reflected) or the VM stopped.
static bool
ss_operand(struct vcpu *v, const struct insn *in, uint16_t *sel, uint32_t *off)
{
	uint32_t w[2] = { 0, 0 };

	if (in->kind == INSN_POP_SEG) {
		if (!stack_read(v, w, 1))
			return false;
	} else if (in->kind == INSN_LOAD_FAR || in->is_mem) {
		if (!te_mem_read(v, te_ea(v, in), w, in->kind == INSN_LOAD_FAR ? 6 : 2))
			return false;
	} else {
		w[0] = *te_reg(te(v), in->rm);
	}
	*sel = in->kind == INSN_LOAD_FAR ? (uint16_t)w[1] : (uint16_t)w[0];
	*off = w[0];
	return true;
}

// mov to SS, pop SS, lss of the guest kernel with its own RPL 0 selector (the CPU refused:
// SS's RPL must equal the CPL): load it at RPL 1 if stack_selector_ok, with pop's esp + 4
// and lss's offset into in->reg. Counts STAT_SEG_LOAD. Returns STEP_NEXT, or STEP_STAY when
// the operand faulted or #GP(err) was reflected (a segment register other than SS, a
// selector the guest may not load).
// Hint: ss_operand reads the selector and the offset (lab 4 handout, exercise 4).
static enum te_step
emulate_load_ss(struct vcpu *v, const struct insn *in, uint32_t err)
{
	// LAB4-SOLUTION-BEGIN
	struct te_vcpu *t = te(v);
	uint32_t off;
	uint16_t sel;

	if (in->sreg != SREG_SS)
		return refuse(v, err);
	if (!ss_operand(v, in, &sel, &off))
		return STEP_STAY;
	if (!stack_selector_ok(v, sel))
		return refuse(v, err);
	stats_count(&v->vm->stats, STAT_SEG_LOAD);
	if (in->kind == INSN_POP_SEG)
		t->tf.esp += 4;
	if (in->kind == INSN_LOAD_FAR)
		*te_reg(t, in->reg) = off;
	t->tf.ss = sel | TE_RPL;
	return STEP_NEXT;
	// LAB4-STUB
	// (void)v, (void)in, (void)stack_selector_ok, (void)ss_operand;
	// panic("emulate_load_ss: not implemented (#GP 0x%x)", (unsigned)err);
	// LAB4-SOLUTION-END
}

enum te_step
te_emulate_return(struct vcpu *v, const struct insn *in, uint32_t err)
{
	if ((in->kind == INSN_IRET || in->kind == INSN_RETF) && in->opsize != 4)
		return refuse(v, err);          // 16-bit returns: te runs 32-bit code only
	switch (in->kind) {
	case INSN_IRET:
		return emulate_iret(v, err);
	case INSN_RETF:
		return emulate_retf(v, in, err);
	default:
		return emulate_load_ss(v, in, err);
	}
}
