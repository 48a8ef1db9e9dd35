// emulate.h: what the instruction emulators of te share (internal to vmm/te/).
#ifndef VMM_TE_EMULATE_H
#define VMM_TE_EMULATE_H

#include "vmm/backend.h"
#include "vmm/decode.h"
#include "vmm/te/te.h"

// The register REG_EAX..REG_EDI of the guest's trap frame.
uint32_t *te_reg(struct te_vcpu *t, int reg);
// The linear address of a decoded memory operand.
uint32_t te_ea(struct vcpu *v, const struct insn *in);
// Reads or writes len bytes at a linear address for the instruction; on a fault reflects
// the #PF to the guest and returns false.
bool te_mem_read(struct vcpu *v, uint32_t va, void *buf, uint32_t len);
bool te_mem_write(struct vcpu *v, uint32_t va, const void *buf, uint32_t len);

// What an emulator did with the instruction.
enum te_step {
	STEP_NEXT,                 // emulated: the guest goes on after it (te_emulate moves eip)
	STEP_JUMP,                 // emulated a transfer: eip (and more) already set
	STEP_STAY,                 // an event was reflected: the guest's handler runs next
	STEP_HALT,                 // hlt: eip moves on, the vCPU idles until an interrupt
	STEP_STOP,                 // the VM stopped (the reason is in vm->stop_reason)
};

// Emulators of one family each.
enum te_step te_emulate_io(struct vcpu *v, const struct insn *in);
enum te_step te_emulate_system(struct vcpu *v, const struct insn *in);
// err: the #GP's error code (a selector, for a return or segment load the CPU refused).
enum te_step te_emulate_return(struct vcpu *v, const struct insn *in, uint32_t err);

#endif
