// te.h: the trap-and-emulate backend's own state and its parts (internal to vmm/te/).
//
// The guest kernel runs at ring 1, its programs at ring 3, on a shadow address space that maps
// guest RAM and the trampoline, never the monitor. Every trap comes back through world_switch;
// te.c sorts it: an instruction to emulate (emulate.c), a page fault the shadow tables can fix
// (vmm/shadow/, shared with vmx), or an event to hand to the guest's own IDT (reflect.c).
#ifndef VMM_TE_TE_H
#define VMM_TE_TE_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/trap.h"
#include "kernel/vm.h"
#include "vmm/vm.h"
#include "x86/seg.h"

// The guest's selectors as the guest wrote them have RPL 0; te runs them at RPL 1.
#define TE_RPL 1
// te_reflect's error code for an event that pushes none.
#define TE_NO_ERROR (-1)

struct te_vcpu {
	struct trapframe tf;       // the guest's registers as the hardware holds them
	bool vif;                  // the guest's IF (the real one is always set while it runs)
	bool sti_shadow;           // sti just ran: no interrupt before the next instruction
	uint32_t gdt_pa;           // the shadow GDT: guest descriptors, DPL 0 raised to 1
	uint32_t view;             // the trampoline view that maps that GDT (in v->shadow's top)
};

// The te state of a vCPU.
static inline struct te_vcpu *
te(struct vcpu *v)
{
	return v->backend_data;
}

// The shadow GDT's descriptors: its frame, which the monitor reaches 1:1.
static inline struct seg_desc *
te_shadow_gdt(const struct te_vcpu *t)
{
	return (struct seg_desc *)(uintptr_t)t->gdt_pa;
}

// True when the guest runs its kernel (real RPL 1), false for its programs (RPL 3).
static inline bool
te_guest_kernel(const struct te_vcpu *t)
{
	return (t->tf.cs & 3) != 3;
}

// --- mem.c: the guest's memory: its linear addresses (through gpt_translate), its shadow ---

// Reads or writes len bytes of guest-linear memory with supervisor rights. Returns 0, or
// -E_FAULT with *fault_va and *pferr describing the #PF to reflect.
int te_read(struct vcpu *v, uint32_t gva, void *buf, uint32_t len, uint32_t *fault_va,
	    uint32_t *pferr);
int te_write(struct vcpu *v, uint32_t gva, const void *buf, uint32_t len, uint32_t *fault_va,
	     uint32_t *pferr);
// The base of the segment a selector names in the shadow GDT (0 for the null selector).
uint32_t te_seg_base(struct vcpu *v, uint16_t sel);

// --- gdt.c: the shadow GDT ---

// Makes the VM's shadow GDT: the monitor's descriptors, and flat ring-1 code and data at the
// selectors the boot loader used. Returns 0 or -E_NOMEM.
int te_gdt_init(struct vcpu *v);
// Rebuilds the shadow GDT from the guest's (v->sregs.gdtr). Returns 0, or -E_2BIG / -E_FAULT
// with the VM stopped.
int te_gdt_load(struct vcpu *v);

// --- reflect.c: events delivered through the guest's IDT ---

// Delivers `vector` to the guest as the CPU would: a frame on its kernel stack (switching to
// its TSS's ss0:esp0 from user mode), EFLAGS with the virtual IF, CS with its own RPL, and a
// jump to its handler. err: its error code, or TE_NO_ERROR. insn_len > 0: an int n of that
// length at the guest's eip (its gate's DPL is checked, the frame's eip is past it, and a
// fault of the delivery is reported at the instruction); 0 for any other event. A delivery
// that faults delivers that fault instead, or a double fault (SDM 3A table 6-5), and one
// that faults during a double fault is a triple fault: the VM stops. Returns false then.
bool te_reflect(struct vcpu *v, int vector, int err, int insn_len);

// --- emulate.c: privileged instructions ---

// Emulates the instruction at the guest's cs:eip that raised #GP(err) at ring 1 (or
// reflects the #GP, a #UD or a #PF). Returns RUN_HALT for hlt, RUN_STOP if the VM stopped,
// RUN_AGAIN otherwise.
int te_emulate(struct vcpu *v, uint32_t err);

#endif
