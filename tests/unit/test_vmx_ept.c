// test_vmx_ept.c: EPT entries as SDM 3C §29.3 lays them out, and tables built and walked
// (host heap pages stand in for frames: their addresses fit in an entry's bits 51:12).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "lib/error.h"
#include "vmm/vmx/ept.h"
#include "x86/vmx.h"

static int allocated, freed, alloc_budget;

static void *
table_alloc(void)
{
	if (alloc_budget-- == 0)
		return NULL;
	void *p = aligned_alloc(4096, 4096);
	memset(p, 0, 4096);
	allocated++;
	return p;
}

static void
table_free(void *p)
{
	freed++;
	free(p);
}

static int
setup(void **state)
{
	(void)state;
	allocated = freed = 0;
	alloc_budget = -1;                  // no limit
	return 0;
}

static void
test_entries(void **state)
{
	(void)state;
	// Leaf: address, R W X in bits 2:0, memory type in 5:3 (write-back = 6).
	assert_int_equal(ept_leaf_entry(0x12345000, EPT_RWX, MEMTYPE_WB), 0x12345037);
	assert_int_equal(ept_leaf_entry(0xABCDE123ull, EPT_R, MEMTYPE_UC), 0xABCDE001);
	assert_int_equal(ept_leaf_entry(0x1234567000ull, EPT_R | EPT_X, MEMTYPE_WB),
			 0x1234567035ull);
	// Table pointer: all rights (the leaf decides), no memory type.
	assert_int_equal(ept_table_entry(0x00ABC000), 0x00ABC007);
}

static void
test_pointer(void **state)
{
	struct ept e;

	(void)state;
	assert_int_equal(ept_init(&e, table_alloc, table_free), 0);
	uint64_t eptp = ept_pointer(&e, MEMTYPE_WB);
	assert_int_equal(eptp & EPT_ADDR, (uintptr_t)e.pml4);
	assert_int_equal(eptp & 0x7, MEMTYPE_WB);        // bits 2:0: memory type
	assert_int_equal((eptp >> 3) & 0x7, 3);          // bits 5:3: walk length - 1
	assert_int_equal(eptp & 0xFC0, 0);               // no accessed/dirty flags
	ept_destroy(&e);
}

// The index of each level, as the CPU splits a guest-physical address.
static void
test_index_split(void **state)
{
	uint64_t gpa = 0x40201000;           // 1 GiB + 2 MiB + 4 KiB

	(void)state;
	assert_int_equal(EPT_INDEX(gpa, 3), 0);
	assert_int_equal(EPT_INDEX(gpa, 2), 1);
	assert_int_equal(EPT_INDEX(gpa, 1), 1);
	assert_int_equal(EPT_INDEX(gpa, 0), 1);
	assert_int_equal(EPT_INDEX(0xFFFFF000ull, 0), 511);
}

// Maps a page, then follows the entries by hand as the CPU would.
static void
test_map_and_walk_by_hand(void **state)
{
	struct ept e;
	uint64_t gpa = 0x40201000, hpa = 0x7654000;

	(void)state;
	assert_int_equal(ept_init(&e, table_alloc, table_free), 0);
	assert_int_equal(ept_map(&e, gpa, hpa, EPT_RWX), 0);
	uint64_t *t = e.pml4;
	for (int level = 3; level > 0; level--) {
		uint64_t entry = t[EPT_INDEX(gpa, level)];
		assert_int_equal(entry & EPT_RWX, EPT_RWX);
		assert_int_equal(entry & ~(EPT_ADDR | EPT_RWX), 0);
		t = (uint64_t *)(uintptr_t)(entry & EPT_ADDR);
	}
	assert_int_equal(t[EPT_INDEX(gpa, 0)], ept_leaf_entry(hpa, EPT_RWX, MEMTYPE_WB));
	assert_ptr_equal(ept_walk(&e, gpa), &t[EPT_INDEX(gpa, 0)]);
	assert_int_equal(allocated, 4);      // PML4, PDPT, PD, PT
	ept_destroy(&e);
	assert_int_equal(freed, 4);
}

static void
test_translate_and_sharing(void **state)
{
	struct ept e;
	uint64_t hpa;

	(void)state;
	assert_int_equal(ept_init(&e, table_alloc, table_free), 0);
	for (uint64_t gpa = 0; gpa < 0x400000; gpa += 0x1000)        // 4 MiB: two PTs
		assert_int_equal(ept_map(&e, gpa, 0x10000000 + gpa, EPT_RWX), 0);
	assert_int_equal(allocated, 5);
	assert_int_equal(ept_translate(&e, 0x123456, &hpa), 0);
	assert_int_equal(hpa, 0x10123456);
	assert_int_equal(ept_translate(&e, 0x400000, &hpa), -E_NOENT);   // next PT: absent
	assert_null(ept_walk(&e, 0x80000000));                            // no PD there
	assert_int_equal(ept_map(&e, 0x1000, 0x9000, EPT_R), 0);          // remap: read-only
	assert_int_equal(*ept_walk(&e, 0x1000) & EPT_RWX, EPT_R);
	ept_destroy(&e);
	assert_int_equal(freed, allocated);
	assert_null(e.pml4);
}

static void
test_refusals(void **state)
{
	struct ept e;

	(void)state;
	assert_int_equal(ept_init(&e, table_alloc, table_free), 0);
	assert_int_equal(ept_map(&e, 0x1001, 0x2000, EPT_RWX), -E_INVAL);   // unaligned
	assert_int_equal(ept_map(&e, 0x1000, 0x2008, EPT_RWX), -E_INVAL);
	assert_int_equal(ept_map(&e, 0x1000, 0x2000, EPT_W), -E_INVAL);     // write-only
	assert_int_equal(ept_map(&e, 0x1000, 0x2000, EPT_X), -E_INVAL);     // execute-only
	assert_int_equal(ept_map(&e, 0x1000, 0x2000, EPT_R | 0x40), -E_INVAL);
	assert_int_equal(ept_map(&e, 0x1000, 0x2000, EPT_W | EPT_X), -E_INVAL);
	assert_int_equal(allocated, 1);                                   // nothing made
	assert_int_equal(ept_map(&e, 0x1000, 0x2000, EPT_R), 0);          // read-only is fine
	assert_int_equal(*ept_walk(&e, 0x1000), ept_leaf_entry(0x2000, EPT_R, MEMTYPE_WB));
	ept_destroy(&e);
	assert_int_equal(ept_init(&e, table_alloc, table_free), 0);
	alloc_budget = 1;                                                 // a PDPT, no PD
	assert_int_equal(ept_map(&e, 0x1000, 0x2000, EPT_RWX), -E_NOMEM);
	ept_destroy(&e);
	assert_int_equal(freed, allocated);
	alloc_budget = 0;
	assert_int_equal(ept_init(&e, table_alloc, table_free), -E_NOMEM);
}

// A trap: write alone, no host page; translation refuses it, a map replaces it.
static void
test_trap(void **state)
{
	struct ept e;
	uint64_t hpa = 0xDEAD, old = 0;

	(void)state;
	assert_int_equal(ept_init(&e, table_alloc, table_free), 0);
	assert_int_equal(ept_trap(&e, 0xFF000000), 0);
	assert_int_equal(allocated, 4);
	assert_int_equal(*ept_walk(&e, 0xFF000000), EPT_TRAP_ENTRY);
	assert_int_equal(EPT_TRAP_ENTRY & EPT_R, 0);                       // no read: misconfigured
	assert_int_equal(ept_translate(&e, 0xFF000123, &hpa), -E_NOENT);
	assert_int_equal(hpa, 0xDEAD);
	assert_int_equal(*ept_walk(&e, 0xFF001000), 0);                    // its neighbour: nothing
	assert_int_equal(ept_trap(&e, 0xFF000800), -E_INVAL);
	assert_int_equal(ept_unmap(&e, 0xFF000000, &old), 0);
	assert_int_equal(old, EPT_TRAP_ENTRY);
	assert_int_equal(*ept_walk(&e, 0xFF000000), 0);
	ept_destroy(&e);
	assert_int_equal(freed, 4);
	alloc_budget = 0;
	assert_int_equal(ept_init(&e, table_alloc, table_free), -E_NOMEM);
	alloc_budget = 2;                                                 // a PML4 and a PDPT
	assert_int_equal(ept_init(&e, table_alloc, table_free), 0);
	assert_int_equal(ept_trap(&e, 0x5000), -E_NOMEM);
	ept_destroy(&e);
	assert_int_equal(freed, allocated);
}

// Unmapping takes the leaf away, keeps the tables and its neighbours, and says what it was.
static void
test_unmap(void **state)
{
	struct ept e;
	uint64_t hpa, old = 0;

	(void)state;
	assert_int_equal(ept_init(&e, table_alloc, table_free), 0);
	assert_int_equal(ept_unmap(&e, 0x3000, &old), -E_NOENT);          // no table yet
	assert_int_equal(allocated, 1);
	assert_int_equal(ept_map(&e, 0x3000, 0x55000, EPT_R | EPT_X), 0);
	assert_int_equal(ept_map(&e, 0x4000, 0x66000, EPT_RWX), 0);
	assert_int_equal(ept_unmap(&e, 0x5000, &old), -E_NOENT);          // table, no leaf
	assert_int_equal(old, 0);
	assert_int_equal(ept_unmap(&e, 0x3000, &old), 0);
	assert_int_equal(old, ept_leaf_entry(0x55000, EPT_R | EPT_X, MEMTYPE_WB));
	assert_int_equal(ept_translate(&e, 0x3010, &hpa), -E_NOENT);
	assert_int_equal(ept_unmap(&e, 0x3000, &old), -E_NOENT);          // once only
	assert_int_equal(ept_translate(&e, 0x4010, &hpa), 0);
	assert_int_equal(hpa, 0x66010);
	assert_int_equal(allocated, 4);
	ept_destroy(&e);
	assert_int_equal(freed, 4);
}

// Tables spread over the address space are all freed, each once; a hierarchy never made
// is left alone.
static void
test_destroy_spread(void **state)
{
	struct ept e = { 0 };
	uint64_t gpas[] = { 0x0, 0x200000, 0x40000000, 0xFF000000, 0x8000000000ull };

	(void)state;
	ept_destroy(&e);                                                  // none made
	assert_int_equal(freed, 0);
	assert_int_equal(ept_init(&e, table_alloc, table_free), 0);
	for (unsigned i = 0; i < sizeof gpas / sizeof gpas[0]; i++)
		assert_int_equal(ept_map(&e, gpas[i], 0x1000 * (i + 1), EPT_RWX), 0);
	// PML4; PDPT for 0 and for 512 GiB; PDs for 0, 1 GiB, 3 GiB, 512 GiB; PTs for 0, 2 MiB,
	// 1 GiB, 0xFF000000, 512 GiB.
	assert_int_equal(allocated, 1 + 2 + 4 + 5);
	for (unsigned i = 0; i < sizeof gpas / sizeof gpas[0]; i++) {
		uint64_t hpa;
		assert_int_equal(ept_translate(&e, gpas[i] + 8, &hpa), 0);
		assert_int_equal(hpa, 0x1000 * (i + 1) + 8);
	}
	ept_destroy(&e);
	assert_int_equal(freed, allocated);
	assert_null(e.pml4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_entries, setup),
		cmocka_unit_test_setup(test_pointer, setup),
		cmocka_unit_test_setup(test_index_split, setup),
		cmocka_unit_test_setup(test_map_and_walk_by_hand, setup),
		cmocka_unit_test_setup(test_translate_and_sharing, setup),
		cmocka_unit_test_setup(test_refusals, setup),
		cmocka_unit_test_setup(test_trap, setup),
		cmocka_unit_test_setup(test_unmap, setup),
		cmocka_unit_test_setup(test_destroy_spread, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
