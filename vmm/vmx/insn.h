// insn.h: the VMX instructions, one inline function each. Every one returns how it ended
// (SDM 3C §31.2): VMX_OK, VMX_FAIL_INVALID (CF = 1: there is no current VMCS to say why)
// or VMX_FAIL_VALID (ZF = 1: VM_INSTRUCTION_ERROR of the current VMCS says why).
// VMLAUNCH and VMRESUME are in entry.S: they leave the C world for the guest's.
#ifndef VMM_VMX_INSN_H
#define VMM_VMX_INSN_H

#include <stdbool.h>
#include <stdint.h>
#include "x86/vmx.h"

static inline int
vmx_status(bool cf, bool zf)
{
	return cf ? VMX_FAIL_INVALID : zf ? VMX_FAIL_VALID : VMX_OK;
}

// One VMX instruction whose operand is a 64-bit physical address in memory.
#define VMX_PA_INSN(insn, pa)                                                          \
	({                                                                             \
		bool cf_, zf_;                                                         \
		__asm__ volatile(insn " %2" : "=@ccc"(cf_), "=@ccz"(zf_) : "m"(pa)     \
				 : "memory", "cc");                                    \
		vmx_status(cf_, zf_);                                                  \
	})

// Enters VMX operation with the VMXON region at physical address pa.
static inline int vmxon(uint64_t pa) { return VMX_PA_INSN("vmxon", pa); }

// Leaves VMX operation (SDM 3C §31.3: VMfailValid if in the dual-monitor treatment of SMM).
static inline int
vmxoff(void)
{
	bool cf, zf;

	__asm__ volatile("vmxoff" : "=@ccc"(cf), "=@ccz"(zf) : : "memory", "cc");
	return vmx_status(cf, zf);
}

// Makes the VMCS at pa inactive and clear (the next entry on it is a VMLAUNCH).
static inline int vmclear(uint64_t pa) { return VMX_PA_INSN("vmclear", pa); }

// Makes the VMCS at pa the current one: VMREAD, VMWRITE and VM entries act on it.
static inline int vmptrld(uint64_t pa) { return VMX_PA_INSN("vmptrld", pa); }

// Reads a field of the current VMCS (32 bits of it on this host) into *value.
static inline int
vmread(uint32_t field, uint32_t *value)
{
	bool cf, zf;

	__asm__ volatile("vmread %3, %2" : "=@ccc"(cf), "=@ccz"(zf), "=rm"(*value)
			 : "r"(field) : "cc");
	return vmx_status(cf, zf);
}

static inline int
vmwrite(uint32_t field, uint32_t value)
{
	bool cf, zf;

	__asm__ volatile("vmwrite %3, %2" : "=@ccc"(cf), "=@ccz"(zf)
			 : "r"(field), "rm"(value) : "cc");
	return vmx_status(cf, zf);
}

// Invalidates the TLB and paging-structure entries derived from EPT: those of one EPT
// pointer (INVEPT_SINGLE_CONTEXT) or of all (INVEPT_ALL_CONTEXT).
static inline int
invept(uint32_t type, uint64_t eptp)
{
	struct invept_desc d = { eptp, 0 };
	bool cf, zf;

	__asm__ volatile("invept %2, %3" : "=@ccc"(cf), "=@ccz"(zf) : "m"(d), "r"(type)
			 : "memory", "cc");
	return vmx_status(cf, zf);
}

// Invalidates the linear and combined mappings tagged with a VPID: those of one address
// (INVVPID_ADDRESS), of one VPID (INVVPID_SINGLE_CONTEXT) or of all but VPID 0.
static inline int
invvpid(uint32_t type, uint16_t vpid, uint32_t linear)
{
	struct invvpid_desc d = { vpid, linear };
	bool cf, zf;

	__asm__ volatile("invvpid %2, %3" : "=@ccc"(cf), "=@ccz"(zf) : "m"(d), "r"(type)
			 : "memory", "cc");
	return vmx_status(cf, zf);
}

#endif
