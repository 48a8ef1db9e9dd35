// test_vmx_cap.c: VT-x capabilities and control values, against the capability MSRs of
// Bochs 2.7's corei7_skylake_x (read from it by the monitor) and variations of them.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "lib/error.h"
#include "vmm/vmx/vmx.h"
#include "x86/msr.h"
#include "x86/regs.h"

// Bochs 2.7, cpu model corei7_skylake_x.
#define BOCHS_BASIC      0x00d810000000002bull   // revision 0x2b, bit 55: TRUE MSRs
#define BOCHS_PIN        0x0000007f00000016ull
#define BOCHS_CPU        0xf7f9fffe0401e172ull   // CR3-load/store exiting: default 1
#define BOCHS_TRUE_CPU   0xf7f9fffe04006172ull   // ... which the TRUE MSR lets us clear
#define BOCHS_EXIT       0x007fffff00036dffull
#define BOCHS_TRUE_EXIT  0x007fffff00036dfbull   // save debug controls may be 0
#define BOCHS_ENTRY      0x0000ffff000011ffull
#define BOCHS_TRUE_ENTRY 0x0000ffff000011fbull
#define BOCHS_CPU2       0x02177fff00000000ull   // EPT, VPID, unrestricted guest...
#define BOCHS_EPT_VPID   0x00000f0106334141ull

static uint64_t basic = BOCHS_BASIC, cpu2 = BOCHS_CPU2, ept_vpid = BOCHS_EPT_VPID;
static int msr_reads[8];          // how often each of 0x48B..0x490 (and 0x482) was read

static uint64_t
fake_rdmsr(uint32_t msr)
{
	if (msr >= MSR_IA32_VMX_PROCBASED_CTLS2 && msr <= MSR_IA32_VMX_TRUE_ENTRY_CTLS)
		msr_reads[msr - MSR_IA32_VMX_PROCBASED_CTLS2]++;
	switch (msr) {
	case MSR_IA32_VMX_BASIC: return basic;
	case MSR_IA32_VMX_PINBASED_CTLS: return BOCHS_PIN;
	case MSR_IA32_VMX_PROCBASED_CTLS: return BOCHS_CPU;
	case MSR_IA32_VMX_EXIT_CTLS: return BOCHS_EXIT;
	case MSR_IA32_VMX_ENTRY_CTLS: return BOCHS_ENTRY;
	case MSR_IA32_VMX_TRUE_PINBASED_CTLS: return BOCHS_PIN;
	case MSR_IA32_VMX_TRUE_PROCBASED_CTLS: return BOCHS_TRUE_CPU;
	case MSR_IA32_VMX_TRUE_EXIT_CTLS: return BOCHS_TRUE_EXIT;
	case MSR_IA32_VMX_TRUE_ENTRY_CTLS: return BOCHS_TRUE_ENTRY;
	case MSR_IA32_VMX_PROCBASED_CTLS2: return cpu2;
	case MSR_IA32_VMX_EPT_VPID_CAP: return ept_vpid;
	case MSR_IA32_VMX_CR0_FIXED0: return 0x80000021;
	case MSR_IA32_VMX_CR0_FIXED1: return 0xffffffff;
	case MSR_IA32_VMX_CR4_FIXED0: return 0x00002000;
	case MSR_IA32_VMX_CR4_FIXED1: return 0x003727ff;
	}
	fail_msg("read of MSR 0x%x, which the code should not need", msr);
	return 0;
}

static int
setup(void **state)
{
	(void)state;
	basic = BOCHS_BASIC, cpu2 = BOCHS_CPU2, ept_vpid = BOCHS_EPT_VPID;
	memset(msr_reads, 0, sizeof msr_reads);
	return 0;
}

// allowed-0 bits are forced to 1, bits outside allowed-1 forced to 0 (SDM 3D A.3).
static void
test_adjust_applies_both_halves(void **state)
{
	uint32_t ctl;

	(void)state;
	assert_int_equal(vmx_ctl_adjust(0x000000ff00000011ull, 0x06, &ctl), 0);
	assert_int_equal(ctl, 0x17);                            // 0x11 forced on
	assert_int_equal(vmx_ctl_adjust(0x0000000f00000000ull, 0x30, &ctl), -E_NOTSUP);
	assert_int_equal(ctl, 0);                               // 0x30 not allowed: cleared
	assert_int_equal(vmx_ctl_adjust(0x0000000f00000000ull, 0x13, &ctl), -E_NOTSUP);
	assert_int_equal(ctl, 0x03);
	assert_int_equal(vmx_ctl_adjust(BOCHS_PIN, PIN_EXTINT_EXITING, &ctl), 0);
	assert_int_equal(ctl, 0x17);                            // bits 1, 2, 4 are default 1
}

// With BASIC bit 55 the TRUE_* MSRs are used; without it the old ones.
static void
test_caps_read_true_msrs(void **state)
{
	struct vmx_caps c;

	(void)state;
	vmx_caps_read(&c, fake_rdmsr);
	assert_true(c.cpu == BOCHS_TRUE_CPU && c.exit == BOCHS_TRUE_EXIT &&
		    c.entry == BOCHS_TRUE_ENTRY);
	assert_int_equal(msr_reads[MSR_IA32_VMX_TRUE_PROCBASED_CTLS - 0x48B], 1);
	assert_true(c.cpu2 == BOCHS_CPU2 && c.ept_vpid == BOCHS_EPT_VPID);
	assert_int_equal(c.cr0_fixed0, 0x80000021);

	basic &= ~VMX_BASIC_TRUE_CTLS;
	vmx_caps_read(&c, fake_rdmsr);
	assert_true(c.cpu == BOCHS_CPU && c.exit == BOCHS_EXIT && c.entry == BOCHS_ENTRY);
}

// The secondary controls' MSR is read only when the primary ones can activate them.
static void
test_caps_read_skips_absent_msrs(void **state)
{
	struct vmx_caps c;

	(void)state;
	vmx_caps_read(&c, fake_rdmsr);
	assert_int_equal(msr_reads[0], 1);                      // 0x48B
	memset(msr_reads, 0, sizeof msr_reads);
	cpu2 = 0;                                               // no EPT, no VPID
	vmx_caps_read(&c, fake_rdmsr);
	assert_int_equal(c.ept_vpid, 0);
	assert_int_equal(msr_reads[1], 0);                      // 0x48C never read
}

static void
test_controls_on_bochs(void **state)
{
	struct vmx_caps c;
	struct vmx_ctls k;
	char why[128] = "";

	(void)state;
	vmx_caps_read(&c, fake_rdmsr);
	assert_int_equal(vmx_ctls_compute(&c, VM_MMU_EPT, &k, why, sizeof why), 0);
	assert_true(k.pin & PIN_EXTINT_EXITING);
	assert_true((k.cpu & (CPU_HLT_EXITING | CPU_UNCOND_IO_EXITING | CPU_SECONDARY_CONTROLS)) ==
		    (CPU_HLT_EXITING | CPU_UNCOND_IO_EXITING | CPU_SECONDARY_CONTROLS));
	assert_false(k.cpu & (CPU_CR3_LOAD_EXITING | CPU_CR3_STORE_EXITING)); // TRUE MSR: free
	assert_false(k.cpu & (CPU_INTR_WINDOW_EXITING | CPU_RDTSC_EXITING | CPU_USE_MSR_BITMAPS));
	assert_int_equal(k.cpu2, CPU2_ENABLE_EPT | CPU2_UNRESTRICTED_GUEST);
	assert_false(k.exit & (EXIT_HOST_ADDR_SPACE_SIZE | EXIT_ACK_INTR_ON_EXIT));
	assert_false(k.entry & ENTRY_IA32E_MODE_GUEST);
	assert_int_equal(k.exit, VMX_CTL_ALLOWED0(BOCHS_TRUE_EXIT));
}

// Without TRUE MSRs the default-1 CR3 exits stay on: the backend handles them.
static void
test_controls_without_true_msrs(void **state)
{
	struct vmx_caps c;
	struct vmx_ctls k;
	char why[128];

	(void)state;
	basic &= ~VMX_BASIC_TRUE_CTLS;
	vmx_caps_read(&c, fake_rdmsr);
	assert_int_equal(vmx_ctls_compute(&c, VM_MMU_EPT, &k, why, sizeof why), 0);
	assert_true(k.cpu & CPU_CR3_LOAD_EXITING && k.cpu & CPU_CR3_STORE_EXITING);
	assert_true(k.exit & EXIT_SAVE_DEBUG_CONTROLS);
}

// A CPU without unrestricted guest (or EPT) is refused, and the reason names it.
static void
test_controls_name_what_is_missing(void **state)
{
	struct vmx_caps c;
	struct vmx_ctls k;
	char why[128] = "";

	(void)state;
	cpu2 = BOCHS_CPU2 & ~((uint64_t)CPU2_UNRESTRICTED_GUEST << 32);
	vmx_caps_read(&c, fake_rdmsr);
	assert_int_equal(vmx_ctls_compute(&c, VM_MMU_EPT, &k, why, sizeof why), -E_NOTSUP);
	assert_non_null(strstr(why, "unrestricted guest (bit 7)"));
	ept_vpid &= ~EPT_CAP_WALK_4;
	cpu2 = BOCHS_CPU2;
	vmx_caps_read(&c, fake_rdmsr);
	assert_int_equal(vmx_ctls_compute(&c, VM_MMU_EPT, &k, why, sizeof why), -E_NOTSUP);
	assert_non_null(strstr(why, "4-level"));
}

// Shadow paging needs no EPT: a CPU without secondary controls runs it, with every CR3
// access and invlpg exiting, and the reason named when one of them is missing.
static void
test_controls_for_shadow_paging(void **state)
{
	struct vmx_caps c;
	struct vmx_ctls k;
	char why[128] = "";
	uint32_t wanted = CPU_CR3_LOAD_EXITING | CPU_CR3_STORE_EXITING | CPU_INVLPG_EXITING;

	(void)state;
	cpu2 = 0;
	vmx_caps_read(&c, fake_rdmsr);
	assert_int_equal(vmx_ctls_compute(&c, VM_MMU_SHADOW, &k, why, sizeof why), 0);
	assert_int_equal(k.cpu & wanted, wanted);
	assert_false(k.cpu & CPU_SECONDARY_CONTROLS);
	assert_int_equal(k.cpu2, 0);
	assert_int_equal(vmx_ctls_compute(&c, VM_MMU_EPT, &k, why, sizeof why), -E_NOTSUP);
	c.cpu &= ~((uint64_t)CPU_INVLPG_EXITING << 32);          // allowed-1 lacks it
	assert_int_equal(vmx_ctls_compute(&c, VM_MMU_SHADOW, &k, why, sizeof why), -E_NOTSUP);
	assert_non_null(strstr(why, "INVLPG exiting (bit 9)"));
}

static void
test_cr_fixed_bits(void **state)
{
	(void)state;
	// CR0 of a kernel with paging: NE is added (FIXED0), nothing else changes.
	assert_int_equal(vmx_cr_fixed(CR0_PE | CR0_ET | CR0_PG | CR0_WP, 0x80000021, 0xffffffff),
			 CR0_PE | CR0_ET | CR0_PG | CR0_WP | CR0_NE);
	// An unrestricted guest may run with PE and PG clear: the caller drops them from FIXED0.
	assert_int_equal(vmx_cr_fixed(CR0_ET, 0x80000021 & ~(CR0_PE | CR0_PG), 0xffffffff),
			 CR0_ET | CR0_NE);
	// CR4: VMXE forced on, bits FIXED1 lacks forced off.
	assert_int_equal(vmx_cr_fixed(CR4_PSE | 0x00400000, 0x2000, 0x003727ff),
			 CR4_PSE | CR4_VMXE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_adjust_applies_both_halves, setup),
		cmocka_unit_test_setup(test_caps_read_true_msrs, setup),
		cmocka_unit_test_setup(test_caps_read_skips_absent_msrs, setup),
		cmocka_unit_test_setup(test_controls_on_bochs, setup),
		cmocka_unit_test_setup(test_controls_without_true_msrs, setup),
		cmocka_unit_test_setup(test_controls_name_what_is_missing, setup),
		cmocka_unit_test_setup(test_controls_for_shadow_paging, setup),
		cmocka_unit_test_setup(test_cr_fixed_bits, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
