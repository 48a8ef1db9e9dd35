// paging.c: the guest's memory under VT-x, in one of two ways (vm->mmu, mmu= on the monitor's
// command line):
//   ept     (the default) the CPU walks the guest's own tables, then the monitor's EPT
//           (lab 9): paging is the guest's business and never exits;
//   shadow  no EPT: the CPU walks lab 6's shadow tables (vmm/shadow/), as VT-x processors did
//           before EPT. The guest runs with paging on whatever it believes; CR3 loads, invlpg
//           and page faults exit, and keep the shadow right.
// Without EPT there is no unrestricted guest either (SDM 3C §27.3.1.1): the guest's CR0 has
// PE and PG set underneath, and the CR0/CR4 read shadows show it the values it wrote. Under
// shadow paging this backend enables no VPID, so every VM entry and exit flushes the guest's
// linear mappings (§29.4.3.1): a shadow entry the monitor drops or changes is never used
// stale. The EPT's side (filled on violations, device traps, VPID) is eptmap.c.
#include "kernel/frame.h"
#include "kernel/panic.h"
#include "lib/error.h"
#include "lib/string.h"
#include "vmm/vmx/insn.h"
#include "vmm/vmx/vmx.h"
#include "x86/paging.h"
#include "x86/regs.h"
#include "x86/trap.h"

static bool
shadowed(const struct vcpu *v)
{
	return v->vm->mmu == VM_MMU_SHADOW;
}

uint32_t
vmx_cr0_owned(const struct vcpu *v)
{
	const struct vmx_caps *c = &vmx_caps;
	uint32_t fixed = c->cr0_fixed0 | ~c->cr0_fixed1;

	// Unrestricted guest frees CR0.PE and CR0.PG (§27.3.1.1); a shadow needs WP too (a
	// clean page is read-only in the shadow even for the guest kernel).
	return shadowed(v) ? fixed | CR0_PE | CR0_PG | CR0_WP : fixed & ~(CR0_PE | CR0_PG);
}

uint32_t
vmx_cr4_owned(const struct vcpu *v)
{
	const struct vmx_caps *c = &vmx_caps;

	// A shadow has the host's format (PAE or not) and only 4 KiB pages: the monitor decides
	// CR4.PAE and PSE, the guest sees its own.
	return c->cr4_fixed0 | ~c->cr4_fixed1 | (shadowed(v) ? CR4_PAE | CR4_PSE : 0);
}

uint32_t
vmx_cr0_real(const struct vcpu *v, uint32_t cr0)
{
	const struct vmx_caps *c = &vmx_caps;

	if (shadowed(v))
		return vmx_cr_fixed(cr0 | CR0_PE | CR0_PG | CR0_WP, c->cr0_fixed0, c->cr0_fixed1);
	return vmx_cr_fixed(cr0, c->cr0_fixed0 & ~(CR0_PE | CR0_PG), c->cr0_fixed1);
}

uint32_t
vmx_cr4_real(const struct vcpu *v, uint32_t cr4)
{
	const struct vmx_caps *c = &vmx_caps;
	uint32_t real = vmx_cr_fixed(cr4, c->cr4_fixed0, c->cr4_fixed1);

	if (!shadowed(v))
		return real;
	// With PAE and no EPT, VM entry loads the PDPTEs from the shadow's root in GUEST_CR3
	// (§27.3.2.4): kernel/vm.c makes all four directories with the space.
	return (real & ~(CR4_PAE | CR4_PSE)) | (vm_mode() == PAGING_PAE ? CR4_PAE : 0);
}

int
vmx_paging_init(struct vcpu *v)
{
	if (!shadowed(v))
		return vmx_ept_init(v);
	int err = shadow_init(v, 0);            // no trampoline: VM exits need none
	if (err == 0)
		vmcs_write(GUEST_CR3, v->shadow.space.root);
	return err;
}

void
vmx_paging_destroy(struct vcpu *v)
{
	ept_destroy(&vmx(v)->ept);
	shadow_destroy(v);
}

uint32_t
vmx_paging_root(const struct vcpu *v)
{
	return shadowed(v) ? v->shadow.space.root : (uint32_t)vmx(v)->ept.pml4;
}

bool
vmx_paging_update(struct vcpu *v, uint32_t old0, uint32_t old4, bool cr3_loaded)
{
	const struct vcpu_sregs *s = &v->sregs;

	if (!shadowed(v))
		return true;
	if (!(s->cr0 & CR0_PE) || (s->cr4 & CR4_PAE)) {
		vm_stop(v->vm, "cr0 0x%08x, cr4 0x%08x at eip 0x%08x: without EPT (mmu=shadow) the "
			"guest must stay in protected mode with 2-level paging", (unsigned)s->cr0,
			(unsigned)s->cr4, (unsigned)v->regs.eip);
		return false;
	}
	if (shadow_update(v, old0, old4, cr3_loaded) < 0) {
		vm_stop(v->vm, "out of memory for shadow page tables");
		return false;
	}
	vmcs_write(GUEST_CR3, v->shadow.space.root);
	return true;
}

// The guest's own #PF, delivered through its IDT by event injection (§27.6), which leaves CR2
// alone: vmx_state_put loads the guest's CR2 before the entry. A #PF met while the CPU
// delivered a #PF or a contributory exception is a double fault, and one met while it
// delivered a double fault shuts the guest down (SDM 3A §6.15, table 6-5); an interrupt
// whose delivery failed is lost, as on a CPU.
static enum run_result
vmx_page_fault_give(struct vcpu *v, uint32_t addr, uint32_t pferr)
{
	uint32_t prior = vmx(v)->inject;        // requeued from the IDT-vectoring information
	int vector = INTR_INFO_VECTOR(prior);
	bool exception = (prior & INTR_INFO_VALID) && INTR_INFO_TYPE(prior) == INTR_TYPE_HW_EXCEPTION;

	stats_count(&v->vm->stats, STAT_PAGE_FAULT_GUEST);
	v->sregs.cr2 = addr;
	if (exception && vector == T_DF) {
		stats_count(&v->vm->stats, STAT_TRIPLE_FAULT);
		vm_stop(v->vm, "triple fault at eip 0x%08x: a page fault (0x%08x) while delivering a "
			"double fault", (unsigned)v->regs.eip, (unsigned)addr);
		return RUN_STOP;
	}
	if (exception && (vector == T_PF || vector == T_DE || (vector >= T_TS && vector <= T_GP)))
		vmx_event_queue(v, INTR_TYPE_HW_EXCEPTION, T_DF, 0);
	else
		vmx_event_queue(v, INTR_TYPE_HW_EXCEPTION, T_PF, (int)pferr);
	return RUN_AGAIN;
}

enum run_result
vmx_exit_page_fault(struct vcpu *v, uint32_t err)
{
	uint32_t addr = vmx(v)->exit_qual, pferr;

	if (shadow_fault(v, v->regs.eip, addr, err, &pferr)) {
		stats_count(&v->vm->stats, STAT_PAGE_FAULT_SHADOW);
		return RUN_AGAIN;                   // an event being delivered is requeued
	}
	return v->vm->state == VM_RUNNING ? vmx_page_fault_give(v, addr, pferr) : RUN_STOP;
}

enum run_result
vmx_exit_invlpg(struct vcpu *v)
{
	stats_count(&v->vm->stats, STAT_INVLPG);
	shadow_invlpg(v, vmx(v)->exit_qual);    // the TLB forgets at the next entry (no VPID)
	vmx_skip(v);
	return RUN_AGAIN;
}
