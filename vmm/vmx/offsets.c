// offsets.c: what entry.S needs of the C side, computed by the compiler so it is never
// typed twice: offsets into struct vcpu_regs and the VMCS encoding of HOST_RSP (an enum,
// which the assembler cannot see). Compiled to assembly only; vmx.mk turns each "->NAME
// value" line into "#define NAME value" in build/include/vmx-offsets.h.
#include <stddef.h>
#include "vmm/vm.h"
#include "x86/insn.h"
#include "x86/vmx.h"

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %c0\"" : : "i"(val))
#define REG(name) DEFINE(REGS_##name, offsetof(struct vcpu_regs, gpr[REG_##name]))

void vmx_offsets(void);

void
vmx_offsets(void)
{
	REG(EAX);
	REG(ECX);
	REG(EDX);
	REG(EBX);
	REG(EBP);
	REG(ESI);
	REG(EDI);
	DEFINE(VMCS_HOST_RSP, HOST_RSP);
}
