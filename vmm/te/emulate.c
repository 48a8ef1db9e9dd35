// emulate.c: the instruction that trapped with #GP at ring 1: fetch it through the guest's
// page tables, decode it, and emulate it on the vCPU's virtual state, or reflect the fault.
#include "kernel/panic.h"
#include "lib/error.h"
#include "vmm/te/emulate.h"
#include "x86/insn.h"
#include "x86/paging.h"

uint32_t *
te_reg(struct te_vcpu *t, int reg)
{
	switch (reg) {
	case REG_EAX: return &t->tf.eax;
	case REG_ECX: return &t->tf.ecx;
	case REG_EDX: return &t->tf.edx;
	case REG_EBX: return &t->tf.ebx;
	case REG_ESP: return &t->tf.esp;
	case REG_EBP: return &t->tf.ebp;
	case REG_ESI: return &t->tf.esi;
	default: return &t->tf.edi;
	}
}

// The selector held by a segment register, as the trap frame saved it.
static uint16_t
te_sreg(struct te_vcpu *t, int sreg)
{
	static const size_t at[SREG_COUNT] = {
		[SREG_ES] = offsetof(struct trapframe, es), [SREG_CS] = offsetof(struct trapframe, cs),
		[SREG_SS] = offsetof(struct trapframe, ss), [SREG_DS] = offsetof(struct trapframe, ds),
		[SREG_FS] = offsetof(struct trapframe, fs), [SREG_GS] = offsetof(struct trapframe, gs),
	};
	return *(uint16_t *)((uint8_t *)&t->tf + at[sreg]);
}

uint32_t
te_ea(struct vcpu *v, const struct insn *in)
{
	struct te_vcpu *t = te(v);
	uint32_t a = in->mem.disp;

	if (in->mem.base != INSN_NONE)
		a += *te_reg(t, in->mem.base);
	if (in->mem.index != INSN_NONE)
		a += *te_reg(t, in->mem.index) * in->mem.scale;
	if (in->addrsize == 2)
		a &= 0xFFFF;
	return te_seg_base(v, te_sreg(t, in->mem.seg)) + a;
}

// Reflects the #PF of a failed access by the instruction; false if the VM had to stop.
static bool
te_access_fault(struct vcpu *v, int err, uint32_t va, uint32_t pferr)
{
	if (err == -E_FAULT) {
		v->sregs.cr2 = va;
		stats_count(&v->vm->stats, STAT_PAGE_FAULT_GUEST);
		te_reflect(v, T_PF, pferr, 0);
	} else {
		vm_stop(v->vm, "eip 0x%08x: access to linear 0x%08x outside guest RAM",
			(unsigned)te(v)->tf.eip, (unsigned)va);
	}
	return false;
}

bool
te_mem_read(struct vcpu *v, uint32_t va, void *buf, uint32_t len)
{
	uint32_t fva, pferr;
	int err = te_read(v, va, buf, len, &fva, &pferr);

	return err == 0 || te_access_fault(v, err, fva, pferr);
}

bool
te_mem_write(struct vcpu *v, uint32_t va, const void *buf, uint32_t len)
{
	uint32_t fva, pferr;
	int err = te_write(v, va, buf, len, &fva, &pferr);

	return err == 0 || te_access_fault(v, err, fva, pferr);
}

// Reads the instruction bytes at cs:eip, as many as lie in mapped pages (at most 15).
static int
te_fetch(struct vcpu *v, uint8_t *bytes, uint32_t *fault_va, uint32_t *pferr)
{
	struct te_vcpu *t = te(v);
	uint32_t at = te_seg_base(v, t->tf.cs) + t->tf.eip;
	uint32_t first = PAGE_SIZE - (at & (PAGE_SIZE - 1));

	if (first > INSN_MAX_LEN)
		first = INSN_MAX_LEN;
	if (te_read(v, at, bytes, first, fault_va, pferr) < 0)
		return -E_FAULT;
	if (first < INSN_MAX_LEN &&
	    te_read(v, at + first, bytes + first, INSN_MAX_LEN - first, fault_va, pferr) == 0)
		first = INSN_MAX_LEN;
	return first;
}

// True when in is the int n, int3 or into whose vector the #GP's error code names (an IDT
// entry: vector * 8 + 2, the real IDT's gates having DPL 0); any other #GP is the guest's.
static bool
is_soft_int(const struct insn *in, uint32_t err)
{
	bool soft = in->kind == INSN_INT || in->kind == INSN_INT3 || in->kind == INSN_INTO;

	return (err & 2) && soft && in->imm == err >> 3;
}

// int n, int3 or into (in) of the guest, which the real IDT refused: the guest's IDT decides,
// te_reflect delivering the vector as a software interrupt of in->len bytes. Counts
// STAT_SYSCALL_REFLECTED. Returns RUN_AGAIN, or RUN_STOP if the VM stopped.
// Hint: the decoder gives the vector in in->imm (3 for int3, 4 for into); SDM 3A §6.12.1.1
// (lab 4 handout, exercise 5).
static int
te_emulate_int(struct vcpu *v, const struct insn *in)
{
	// LAB4-SOLUTION-BEGIN
	stats_count(&v->vm->stats, STAT_SYSCALL_REFLECTED);
	te_reflect(v, in->imm, TE_NO_ERROR, in->len);
	return v->vm->state == VM_RUNNING ? RUN_AGAIN : RUN_STOP;
	// LAB4-STUB
	// (void)v;
	// panic("te_emulate_int: not implemented (int $0x%x)", (unsigned)in->imm);
	// LAB4-SOLUTION-END
}

int
te_emulate(struct vcpu *v, uint32_t err)
{
	struct te_vcpu *t = te(v);
	uint8_t bytes[INSN_MAX_LEN];
	uint32_t fva, pferr;
	struct insn in;

	int n = te_fetch(v, bytes, &fva, &pferr);
	int len = n < 0 ? -E_TRUNC : decode_insn(&in, bytes, n, 4);
	if (len == -E_TRUNC) {
		te_access_fault(v, -E_FAULT, fva, pferr);
		return v->vm->state == VM_RUNNING ? RUN_AGAIN : RUN_STOP;
	}
	if (len < 0) {
		stats_count(&v->vm->stats, STAT_UD_REFLECTED);
		if (len == -E_2BIG)
			te_reflect(v, T_GP, 0, 0);        // longer than 15 bytes: #GP(0), as the CPU
		else
			te_reflect(v, T_UD, TE_NO_ERROR, 0);
		return v->vm->state == VM_RUNNING ? RUN_AGAIN : RUN_STOP;
	}
	if (is_soft_int(&in, err))
		return te_emulate_int(v, &in);
	bool selector_load = in.kind == INSN_IRET || in.kind == INSN_RETF ||
			     in.kind == INSN_MOV_TO_SEG || in.kind == INSN_POP_SEG ||
			     in.kind == INSN_LOAD_FAR;
	if (!te_guest_kernel(t) || (err != 0 && !selector_load)) {   // a real protection fault
		stats_count(&v->vm->stats, STAT_EXCEPTION_REFLECTED);
		te_reflect(v, T_GP, err, 0);
		return v->vm->state == VM_RUNNING ? RUN_AGAIN : RUN_STOP;
	}
	enum te_step step;
	switch (in.kind) {
	case INSN_CLI: case INSN_STI: case INSN_HLT: case INSN_IN: case INSN_OUT:
	case INSN_INS: case INSN_OUTS:
		step = te_emulate_io(v, &in);
		break;
	default:
		step = selector_load ? te_emulate_return(v, &in, err) : te_emulate_system(v, &in);
	}
	if (step == STEP_NEXT || step == STEP_HALT)
		t->tf.eip += in.len;
	return step == STEP_HALT ? RUN_HALT : step == STEP_STOP ? RUN_STOP : RUN_AGAIN;
}
