// cpuid.h: what CPUID tells a guest under a hardware-assisted monitor (vmx, svm), where
// every CPUID exits to the monitor. Trap-and-emulate cannot intercept it (the real CPU
// answers the guest there: include/hypercall.h).
#ifndef VMM_CPUID_H
#define VMM_CPUID_H

#include <stdint.h>

enum { CPUID_EAX, CPUID_EBX, CPUID_ECX, CPUID_EDX };

// Turns the real CPU's answer r (eax, ebx, ecx, edx) to CPUID leaf into the guest's: no
// VT-x (the monitor does not nest it), the hypervisor bit of leaf 1 set, and the leaves
// HV_CPUID_BASE ("DuplicataVMM") and HV_CPUID_FEATURES (ABI version, and insn, the
// hypercall instruction of this backend, HV_INSN_*) answered; other 0x400000xx leaves are 0.
void cpuid_virtualize(uint32_t leaf, uint32_t insn, uint32_t r[4]);

#endif
