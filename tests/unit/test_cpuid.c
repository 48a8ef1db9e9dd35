// test_cpuid.c: the guest's view of CPUID under a hardware-assisted monitor: VT-x hidden,
// the hypervisor bit and leaves of include/hypercall.h.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "hypercall.h"
#include "vmm/cpuid.h"
#include "x86/regs.h"

static void
test_leaf1_hides_vmx(void **state)
{
	uint32_t r[4] = { 0x506e3, 0x800, CPUID1_ECX_VMX | 0x1, 0x0f8bfbff };

	(void)state;
	cpuid_virtualize(1, HV_INSN_VMCALL, r);
	assert_int_equal(r[CPUID_ECX], CPUID1_ECX_HYPERVISOR | 0x1);
	assert_int_equal(r[CPUID_EAX], 0x506e3);        // the rest as the CPU said
	assert_int_equal(r[CPUID_EDX], 0x0f8bfbff);
}

static void
test_signature_leaf(void **state)
{
	uint32_t r[4] = { 0xd, 0x756e6547, 0x6c65746e, 0x49656e69 };   // what a CPU may say
	char sig[13] = "";

	(void)state;
	cpuid_virtualize(HV_CPUID_BASE, HV_INSN_VMCALL, r);
	assert_int_equal(r[CPUID_EAX], HV_CPUID_FEATURES);
	memcpy(sig, &r[CPUID_EBX], 4);
	memcpy(sig + 4, &r[CPUID_ECX], 4);
	memcpy(sig + 8, &r[CPUID_EDX], 4);
	assert_string_equal(sig, HV_SIGNATURE);
}

static void
test_features_leaf(void **state)
{
	uint32_t r[4] = { 1, 2, 3, 4 };

	(void)state;
	cpuid_virtualize(HV_CPUID_FEATURES, HV_INSN_VMMCALL, r);
	assert_int_equal(r[CPUID_EAX], HV_ABI_VERSION);
	assert_int_equal(r[CPUID_EBX], HV_INSN_VMMCALL);
	assert_int_equal(r[CPUID_ECX] | r[CPUID_EDX], 0);
}

static void
test_other_leaves(void **state)
{
	uint32_t r[4] = { 1, 2, 3, 4 }, same[4] = { 1, 2, 3, 4 };

	(void)state;
	cpuid_virtualize(0x40000005, HV_INSN_VMCALL, r);        // our range: empty
	assert_int_equal(r[0] | r[1] | r[2] | r[3], 0);
	memcpy(r, same, sizeof r);
	cpuid_virtualize(0x40000100, HV_INSN_VMCALL, r);        // beyond it: untouched
	assert_memory_equal(r, same, sizeof r);
	cpuid_virtualize(0, HV_INSN_VMCALL, r);
	assert_memory_equal(r, same, sizeof r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leaf1_hides_vmx),
		cmocka_unit_test(test_signature_leaf),
		cmocka_unit_test(test_features_leaf),
		cmocka_unit_test(test_other_leaves),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
