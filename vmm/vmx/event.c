// event.c: interrupts and exceptions for the guest. The CPU delivers them itself at VM entry
// through the guest's IDT (event injection, SDM 3C §27.6); the monitor only says which and
// when, and asks for an exit when the guest opens its interrupt window (§26.7.5).
#include "kernel/panic.h"
#include "vmm/vmx/vmx.h"
#include "x86/regs.h"

// Hint: the VM-entry interruption-information field's layout (SDM 3C §25.8.3, table 25-17):
// vector in bits 7:0, type in 10:8, "deliver error code" in bit 11, valid in bit 31 (the
// INTR_INFO_* names of include/x86/vmx.h); lab 8 handout, exercise 5.
void
vmx_event_queue(struct vcpu *v, int type, int vector, int err)
{
	// LAB8-SOLUTION-BEGIN
	struct vmx_vcpu *x = vmx(v);

	x->inject = INTR_INFO_VALID | (uint32_t)type << 8 | (uint32_t)vector;
	if (err >= 0) {
		x->inject |= INTR_INFO_ERROR_CODE;
		x->inject_err = (uint32_t)err;
	}
	// LAB8-STUB
	// (void)v, (void)err;
	// panic("vmx_event_queue: not implemented (type %d, vector %d)", type, vector);
	// LAB8-SOLUTION-END
}

// §28.2.4: IDT-vectoring information, bits 31 (valid), 11 (error code), 10:8, 7:0 as in
// the entry field; bit 12 and bits 30:13 are not for re-injection.
#define VECTORING_REINJECT (INTR_INFO_VALID | INTR_INFO_ERROR_CODE | 0x7FF)

void
vmx_event_requeue(struct vcpu *v)
{
	struct vmx_vcpu *x = vmx(v);
	uint32_t info = vmcs_read(IDT_VECTORING_INFO);

	if (!(info & INTR_INFO_VALID))
		return;
	x->inject = info & VECTORING_REINJECT;
	if (info & INTR_INFO_ERROR_CODE)
		x->inject_err = vmcs_read(IDT_VECTORING_ERROR_CODE);
	// Software events restart their instruction: VM entry must know its length (§27.6.1.1).
	if (INTR_INFO_TYPE(info) >= INTR_TYPE_SW_INTR)
		x->inject_len = vmcs_read(VM_EXIT_INSTRUCTION_LEN);
}

// Sets or clears "interrupt-window exiting": an exit as soon as the guest has IF = 1 and
// no sti or mov-ss shadow, so that the monitor can inject then.
static void
vmx_window_set(struct vmx_vcpu *x, bool on)
{
	uint32_t cpu = on ? x->ctls.cpu | CPU_INTR_WINDOW_EXITING :
			    x->ctls.cpu & ~CPU_INTR_WINDOW_EXITING;

	if (cpu != x->ctls.cpu) {
		x->ctls.cpu = cpu;
		vmcs_write(CPU_BASED_VM_EXEC_CONTROL, cpu);
	}
}

// Hint: the window exits while the virtual PIC holds a request (vpic_pending); the queued
// event goes to VM_ENTRY_INTR_INFO, its error code and, for software events, the instruction
// length to their fields (§27.6.1.1), once (lab 8 handout, exercise 5).
void
vmx_event_prepare(struct vcpu *v)
{
	// LAB8-SOLUTION-BEGIN
	struct vmx_vcpu *x = vmx(v);

	// The shared loop injects what the guest can take before each run; what is still
	// pending must wait for the window.
	vmx_window_set(x, board_is_pc(&v->vm->board) && vpic_pending(&v->vm->board.pic) >= 0);
	if (!(x->inject & INTR_INFO_VALID))
		return;
	vmcs_write(VM_ENTRY_INTR_INFO, x->inject);
	if (x->inject & INTR_INFO_ERROR_CODE)
		vmcs_write(VM_ENTRY_EXCEPTION_ERROR_CODE, x->inject_err);
	if (INTR_INFO_TYPE(x->inject) >= INTR_TYPE_SW_INTR)
		vmcs_write(VM_ENTRY_INSTRUCTION_LEN, x->inject_len);
	x->inject = 0;                  // the CPU clears the field's valid bit at the next exit
	// LAB8-STUB
	// (void)vmx_window_set;
	// panic("vmx_event_prepare: not implemented (eip 0x%08x)", (unsigned)v->regs.eip);
	// LAB8-SOLUTION-END
}

// Hint: the guest's IF is in v->regs.eflags; an event already queued, or the blocking by
// sti or mov ss of the last exit (x->interruptibility, §25.4.2), makes it wait (lab 8
// handout, exercise 5).
bool
vmx_can_inject(const struct vcpu *v)
{
	// LAB8-SOLUTION-BEGIN
	const struct vmx_vcpu *x = v->backend_data;

	return (v->regs.eflags & FL_IF) && !(x->inject & INTR_INFO_VALID) &&
	       !(x->interruptibility & (INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS));
	// LAB8-STUB
	// (void)v;
	// panic("vmx_can_inject: not implemented");
	// LAB8-SOLUTION-END
}

void
vmx_inject(struct vcpu *v, int vector)
{
	vmx_event_queue(v, INTR_TYPE_EXT_INTR, vector, -1);
}
