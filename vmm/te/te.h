// te.h: the trap-and-emulate backend's own state and its parts (internal to vmm/te/).
//
// The guest kernel runs at ring 1, its programs at ring 3, on a shadow address space that maps
// guest RAM and the trampoline, never the monitor. Every trap comes back through world_switch;
// te.c sorts it: an instruction to emulate (emulate.c), a page fault the shadow tables can fix
// (shadow.c), or an event to hand to the guest's own IDT (reflect.c).
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
	uint32_t view;             // the trampoline view that maps that GDT
	struct aspace shadow;      // what CR3 holds while the guest runs
	bool shadow_paged;         // shadow built for the guest's paging (else physical mode)
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

// --- mem.c: the guest's linear memory, through its own page tables ---

// Translates gva as the guest's MMU would for an access (write, at CPL 3 if user), setting
// the accessed and dirty bits. Returns 0 with the guest-physical address (and, if rights is
// not NULL, the leaf entry's low bits with the W and U both levels grant); -E_FAULT with the
// #PF error code the guest should see in *pferr; -E_RANGE if the guest's tables or the page
// lie outside guest RAM.
int te_translate(struct vcpu *v, uint32_t gva, bool write, bool user, uint32_t *gpa,
		 uint32_t *pferr, uint32_t *rights);
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

// --- shadow.c: shadow page tables ---

int te_shadow_init(struct vcpu *v);
// Starts over after CR3 or CR0.PG changed: empty shadow (guest paging on) or the 1:1 map of
// guest RAM (paging off). Returns 0 or -E_NOMEM.
int te_shadow_reset(struct vcpu *v);
// Drops the shadow entry of one page (invlpg).
void te_shadow_invlpg(struct vcpu *v, uint32_t gva);
// Handles a #PF of the guest: true if the shadow was filled in (run the guest again),
// false if the guest must see the fault (then *pferr is its error code).
bool te_shadow_fault(struct vcpu *v, uint32_t cr2, uint32_t err, uint32_t *pferr);
void te_shadow_destroy(struct vcpu *v);

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
