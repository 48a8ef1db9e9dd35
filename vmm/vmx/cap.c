// cap.c: VT-x capabilities: which controls this CPU lets a monitor set, and the values this
// backend runs its guests with (SDM 3C §25.6-25.8, 3D appendix A). Pure computation on MSR
// values, unit-tested on the host against sample capability MSRs.
#include "lib/error.h"
#include "lib/fmt.h"
#include "vmm/vmx/vmx.h"
#include "x86/msr.h"
#include "x86/regs.h"

void
vmx_caps_read(struct vmx_caps *c, uint64_t (*rdmsr)(uint32_t msr))
{
	c->basic = rdmsr(MSR_IA32_VMX_BASIC);
	// A.1: with BASIC bit 55 the TRUE_* MSRs report the "default1" controls that a
	// monitor may clear (CR3-load exiting among them); the older MSRs report them as 1.
	int true_ctls = (c->basic & VMX_BASIC_TRUE_CTLS) != 0;
	c->pin = rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_PINBASED_CTLS : MSR_IA32_VMX_PINBASED_CTLS);
	c->cpu = rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_PROCBASED_CTLS : MSR_IA32_VMX_PROCBASED_CTLS);
	c->exit = rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_EXIT_CTLS : MSR_IA32_VMX_EXIT_CTLS);
	c->entry = rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_ENTRY_CTLS : MSR_IA32_VMX_ENTRY_CTLS);
	// A.3.3: the secondary controls' MSR exists only if the primary ones may activate them.
	c->cpu2 = VMX_CTL_ALLOWED1(c->cpu) & CPU_SECONDARY_CONTROLS ?
		  rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2) : 0;
	// A.10: the EPT/VPID MSR exists only if EPT or VPID may be enabled.
	c->ept_vpid = VMX_CTL_ALLOWED1(c->cpu2) & (CPU2_ENABLE_EPT | CPU2_ENABLE_VPID) ?
		      rdmsr(MSR_IA32_VMX_EPT_VPID_CAP) : 0;
	c->cr0_fixed0 = (uint32_t)rdmsr(MSR_IA32_VMX_CR0_FIXED0);
	c->cr0_fixed1 = (uint32_t)rdmsr(MSR_IA32_VMX_CR0_FIXED1);
	c->cr4_fixed0 = (uint32_t)rdmsr(MSR_IA32_VMX_CR4_FIXED0);
	c->cr4_fixed1 = (uint32_t)rdmsr(MSR_IA32_VMX_CR4_FIXED1);
}

int
vmx_ctl_adjust(uint64_t cap, uint32_t want, uint32_t *ctl)
{
	*ctl = (want | VMX_CTL_ALLOWED0(cap)) & VMX_CTL_ALLOWED1(cap);
	return (*ctl & want) == want ? 0 : -E_NOTSUP;
}

uint32_t
vmx_cr_fixed(uint32_t value, uint32_t fixed0, uint32_t fixed1)
{
	return (value | fixed0) & fixed1;
}

// The control fields, and the bits this backend wants in each, for both ways of virtualizing
// guest memory or for one (every other bit stays at the CPU's default: no CR3-load/store
// exiting where the TRUE MSRs allow it under EPT, no RDTSC exiting, a 32-bit host, no MSR
// loading). Shadow paging needs every CR3 load and store (§25.6.7: with CR3_TARGET_COUNT 0
// none is spared) and invlpg to exit (§26.1.3). One list: values and messages follow it.
enum ctl_field { CTL_PIN, CTL_CPU, CTL_CPU2, CTL_EXIT, CTL_ENTRY };
#define MMU_ANY -1

static const struct {
	enum ctl_field field;
	uint32_t bit;
	int mmu;                                  // the enum vm_mmu it is wanted for, or MMU_ANY
	const char *name;
} wants[] = {
	{ CTL_PIN, PIN_EXTINT_EXITING, MMU_ANY, "pin-based: external-interrupt exiting" },
	{ CTL_CPU, CPU_INTR_WINDOW_EXITING, MMU_ANY, "processor-based: interrupt-window exiting" },
	{ CTL_CPU, CPU_HLT_EXITING, MMU_ANY, "processor-based: HLT exiting" },
	{ CTL_CPU, CPU_UNCOND_IO_EXITING, MMU_ANY, "processor-based: unconditional I/O exiting" },
	{ CTL_CPU, CPU_SECONDARY_CONTROLS, VM_MMU_EPT,
	  "processor-based: activate secondary controls" },
	{ CTL_CPU2, CPU2_ENABLE_EPT, VM_MMU_EPT, "secondary: enable EPT" },
	{ CTL_CPU2, CPU2_UNRESTRICTED_GUEST, VM_MMU_EPT, "secondary: unrestricted guest" },
	{ CTL_CPU, CPU_CR3_LOAD_EXITING, VM_MMU_SHADOW, "processor-based: CR3-load exiting" },
	{ CTL_CPU, CPU_CR3_STORE_EXITING, VM_MMU_SHADOW, "processor-based: CR3-store exiting" },
	{ CTL_CPU, CPU_INVLPG_EXITING, VM_MMU_SHADOW, "processor-based: INVLPG exiting" },
};

static bool
wanted(unsigned i, enum ctl_field field, enum vm_mmu mmu)
{
	return wants[i].field == field && (wants[i].mmu == MMU_ANY || wants[i].mmu == (int)mmu);
}

// One field: its value from cap, or -E_NOTSUP naming the first wanted bit it lacks.
static int
ctl_field(enum ctl_field field, enum vm_mmu mmu, uint64_t cap, uint32_t *ctl, char *why,
	  size_t n)
{
	uint32_t want = 0;

	for (unsigned i = 0; i < sizeof wants / sizeof wants[0]; i++)
		if (wanted(i, field, mmu))
			want |= wants[i].bit;
	if (vmx_ctl_adjust(cap, want, ctl) == 0)
		return 0;
	for (unsigned i = 0; i < sizeof wants / sizeof wants[0]; i++)
		if (wanted(i, field, mmu) && !(*ctl & wants[i].bit)) {
			snprintf(why, n, "this CPU's VT-x lacks %s (bit %d)", wants[i].name,
				 __builtin_ctz(wants[i].bit));
			break;
		}
	return -E_NOTSUP;
}

int
vmx_ctls_compute(const struct vmx_caps *c, enum vm_mmu mmu, struct vmx_ctls *ctls, char *why,
		 size_t n)
{
	if (ctl_field(CTL_PIN, mmu, c->pin, &ctls->pin, why, n) < 0 ||
	    ctl_field(CTL_CPU, mmu, c->cpu, &ctls->cpu, why, n) < 0 ||
	    ctl_field(CTL_CPU2, mmu, c->cpu2, &ctls->cpu2, why, n) < 0 ||
	    ctl_field(CTL_EXIT, mmu, c->exit, &ctls->exit, why, n) < 0 ||
	    ctl_field(CTL_ENTRY, mmu, c->entry, &ctls->entry, why, n) < 0)
		return -E_NOTSUP;
	// The interrupt window must be available, but is opened only while an IRQ waits.
	ctls->cpu &= ~CPU_INTR_WINDOW_EXITING | VMX_CTL_ALLOWED0(c->cpu);
	if (ctls->exit & EXIT_HOST_ADDR_SPACE_SIZE || ctls->entry & ENTRY_IA32E_MODE_GUEST) {
		snprintf(why, n, "this CPU's VT-x insists on a 64-bit host or guest");
		return -E_NOTSUP;
	}
	if (mmu == VM_MMU_EPT && (!(c->ept_vpid & EPT_CAP_WALK_4) ||
				  !(c->ept_vpid & (EPT_CAP_MEMTYPE_WB | EPT_CAP_MEMTYPE_UC)))) {
		snprintf(why, n, "this CPU's EPT lacks 4-level walks or a usable memory type "
			 "(IA32_VMX_EPT_VPID_CAP 0x%llx)", (unsigned long long)c->ept_vpid);
		return -E_NOTSUP;
	}
	return 0;
}
