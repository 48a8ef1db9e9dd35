// event.c: interrupts and exceptions for the guest. The CPU delivers them itself at VM entry
// through the guest's IDT (event injection, SDM 3C §27.6); the monitor only says which and
// when, and asks for an exit when the guest opens its interrupt window (§26.7.5).
#include "vmm/vmx/vmx.h"
#include "x86/regs.h"

void
vmx_event_queue(struct vcpu *v, int type, int vector, int err)
{
	struct vmx_vcpu *x = vmx(v);

	x->inject = INTR_INFO_VALID | (uint32_t)type << 8 | (uint32_t)vector;
	if (err >= 0) {
		x->inject |= INTR_INFO_ERROR_CODE;
		x->inject_err = (uint32_t)err;
	}
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

void
vmx_event_prepare(struct vcpu *v)
{
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
}

bool
vmx_can_inject(const struct vcpu *v)
{
	const struct vmx_vcpu *x = v->backend_data;

	return (v->regs.eflags & FL_IF) && !(x->inject & INTR_INFO_VALID) &&
	       !(x->interruptibility & (INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS));
}

void
vmx_inject(struct vcpu *v, int vector)
{
	vmx_event_queue(v, INTR_TYPE_EXT_INTR, vector, -1);
}
