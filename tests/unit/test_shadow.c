// test_shadow.c: shadow paging (vmm/shadow/shadow.c), shared by te and vmx, against a mock
// vCPU: shadow_fault installs the composition of the guest's mapping (guest-linear ->
// guest-physical) and the VM's page map (guest-physical -> host page), with the guest's user
// bit, and writable only once the guest may write the page and its dirty bit is set.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/te_fakes.h"
#include "x86/paging.h"
#include "x86/regs.h"

#define MEM   (64 * PAGE_SIZE)
#define PD    0x20000               // the guest's page directory and table (guest-physical)
#define PT    0x21000
#define VA    0x00400000u           // a guest-linear page, mapped by the test to GPA
#define GPA   0x00007000u
#define EIP   0xC0101234u           // where the guest faulted: named in the VM's stop reason

static uint32_t
pte_get(struct vcpu *v, uint32_t va)
{
	uint32_t e;

	assert_int_equal(gmem_read(&v->vm->mem, PT + ((va >> PAGE_SHIFT) & 1023) * 4, &e, 4), 0);
	return e;
}

// The guest maps VA to GPA with flags (and a user, writable directory entry), paging on.
static void
guest_map(struct vcpu *v, uint32_t flags)
{
	uint32_t pde = PT | PTE_P | PTE_W | PTE_U, pte = GPA | flags;

	gmem_write(&v->vm->mem, PD + (VA >> 22) * 4, &pde, 4);
	gmem_write(&v->vm->mem, PT + ((VA >> PAGE_SHIFT) & 1023) * 4, &pte, 4);
	v->sregs.cr3 = PD;
	v->sregs.cr0 |= CR0_PG | CR0_WP;
	assert_int_equal(shadow_reset(v), 0);
}

static uint32_t
host_page(struct vcpu *v, uint32_t gpa)
{
	return (uint32_t)(uintptr_t)gmem_page(&v->vm->mem, gpa);
}

static int
setup(void **state)
{
	*state = fake_vcpu(MEM);
	return 0;
}

static int
teardown(void **state)
{
	fake_vcpu_free(*state);
	return 0;
}

// Paging off: the shadow maps guest RAM 1:1 onto its host pages.
static void
test_physical_mode(void **state)
{
	struct vcpu *v = *state;
	const struct fake_map *m = fake_lookup(v, GPA);

	assert_false(v->shadow.paged);
	assert_non_null(m);
	assert_int_equal(m->pa, host_page(v, GPA));
	assert_null(fake_lookup(v, MEM));                // nothing past guest RAM
}

// A user read of a clean writable user page: user, read-only (so the first write traps
// and sets the guest's dirty bit), at the host page of the guest-physical page.
static void
test_read_then_write(void **state)
{
	struct vcpu *v = *state;
	uint32_t pferr;

	guest_map(v, PTE_P | PTE_W | PTE_U);
	assert_null(fake_lookup(v, VA));                 // filled lazily
	assert_true(shadow_fault(v, EIP, VA + 0x10, PFERR_U, &pferr));
	const struct fake_map *m = fake_lookup(v, VA);
	assert_non_null(m);
	assert_int_equal(m->pa, host_page(v, GPA));
	assert_int_equal(m->flags & (PTE_U | PTE_W), PTE_U);
	assert_int_equal(pte_get(v, VA) & (PTE_A | PTE_D), PTE_A);
	assert_true(shadow_fault(v, EIP, VA + 0x10, PFERR_P | PFERR_W | PFERR_U, &pferr));
	m = fake_lookup(v, VA);
	assert_int_equal(m->flags & (PTE_U | PTE_W), PTE_U | PTE_W);
	assert_true(pte_get(v, VA) & PTE_D);             // the guest sees its page dirty
}

// A supervisor page of the guest stays supervisor in the shadow.
static void
test_supervisor(void **state)
{
	struct vcpu *v = *state;
	uint32_t pferr;

	guest_map(v, PTE_P | PTE_W | PTE_D);
	assert_true(shadow_fault(v, EIP, VA, PFERR_W, &pferr));
	const struct fake_map *m = fake_lookup(v, VA);
	assert_int_equal(m->flags & (PTE_U | PTE_W), PTE_W);
}

// Faults the guest's own tables raise are the guest's: not present, read-only, supervisor.
static void
test_guest_faults(void **state)
{
	struct vcpu *v = *state;
	uint32_t pferr = 0;

	guest_map(v, PTE_P | PTE_U);                     // read-only user page
	assert_false(shadow_fault(v, EIP, VA, PFERR_W | PFERR_U, &pferr));
	assert_int_equal(pferr, PFERR_P | PFERR_W | PFERR_U);
	assert_false(shadow_fault(v, EIP, VA + PAGE_SIZE, PFERR_U, &pferr));   // not mapped
	assert_int_equal(pferr, PFERR_U);
	guest_map(v, PTE_P | PTE_W);                     // supervisor page, user access
	assert_false(shadow_fault(v, EIP, VA, PFERR_U, &pferr));
	assert_int_equal(pferr, PFERR_P | PFERR_U);
	assert_null(fake_lookup(v, VA));
	assert_int_equal(v->vm->state, VM_RUNNING);
}

// invlpg drops the page's entry; a CR3 load (reset) the whole shadow, and is counted.
static void
test_coherence(void **state)
{
	struct vcpu *v = *state;
	uint32_t pferr, root;

	guest_map(v, PTE_P | PTE_U);
	assert_true(shadow_fault(v, EIP, VA, PFERR_U, &pferr));
	shadow_invlpg(v, VA + 0x123);
	assert_null(fake_lookup(v, VA));
	assert_true(shadow_fault(v, EIP, VA, PFERR_U, &pferr));
	root = v->shadow.space.root;
	uint64_t resets = stats_get(&v->vm->stats, STAT_SHADOW_RESET);
	assert_int_equal(shadow_reset(v), 0);
	assert_int_equal(stats_get(&v->vm->stats, STAT_SHADOW_RESET), resets + 1);
	assert_int_not_equal(v->shadow.space.root, root);
	assert_null(fake_lookup(v, VA));
}

// What starts the shadow over after a control-register write: CR0.PG or CR4.PSE changed, or
// CR3 loaded with paging on; not CR3 with paging off, nor other bits (WP: test_update_wp).
static void
test_update(void **state)
{
	struct vcpu *v = *state;
	uint32_t cr0 = v->sregs.cr0, root = v->shadow.space.root;

	assert_int_equal(shadow_update(v, cr0, 0, true), 0);         // CR3, paging off
	v->sregs.cr0 |= CR0_WP;
	assert_int_equal(shadow_update(v, cr0, 0, false), 0);        // WP alone
	assert_int_equal(v->shadow.space.root, root);
	cr0 = v->sregs.cr0;
	v->sregs.cr0 |= CR0_PG;
	assert_int_equal(shadow_update(v, cr0, 0, false), 0);        // paging on
	assert_true(v->shadow.paged);
	assert_int_not_equal(v->shadow.space.root, root);
	root = v->shadow.space.root;
	assert_int_equal(shadow_update(v, v->sregs.cr0, 0, true), 0);  // CR3, paging on
	assert_int_not_equal(v->shadow.space.root, root);
	root = v->shadow.space.root;
	v->sregs.cr4 = CR4_PSE;
	assert_int_equal(shadow_update(v, v->sregs.cr0, 0, false), 0); // 4 MiB pages allowed
	assert_int_not_equal(v->shadow.space.root, root);
	assert_int_equal(stats_get(&v->vm->stats, STAT_SHADOW_RESET), 3);
}

// invlpg never drops what the monitor owns: the top 4 MiB, or the physical-mode map.
static void
test_invlpg_bounds(void **state)
{
	struct vcpu *v = *state;

	shadow_invlpg(v, GPA);                           // paging off: the 1:1 map stays
	assert_non_null(fake_lookup(v, GPA));
	guest_map(v, PTE_P | PTE_U);
	shadow_invlpg(v, 0xFFC00000u);
	shadow_invlpg(v, 0xFFFFF000u);
	assert_int_equal(fakes.unmaps, 0);
}

// The guest mapping the monitor's 4 MiB, or guest-physical memory it does not have: the VM
// stops with a report; nothing is mapped.
static void
test_out_of_bounds(void **state)
{
	struct vcpu *v = *state;
	uint32_t pferr, pde = PT | PTE_P | PTE_W | PTE_U, pte = (MEM + PAGE_SIZE) | PTE_P | PTE_U;

	guest_map(v, PTE_P | PTE_U);
	gmem_write(&v->vm->mem, PT + 5 * 4, &pte, 4);     // VA + 5 pages: past guest RAM
	assert_false(shadow_fault(v, EIP, VA + 5 * PAGE_SIZE, PFERR_U, &pferr));
	assert_int_equal(v->vm->state, VM_STOPPED);
	assert_non_null(strstr(v->vm->stop_reason, "eip 0xc0101234"));
	assert_null(fake_lookup(v, VA + 5 * PAGE_SIZE));
	v->vm->state = VM_RUNNING;
	gmem_write(&v->vm->mem, PD + 1023 * 4, &pde, 4);  // the top 4 MiB
	assert_false(shadow_fault(v, EIP, 0xFFC00000u + (VA & 0x3FFFFF), 0, &pferr));
	assert_int_equal(v->vm->state, VM_STOPPED);
}

// CR0.WP clear: a supervisor write to a read-only user page succeeds (writable, but not for
// user mode, which may not write it), user mode then reads it read-only and may not write.
static void
test_wp_clear(void **state)
{
	struct vcpu *v = *state;
	uint32_t pferr = 0;

	guest_map(v, PTE_P | PTE_U);
	v->sregs.cr0 &= ~CR0_WP;
	assert_true(shadow_fault(v, EIP, VA, PFERR_W, &pferr));
	assert_int_equal(fake_lookup(v, VA)->flags & (PTE_U | PTE_W), PTE_W);
	assert_true(pte_get(v, VA) & PTE_D);
	assert_true(shadow_fault(v, EIP, VA, PFERR_P | PFERR_U, &pferr));
	assert_int_equal(fake_lookup(v, VA)->flags & (PTE_U | PTE_W), PTE_U);
	assert_false(shadow_fault(v, EIP, VA, PFERR_P | PFERR_W | PFERR_U, &pferr));
	assert_int_equal(pferr, PFERR_P | PFERR_W | PFERR_U);
}

// The guest's directory entry for VA with PS set, pointing at PT: a 4 MiB page at
// guest-physical 0 with CR4.PSE, the page table PT without.
static void
guest_map_large(struct vcpu *v, uint32_t cr4)
{
	uint32_t pde = PT | PTE_PS | PTE_P | PTE_W | PTE_U;

	guest_map(v, PTE_P | PTE_U);
	gmem_write(&v->vm->mem, PD + (VA >> 22) * 4, &pde, 4);
	v->sregs.cr4 = cr4;
	assert_int_equal(shadow_reset(v), 0);
}

static uint32_t
pde_get(struct vcpu *v)
{
	uint32_t e;

	assert_int_equal(gmem_read(&v->vm->mem, PD + (VA >> 22) * 4, &e, 4), 0);
	return e;
}

// A 4 MiB page maps VA + x to guest-physical x, its directory entry the leaf (accessed,
// dirty); an invlpg anywhere in it drops every shadow entry it gave.
static void
test_large_page(void **state)
{
	struct vcpu *v = *state;
	uint32_t pferr;

	guest_map_large(v, CR4_PSE);
	assert_true(shadow_fault(v, EIP, VA + 0x1234, PFERR_U, &pferr));
	assert_true(shadow_fault(v, EIP, VA + 0x5000, PFERR_W | PFERR_U, &pferr));
	assert_int_equal(fake_lookup(v, VA + 0x1000)->pa, host_page(v, 0x1000));
	assert_int_equal(fake_lookup(v, VA + 0x5000)->pa, host_page(v, 0x5000));
	assert_int_equal(fake_lookup(v, VA + 0x5000)->flags & (PTE_U | PTE_W), PTE_U | PTE_W);
	assert_int_equal(pde_get(v) & (PTE_A | PTE_D), PTE_A | PTE_D);
	shadow_invlpg(v, VA + 0x3FF000);
	assert_null(fake_lookup(v, VA + 0x1000));
	assert_null(fake_lookup(v, VA + 0x5000));
	assert_int_equal(fakes.unmaps, 2);
	guest_map(v, PTE_P | PTE_U);                     // the slot as a table again
	assert_true(shadow_fault(v, EIP, VA, PFERR_U, &pferr));
	shadow_invlpg(v, VA);                            // a 4 KiB page: that page alone
	assert_int_equal(fakes.unmaps, 3);
}

// Without CR4.PSE the PS bit means nothing: the directory entry points to a page table.
static void
test_pse_off(void **state)
{
	struct vcpu *v = *state;
	uint32_t pferr;

	guest_map_large(v, 0);
	assert_true(shadow_fault(v, EIP, VA, PFERR_U, &pferr));
	assert_int_equal(fake_lookup(v, VA)->pa, host_page(v, GPA));
	assert_false(shadow_fault(v, EIP, VA + 0x5000, PFERR_U, &pferr));
	assert_int_equal(pferr, PFERR_U);
}

// With paging on, a change of CR0.WP starts the shadow over: its entries were made for the
// other rule.
static void
test_update_wp(void **state)
{
	struct vcpu *v = *state;

	guest_map(v, PTE_P | PTE_U);
	uint32_t cr0 = v->sregs.cr0, root = v->shadow.space.root;
	v->sregs.cr0 &= ~CR0_WP;
	assert_int_equal(shadow_update(v, cr0, 0, false), 0);
	assert_int_not_equal(v->shadow.space.root, root);
	root = v->shadow.space.root;
	assert_int_equal(shadow_update(v, v->sregs.cr0, 0, false), 0);  // nothing changed
	assert_int_equal(v->shadow.space.root, root);
}

// With CR4.PGE a CR3 load keeps the pages filled from global entries (and only those) in
// the new shadow; invlpg takes one off the list; a change of CR4.PGE drops them all.
static void
test_global(void **state)
{
	struct vcpu *v = *state;
	uint32_t pferr, ng = (GPA + PAGE_SIZE) | PTE_P | PTE_U;      // the next page: not global

	guest_map(v, PTE_P | PTE_U | PTE_G);
	v->sregs.cr4 = CR4_PGE;
	assert_int_equal(shadow_reset(v), 0);
	gmem_write(&v->vm->mem, PT + ((VA >> PAGE_SHIFT) & 1023) * 4 + 4, &ng, 4);
	assert_true(shadow_fault(v, EIP, VA, PFERR_U, &pferr));
	assert_false(shadow_fault(v, EIP, VA, PFERR_P | PFERR_W | PFERR_U, &pferr));
	assert_true(shadow_fault(v, EIP, VA + PAGE_SIZE, PFERR_U, &pferr));
	assert_int_equal(v->shadow.nglobal, 1);
	uint32_t root = v->shadow.space.root;
	assert_int_equal(shadow_update(v, v->sregs.cr0, v->sregs.cr4, true), 0);
	assert_int_not_equal(v->shadow.space.root, root);
	const struct fake_map *m = fake_lookup(v, VA);
	assert_non_null(m);
	assert_int_equal(m->pa, host_page(v, GPA));
	assert_int_equal(m->flags & (PTE_W | PTE_U), PTE_U);
	assert_null(fake_lookup(v, VA + PAGE_SIZE));
	shadow_invlpg(v, VA);
	assert_int_equal(v->shadow.nglobal, 0);
	assert_true(shadow_fault(v, EIP, VA, PFERR_U, &pferr));
	v->sregs.cr4 = 0;
	assert_int_equal(shadow_update(v, v->sregs.cr0, CR4_PGE, false), 0);
	assert_int_equal(v->shadow.nglobal, 0);
	assert_null(fake_lookup(v, VA));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_physical_mode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_then_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_supervisor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_guest_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coherence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invlpg_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wp_clear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pse_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update_wp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_global, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
