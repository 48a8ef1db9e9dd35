// exit.c: sorting VM exits by reason (SDM 3D appendix C) and the handlers of the simple ones;
// port I/O is in io.c, control registers and MSRs in sysreg.c.
#include "hypercall.h"
#include "kernel/panic.h"
#include "vmm/cpuid.h"
#include "vmm/hcall.h"
#include "vmm/vmx/vmx.h"
#include "x86/insn.h"
#include "x86/regs.h"
#include "x86/trap.h"
#include "x86/x86.h"

typedef enum run_result (*exit_fn)(struct vcpu *v);

// Hint: the exit says how long the instruction was (VM_EXIT_INSTRUCTION_LEN, SDM 3C
// §28.2.5); x->interruptibility holds GUEST_INTERRUPTIBILITY_INFO as the exit left it, and
// the blocking by sti or mov ss ends with the instruction that follows them (§25.4.2; lab 8
// handout, exercise 4).
void
vmx_skip(struct vcpu *v)
{
	// LAB8-SOLUTION-BEGIN
	struct vmx_vcpu *x = vmx(v);
	uint32_t shadow = INTERRUPTIBILITY_STI | INTERRUPTIBILITY_MOV_SS;

	v->regs.eip += vmcs_read(VM_EXIT_INSTRUCTION_LEN);
	if (x->interruptibility & shadow) {
		x->interruptibility &= ~shadow;
		vmcs_write(GUEST_INTERRUPTIBILITY_INFO, x->interruptibility);
	}
	// LAB8-STUB
	// panic("vmx_skip: not implemented (eip 0x%08x)", (unsigned)v->regs.eip);
	// LAB8-SOLUTION-END
}

// A host interrupt came while the guest ran. It still waits in the host's PIC ("acknowledge
// interrupt on exit" is off): one instruction with IF set lets the kernel's IDT take it.
static enum run_result
exit_extint(struct vcpu *v)
{
	stats_count(&v->vm->stats, STAT_IRQ_HOST);
	irq_window();
	return RUN_AGAIN;
}

// The guest can take an interrupt now: the shared loop injects it.
static enum run_result
exit_window(struct vcpu *v)
{
	stats_count(&v->vm->stats, STAT_IRQ_WINDOW);
	return RUN_AGAIN;
}

// hlt exits (HLT exiting): the vCPU idles in the shared loop until an interrupt is injected.
// Counts STAT_HLT; returns RUN_HALT past the hlt, or RUN_STOP with the VM stopped when the
// guest's IF is clear (nothing could ever wake it).
// Hint: the guest's EFLAGS are in v->regs; skip the instruction as for any emulated one
// (lab 8 handout, exercise 4).
static enum run_result
exit_hlt(struct vcpu *v)
{
	// LAB8-SOLUTION-BEGIN
	stats_count(&v->vm->stats, STAT_HLT);
	if (!(v->regs.eflags & FL_IF)) {
		vm_stop(v->vm, "hlt with interrupts disabled at eip 0x%08x: the guest can never wake "
			"up", (unsigned)v->regs.eip);
		return RUN_STOP;
	}
	vmx_skip(v);
	return RUN_HALT;
	// LAB8-STUB
	// panic("exit_hlt: not implemented (eip 0x%08x)", (unsigned)v->regs.eip);
	// LAB8-SOLUTION-END
}

// CPUID always exits in non-root mode (SDM 3C §26.1.2): the monitor answers for the CPU.
// Hint: ask the real CPU (cpuid_count), let cpuid_virtualize hide VT-x and add the
// hypervisor leaves, write eax..edx back to the guest's registers, and skip the instruction
// (lab 8 handout, exercise 3).
static enum run_result
exit_cpuid(struct vcpu *v)
{
	// LAB8-SOLUTION-BEGIN
	uint32_t *g = v->regs.gpr, r[4];
	uint32_t leaf = g[REG_EAX];

	stats_count(&v->vm->stats, STAT_CPUID);
	cpuid_count(leaf, g[REG_ECX], &r[CPUID_EAX], &r[CPUID_EBX], &r[CPUID_ECX], &r[CPUID_EDX]);
	cpuid_virtualize(leaf, HV_INSN_VMCALL, r);
	g[REG_EAX] = r[CPUID_EAX], g[REG_EBX] = r[CPUID_EBX];
	g[REG_ECX] = r[CPUID_ECX], g[REG_EDX] = r[CPUID_EDX];
	vmx_skip(v);
	return RUN_AGAIN;
	// LAB8-STUB
	// panic("exit_cpuid: not implemented (leaf 0x%x)", (unsigned)v->regs.gpr[REG_EAX]);
	// LAB8-SOLUTION-END
}

// The guest's privilege level: SS.DPL (SDM 3A §5.5), bits 6:5 of its access rights.
static int
vmx_guest_cpl(void)
{
	return (vmcs_read(GUEST_SS_AR_BYTES) >> 5) & 3;
}

// Only the guest kernel may call the monitor; its programs get #UD, as on a CPU without it.
static enum run_result
exit_vmcall(struct vcpu *v)
{
	if (vmx_guest_cpl() != 0) {
		stats_count(&v->vm->stats, STAT_UD_REFLECTED);
		vmx_event_queue(v, INTR_TYPE_HW_EXCEPTION, T_UD, -1);
		return RUN_AGAIN;
	}
	vmx_skip(v);
	return hcall_run(v);
}

// VMXON, VMREAD... by the guest: CPUID told it there is no VT-x, so they are invalid opcodes.
static enum run_result
exit_vmx_insn(struct vcpu *v)
{
	stats_count(&v->vm->stats, STAT_UD_REFLECTED);
	vmx_event_queue(v, INTR_TYPE_HW_EXCEPTION, T_UD, -1);
	return RUN_AGAIN;
}

// invd exits whatever the controls say (§26.1.2); dropping the caches is the host's business.
static enum run_result
exit_invd(struct vcpu *v)
{
	stats_count(&v->vm->stats, STAT_CACHE);
	vmx_skip(v);
	return RUN_AGAIN;
}

static enum run_result
exit_triple_fault(struct vcpu *v)
{
	stats_count(&v->vm->stats, STAT_TRIPLE_FAULT);
	vm_stop(v->vm, "triple fault at eip 0x%08x (cr0 0x%08x, cr3 0x%08x, idtr limit 0x%x): "
		"the guest could not deliver an exception", (unsigned)v->regs.eip,
		(unsigned)vmcs_read(GUEST_CR0), (unsigned)vmcs_read(GUEST_CR3),
		(unsigned)vmcs_read(GUEST_IDTR_LIMIT));
	return RUN_STOP;
}

// Guest RAM enters the EPT at its first touch (eptmap.c). The same page again at the very
// next exit means the entry made for it did not take: the guest would loop there forever.
static enum run_result
exit_ept_violation(struct vcpu *v)
{
	struct vmx_vcpu *x = vmx(v);
	uint64_t gpa = vmcs_read64(GUEST_PHYSICAL_ADDRESS), page = (gpa >> 12) + 1;
	uint64_t *leaf;

	if (x->violated == page) {
		leaf = ept_walk(&x->ept, gpa);
		vm_stop(v->vm, "EPT violation at guest-physical 0x%llx again, with no exit between: "
			"its EPT entry (0x%llx) does not map it", (unsigned long long)gpa,
			leaf ? (unsigned long long)*leaf : 0ull);
		return RUN_STOP;
	}
	x->violated = page;
	return vmx_ept_fill(v, gpa, x->exit_qual);
}

// The monitor's traps on device pages (mmio.c).
static enum run_result
exit_ept_misconfig(struct vcpu *v)
{
	return vmx_exit_mmio(v, vmcs_read64(GUEST_PHYSICAL_ADDRESS));
}

// An exit with no handler, or a VM entry the CPU refused: it checked the guest state, found
// it wrong and exited at once (§27.8). The VM stops with the reason named.
static enum run_result
exit_unexpected(struct vcpu *v)
{
	struct vmx_vcpu *x = vmx(v);
	uint32_t reason = EXIT_REASON_BASIC(x->exit_reason);
	bool entry = x->exit_reason & EXIT_REASON_ENTRY_FAIL;

	stats_count(&v->vm->stats, STAT_UNEXPECTED);
	vm_stop(v->vm, "%s %u (%s), qualification 0x%x, at eip 0x%08x%s",
		entry ? "VM entry failed: exit reason" : "unexpected VM exit", (unsigned)reason,
		vmx_exit_name(reason), (unsigned)x->exit_qual, (unsigned)v->regs.eip,
		entry ? ": the CPU rejected the guest state in the VMCS" : "");
	return RUN_STOP;
}

// An exception the exception bitmap sends to the monitor (§25.6.3): under shadow paging, #PF
// alone. Its error code is in the exit's interruption information (§28.2.2).
static enum run_result
exit_exception(struct vcpu *v)
{
	uint32_t info = vmcs_read(VM_EXIT_INTR_INFO);

	if (INTR_INFO_TYPE(info) == INTR_TYPE_HW_EXCEPTION && INTR_INFO_VECTOR(info) == T_PF)
		return vmx_exit_page_fault(v, vmcs_read(VM_EXIT_INTR_ERROR_CODE));
	return exit_unexpected(v);
}

static const exit_fn handlers[EXIT_REASON_MAX] = {
	[EXIT_REASON_EXCEPTION_NMI] = exit_exception,
	[EXIT_REASON_EXTERNAL_INTERRUPT] = exit_extint,
	[EXIT_REASON_TRIPLE_FAULT] = exit_triple_fault,
	[EXIT_REASON_INTERRUPT_WINDOW] = exit_window,
	[EXIT_REASON_CPUID] = exit_cpuid,
	[EXIT_REASON_HLT] = exit_hlt,
	[EXIT_REASON_INVD] = exit_invd,
	[EXIT_REASON_INVLPG] = vmx_exit_invlpg,
	[EXIT_REASON_VMCALL] = exit_vmcall,
	[EXIT_REASON_VMCLEAR] = exit_vmx_insn,
	[EXIT_REASON_VMLAUNCH] = exit_vmx_insn,
	[EXIT_REASON_VMPTRLD] = exit_vmx_insn,
	[EXIT_REASON_VMPTRST] = exit_vmx_insn,
	[EXIT_REASON_VMREAD] = exit_vmx_insn,
	[EXIT_REASON_VMRESUME] = exit_vmx_insn,
	[EXIT_REASON_VMWRITE] = exit_vmx_insn,
	[EXIT_REASON_VMXOFF] = exit_vmx_insn,
	[EXIT_REASON_VMXON] = exit_vmx_insn,
	[EXIT_REASON_INVEPT] = exit_vmx_insn,
	[EXIT_REASON_INVVPID] = exit_vmx_insn,
	[EXIT_REASON_CR_ACCESS] = vmx_exit_cr,
	[EXIT_REASON_IO_INSTRUCTION] = vmx_exit_io,
	[EXIT_REASON_RDMSR] = vmx_exit_rdmsr,
	[EXIT_REASON_WRMSR] = vmx_exit_wrmsr,
	[EXIT_REASON_EPT_VIOLATION] = exit_ept_violation,
	[EXIT_REASON_EPT_MISCONFIG] = exit_ept_misconfig,
};

enum run_result
vmx_exit_handle(struct vcpu *v)
{
	struct vmx_vcpu *x = vmx(v);
	uint32_t reason = EXIT_REASON_BASIC(x->exit_reason);

	if (x->exit_reason & EXIT_REASON_ENTRY_FAIL)
		return exit_unexpected(v);
	vmx_event_requeue(v);
	if (reason != EXIT_REASON_EPT_VIOLATION)
		x->violated = 0;
	exit_fn fn = reason < EXIT_REASON_MAX ? handlers[reason] : NULL;
	return fn ? fn(v) : exit_unexpected(v);
}
