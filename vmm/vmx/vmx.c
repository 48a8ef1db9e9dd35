// vmx.c: the VT-x backend: a VMCS and the guest's memory (EPT or shadow tables: paging.c)
// per VM, and one step of the shared loop: enter the guest, come back at its next VM exit,
// handle the exit.
#include "kernel/console.h"
#include "kernel/frame.h"
#include "kernel/kernel.h"
#include "kernel/panic.h"
#include "lib/cmdline.h"
#include "lib/error.h"
#include "lib/string.h"
#include "vmm/backend.h"
#include "vmm/vmx/insn.h"
#include "vmm/vmx/vmx.h"
#include "x86/insn.h"
#include "x86/paging.h"
#include "x86/x86.h"

static struct vmx_vcpu vmx_vcpus[VM_MAX];
static struct pseudo_desc host_gdtr, host_idtr;

int
vmx_failed(const char *what, int st)
{
	char msg[96];

	printf("vmx: %s failed: %s\n", what, vmx_status_str(st, vmcs_error(), msg, sizeof msg));
	return -E_IO;
}

// The test hook vmxbreak=WHAT (setup.c).
static int
vmx_break_hook(void)
{
	char what[16];

	if (cmdline_get(boot_info.cmdline, "vmxbreak", what, sizeof what) < 0)
		return 0;
	int err = vmcs_break(what);
	printf("vmx: vmxbreak=%s: %s\n", what, err < 0 ? "unknown (cs, host or ctl)" :
	       "one VMCS field broken on purpose");
	return err;
}

static void
vmx_vm_destroy(struct vm *vm)
{
	struct vmx_vcpu *x = vmx(&vm->vcpu);

	int st;

	if (x->vmcs) {
		if ((st = vmcs_clear(x)) != VMX_OK)
			vmx_failed("VMCLEAR", st);
		frame_free((uint32_t)x->vmcs);
		x->vmcs = NULL;
	}
	vmx_paging_destroy(&vm->vcpu);
	for (int i = 0; i < VM_MAX; i++)               // VMXOFF with the last VM on vmx
		if (&vms[i] != vm && vms[i].state != VM_OFF && vms[i].backend == vm->backend)
			return;
	vmx_off();
}

// A fresh VMCS, current, filled in for the guest entry e.
static int
vmx_vmcs_init(struct vcpu *v, const struct guest_entry *e)
{
	struct vmx_vcpu *x = vmx(v);
	int st;

	x->vmcs = vmx_region_alloc();
	if (!x->vmcs)
		return -E_NOMEM;
	if ((st = vmcs_clear(x)) != VMX_OK)         // §25.11.3: VMCLEAR a new VMCS first
		return vmx_failed("VMCLEAR", st);
	if ((st = vmcs_load(x)) != VMX_OK)
		return vmx_failed("VMPTRLD", st);
	vmcs_ctls_init(v);
	vmcs_host_init();
	vmcs_guest_init(v, e->eip, e->eax, e->ebx);
	return 0;
}

static int
vmx_vm_init(struct vm *vm, const struct guest_entry *e)
{
	struct vmx_vcpu *x = &vmx_vcpus[vm->id];
	char why[128];
	int err;

	memset(x, 0, sizeof *x);
	vm->vcpu.backend_data = x;
	if ((err = vmx_ctls_compute(&vmx_caps, vm->mmu, &x->ctls, why, sizeof why)) < 0 ||
	    (err = vmx_on()) < 0)
		return err;
	sgdt(&host_gdtr);
	sidt(&host_idtr);
	if ((err = vmx_vmcs_init(&vm->vcpu, e)) < 0 || (err = vmx_paging_init(&vm->vcpu)) < 0 ||
	    (err = vmx_break_hook()) < 0)
		vmx_vm_destroy(vm);
	return err;
}

// What the VMCS holds of the guest's registers goes to v->regs after an exit, and back
// before the next entry; CR2 is no VMCS field: the CPU leaves the guest's in the real one.
static void
vmx_state_get(struct vcpu *v)
{
	struct vmx_vcpu *x = vmx(v);

	x->exit_reason = vmcs_read(VM_EXIT_REASON);
	x->exit_qual = vmcs_read(EXIT_QUALIFICATION);
	x->interruptibility = vmcs_read(GUEST_INTERRUPTIBILITY_INFO);
	v->regs.eip = vmcs_read(GUEST_RIP);
	v->regs.gpr[REG_ESP] = vmcs_read(GUEST_RSP);
	v->regs.eflags = vmcs_read(GUEST_RFLAGS);
	v->sregs.cr2 = rcr2();
}

static void
vmx_state_put(struct vcpu *v)
{
	vmcs_write(GUEST_RIP, v->regs.eip);
	vmcs_write(GUEST_RSP, v->regs.gpr[REG_ESP]);
	vmcs_write(GUEST_RFLAGS, v->regs.eflags);
	if (rcr2() != v->sregs.cr2)
		lcr2(v->sregs.cr2);
}

// A VMX instruction refused to run the guest: the VM stops, the error named.
static enum run_result
vmx_run_failed(struct vcpu *v, const char *what, int st)
{
	char msg[96];

	stats_count(&v->vm->stats, STAT_UNEXPECTED);
	vm_stop(v->vm, "%s failed: %s", what, vmx_status_str(st, vmcs_error(), msg, sizeof msg));
	return RUN_STOP;
}

static enum run_result
vmx_run(struct vcpu *v)
{
	struct vmx_vcpu *x = vmx(v);
	int st;

	// A VM exit leaves interrupts off, and the monitor keeps them off, but for a moment
	// before each entry: a host interrupt that came while it handled other exits is taken
	// here. Under shadow paging the guest exits often and the monitor's work is longer; the
	// host's serial line overflowed (Bochs) waiting for an exit of its own.
	irq_window();
	if ((st = vmcs_load(x)) != VMX_OK)
		return vmx_run_failed(v, "VMPTRLD", st);
	vmx_event_prepare(v);
	vmx_state_put(v);
	if ((st = vmx_enter(&v->regs, x->launched)) != VMX_OK)
		return vmx_run_failed(v, x->launched ? "VMRESUME" : "VMLAUNCH", st);
	lgdt(&host_gdtr);               // a VM exit sets both limits to 0xFFFF (§28.5.2)
	lidt(&host_idtr);
	vmx_state_get(v);
	if (!(x->exit_reason & EXIT_REASON_ENTRY_FAIL))
		x->launched = true;
	return vmx_exit_handle(v);
}

static void
vmx_seg_get(struct vcpu_seg *s, int index)
{
	int off = VMCS_SEG_STRIDE * index;

	s->sel = vmcs_read(GUEST_ES_SELECTOR + off);
	s->base = vmcs_read(GUEST_ES_BASE + off);
	s->limit = vmcs_read(GUEST_ES_LIMIT + off);
	s->attr = vmcs_read(GUEST_ES_AR_BYTES + off) & 0xF0FF;
}

// The guest's view: its segments and tables as the VMCS holds them, its CR0 and CR4 through
// the read shadows.
static void
vmx_sync(struct vcpu *v)
{
	if (vmcs_load(vmx(v)) != VMX_OK)
		return;
	for (int i = 0; i < SREG_COUNT; i++)
		vmx_seg_get(&v->sregs.seg[i], i);
	vmx_seg_get(&v->sregs.ldtr, SREG_COUNT);
	vmx_seg_get(&v->sregs.tr, SREG_COUNT + 1);
	v->sregs.gdtr.base = vmcs_read(GUEST_GDTR_BASE);
	v->sregs.gdtr.limit = vmcs_read(GUEST_GDTR_LIMIT);
	v->sregs.idtr.base = vmcs_read(GUEST_IDTR_BASE);
	v->sregs.idtr.limit = vmcs_read(GUEST_IDTR_LIMIT);
	v->sregs.cr0 = vmx_cr_read(v, 0);
	v->sregs.cr3 = vmx_cr_read(v, 3);
	v->sregs.cr4 = vmx_cr_read(v, 4);
	v->real_cs = v->sregs.seg[SREG_CS].sel;
	v->real_cr3 = vmx_paging_root(v);          // what the hardware walks: EPT or shadow
}

const struct backend backend_vmx = {
	.name = "vmx",
	.mmu = VM_MMU_EPT,
	.probe = vmx_probe,
	.vm_init = vmx_vm_init,
	.vm_destroy = vmx_vm_destroy,
	.vcpu_run = vmx_run,
	.can_inject = vmx_can_inject,
	.inject = vmx_inject,
	.sync = vmx_sync,
};
