// cpuid.c: the guest's view of CPUID under vmx and svm: the real CPU, minus VT-x, plus the
// monitor's own leaves. Pure: unit-tested on the host.
#include "hypercall.h"
#include "lib/string.h"
#include "vmm/cpuid.h"
#include "x86/regs.h"

#define HV_LEAVES_END 0x40000100   // 0x40000000-0x400000FF belong to hypervisors

void
cpuid_virtualize(uint32_t leaf, uint32_t insn, uint32_t r[4])
{
	if (leaf == 1) {
		r[CPUID_ECX] &= ~CPUID1_ECX_VMX;
		r[CPUID_ECX] |= CPUID1_ECX_HYPERVISOR;
	} else if (leaf == HV_CPUID_BASE) {
		r[CPUID_EAX] = HV_CPUID_FEATURES;           // the highest hypervisor leaf
		memcpy(&r[CPUID_EBX], HV_SIGNATURE, 4);
		memcpy(&r[CPUID_ECX], HV_SIGNATURE + 4, 4);
		memcpy(&r[CPUID_EDX], HV_SIGNATURE + 8, 4);
	} else if (leaf == HV_CPUID_FEATURES) {
		r[CPUID_EAX] = HV_ABI_VERSION;
		r[CPUID_EBX] = insn;
		r[CPUID_ECX] = r[CPUID_EDX] = 0;
	} else if (leaf > HV_CPUID_FEATURES && leaf < HV_LEAVES_END) {
		memset(r, 0, 4 * sizeof r[0]);
	}
}
