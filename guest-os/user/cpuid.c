// cpuid.c: what CPUID tells a guest about the machine it runs on: the vendor, whether VT-x is
// offered (leaf 1, ECX bit 5), the hypervisor bit (ECX bit 31) and, if set, the hypervisor's
// signature (leaf 0x40000000). CPUID never faults: a monitor sees it only if the hardware
// makes it exit (VT-x does, always); under trap-and-emulate the real CPU answers.
#include "guest-os/user/ulib.h"
#include "hypercall.h"
#include "x86/regs.h"

static void
cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(0));
}

// Prints the 12 bytes of ebx, edx, ecx (order) or ebx, ecx, edx as a name.
static void
print_name(const char *what, uint32_t a, uint32_t b, uint32_t c)
{
	char s[13];

	memcpy(s, &a, 4), memcpy(s + 4, &b, 4), memcpy(s + 8, &c, 4);
	s[12] = '\0';
	printf("cpuid: %s %s\n", what, s);
}

int
main(const char *arg)
{
	uint32_t r[4];

	(void)arg;
	cpuid(0, r);
	print_name("vendor", r[1], r[3], r[2]);
	cpuid(1, r);
	printf("cpuid: vmx %d, hypervisor bit %d\n", !!(r[2] & CPUID1_ECX_VMX),
	       !!(r[2] & CPUID1_ECX_HYPERVISOR));
	if (!(r[2] & CPUID1_ECX_HYPERVISOR))
		return 0;
	cpuid(HV_CPUID_BASE, r);
	print_name("hypervisor", r[1], r[2], r[3]);
	return 0;
}
