// shadow.h: shadow paging, shared by the backends that run a guest on page tables of the
// monitor's making: te always, vmx without EPT (mmu=shadow). The CPU walks the shadow, which
// maps guest-linear addresses to the host pages of guest RAM; the guest's own tables, walked
// as its MMU would walk them (gpt.c), only say what the shadow may hold (shadow.c).
//
// Each vCPU has one (vcpu->shadow). Its backend loads the root where the CPU takes the
// guest's CR3 (te: its trap frame; vmx: GUEST_CR3) after shadow_init and each shadow_reset,
// and calls shadow_reset when the guest loads CR3 or switches paging, shadow_invlpg for its
// invlpg, shadow_fault for each #PF. The top 4 MiB of every shadow is the monitor's: te's
// trampoline (the view) lives there; a vmx shadow leaves it empty.
#ifndef VMM_SHADOW_SHADOW_H
#define VMM_SHADOW_SHADOW_H

#include <stdbool.h>
#include <stdint.h>
#include "kernel/vm.h"
#include "x86/paging.h"

struct vcpu;

#define SHADOW_GLOBALS 64

struct shadow {
	struct aspace space;       // what the CPU walks while the guest runs: root is its CR3
	uint32_t view;             // the trampoline view in the top 4 MiB (te), 0 for none
	bool paged;                // built for the guest's paging (else physical mode)
	// Directory slots whose shadow entries came from a guest 4 MiB page (bit i: linear
	// addresses i << 22 ...): an invlpg anywhere in one drops them all (SDM 3A §4.10.4.1).
	uint32_t large[PT32_ENTRIES / 32];
	// Pages filled from the guest's global entries while CR4.PGE was set: a CR3 load keeps
	// them, as a CPU's TLB keeps global translations (SDM 3A §4.10.2.4). Beyond
	// SHADOW_GLOBALS a global page is treated like any other.
	uint32_t global[SHADOW_GLOBALS];
	unsigned nglobal;
};

// --- gpt.c: the guest's page tables ---

// Translates gva as the guest's MMU would for an access (write, at CPL 3 if user), from the
// guest's CR0, CR3 and CR4 in v->sregs, setting the accessed and dirty bits. Returns 0 with
// the guest-physical address (and, if rights is not NULL, the leaf entry's low bits with the
// W and U both levels grant, A, D for a write, PS for a 4 MiB page); -E_FAULT with the #PF
// error code the guest should see in *pferr; -E_RANGE if the guest's tables or the page lie
// outside guest RAM.
int gpt_translate(struct vcpu *v, uint32_t gva, bool write, bool user, uint32_t *gpa,
		  uint32_t *pferr, uint32_t *rights);

// --- shadow.c: the shadow tables ---

// Makes v's first shadow, with the trampoline view `view` (0: none) in its top 4 MiB, for
// the guest's paging as v->sregs.cr0 says. Returns 0 or -E_NOMEM.
int shadow_init(struct vcpu *v, uint32_t view);
// Starts over after CR3 or CR0.PG changed: an empty shadow (guest paging on) or the 1:1 map
// of guest RAM (paging off), at a new root. Counts STAT_SHADOW_RESET. Returns 0 or -E_NOMEM.
int shadow_reset(struct vcpu *v);
// After the guest wrote a control register (CR0 and CR4 were old0 and old4; cr3_loaded for a
// mov to CR3): shadow_reset if that changed what the shadow may hold (CR0.PG, CR0.WP,
// CR4.PSE, CR4.PGE, or CR3 with paging on: then the global pages, which only CR4.PGE
// makes, stay), else nothing. Returns 0 or -E_NOMEM.
int shadow_update(struct vcpu *v, uint32_t old0, uint32_t old4, bool cr3_loaded);
// Frees the shadow's tables (nothing if there are none).
void shadow_destroy(struct vcpu *v);
// Drops the shadow entries of the guest's page at gva (the guest's invlpg): one 4 KiB page,
// or all 4 MiB of a large one.
void shadow_invlpg(struct vcpu *v, uint32_t gva);
// Handles a #PF of the guest at eip on linear address addr with error code err: true if the
// shadow was filled in (run the guest again), false if the guest must see the fault (then
// *pferr is its error code) or if the VM was stopped (the guest reached the monitor's 4 MiB,
// or guest-physical memory outside its RAM).
bool shadow_fault(struct vcpu *v, uint32_t eip, uint32_t addr, uint32_t err, uint32_t *pferr);

#endif
