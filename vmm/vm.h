// vm.h: virtual machines and their virtual CPU, the same for every backend.
//
// A VM owns its guest-physical memory (gmem), its PC devices (board) and one vCPU. What the
// guest believes its CPU holds is in struct vcpu: the general registers, EIP and EFLAGS in
// `regs`, the segment and system registers in `sregs` (the guest's view: its CS has RPL 0
// even where te runs it at ring 1). The backend's sync brings them up to date: vmx keeps
// the live registers in `regs` itself, te in its own trap frame. A backend (backend.h) keeps
// whatever its hardware needs besides, in `backend_data`.
#ifndef VMM_VM_H
#define VMM_VM_H

#include <stdbool.h>
#include <stdint.h>
#include "vmm/dev/board.h"
#include "vmm/gmem.h"
#include "vmm/shadow/shadow.h"
#include "vmm/stats.h"

#define VM_MAX      4
#define VM_NAME_MAX 16
#define VM_MSG_MAX  160

// General registers in encoding order (REG_EAX..REG_EDI of x86/insn.h), then EIP and EFLAGS.
struct vcpu_regs {
	uint32_t gpr[8];
	uint32_t eip;
	uint32_t eflags;            // the guest's view: its IF, IOPL 0
};

struct vcpu_seg {
	uint16_t sel;
	uint32_t base, limit;       // limit in bytes - 1 (granularity applied)
	uint16_t attr;              // access byte | flags << 12, as in a descriptor
};

struct vcpu_sregs {
	struct vcpu_seg seg[6];     // indexed by SREG_ES..SREG_GS
	struct vcpu_seg tr, ldtr;
	struct { uint32_t base; uint16_t limit; } gdtr, idtr;
	uint32_t cr0, cr2, cr3, cr4;
};

struct vm;

struct vcpu {
	struct vm *vm;
	struct vcpu_regs regs;
	struct vcpu_sregs sregs;
	bool halted;                // executed hlt: waits for an interrupt
	uint32_t real_cs, real_cr3; // what the hardware holds, where the backend differs (te)
	struct shadow shadow;       // the page tables the CPU walks under shadow paging
	void *backend_data;
};

enum vm_state { VM_OFF, VM_RUNNING, VM_STOPPED };

// How guest-physical memory is virtualized (mmu= on the monitor's command line): by shadow
// page tables built from the guest's own (vmm/shadow/: te, and vmx without EPT), or by the
// CPU's second stage of translation (vmx: EPT).
enum vm_mmu { VM_MMU_SHADOW, VM_MMU_EPT };

struct backend;

struct vm {
	int id;
	char name[VM_NAME_MAX];
	enum vm_state state;
	char stop_reason[VM_MSG_MAX];  // why it stopped, for the console and the grader
	const struct backend *backend;
	enum vm_mmu mmu;
	struct gmem mem;
	struct board board;
	struct vcpu vcpu;
	struct stats stats;
	uint32_t start_ticks;       // host timer ticks when it started running
	uint32_t watchdog_ticks;    // stop it after this many ticks (0: never): vmtimeout=
	uint64_t pit_clocks;        // virtual time given to the PIT so far
	uint32_t exit_status;       // what the guest wrote to PORT_DEBUG_EXIT
	void *backend_data;
};

extern struct vm vms[VM_MAX];   // the grader finds the VMs by this symbol

// What a VM is made of: the backend that runs it, how its memory is virtualized, its RAM,
// its board.
struct vm_config {
	const struct backend *backend;
	enum vm_mmu mmu;
	uint32_t mem_size;          // bytes
	enum board_kind machine;
	bool guest_clock;           // clock=guest: the PIT counts the guest's clocks alone
};

// Creates VM `name` as c says, loads the guest ELF image (elf, size) as the boot loader
// would, with cmdline as its boot command line, and resets its vCPU to the loader's hand-over
// state. Returns the VM, or NULL with the reason in msg.
struct vm *vm_create(const char *name, const struct vm_config *c, const uint8_t *elf,
		     uint32_t size, const char *cmdline, char *msg, size_t msgsize);

// "shadow" or "ept", the mmu= word, and what it means ("shadow paging", "EPT"); the mmu
// named `name`, or -E_NOENT.
const char *vm_mmu_name(enum vm_mmu mmu);
const char *vm_mmu_what(enum vm_mmu mmu);
int vm_mmu_lookup(const char *name);

// Frees everything the VM holds (its RAM, the backend's tables) and its slot; the VM must
// have stopped.
void vm_destroy(struct vm *vm);

// Stops the VM for good with a report (printed and kept in stop_reason); the monitor lives on.
void vm_stop(struct vm *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// Port I/O by the guest, through the VM's devices: size 1, 2 or 4 bytes.
uint32_t vm_io_in(struct vm *vm, uint16_t port, int size);
void vm_io_out(struct vm *vm, uint16_t port, int size, uint32_t value);

// Runs the VM until it stops; returns 0 if the guest asked to end with success.
int vm_run(struct vm *vm);

// Publishes the VM's state in vmm_inspect (include/inspect.h) for the grader.
void inspect_update(struct vm *vm);

#endif
