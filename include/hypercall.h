// hypercall.h: the paravirtual interface between a guest kernel and the duplicata monitor.
//
// Detection: CPUID leaf 1 sets ECX bit 31 (CPUID1_ECX_HYPERVISOR) under a monitor, and leaf
// HV_CPUID_BASE returns in ebx, ecx, edx the 12 bytes "DuplicataVMM" and in eax the highest
// leaf; leaf HV_CPUID_FEATURES returns the ABI version in eax and, in ebx, the instruction
// that this backend wants (HV_INSN_*). Under trap-and-emulate CPUID does not trap at ring 1 on
// CPUs without CPUID faulting, so the real CPU answers: that monitor must tell the guest some
// other way (patching CPUID is a lab 7 subject) or the guest finds no signature and runs as
// on hardware. A guest that finds no signature never issues a hypercall.
//
// Calling convention (the same registers as the guest OS's int 0x80 system calls):
//
//   eax = HC_xxx number   ebx, ecx, edx, esi = arguments 1..4   result in eax
//   a negative result is -E_xxx from lib/error.h (-E_NOTSUP for a number the monitor lacks);
//   every other register is preserved. Addresses are guest-linear unless a name says "pa".
//
//   backend                    instruction    notes
//   te  (trap-and-emulate)     int $0x82      a DPL 1 gate of the monitor's IDT: the guest
//                                             kernel (ring 1) may use it, its users may not
//   vmx (Intel VT-x)           vmcall         a VM exit, reason 18
//   svm (AMD-V)                vmmcall        a #VMEXIT, code 0x81
//
// Each call stands for one privileged operation of the guest kernel's cpu.h, so that a
// paravirtual guest routes those functions here instead of trapping.
#ifndef HYPERCALL_H
#define HYPERCALL_H

#define HV_CPUID_BASE      0x40000000
#define HV_CPUID_FEATURES  0x40000001
#define HV_SIGNATURE       "DuplicataVMM"      // ebx, ecx, edx of HV_CPUID_BASE, in that order
#define HV_ABI_VERSION     1

#define HV_INSN_INT82      0                   // te
#define HV_INSN_VMCALL     1                   // vmx
#define HV_INSN_VMMCALL    2                   // svm
#define HV_VECTOR          0x82                // the te backend's gate

// X(number, name, arguments, what it does) -- the only place a hypercall is defined.
#define HYPERCALL_LIST(X)                                                                   \
	X(0,  HC_VERSION,   "",                  "returns HV_ABI_VERSION")                  \
	X(1,  HC_SET_IF,    "on",                "sets the virtual IF (cli/sti); returns the old one") \
	X(2,  HC_HALT,      "",                  "sti; hlt: idles until a virtual interrupt") \
	X(3,  HC_LOAD_CR3,  "pa",                "loads CR3 (a guest-physical directory)")  \
	X(4,  HC_READ_CR2,  "",                  "returns the last page-fault address")     \
	X(5,  HC_INVLPG,    "va",                "flushes one page from the TLB")           \
	X(6,  HC_LOAD_GDT,  "base, limit",       "lgdt")                                    \
	X(7,  HC_LOAD_IDT,  "base, limit",       "lidt")                                    \
	X(8,  HC_LOAD_TR,   "selector",          "ltr")                                     \
	X(9,  HC_OUT,       "port, value, size", "out of size 1, 2 or 4 bytes")             \
	X(10, HC_IN,        "port, size",        "returns what in of size 1, 2 or 4 reads") \
	X(11, HC_EXIT,      "status",            "ends the virtual machine (0: success)")

#ifndef __ASSEMBLER__
#include <stdint.h>

enum hypercall_nr {
#define HC_ENUM(nr, name, args, doc) name = nr,
	HYPERCALL_LIST(HC_ENUM)
#undef HC_ENUM
};

// Issues hypercall nr with the instruction insn (HV_INSN_*); returns the monitor's result.
static inline int
hypercall(uint32_t insn, uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
	int ret;

	if (insn == HV_INSN_VMCALL)
		__asm__ volatile("vmcall" : "=a"(ret)
				 : "a"(nr), "b"(a1), "c"(a2), "d"(a3), "S"(a4) : "memory");
	else if (insn == HV_INSN_VMMCALL)
		__asm__ volatile("vmmcall" : "=a"(ret)
				 : "a"(nr), "b"(a1), "c"(a2), "d"(a3), "S"(a4) : "memory");
	else
		__asm__ volatile("int $0x82" : "=a"(ret)
				 : "a"(nr), "b"(a1), "c"(a2), "d"(a3), "S"(a4) : "memory");
	return ret;
}
#endif

#endif
