// test_memmap.c: the usable RAM computed from BIOS memory maps, as QEMU, Bochs and odd
// firmware report them.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "kernel/memmap.h"

#define RAM(b, l)  { (b), (l), E820_RAM, 1 }
#define RES(b, l)  { (b), (l), 2, 1 }
#define N(a)       ((int)(sizeof(a) / sizeof((a)[0])))

static struct mem_range out[MEMMAP_MAX];

static void
assert_range(int i, uint64_t start, uint64_t end)
{
	assert_int_equal(out[i].start, start);
	assert_int_equal(out[i].end, end);
}

// The map QEMU 7.2 gives a 128 MiB machine.
static void
test_qemu_map(void **state)
{
	(void)state;
	struct e820_entry map[] = {
		RAM(0, 0x9fc00), RES(0x9fc00, 0x400), RES(0xf0000, 0x10000),
		RAM(0x100000, 0x7ee0000), RES(0x7fe0000, 0x20000), RES(0xfffc0000, 0x40000),
	};
	assert_int_equal(memmap_usable(map, N(map), 1ull << 32, out, MEMMAP_MAX), 2);
	assert_range(0, 0, 0x9f000);            // the partial page at 0x9f000 is dropped
	assert_range(1, 0x100000, 0x7fe0000);
}

static void
test_unaligned_entries_shrink_to_pages(void **state)
{
	(void)state;
	struct e820_entry map[] = { RAM(0x100001, 0x1000) };   // no whole page inside
	assert_int_equal(memmap_usable(map, N(map), 1ull << 32, out, MEMMAP_MAX), 0);
	struct e820_entry map2[] = { RAM(0x100800, 0x3000) };
	assert_int_equal(memmap_usable(map2, N(map2), 1ull << 32, out, MEMMAP_MAX), 1);
	assert_range(0, 0x101000, 0x103000);
}

// Firmware may list a reserved range inside RAM: it is cut out, splitting the RAM entry.
static void
test_reserved_inside_ram_splits(void **state)
{
	(void)state;
	struct e820_entry map[] = { RAM(0x100000, 0x1000000), RES(0x400800, 0x100) };
	assert_int_equal(memmap_usable(map, N(map), 1ull << 32, out, MEMMAP_MAX), 2);
	assert_range(0, 0x100000, 0x400000);
	assert_range(1, 0x401000, 0x1100000);
}

static void
test_unsorted_overlapping_ram_merges(void **state)
{
	(void)state;
	struct e820_entry map[] = {
		RAM(0x300000, 0x200000), RAM(0x100000, 0x100000), RAM(0x180000, 0x180000),
	};
	assert_int_equal(memmap_usable(map, N(map), 1ull << 32, out, MEMMAP_MAX), 1);
	assert_range(0, 0x100000, 0x500000);
}

static void
test_limit_clips_and_drops(void **state)
{
	(void)state;
	struct e820_entry map[] = { RAM(0x100000, 0x7ff00000), RAM(0x100000000ull, 0x1000000) };
	assert_int_equal(memmap_usable(map, N(map), 0x40000000, out, MEMMAP_MAX), 1);
	assert_range(0, 0x100000, 0x40000000);
}

static void
test_empty_and_reserved_only(void **state)
{
	(void)state;
	struct e820_entry map[] = { RES(0, 0x100000), RAM(0x200000, 0) };
	assert_int_equal(memmap_usable(map, N(map), 1ull << 32, out, MEMMAP_MAX), 0);
	assert_int_equal(memmap_usable(map, 0, 1ull << 32, out, MEMMAP_MAX), 0);
}

static void
test_type_names(void **state)
{
	(void)state;
	assert_string_equal(memmap_type_name(E820_RAM), "usable");
	assert_string_equal(memmap_type_name(3), "ACPI data");
	assert_string_equal(memmap_type_name(0), "unknown");
	assert_string_equal(memmap_type_name(99), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_map),
		cmocka_unit_test(test_unaligned_entries_shrink_to_pages),
		cmocka_unit_test(test_reserved_inside_ram_splits),
		cmocka_unit_test(test_unsorted_overlapping_ram_merges),
		cmocka_unit_test(test_limit_clips_and_drops),
		cmocka_unit_test(test_empty_and_reserved_only),
		cmocka_unit_test(test_type_names),
	};
	return cmocka_run_group_tests_name("memmap", tests, NULL, NULL);
}
