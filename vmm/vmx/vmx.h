// vmx.h: the VT-x backend's own state and its parts (internal to vmm/vmx/).
//
// The guest runs unmodified at ring 0 in VMX non-root operation. Its CPU state lives in one
// VMCS per vCPU (set up by setup.c), its physical memory behind EPT tables that map guest RAM
// as the guest touches it, and traps on device pages (ept.c, eptmap.c, mmio.c), or, with mmu=shadow, behind the shadow page tables te uses too
// (paging.c has both). vmx.c enters the guest through entry.S, which comes back at every VM
// exit; exit.c sorts the exits by reason and hands each to a small handler.
//
// The guest's general registers live in vcpu->regs while the monitor runs: entry.S loads
// them before VMLAUNCH/VMRESUME and stores them at each exit; EIP, ESP and EFLAGS, which the
// VMCS holds, are copied there at each exit and back before each entry.
#ifndef VMM_VMX_VMX_H
#define VMM_VMX_VMX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vmm/backend.h"
#include "vmm/vm.h"
#include "vmm/vmx/ept.h"
#include "x86/vmx.h"

// --- cap.c: what this CPU's VT-x offers, read from its capability MSRs ---

struct vmx_caps {
	uint64_t basic;                      // IA32_VMX_BASIC
	uint64_t pin, cpu, exit, entry;      // the TRUE_* control MSRs where BASIC bit 55 says so
	uint64_t cpu2;                       // IA32_VMX_PROCBASED_CTLS2 (0 if there is none)
	uint64_t ept_vpid;                   // IA32_VMX_EPT_VPID_CAP (0 if there is none)
	uint32_t cr0_fixed0, cr0_fixed1;     // CR0 bits that must be 1 / may be 1 in VMX operation
	uint32_t cr4_fixed0, cr4_fixed1;
};

// The control values a VMCS is given.
struct vmx_ctls {
	uint32_t pin, cpu, cpu2, exit, entry;
};

// Reads every capability MSR through rdmsr (the real instruction in the monitor, a table
// in the unit tests). The CPU must have VMX (CPUID.1:ECX.VMX): the MSRs fault otherwise.
void vmx_caps_read(struct vmx_caps *c, uint64_t (*rdmsr)(uint32_t msr));

// The value of one control field: the wanted bits plus those the CPU forces to 1 (allowed-0
// settings, the low half of cap), minus those it forces to 0 (allowed-1 settings, the high
// half). Returns 0, or -E_NOTSUP when a wanted bit cannot be 1 (*ctl holds the value anyway).
int vmx_ctl_adjust(uint64_t cap, uint32_t want, uint32_t *ctl);

// The controls this backend runs its guests with (external interrupts, HLT and all I/O
// exit), for guest memory virtualized as mmu says: EPT and unrestricted guest on, CR3
// accesses free where the CPU allows (VM_MMU_EPT); or CR3 loads and stores and INVLPG
// exiting, no secondary controls (VM_MMU_SHADOW). Returns 0, or -E_NOTSUP with the missing
// feature named in why.
int vmx_ctls_compute(const struct vmx_caps *c, enum vm_mmu mmu, struct vmx_ctls *ctls,
		     char *why, size_t n);

// A control-register value made legal in VMX operation: the fixed-1 bits set, the fixed-0
// bits cleared (SDM 3D A.7, A.8).
uint32_t vmx_cr_fixed(uint32_t value, uint32_t fixed0, uint32_t fixed1);

// --- names.c: reports ---

// "VM entry with invalid host-state field(s)" for VM-instruction error 8; "unknown error"
// for a number the manual does not define.
const char *vmx_error_name(uint32_t error);
// "HLT" for exit reason 12; "unknown exit reason" outside the list.
const char *vmx_exit_name(uint32_t basic_reason);
// "GUEST_CS_AR_BYTES" for 0x4816; "?" for an encoding not in vmx.h's lists.
const char *vmcs_field_name(uint32_t encoding);
// "VMfailValid (7: VM entry with invalid control field(s))" and the like, into buf.
const char *vmx_status_str(int status, uint32_t error, char *buf, size_t n);
// Says on the console how the VMX instruction `what` failed (status st); returns -E_IO.
int vmx_failed(const char *what, int st);

// --- the state of one vCPU (vmx.c) ---

struct vmx_vcpu {
	struct vmcs_region *vmcs;   // its VMCS: one page, its address is its physical address
	bool launched;              // VMLAUNCH done since the last VMCLEAR: VMRESUME next
	struct ept ept;             // guest-physical memory
	struct vmx_ctls ctls;       // as written in the VMCS (ctls.cpu follows the IRQ window)
	uint32_t cr0_mask, cr4_mask;  // CR bits the monitor owns; the guest sees the shadows
	uint32_t inject;            // VM_ENTRY_INTR_INFO for the next entry (0: no event)
	uint32_t inject_err, inject_len;
	uint32_t exit_reason;       // the last exit: VM_EXIT_REASON and EXIT_QUALIFICATION
	uint32_t exit_qual;
	uint32_t interruptibility;  // GUEST_INTERRUPTIBILITY_INFO at the last exit
	uint64_t violated;          // 1 + the page of the last exit if an EPT violation, else 0
};

// The VT-x state of a vCPU.
static inline struct vmx_vcpu *
vmx(const struct vcpu *v)
{
	return v->backend_data;
}

// --- on.c: detection and VMX operation ---

extern struct vmx_caps vmx_caps;        // read by vmx_probe

// 0 if this CPU can run the backend with guest memory virtualized as mmu says (VT-x,
// allowed by the firmware; EPT and unrestricted guest for VM_MMU_EPT); else -E_NOTSUP with
// the reason in why.
int vmx_probe(enum vm_mmu mmu, char *why, size_t n);
// Enters VMX operation, once: IA32_FEATURE_CONTROL, CR0/CR4 fixed bits, CR4.VMXE, VMXON.
// Returns 0, -E_NOMEM, or -E_IO when VMXON failed (the reason printed).
int vmx_on(void);
// Leaves VMX operation and frees the VMXON region (nothing if not in VMX operation); CR4.VMXE
// is cleared, as CR4_FIXED0 no longer asks for it. Returns 0 or -E_IO if VMXOFF failed.
int vmx_off(void);
// A zeroed page with the VMCS revision identifier: a VMXON region or a VMCS. NULL if no
// memory is left.
struct vmcs_region *vmx_region_alloc(void);

// --- vmcs.c: the current VMCS ---

// Makes x's VMCS current (VMPTRLD) unless it is; VMCLEAR makes it inactive and not launched.
// Both return VMX_OK or how the instruction failed.
int vmcs_load(struct vmx_vcpu *x);
int vmcs_clear(struct vmx_vcpu *x);
// The current VMCS's fields. A failure here is a bug of the monitor (a field this CPU lacks,
// no current VMCS): they panic, naming the field and the VM-instruction error.
uint32_t vmcs_read(enum vmcs_field f);
void vmcs_write(enum vmcs_field f, uint32_t value);
// A 64-bit field, as two halves (full, then high): natural width is 32 bits on this host.
void vmcs_write64(enum vmcs_field f, uint64_t value);
uint64_t vmcs_read64(enum vmcs_field f);
// VM_INSTRUCTION_ERROR of the current VMCS, after a VMfailValid.
uint32_t vmcs_error(void);

// --- setup.c: a new VMCS ---

// Fill in the current VMCS: the controls (v's ctls, the CR masks, the exception bitmap), the
// host state (this kernel as it runs now; exits land on vmx_exit of entry.S), the guest state
// (the boot loader's hand-over: protected mode, paging off, flat segments, IF clear; the
// guest's memory is paging.c's).
void vmcs_ctls_init(struct vcpu *v);
void vmcs_host_init(void);
void vmcs_guest_init(struct vcpu *v, uint32_t eip, uint32_t eax, uint32_t ebx);
// The test hook vmxbreak=WHAT of the monitor's command line: breaks one field on purpose so
// the next VM entry fails (cs: a guest segment, host: a host selector, ctl: a control).
// Returns 0, or -E_INVAL for an unknown WHAT.
int vmcs_break(const char *what);

// --- entry.S ---

// Loads the guest's general registers from regs (all but esp: the VMCS has it), enters the
// guest (VMLAUNCH, or VMRESUME if launched), and at the next VM exit stores them back.
// Returns VMX_OK after an exit, or how VMLAUNCH/VMRESUME failed (then the guest never ran).
int vmx_enter(struct vcpu_regs *regs, int launched);

// --- event.c: events for the guest ---

// Queues an event for the next VM entry: type INTR_TYPE_*, vector, error code (err < 0:
// none). An event already queued is replaced.
void vmx_event_queue(struct vcpu *v, int type, int vector, int err);
// After an exit: an event the CPU was delivering when the exit came (IDT-vectoring
// information) is queued again, so it is not lost.
void vmx_event_requeue(struct vcpu *v);
// Before an entry: exits at the guest's next interrupt window while the virtual PIC holds a
// request the guest cannot take yet; writes the queued event.
void vmx_event_prepare(struct vcpu *v);
// The backend's can_inject and inject (backend.h).
bool vmx_can_inject(const struct vcpu *v);
void vmx_inject(struct vcpu *v, int vector);

// --- paging.c: the guest's memory, by EPT or by shadow paging (vm->mmu) ---

// The CR0 and CR4 bits the monitor owns (the guest/host masks, SDM 3C §25.6.6): those VMX
// fixes, and under shadow paging those that decide how the CPU walks the shadow.
uint32_t vmx_cr0_owned(const struct vcpu *v);
uint32_t vmx_cr4_owned(const struct vcpu *v);
// The value of GUEST_CR0 or GUEST_CR4 for the guest's own cr0 or cr4: the fixed bits
// applied; under shadow paging CR0.PE, PG and WP set and CR4.PAE as the host's paging.
uint32_t vmx_cr0_real(const struct vcpu *v, uint32_t cr0);
uint32_t vmx_cr4_real(const struct vcpu *v, uint32_t cr4);
// The guest's memory in the current VMCS: the EPT (its pointer, guest RAM mapped) or the
// first shadow (its root in GUEST_CR3). Returns 0, -E_NOMEM, or the error of the EPT build.
int vmx_paging_init(struct vcpu *v);
void vmx_paging_destroy(struct vcpu *v);
// The root of the tables the CPU walks for the guest: the EPT PML4 or the shadow's.
uint32_t vmx_paging_root(const struct vcpu *v);
// After the guest wrote CR0, CR3 or CR4 (v->sregs has the new values, old0 and old4 the CR0
// and CR4 before): under shadow paging a new shadow if the walk changed. Returns false with
// the VM stopped when no memory is left, or when the guest left what shadow paging runs
// (protected mode, 2-level paging).
bool vmx_paging_update(struct vcpu *v, uint32_t old0, uint32_t old4, bool cr3_loaded);
// Under shadow paging: a #PF exit (error code err, the address in the exit qualification)
// filled in the shadow or given to the guest; an invlpg exit. RUN_AGAIN, or RUN_STOP.
enum run_result vmx_exit_page_fault(struct vcpu *v, uint32_t err);
enum run_result vmx_exit_invlpg(struct vcpu *v);

// --- eptmap.c: the VM's EPT at run time (VM_MMU_EPT) ---

// The EPT of v's VM: empty tables, their pointer in the current VMCS, a trap on each device
// page, a VPID where the CPU has them. Returns 0, -E_NOMEM, or -E_IO when INVEPT or INVVPID
// failed.
int vmx_ept_init(struct vcpu *v);
// An EPT violation at guest-physical gpa (exit qualification qual): guest RAM is mapped at
// its first touch, counted as STAT_EPT_VIOLATION. Returns RUN_AGAIN (the guest retries the
// access), or RUN_STOP with the VM stopped: gpa is neither RAM nor a device (whose pages are
// traps, which never violate), or no memory is left for a table.
enum run_result vmx_ept_fill(struct vcpu *v, uint64_t gpa, uint32_t qual);

// --- mmio.c: memory-mapped devices ---

// An EPT misconfiguration at guest-physical gpa, a device's trap: the guest's instruction,
// read through its own page tables and decoded, done against the device. Counts
// STAT_EPT_MISCONFIG. Returns RUN_AGAIN past the instruction, or RUN_STOP with the VM
// stopped (no device there, an instruction it does not emulate).
enum run_result vmx_exit_mmio(struct vcpu *v, uint64_t gpa);

// --- exit.c, io.c, sysreg.c: VM exits ---

// Handles the exit that just happened (x->exit_reason, x->exit_qual). Returns RUN_HALT,
// RUN_AGAIN, or RUN_STOP when the VM was stopped.
enum run_result vmx_exit_handle(struct vcpu *v);
// Moves the guest past the instruction that exited (VM_EXIT_INSTRUCTION_LEN bytes), which
// also ends an sti or mov-ss interrupt shadow.
void vmx_skip(struct vcpu *v);
enum run_result vmx_exit_io(struct vcpu *v);
enum run_result vmx_exit_cr(struct vcpu *v);
// The guest's view of CR0, CR3 or CR4: the read shadow for the bits the monitor owns.
uint32_t vmx_cr_read(struct vcpu *v, int cr);
enum run_result vmx_exit_rdmsr(struct vcpu *v);
enum run_result vmx_exit_wrmsr(struct vcpu *v);

#endif
