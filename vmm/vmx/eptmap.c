// eptmap.c: a VM's EPT at run time (lab 9). It starts with no RAM in it and is filled one
// page at each EPT violation, as the guest first touches it; device pages hold a trap, which
// the CPU refuses as an EPT misconfiguration (mmio.c emulates the access); the guest may give
// a page back (the debug device's DEBUG_MMIO_DROP), which needs INVEPT. Each vCPU has a VPID,
// so its TLB entries survive VM exits. The tables themselves are ept.c's.
#include "kernel/frame.h"
#include "kernel/panic.h"
#include "lib/error.h"
#include "lib/string.h"
#include "vmm/vmx/insn.h"
#include "vmm/vmx/vmx.h"
#include "x86/paging.h"

static void *
ept_table_alloc(void)
{
	uint32_t pa = frame_alloc();

	if (pa)
		memset((void *)pa, 0, PAGE_SIZE);      // RAM is mapped 1:1 in the kernel's space
	return (void *)pa;
}

static void
ept_table_free(void *table)
{
	frame_free((uint32_t)table);
}

// Tells the TLB to forget what it derived from the current VMCS's EPT (§29.4.3.1): INVEPT
// single-context, or all-context on a CPU without it; counts STAT_EPT_INVALIDATE (v's VM).
// Returns 0, or -E_IO when INVEPT failed.
static int
vmx_ept_flush(struct vcpu *v)
{
	uint64_t single = EPT_CAP_INVEPT | EPT_CAP_INVEPT_SINGLE;
	bool one = (vmx_caps.ept_vpid & single) == single;
	int st;

	if (!(vmx_caps.ept_vpid & EPT_CAP_INVEPT))
		return 0;                       // no INVEPT: no VPID either, entries flush all
	st = invept(one ? INVEPT_SINGLE_CONTEXT : INVEPT_ALL_CONTEXT, vmcs_read64(EPT_POINTER));
	if (st != VMX_OK)
		return vmx_failed("INVEPT", st);
	stats_count(&v->vm->stats, STAT_EPT_INVALIDATE);
	return 0;
}

// The EPT starts with no RAM in it: each page is mapped at the guest's first touch
// (vmx_ept_fill). What it holds from the start is a trap on each device page, the debug
// device's MMIO window (vmm/dev/debug.h), so that touching one exits as an EPT
// misconfiguration. Returns 0 or the error of ept_trap.
// Hint: one ept_trap (lab 9 handout, exercise 2).
static int
vmx_ept_build(struct vmx_vcpu *x)
{
	// LAB9-SOLUTION-BEGIN
	return ept_trap(&x->ept, DEBUG_MMIO_BASE);
	// LAB9-STUB
	// panic("vmx_ept_build: not implemented (EPT at %p)", (void *)x->ept.pml4);
	// LAB9-SOLUTION-END
}

// The VM stops: an EPT violation (qualification qual) at gpa, where there is neither RAM nor
// a device.
static enum run_result
vmx_ept_stray(struct vcpu *v, uint64_t gpa, uint32_t qual)
{
	const char *access = qual & EPTQ_FETCH ? "fetch" : qual & EPTQ_WRITE ? "write" : "read";

	vm_stop(v->vm, "EPT violation: %s of guest-physical 0x%llx (linear 0x%08x) at eip 0x%08x: "
		"neither RAM nor a device", access, (unsigned long long)gpa,
		qual & EPTQ_LINEAR_VALID ? (unsigned)vmcs_read(GUEST_LINEAR_ADDRESS) : 0,
		(unsigned)v->regs.eip);
	return RUN_STOP;
}

// The VM stops: ept_map refused to map the page of RAM at page (err).
static enum run_result
vmx_ept_refused(struct vcpu *v, uint32_t page, int err)
{
	vm_stop(v->vm, "EPT: cannot map guest-physical 0x%08x: %s", (unsigned)page, error_str(err));
	return RUN_STOP;
}

// Hint: gpa below vm->mem.size is RAM: map its page (gmem_page gives the host page, EPT_RWX
// the rights) and let the guest retry, or vmx_ept_refused if it fails; anything else is
// vmx_ept_stray. Count every violation (lab 9 handout, exercise 2).
enum run_result
vmx_ept_fill(struct vcpu *v, uint64_t gpa, uint32_t qual)
{
	// LAB9-SOLUTION-BEGIN
	struct vm *vm = v->vm;
	uint32_t page = (uint32_t)gpa & PAGE_MASK;

	stats_count(&vm->stats, STAT_EPT_VIOLATION);
	if (gpa >= vm->mem.size)
		return vmx_ept_stray(v, gpa, qual);
	int err = ept_map(&vmx(v)->ept, page, (uint32_t)gmem_page(&vm->mem, page), EPT_RWX);
	return err < 0 ? vmx_ept_refused(v, page, err) : RUN_AGAIN;
	// LAB9-STUB
	// (void)vmx_ept_stray, (void)vmx_ept_refused;
	// panic("vmx_ept_fill: not implemented (gpa 0x%llx, qualification 0x%x, vcpu %p)",
	//       (unsigned long long)gpa, (unsigned)qual, (void *)v);
	// LAB9-SOLUTION-END
}

// DEBUG_MMIO_DROP (the debug device calls it with the vCPU as arg): the page of RAM at gpa
// leaves the EPT and is zeroed; the guest's next touch maps it again (vmx_ept_fill). The
// VM stops for a gpa outside RAM, or when INVEPT fails.
// Hint: ept_unmap, then, if an entry was present, the TLB may still hold it: vmx_ept_flush
// (SDM 3C §29.4.3.1); then zero the host page (lab 9 handout, exercise 4).
static void
vmx_ept_drop(void *arg, uint32_t gpa)
{
	struct vcpu *v = arg;

	// LAB9-SOLUTION-BEGIN
	uint32_t page = gpa & PAGE_MASK;
	uint64_t old;

	if (page >= v->vm->mem.size) {
		vm_stop(v->vm, "EPT: the guest dropped guest-physical 0x%08x: no RAM there",
			(unsigned)gpa);
		return;
	}
	if (ept_unmap(&vmx(v)->ept, page, &old) == 0 && vmx_ept_flush(v) < 0) {
		vm_stop(v->vm, "EPT: INVEPT failed after dropping guest-physical 0x%08x",
			(unsigned)page);
		return;
	}
	memset(gmem_page(&v->vm->mem, page), 0, PAGE_SIZE);
	// LAB9-STUB
	// panic("vmx_ept_drop: not implemented (gpa 0x%08x, vcpu %p)", (unsigned)gpa, (void *)v);
	// LAB9-SOLUTION-END
}

// With EPT each vCPU tags what its TLB holds with a VPID of its own, vm->id + 1 (VPID 0 is
// the host's), so VM entries and exits need not flush it (SDM 3C §29.1). A VM that had the
// same id earlier left entries tagged with it: INVVPID forgets them. Returns 0, or -E_IO
// when INVVPID failed; nothing on a CPU without VPID or single-context INVVPID.
// Hint: the secondary controls (x->ctls.cpu2, written again in the VMCS), the VMCS field
// VIRTUAL_PROCESSOR_ID, invvpid of insn.h (lab 9 handout, exercise 2).
static int
vmx_vpid_init(struct vcpu *v)
{
	struct vmx_vcpu *x = vmx(v);
	uint64_t need = EPT_CAP_INVVPID | EPT_CAP_INVVPID_SINGLE;

	if (!(VMX_CTL_ALLOWED1(vmx_caps.cpu2) & CPU2_ENABLE_VPID) ||
	    (vmx_caps.ept_vpid & need) != need)
		return 0;
	// LAB9-SOLUTION-BEGIN
	uint16_t vpid = v->vm->id + 1;
	int st;

	x->ctls.cpu2 |= CPU2_ENABLE_VPID;
	vmcs_write(SECONDARY_VM_EXEC_CONTROL, x->ctls.cpu2);
	vmcs_write(VIRTUAL_PROCESSOR_ID, vpid);
	if ((st = invvpid(INVVPID_SINGLE_CONTEXT, vpid, 0)) != VMX_OK)
		return vmx_failed("INVVPID", st);
	return 0;
	// LAB9-STUB
	// panic("vmx_vpid_init: not implemented (vm %d, secondary controls 0x%08x)", v->vm->id,
	//       (unsigned)x->ctls.cpu2);
	// LAB9-SOLUTION-END
}

// The EPT: its tables, their pointer in the VMCS (§25.6.11), the device traps, a VPID, and
// the debug device's page drops.
int
vmx_ept_init(struct vcpu *v)
{
	struct vmx_vcpu *x = vmx(v);
	unsigned memtype = vmx_caps.ept_vpid & EPT_CAP_MEMTYPE_WB ? MEMTYPE_WB : MEMTYPE_UC;
	int err = ept_init(&x->ept, ept_table_alloc, ept_table_free);

	if (err < 0)
		return err;
	vmcs_write64(EPT_POINTER, ept_pointer(&x->ept, memtype));
	v->vm->board.debug.drop = vmx_ept_drop;
	v->vm->board.debug.drop_arg = v;
	// Tables at these addresses may have served an earlier VM: the TLB must forget what
	// it derived from them.
	if ((err = vmx_ept_build(x)) < 0 || (err = vmx_ept_flush(v)) < 0)
		return err;
	return vmx_vpid_init(v);
}
