// reflect.c: delivering exceptions and interrupts to the guest through its own IDT, building
// the frame a ring-0 kernel expects (SDM 3A §6.12): the hardware gave the monitor the event,
// the guest must believe it got it directly.
#include "kernel/panic.h"
#include "kernel/seg.h"
#include "lib/error.h"
#include "vmm/te/te.h"
#include "x86/regs.h"

#define TSS_ESP0 4                 // offsets in the guest's 32-bit TSS (SDM 3A figure 7-2)
#define TSS_SS0  8
#define IDT_ERR(vector) ((vector) * 8 + 2)   // #GP error code naming an IDT entry

// Reads the guest's gate for vector; false if it lies outside its IDT or is not a present
// 32-bit interrupt or trap gate.
static bool
gate_read(struct vcpu *v, int vector, struct gate_desc *g)
{
	uint32_t fva, pferr, type;

	if ((uint32_t)vector * 8 + 7 > v->sregs.idtr.limit ||
	    te_read(v, v->sregs.idtr.base + vector * 8, g, sizeof *g, &fva, &pferr) < 0)
		return false;
	type = g->type_attr & 0x1F;
	return (g->type_attr & SEG_P) && (type == STS_INTGATE32 || type == STS_TRAPGATE32);
}

// The stack the handler runs on: the guest kernel's own, or its TSS's ss0:esp0 from user mode.
static bool
handler_stack(struct vcpu *v, uint32_t *ss, uint32_t *esp)
{
	struct te_vcpu *t = te(v);
	uint32_t fva, pferr, ss0 = 0;

	if (te_guest_kernel(t)) {
		*ss = t->tf.ss, *esp = t->tf.esp;
		return true;
	}
	if (te_read(v, v->sregs.tr.base + TSS_ESP0, esp, 4, &fva, &pferr) < 0 ||
	    te_read(v, v->sregs.tr.base + TSS_SS0, &ss0, 2, &fva, &pferr) < 0)
		return false;
	*ss = ss0 | TE_RPL;
	return (ss0 & ~3u) != 0;
}

// Pushes the frame: [error code,] eip, cs, eflags [, esp, ss from user mode], as the guest sees
// them (CS with RPL 0 for its kernel, EFLAGS with its own IF). Returns the new esp, or 0.
// Hint: SDM 3A figure 6-4 draws both frames; write them with te_write, never through a
// guest pointer (lab 4 handout, exercise 5).
static uint32_t
frame_push(struct vcpu *v, uint32_t esp, int err)
{
	// LAB4-SOLUTION-BEGIN
	struct te_vcpu *t = te(v);
	bool user = !te_guest_kernel(t);
	uint32_t eflags = (t->tf.eflags & ~(FL_IF | FL_IOPL)) | (t->vif || user ? FL_IF : 0);
	uint32_t f[6], n = 0, fva, pferr;

	if (err >= 0)
		f[n++] = err;
	f[n++] = t->tf.eip;
	f[n++] = user ? t->tf.cs : t->tf.cs & ~3u;
	f[n++] = eflags;
	if (user) {
		f[n++] = t->tf.esp;
		f[n++] = t->tf.ss;
	}
	esp -= n * 4;
	return te_write(v, esp, f, n * 4, &fva, &pferr) < 0 ? 0 : esp;
	// LAB4-STUB
	// (void)v;
	// panic("frame_push: not implemented (esp 0x%08x, error %d)", (unsigned)esp, err);
	// LAB4-SOLUTION-END
}

// Delivers an event at `depth` (0 for the event itself, 1 for the double fault raised when
// delivering it failed: a bad gate, an unusable stack).
static bool
deliver(struct vcpu *v, int vector, int err, bool soft, int depth)
{
	struct te_vcpu *t = te(v);
	struct gate_desc g;
	uint32_t ss, esp;

	if (depth > 1) {
		stats_count(&v->vm->stats, STAT_TRIPLE_FAULT);
		vm_stop(v->vm, "triple fault: the guest could not take a double fault (eip 0x%08x)",
			(unsigned)t->tf.eip);
		return false;
	}
	if (!gate_read(v, vector, &g))
		return deliver(v, T_DF, 0, false, depth + 1);
	if (soft && ((g.type_attr >> 5) & 3) < (te_guest_kernel(t) ? 0 : 3))
		return deliver(v, T_GP, IDT_ERR(vector), false, depth);
	if (!handler_stack(v, &ss, &esp) || !(esp = frame_push(v, esp, err)))
		return deliver(v, T_DF, 0, false, depth + 1);
	t->tf.ss = ss;
	t->tf.esp = esp;
	t->tf.cs = g.sel | TE_RPL;
	t->tf.eip = g.off_lo | (uint32_t)g.off_hi << 16;
	t->tf.eflags &= ~(FL_TF | FL_NT | FL_RF | FL_VM);
	t->vif = t->vif && (g.type_attr & 0x1F) == STS_TRAPGATE32;
	return true;
}

bool
te_reflect(struct vcpu *v, int vector, int err, bool soft)
{
	return deliver(v, vector, err, soft, 0);
}
