// test_guest_frame.c: unit tests of the guest OS's frame allocator (guest-os/kernel/frame.c).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "guest-os/kernel/frame.h"
#include "lib/error.h"

#define KB 1024u
#define MB (1024u * 1024u)

static struct e820_entry
e820(uint64_t base, uint64_t length, uint32_t type)
{
	return (struct e820_entry){ base, length, type, 1 };
}

// A PC with 16 MiB: low RAM, the hole of the BIOS and video, then RAM from 1 MiB.
static uint32_t
init_pc(void)
{
	struct e820_entry map[] = {
		e820(0, 640 * KB, E820_RAM),
		e820(640 * KB, 384 * KB, 2),
		e820(1 * MB, 15 * MB, E820_RAM),
	};

	return frame_init(map, 3, KMAP_MAX);
}

static void
test_frame_init_pc(void **state)
{
	(void)state;
	assert_int_equal(init_pc(), 16 * MB);
	// frames 1..159 below 640 KiB (frame 0 never), and all of [1 MiB, 16 MiB)
	assert_int_equal(frame_free_count(), 159 + 15 * MB / 4096);
}

// Reserved entries win over RAM entries that overlap them; partial pages are not RAM.
static void
test_frame_init_overlap_and_partial(void **state)
{
	struct e820_entry map[] = {
		e820(0x1800, 0x4000, E820_RAM),         // whole frames 2, 3, 4
		e820(0x100000, 0x100000, E820_RAM),     // frames 0x100..0x1FF
		e820(0x180800, 0x100, 2),               // takes frame 0x180 away
	};

	(void)state;
	assert_int_equal(frame_init(map, 3, KMAP_MAX), 0x200000);
	assert_int_equal(frame_free_count(), 3 + 0x100 - 1);
	assert_int_equal(frame_alloc(), 0x2000);    // lowest first
	frame_reserve(0x100000, 0x180000);
	assert_int_equal(frame_alloc(), 0x3000);
	assert_int_equal(frame_alloc(), 0x4000);
	assert_int_equal(frame_alloc(), 0x181000);  // 0x100000..0x180FFF are taken
}

static void
test_frame_init_limit(void **state)
{
	struct e820_entry map[] = { e820(1 * MB, 4ull << 30, E820_RAM) };   // 4 GiB of RAM

	(void)state;
	assert_int_equal(frame_init(map, 1, 8 * MB), 8 * MB);
	assert_int_equal(frame_free_count(), 7 * MB / 4096);
	assert_int_equal(frame_init(map, 1, KMAP_MAX), KMAP_MAX);
}

static void
test_frame_alloc_free(void **state)
{
	(void)state;
	init_pc();
	uint32_t before = frame_free_count();
	uint32_t a = frame_alloc(), b = frame_alloc();
	assert_int_equal(a, 0x1000);
	assert_int_equal(b, 0x2000);
	assert_int_equal(frame_free_count(), before - 2);
	assert_int_equal(frame_free(a), 0);
	assert_int_equal(frame_free(a), -E_INVAL);          // double free
	assert_int_equal(frame_alloc(), a);                 // the lowest again
	assert_int_equal(frame_free(b + 1), -E_INVAL);      // unaligned
	assert_int_equal(frame_free(0), -E_INVAL);
	assert_int_equal(frame_free(KMAP_MAX), -E_INVAL);   // out of range
	assert_int_equal(frame_free_count(), before - 2);
}

static void
test_frame_exhaustion(void **state)
{
	struct e820_entry map[] = { e820(0x1000, 0x3000, E820_RAM) };

	(void)state;
	frame_init(map, 1, KMAP_MAX);
	assert_int_equal(frame_alloc(), 0x1000);
	assert_int_equal(frame_alloc(), 0x2000);
	assert_int_equal(frame_alloc(), 0x3000);
	assert_int_equal(frame_alloc(), 0);
	assert_int_equal(frame_free_count(), 0);
	assert_int_equal(frame_free(0x2000), 0);
	assert_int_equal(frame_alloc(), 0x2000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frame_init_pc),
		cmocka_unit_test(test_frame_init_overlap_and_partial),
		cmocka_unit_test(test_frame_init_limit),
		cmocka_unit_test(test_frame_alloc_free),
		cmocka_unit_test(test_frame_exhaustion),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
