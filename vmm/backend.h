// backend.h: the seam between the monitor and the ways of running a guest. Everything else
// (VMs, memory, devices, interrupts, time, counters) is shared; a backend only contains guest
// execution and brings back what the monitor must see.
//
//   backend   how the guest runs                               host
//   te        trap-and-emulate: guest kernel at ring 1, shadow  QEMU, Bochs
//             page tables, privileged instructions emulated
//   vmx       Intel VT-x: VMCS, VM exits, EPT (mmu=ept) or      Bochs (QEMU+KVM if nested)
//             shadow page tables (mmu=shadow)
//   svm       AMD-V: VMCB, #VMEXIT, nested paging               QEMU TCG, Bochs
#ifndef VMM_BACKEND_H
#define VMM_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include "vmm/gload.h"
#include "vmm/vm.h"

// Why vcpu_run came back.
enum run_result {
	RUN_HALT,                 // the guest executed hlt with its IF set: idle until an IRQ
	RUN_AGAIN,                // anything else: an exit was handled, a host interrupt came;
	                          // the loop updates time and interrupts and runs the guest again
	RUN_STOP,                 // the VM stopped (vm_stop was called: triple fault, error...)
};

struct backend {
	const char *name;         // "te", "vmx", "svm": the BACKEND= of the command line
	enum vm_mmu mmu;          // how it virtualizes guest memory unless mmu= says otherwise

	// 0 if this CPU can run the backend with guest memory virtualized as mmu says; else
	// -E_NOTSUP with the reason in why.
	int (*probe)(enum vm_mmu mmu, char *why, size_t n);

	// Prepares the VM (shadow tables or EPT as vm->mmu says, VMCS...) and puts its vCPU in
	// the state the boot loader leaves: protected mode, paging off, flat 4 GiB segments, IF
	// clear, eip, eax and ebx from e. Returns 0 or a negative error code.
	int (*vm_init)(struct vm *vm, const struct guest_entry *e);
	void (*vm_destroy)(struct vm *vm);

	// Runs the guest until something the shared loop must handle. Emulates what it must on
	// the way (port I/O through vm_io_in/out, counting each exit in vm->stats).
	enum run_result (*vcpu_run)(struct vcpu *v);

	// True when the guest would take an external interrupt now (its IF set, no blocking).
	bool (*can_inject)(const struct vcpu *v);
	// Delivers external interrupt `vector` through the guest's IDT before its next
	// instruction; only called when can_inject is true.
	void (*inject)(struct vcpu *v, int vector);

	// Brings v->regs and v->sregs up to date for inspection (the console, the grader).
	void (*sync)(struct vcpu *v);
};

// The backends built into this monitor, and the one named `name` (NULL if none).
extern const struct backend backend_te;
extern const struct backend backend_vmx;
const struct backend *backend_find(const char *name);

#endif
