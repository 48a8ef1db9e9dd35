// on.c: finding VT-x and entering VMX operation (SDM 3C §24.6-24.8).
#include "kernel/console.h"
#include "kernel/frame.h"
#include "kernel/panic.h"
#include "lib/error.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "vmm/vmx/insn.h"
#include "vmm/vmx/vmx.h"
#include "x86/msr.h"
#include "x86/paging.h"
#include "x86/regs.h"
#include "x86/x86.h"

struct vmx_caps vmx_caps;
static struct vmcs_region *vmxon_region;    // non-NULL once in VMX operation

static uint64_t
msr_read(uint32_t msr)
{
	return rdmsr(msr);
}

// §24.7: VMXON needs IA32_FEATURE_CONTROL locked with bit 2 set. Firmware usually locks it
// (Bochs' BIOS writes 5); if nobody did, this kernel may still set it.
static bool
vmx_allowed(uint64_t fc)
{
	return !(fc & FEATURE_CONTROL_LOCK) || (fc & FEATURE_CONTROL_VMXON);
}

int
vmx_probe(enum vm_mmu mmu, char *why, size_t n)
{
	uint32_t a, b, c, d;
	struct vmx_ctls ctls;

	cpuid(1, &a, &b, &c, &d);
	if (!(c & CPUID1_ECX_VMX)) {
		snprintf(why, n, "this CPU has no VT-x (CPUID.1:ECX.VMX, bit 5, is 0): QEMU's TCG "
			 "emulates none; boot in Bochs (HOST=bochs) or use backend=te");
		return -E_NOTSUP;
	}
	uint64_t fc = rdmsr(MSR_IA32_FEATURE_CONTROL);
	if (!vmx_allowed(fc)) {
		snprintf(why, n, "the firmware locked VT-x off (IA32_FEATURE_CONTROL 0x%llx)",
			 (unsigned long long)fc);
		return -E_NOTSUP;
	}
	vmx_caps_read(&vmx_caps, msr_read);
	if (VMX_BASIC_VMCS_SIZE(vmx_caps.basic) > PAGE_SIZE) {
		snprintf(why, n, "the VMCS is larger than a page (IA32_VMX_BASIC 0x%llx)",
			 (unsigned long long)vmx_caps.basic);
		return -E_NOTSUP;
	}
	return vmx_ctls_compute(&vmx_caps, mmu, &ctls, why, n);
}

// A zeroed page holding the VMCS revision identifier: a VMXON region or a VMCS (§25.2).
struct vmcs_region *
vmx_region_alloc(void)
{
	struct vmcs_region *r = (struct vmcs_region *)frame_alloc();

	if (r) {
		memset(r, 0, sizeof *r);
		r->revision = VMX_BASIC_REVISION(vmx_caps.basic);
	}
	return r;
}

int
vmx_on(void)
{
	char msg[96];

	if (vmxon_region)
		return 0;
	// Hint: IA32_FEATURE_CONTROL must allow VMXON (lock it if the firmware did not), CR0 and
	// CR4 must hold their fixed bits (vmx_cr_fixed), CR4.VMXE included; then VMXON on a
	// region from vmx_region_alloc (SDM 3C §24.7, §24.8; lab 8 handout, exercise 1).
	// LAB8-SOLUTION-BEGIN
	uint64_t fc = rdmsr(MSR_IA32_FEATURE_CONTROL);
	if (!(fc & FEATURE_CONTROL_LOCK))
		wrmsr(MSR_IA32_FEATURE_CONTROL, fc | FEATURE_CONTROL_LOCK | FEATURE_CONTROL_VMXON);
	// §24.8: in VMX operation CR0 and CR4 keep their fixed bits (CR0.NE is the one this
	// kernel lacked), and CR4.VMXE is one of them.
	lcr0(vmx_cr_fixed(rcr0(), vmx_caps.cr0_fixed0, vmx_caps.cr0_fixed1));
	lcr4(vmx_cr_fixed(rcr4() | CR4_VMXE, vmx_caps.cr4_fixed0, vmx_caps.cr4_fixed1));
	struct vmcs_region *r = vmx_region_alloc();
	if (!r)
		return -E_NOMEM;
	int st = vmxon((uint32_t)r);
	if (st != VMX_OK) {
		printf("vmx: VMXON failed: %s\n", vmx_status_str(st, 0, msg, sizeof msg));
		frame_free((uint32_t)r);
		return -E_IO;
	}
	vmxon_region = r;
	return 0;
	// LAB8-STUB
	// (void)msg;
	// panic("vmx_on: not implemented (VMXON)");
	// LAB8-SOLUTION-END
}

int
vmx_off(void)
{
	char msg[96];
	int st;

	if (!vmxon_region)
		return 0;
	if ((st = vmxoff()) != VMX_OK) {
		printf("vmx: VMXOFF failed: %s\n", vmx_status_str(st, 0, msg, sizeof msg));
		return -E_IO;
	}
	lcr4(rcr4() & ~CR4_VMXE);
	frame_free((uint32_t)vmxon_region);
	vmxon_region = NULL;
	return 0;
}
