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

// ins/outs, with or without rep: one element after the other, through guest memory.
static enum te_step
io_string(struct vcpu *v, const struct insn *in)
{
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
	return STEP_NEXT;
}

// cli, sti, hlt of the guest kernel, on its virtual IF (t->vif; the real IF stays 1).
// Counts STAT_CLI, STAT_STI, STAT_HLT. Returns STEP_NEXT, STEP_HALT for hlt with the virtual
// IF set, or STEP_STOP (the VM stopped) for hlt with it clear: nothing could wake the guest.
// Hint: sti delays interrupts by one instruction (t->sti_shadow) when IF was clear (SDM 2B
// "STI"); lab 4 handout, exercise 1.
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

enum te_step
te_emulate_io(struct vcpu *v, const struct insn *in)
{
	struct te_vcpu *t = te(v);

	switch (in->kind) {
	case INSN_CLI: case INSN_STI: case INSN_HLT:
		return io_flags(v, in);
	case INSN_IN:
		t->tf.eax = merge(t->tf.eax, vm_io_in(v->vm, io_port(t, in), in->opsize), in->opsize);
		break;
	case INSN_OUT:
		vm_io_out(v->vm, io_port(t, in), in->opsize, t->tf.eax);
		break;
	default:
		return io_string(v, in);
	}
	return v->vm->state == VM_RUNNING ? STEP_NEXT : STEP_STOP;
}
