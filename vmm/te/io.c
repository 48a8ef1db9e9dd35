// io.c: emulating cli, sti, hlt and port I/O. The guest's IF is virtual (te_vcpu.vif); its
// ports are the VM's virtual devices.
#include "kernel/panic.h"
#include "vmm/te/emulate.h"
#include "x86/regs.h"

// Merges a value of `size` bytes into the low bytes of a register (in al/ax/eax).
static uint32_t
merge(uint32_t reg, uint32_t val, int size)
{
	uint32_t mask = size == 4 ? 0xFFFFFFFF : (1u << (size * 8)) - 1;

	return (reg & ~mask) | (val & mask);
}

static uint16_t
io_port(struct te_vcpu *t, const struct insn *in)
{
	return in->port_dx ? (uint16_t)t->tf.edx : (uint16_t)in->imm;
}

// ins/outs, with or without rep: one element after the other, through guest memory (the
// operand at es:edi for ins, at its segment:esi for outs: te_ea), each index moving by the
// element size, down when EFLAGS.DF is set. With rep, ecx counts the elements left: zero
// does nothing. Counts STAT_IO_STRING once per instruction. Returns STEP_NEXT, or STEP_STAY
// when an access faulted (the #PF is reflected, the guest retries with its registers as far
// as they got), or STEP_STOP if the VM stopped.
// Hint: vm_io_in/vm_io_out of in->opsize bytes at io_port; te_mem_read/te_mem_write (SDM
// 2A "INS", 2B "OUTS" and "REP"; lab 4 handout, exercise 1).
static enum te_step
io_string(struct vcpu *v, const struct insn *in)
{
	// LAB4-SOLUTION-BEGIN
	struct te_vcpu *t = te(v);
	bool rep = in->prefixes & (INSN_PFX_REP | INSN_PFX_REPNE);
	int step = t->tf.eflags & FL_DF ? -in->opsize : in->opsize;
	uint32_t val = 0;

	stats_count(&v->vm->stats, STAT_IO_STRING);
	while (!rep || t->tf.ecx != 0) {
		uint32_t *index = in->kind == INSN_INS ? &t->tf.edi : &t->tf.esi;
		uint32_t va = te_ea(v, in);
		if (in->kind == INSN_INS) {
			val = vm_io_in(v->vm, io_port(t, in), in->opsize);
			if (!te_mem_write(v, va, &val, in->opsize))
				return STEP_STAY;             // #PF reflected: the guest retries
		} else {
			if (!te_mem_read(v, va, &val, in->opsize))
				return STEP_STAY;
			vm_io_out(v->vm, io_port(t, in), in->opsize, val);
		}
		*index += step;
		if (!rep)
			break;
		t->tf.ecx--;
	}
	return v->vm->state == VM_RUNNING ? STEP_NEXT : STEP_STOP;
	// LAB4-STUB
	// (void)v, (void)in, (void)io_port;
	// panic("io_string: not implemented");
	// LAB4-SOLUTION-END
}

// cli, sti, hlt of the guest kernel, on its virtual IF (t->vif; the real IF stays 1).
// Counts STAT_CLI, STAT_STI, STAT_HLT. Returns STEP_NEXT, STEP_HALT for hlt with the virtual
// IF set, or STEP_STOP (the VM stopped) for hlt with it clear: nothing could wake the guest.
// Hint: sti delays interrupts by one instruction (t->sti_shadow) when IF was clear (SDM 2B
// "STI"); lab 4 handout, exercise 2.
static enum te_step
io_flags(struct vcpu *v, const struct insn *in)
{
	// LAB4-SOLUTION-BEGIN
	struct te_vcpu *t = te(v);

	if (in->kind == INSN_CLI) {
		stats_count(&v->vm->stats, STAT_CLI);
		t->vif = false;
		return STEP_NEXT;
	}
	if (in->kind == INSN_STI) {
		stats_count(&v->vm->stats, STAT_STI);
		t->sti_shadow = !t->vif;           // the instruction after sti runs first
		t->vif = true;
		return STEP_NEXT;
	}
	stats_count(&v->vm->stats, STAT_HLT);
	if (t->vif)
		return STEP_HALT;
	vm_stop(v->vm, "hlt with interrupts disabled at eip 0x%08x: the guest can never wake up",
		(unsigned)t->tf.eip);
	return STEP_STOP;
	// LAB4-STUB
	// (void)v, (void)in;
	// panic("io_flags: not implemented");
	// LAB4-SOLUTION-END
}

// in and out of 1, 2 or 4 bytes (in->opsize), the port an immediate or dx (io_port): in
// replaces only the low opsize bytes of eax; out sends eax's low opsize bytes. Returns
// STEP_NEXT, or STEP_STOP if the access stopped the VM (the guest's exit port).
// Hint: vm_io_in/vm_io_out reach the VM's devices and count the access; merge keeps eax's
// other bytes (lab 4 handout, exercise 1).
static enum te_step
io_port_rw(struct vcpu *v, const struct insn *in)
{
	// LAB4-SOLUTION-BEGIN
	struct te_vcpu *t = te(v);

	if (in->kind == INSN_IN)
		t->tf.eax = merge(t->tf.eax, vm_io_in(v->vm, io_port(t, in), in->opsize), in->opsize);
	else
		vm_io_out(v->vm, io_port(t, in), in->opsize, t->tf.eax);
	return v->vm->state == VM_RUNNING ? STEP_NEXT : STEP_STOP;
	// LAB4-STUB
	// (void)v, (void)in, (void)merge;
	// panic("io_port_rw: not implemented");
	// LAB4-SOLUTION-END
}

enum te_step
te_emulate_io(struct vcpu *v, const struct insn *in)
{
	switch (in->kind) {
	case INSN_CLI: case INSN_STI: case INSN_HLT:
		return io_flags(v, in);
	case INSN_IN: case INSN_OUT:
		return io_port_rw(v, in);
	default:
		return io_string(v, in);
	}
}
