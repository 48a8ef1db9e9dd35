// reflect.c: delivering exceptions and interrupts to the guest through its own IDT, building
// the frame a ring-0 kernel expects (SDM 3A §6.12): the hardware gave the monitor the event,
// the guest must believe it got it directly.
#include "kernel/panic.h"
#include "kernel/seg.h"
#include "lib/error.h"
#include "vmm/te/te.h"
#include "x86/regs.h"

#define TSS_ESP0 4                 // esp0 in the guest's 32-bit TSS, ss0 in the next 4 bytes
				   // (SDM 3A figure 7-2)
#define IDT_ERR(vector) ((vector) * 8 + 2)   // #GP error code naming an IDT entry

// A fault raised while delivering an event: what the CPU would signal instead.
struct fault {
	int vector, err;
	uint32_t cr2;                   // for #PF
};

// Reads the guest's gate for vector (ext: the EXT bit of an error code naming it). Returns
// true, or false with the fault the CPU raises instead (SDM 3A §6.12.1): #GP for an entry
// outside the IDT or not a 32-bit interrupt or trap gate, #NP for one not present, #PF if
// the IDT's page is not mapped (an IDT outside guest RAM is taken as outside the IDT).
static bool
gate_read(struct vcpu *v, int vector, uint32_t ext, struct gate_desc *g, struct fault *f)
{
	uint32_t fva, pferr, type, err = IDT_ERR(vector) | ext;
	int r = -E_RANGE;

	if ((uint32_t)vector * 8 + 7 <= v->sregs.idtr.limit)
		r = te_read(v, v->sregs.idtr.base + vector * 8, g, sizeof *g, &fva, &pferr);
	type = r == 0 ? g->type_attr & 0x1F : 0;
	if (r == -E_FAULT)
		*f = (struct fault){ T_PF, (int)pferr, fva };
	else if (r < 0 || (type != STS_INTGATE32 && type != STS_TRAPGATE32))
		*f = (struct fault){ T_GP, (int)err, 0 };
	else if (!(g->type_attr & SEG_P))
		*f = (struct fault){ T_NP, (int)err, 0 };
	else
		return true;
	return false;
}

// The stack the handler runs on: the guest kernel's own (*ss:*esp from the trap frame), or,
// from user mode, the ss0:esp0 of the guest's TSS (v->sregs.tr.base; ss0 with RPL 1, as
// the guest's kernel selectors run). Returns false when the TSS cannot be read or its ss0
// is null: the CPU's #TS.
// Hint: te_read the TSS's esp0 and ss0 at TSS_ESP0 (SDM 3A §6.12.1, figure 7-2; lab 4
// handout, exercise 5).
static bool
handler_stack(struct vcpu *v, uint32_t *ss, uint32_t *esp)
{
	// LAB4-SOLUTION-BEGIN
	struct te_vcpu *t = te(v);
	uint32_t fva, pferr, tss[2];            // esp0, ss0

	if (te_guest_kernel(t)) {
		*ss = t->tf.ss, *esp = t->tf.esp;
		return true;
	}
	if (te_read(v, v->sregs.tr.base + TSS_ESP0, tss, sizeof tss, &fva, &pferr) < 0)
		return false;
	uint16_t ss0 = (uint16_t)tss[1];
	*ss = ss0 | TE_RPL, *esp = tss[0];
	return (ss0 & ~3u) != 0;
	// LAB4-STUB
	// (void)v;
	// panic("handler_stack: not implemented (ss %p, esp %p)", (void *)ss, (void *)esp);
	// LAB4-SOLUTION-END
}

// Pushes the frame below esp: [error code,] eip, cs, eflags [, esp, ss from user mode], as
// the guest sees them (CS with RPL 0 for its kernel, EFLAGS with its own IF and IOPL 0), the
// eip past the instruction (insn_len) for an int n. Returns the new esp, or 0 if the guest
// cannot write its stack there.
// Hint: SDM 3A figure 6-4 draws both frames; write them with te_write, never through a
// guest pointer (lab 4 handout, exercise 5).
static uint32_t
frame_push(struct vcpu *v, uint32_t esp, int err, int insn_len)
{
	// LAB4-SOLUTION-BEGIN
	struct te_vcpu *t = te(v);
	bool user = !te_guest_kernel(t);
	uint32_t eflags = (t->tf.eflags & ~(FL_IF | FL_IOPL)) | (t->vif || user ? FL_IF : 0);
	uint32_t f[6], n = 0, fva, pferr;

	if (err != TE_NO_ERROR)
		f[n++] = err;
	f[n++] = t->tf.eip + insn_len;
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
	// panic("frame_push: not implemented (esp 0x%08x, error %d, length %d)", (unsigned)esp,
	//       err, insn_len);
	// LAB4-SOLUTION-END
}

// The classes of SDM 3A §6.15 (table 6-4) and when two make a double fault (table 6-5): a
// contributory fault while delivering a contributory one, or a contributory fault or #PF
// while delivering #PF; a fault while delivering a benign event (an interrupt, INT n, #UD...)
// is simply delivered next.
enum event_class { BENIGN, CONTRIBUTORY, PAGE_FAULT, DOUBLE_FAULT };

static enum event_class
event_class(int vector, bool soft)
{
	if (soft || vector >= T_EXCEPTIONS)
		return BENIGN;
	switch (vector) {
	case T_DE: case T_TS: case T_NP: case T_SS: case T_GP:
		return CONTRIBUTORY;
	case T_PF:
		return PAGE_FAULT;
	case T_DF:
		return DOUBLE_FAULT;
	default:
		return BENIGN;
	}
}

// Why frame_push failed: the #PF of the highest frame word the guest cannot write (the CPU
// pushes downward). Returns false if the stack lies outside guest RAM.
static bool
frame_fault(struct vcpu *v, uint32_t esp, struct fault *f)
{
	uint32_t gpa, pferr;

	for (uint32_t a = esp - 4; a != esp - 28; a -= 4)
		if (gpt_translate(v, a, true, false, &gpa, &pferr, NULL) == -E_FAULT) {
			*f = (struct fault){ T_PF, (int)pferr, a };
			return true;
		}
	vm_stop(v->vm, "eip 0x%08x: the guest's stack at 0x%08x lies outside its RAM",
		(unsigned)te(v)->tf.eip, (unsigned)esp);
	return false;
}

// Delivers one event through the guest's IDT: its gate (gate_read), for an int n
// (insn_len > 0) a gate DPL the caller's CPL may use, the handler's stack (handler_stack),
// the frame (frame_push), then the guest's registers: ss:esp on that frame, cs:eip the
// gate's selector (at RPL 1) and offset, TF, NT, RF and VM cleared, and the virtual IF
// cleared by an interrupt gate (a trap gate leaves it). Returns 1, or 0 with the fault that
// stopped the delivery in *f, the guest's registers unchanged (SDM 3A §6.12.1: #NP, #GP
// naming the gate with EXT for an event from outside the program, #TS for an unusable ss0,
// #PF for a frame the guest cannot write: frame_fault finds it), or -1 if the VM had to stop.
// Hint: gate_read gives the struct gate_desc; its DPL is bits 5-6 of type_attr (lab 4
// handout, exercise 5).
static int
deliver(struct vcpu *v, int vector, int err, int insn_len, struct fault *f)
{
	// LAB4-SOLUTION-BEGIN
	struct te_vcpu *t = te(v);
	struct gate_desc g;
	uint32_t ss = 0, esp, ext = insn_len ? 0 : 1;

	if (!gate_read(v, vector, ext, &g, f))
		return 0;
	if (insn_len && ((g.type_attr >> 5) & 3) < (te_guest_kernel(t) ? 0 : 3)) {
		*f = (struct fault){ .vector = T_GP, .err = IDT_ERR(vector) };
		return 0;
	}
	if (!handler_stack(v, &ss, &esp)) {
		*f = (struct fault){ .vector = T_TS, .err = (int)((ss & ~3u) | ext) };
		return 0;
	}
	uint32_t top = esp;
	if (!(esp = frame_push(v, esp, err, insn_len)))
		return frame_fault(v, top, f) ? 0 : -1;
	t->tf.ss = ss;
	t->tf.esp = esp;
	t->tf.cs = g.sel | TE_RPL;
	t->tf.eip = g.off_lo | (uint32_t)g.off_hi << 16;
	t->tf.eflags &= ~(FL_TF | FL_NT | FL_RF | FL_VM);
	t->vif = t->vif && (g.type_attr & 0x1F) == STS_TRAPGATE32;
	return 1;
	// LAB4-STUB
	// (void)v, (void)vector, (void)err, (void)insn_len, (void)f, (void)gate_read;
	// (void)handler_stack, (void)frame_push, (void)frame_fault;
	// panic("deliver: not implemented");
	// LAB4-SOLUTION-END
}

bool
te_reflect(struct vcpu *v, int vector, int err, int insn_len)
{
	struct fault f;
	int r;

	while ((r = deliver(v, vector, err, insn_len, &f)) == 0) {
		enum event_class first = event_class(vector, insn_len > 0);
		enum event_class second = event_class(f.vector, false);
		if (f.vector == T_PF)
			v->sregs.cr2 = f.cr2;
		if (first == DOUBLE_FAULT) {
			stats_count(&v->vm->stats, STAT_TRIPLE_FAULT);
			vm_stop(v->vm, "triple fault: the guest could not take a double fault "
				"(eip 0x%08x)", (unsigned)te(v)->tf.eip);
			return false;
		}
		bool twice = (first == CONTRIBUTORY && second == CONTRIBUTORY) ||
			     (first == PAGE_FAULT && second != BENIGN);
		vector = twice ? T_DF : f.vector;
		err = twice ? 0 : f.err;
		insn_len = 0;
	}
	return r > 0;
}
