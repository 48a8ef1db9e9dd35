// sysreg.c: control-register and MSR exits. With EPT and unrestricted guest the guest loads
// CR0, CR3 and CR4 itself; only the bits the monitor owns (those VMX fixes: the guest/host
// masks of setup.c) make a mov to CR exit. Under shadow paging the bits that decide the walk
// exit too, and every CR3 load and store: paging.c keeps the shadow in step. Every
// rdmsr/wrmsr exits (no MSR bitmap).
#include "kernel/panic.h"
#include "vmm/vmx/vmx.h"
#include "x86/insn.h"
#include "x86/msr.h"
#include "x86/regs.h"
#include "x86/trap.h"
#include "x86/x86.h"

// What the CPU does for a forbidden value or an absent MSR: #GP(0) in the guest.
static enum run_result
sysreg_gp(struct vcpu *v)
{
	stats_count(&v->vm->stats, STAT_EXCEPTION_REFLECTED);
	vmx_event_queue(v, INTR_TYPE_HW_EXCEPTION, T_GP, 0);
	return RUN_AGAIN;
}

// The guest's view of a control register: its own bits, and the read shadow's where the
// monitor owns them (SDM 3C §26.3: mov from CR0/CR4 reads the shadow for masked bits).
static uint32_t
cr_view(enum vmcs_field real, enum vmcs_field shadow, uint32_t mask)
{
	return (vmcs_read(real) & ~mask) | (vmcs_read(shadow) & mask);
}

// mov to CR0, clts, lmsw: the guest's value in the shadow, the legal one in GUEST_CR0.
// False for a value the CPU would refuse with #GP (SDM 2B, MOV to CR0).
static bool
cr0_write(struct vcpu *v, uint32_t val)
{
	if (((val & CR0_PG) && !(val & CR0_PE)) || ((val & CR0_NW) && !(val & CR0_CD)))
		return false;
	v->sregs.cr0 = val;
	vmcs_write(CR0_READ_SHADOW, val);
	vmcs_write(GUEST_CR0, vmx_cr0_real(v, val));
	return true;
}

// CR4: VMXE stays set underneath; a guest that sets a bit this CPU lacks (VMXE included,
// as CPUID hides VT-x) gets #GP.
static bool
cr4_write(struct vcpu *v, uint32_t val)
{
	if (val & ~(vmx_caps.cr4_fixed1 & ~CR4_VMXE))
		return false;
	v->sregs.cr4 = val;
	vmcs_write(CR4_READ_SHADOW, val);
	vmcs_write(GUEST_CR4, vmx_cr4_real(v, val));
	return true;
}

// CR3 accesses exit on a CPU whose controls force CR3-load/store exiting, and under shadow
// paging, where GUEST_CR3 holds the shadow's root instead (vmx_paging_update).
static bool
cr_write(struct vcpu *v, int cr, uint32_t val)
{
	if (cr == 0)
		return cr0_write(v, val);
	if (cr == 4)
		return cr4_write(v, val);
	if (cr != 3)
		return false;
	v->sregs.cr3 = val;
	if (v->vm->mmu == VM_MMU_EPT)
		vmcs_write(GUEST_CR3, val);
	return true;
}

uint32_t
vmx_cr_read(struct vcpu *v, int cr)
{
	if (cr == 0)
		return cr_view(GUEST_CR0, CR0_READ_SHADOW, vmx(v)->cr0_mask);
	if (cr == 4)
		return cr_view(GUEST_CR4, CR4_READ_SHADOW, vmx(v)->cr4_mask);
	return v->vm->mmu == VM_MMU_SHADOW ? v->sregs.cr3 : vmcs_read(GUEST_CR3);
}

// Hint: the qualification says which access it was (CRQ_TYPE: mov to or from CRn, clts,
// lmsw), which CR and which register (SDM 3C §28.2.1, table 28-3); cr_write and cr0_write
// update the VMCS and say whether the CPU would refuse the value (#GP); vmx_paging_update
// keeps the shadow in step; count CR_READ or CR_WRITE (lab 8 handout, exercise 4).
enum run_result
vmx_exit_cr(struct vcpu *v)
{
	// LAB8-SOLUTION-BEGIN
	uint32_t q = vmx(v)->exit_qual;
	uint32_t *gpr = &v->regs.gpr[CRQ_GPR(q)];
	uint32_t cr0 = vmx_cr_read(v, 0), cr4 = vmx_cr_read(v, 4);
	bool ok = true, cr3_load = CRQ_TYPE(q) == CRQ_TYPE_MOV_TO_CR && CRQ_CR(q) == 3;

	stats_count(&v->vm->stats, CRQ_TYPE(q) == CRQ_TYPE_MOV_FROM_CR ? STAT_CR_READ :
				   STAT_CR_WRITE);
	if (CRQ_TYPE(q) == CRQ_TYPE_MOV_TO_CR)
		ok = cr_write(v, CRQ_CR(q), *gpr);
	else if (CRQ_TYPE(q) == CRQ_TYPE_MOV_FROM_CR)
		*gpr = vmx_cr_read(v, CRQ_CR(q));
	else if (CRQ_TYPE(q) == CRQ_TYPE_CLTS)
		ok = cr0_write(v, cr0 & ~CR0_TS);
	else        // lmsw loads PE, MP, EM, TS but cannot clear PE (SDM 2A, LMSW)
		ok = cr0_write(v, (cr0 & ~0xEu) | (CRQ_LMSW_DATA(q) & 0xF));
	if (!ok)
		return sysreg_gp(v);
	if (!vmx_paging_update(v, cr0, cr4, cr3_load))
		return RUN_STOP;
	vmx_skip(v);
	return RUN_AGAIN;
	// LAB8-STUB
	// (void)cr_write, (void)cr0_write;
	// panic("vmx_exit_cr: not implemented (qualification 0x%x)", (unsigned)vmx(v)->exit_qual);
	// LAB8-SOLUTION-END
}

// The MSRs a guest gets: those the VMCS switches for it (their field in *f), the TSC, and
// IA32_FEATURE_CONTROL locked with VT-x off. The others raise #GP, as absent MSRs do.
static bool
msr_field(uint32_t msr, enum vmcs_field *f)
{
	static const struct {
		uint32_t msr;
		enum vmcs_field field;
	} msrs[] = {
		{ MSR_IA32_SYSENTER_CS, GUEST_SYSENTER_CS },
		{ MSR_IA32_SYSENTER_ESP, GUEST_SYSENTER_ESP },
		{ MSR_IA32_SYSENTER_EIP, GUEST_SYSENTER_EIP },
	};

	for (unsigned i = 0; i < sizeof msrs / sizeof msrs[0]; i++)
		if (msrs[i].msr == msr) {
			*f = msrs[i].field;
			return true;
		}
	return false;
}

enum run_result
vmx_exit_rdmsr(struct vcpu *v)
{
	uint32_t *g = v->regs.gpr, msr = g[REG_ECX];
	enum vmcs_field f;
	uint64_t val;

	stats_count(&v->vm->stats, STAT_MSR_READ);
	if (msr_field(msr, &f))
		val = vmcs_read(f);
	else if (msr == MSR_IA32_TSC)
		val = rdtsc();
	else if (msr == MSR_IA32_FEATURE_CONTROL)
		val = FEATURE_CONTROL_LOCK;
	else
		return sysreg_gp(v);
	g[REG_EAX] = (uint32_t)val;
	g[REG_EDX] = (uint32_t)(val >> 32);
	vmx_skip(v);
	return RUN_AGAIN;
}

enum run_result
vmx_exit_wrmsr(struct vcpu *v)
{
	uint32_t *g = v->regs.gpr;
	enum vmcs_field f;

	stats_count(&v->vm->stats, STAT_MSR_WRITE);
	if (!msr_field(g[REG_ECX], &f))
		return sysreg_gp(v);
	vmcs_write(f, g[REG_EAX]);
	vmx_skip(v);
	return RUN_AGAIN;
}
