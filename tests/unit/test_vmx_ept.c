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
	alloc_budget = 1;                                                 // a PDPT, no PD
	assert_int_equal(ept_map(&e, 0x1000, 0x2000, EPT_RWX), -E_NOMEM);
	ept_destroy(&e);
	assert_int_equal(freed, allocated);
	alloc_budget = 0;
	assert_int_equal(ept_init(&e, table_alloc, table_free), -E_NOMEM);
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
