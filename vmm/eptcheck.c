// eptcheck.c: the monitor's check of the EPT tables' code (vmm/vmx/ept.c) on the machine
// itself, with the kernel's frames (the monitor's `eptcheck` word): the same facts the unit
// tests check on the host, here where the grader can see them (lab 9's `tables` test).
// It prints a line per failed check and "eptcheck: passed (TAG)" or "eptcheck: FAILED (TAG),
// N of M checks", TAG being the command line's tag=.
#include <stdbool.h>

#include "kernel/console.h"
#include "kernel/frame.h"
#include "lib/error.h"
#include "lib/string.h"
#include "vmm/eptcheck.h"
#include "vmm/vmx/ept.h"
#include "x86/paging.h"
#include "x86/vmx.h"

static int checks, failures;
static int budget;                 // tables table_alloc may still give (-1: no limit)

static void
expect(bool ok, const char *what)
{
	checks++;
	if (!ok) {
		failures++;
		printf("eptcheck: %s FAILED\n", what);
	}
}

static void *
table_alloc(void)
{
	if (budget == 0)
		return NULL;
	budget -= budget > 0;
	uint32_t pa = frame_alloc();
	if (pa)
		memset((void *)pa, 0, PAGE_SIZE);
	return (void *)pa;
}

static void
table_free(void *table)
{
	frame_free((uint32_t)table);
}

// Each refusal of ept_map and ept_trap, with no table made for any.
static void
check_refusals(struct ept *e)
{
	expect(ept_map(e, 0x1001, 0x2000, EPT_RWX) == -E_INVAL, "unaligned gpa refused");
	expect(ept_map(e, 0x1000, 0x2000 + 8, EPT_RWX) == -E_INVAL, "unaligned hpa refused");
	expect(ept_map(e, 0x1000, 0x2000, EPT_W) == -E_INVAL, "write-only refused");
	expect(ept_map(e, 0x1000, 0x2000, EPT_X) == -E_INVAL, "execute-only refused");
	expect(ept_map(e, 0x1000, 0x2000, EPT_W | EPT_X) == -E_INVAL, "W+X without R refused");
	expect(ept_map(e, 0x1000, 0x2000, EPT_R | EPT_IGNORE_PAT) == -E_INVAL, "bits past RWX");
	expect(ept_trap(e, 0x3000 + 0x800) == -E_INVAL, "unaligned trap refused");
	expect(ept_trap(e, 0x3001) == -E_INVAL, "unaligned trap refused, by a byte");
	expect(ept_walk(e, 0x1000) == NULL, "nothing made by a refusal");
}

// Maps, a trap, translations and unmaps, every entry read back.
static void
check_maps(struct ept *e)
{
	uint64_t hpa = 0, old = 0, *t = e->pml4, gpa = 0x40201000;

	expect(ept_map(e, 0x1000, 0x77000, EPT_R) == 0, "read-only map");
	expect(ept_map(e, gpa, 0x5A000, EPT_RWX) == 0, "map at 1 GiB + 2 MiB + 4 KiB");
	for (int level = EPT_LEVELS - 1; level > 0 && t; level--) {
		uint64_t entry = t[EPT_INDEX(gpa, level)];
		expect((entry & ~EPT_ADDR) == EPT_RWX, "a table entry: its address and R, W, X");
		t = entry & EPT_RWX ? (uint64_t *)(uintptr_t)(entry & EPT_ADDR) : NULL;
	}
	expect(t && ept_walk(e, gpa) == &t[EPT_INDEX(gpa, 0)], "walk to the leaf");
	expect(*ept_walk(e, gpa) == ept_leaf_entry(0x5A000, EPT_RWX, MEMTYPE_WB), "its leaf");
	expect(*ept_walk(e, 0x1000) == ept_leaf_entry(0x77000, EPT_R, MEMTYPE_WB), "read-only");
	expect(ept_translate(e, 0x1ABC, &hpa) == 0 && hpa == 0x77ABC, "translate");
	expect(ept_translate(e, 0x2000, &hpa) == -E_NOENT, "no leaf: no translation");
	expect(ept_translate(e, 0x80000000, &hpa) == -E_NOENT, "no table: no translation");
	expect(ept_trap(e, 0xFF000000) == 0 && *ept_walk(e, 0xFF000000) == EPT_TRAP_ENTRY, "trap");
	expect(ept_translate(e, 0xFF000010, &hpa) == -E_NOENT, "a trap does not translate");
	expect(ept_unmap(e, 0x1000, &old) == 0 && old == ept_leaf_entry(0x77000, EPT_R,
		MEMTYPE_WB), "unmap gives the old entry");
	expect(*ept_walk(e, 0x1000) == 0, "unmapped");
	expect(ept_unmap(e, 0x1000, &old) == -E_NOENT, "unmapped once only");
	expect(ept_unmap(e, 0x2000, &old) == -E_NOENT, "no leaf: nothing to unmap");
	expect(ept_unmap(e, 0xC0000000, &old) == -E_NOENT, "no table: nothing to unmap");
	expect(ept_walk(e, 0xC0000000) == NULL, "unmap made no table");
}

// Out of tables midway: -E_NOMEM, and every table given back by ept_destroy.
static void
check_nomem(uint32_t before)
{
	struct ept e;

	budget = 2;                                             // a PML4, a PDPT
	expect(ept_init(&e, table_alloc, table_free) == 0, "init");
	expect(ept_map(&e, 0x1000, 0x2000, EPT_RWX) == -E_NOMEM, "out of tables");
	expect(ept_trap(&e, 0x5000) == -E_NOMEM, "out of tables for a trap");
	ept_destroy(&e);
	expect(frame_free_count() == before, "tables freed after a failed map");
	budget = 0;
	expect(ept_init(&e, table_alloc, table_free) == -E_NOMEM, "no PML4");
	budget = -1;
}

int
eptcheck_run(const char *tag)
{
	uint32_t before = frame_free_count();
	struct ept e;

	checks = failures = 0;
	budget = -1;
	expect(ept_init(&e, table_alloc, table_free) == 0, "init");
	check_refusals(&e);
	check_maps(&e);
	ept_destroy(&e);
	expect(e.pml4 == NULL, "destroy forgets the PML4");
	expect(frame_free_count() == before, "every table freed");
	check_nomem(before);
	if (failures == 0)
		printf("eptcheck: passed (%s), %d checks\n", tag, checks);
	else
		printf("eptcheck: FAILED (%s), %d of %d checks\n", tag, failures, checks);
	return failures ? -E_INVAL : 0;
}
