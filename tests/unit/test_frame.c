// test_frame.c: the frame allocator's bookkeeping: what is free, reserved, handed out, returned.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "kernel/frame.h"
#include "lib/error.h"
#include "x86/paging.h"

static void
init_range(uint64_t start, uint64_t end)
{
	struct mem_range r = { start, end };
	frame_init(&r, 1);
}

static void
test_counts_free_frames(void **state)
{
	(void)state;
	init_range(0x100000, 0x200000);
	assert_int_equal(frame_free_count(), 256);
	frame_reserve(0x100000, 0x110001);      // a partial frame is reserved whole
	assert_int_equal(frame_free_count(), 256 - 17);
}

static void
test_alloc_only_free_frames_then_exhausts(void **state)
{
	(void)state;
	init_range(0x100000, 0x104000);
	frame_reserve(0x101000, 0x102000);
	uint32_t got[3];
	for (int i = 0; i < 3; i++) {
		got[i] = frame_alloc();
		assert_true(got[i] >= 0x100000 && got[i] < 0x104000);
		assert_int_not_equal(got[i], 0x101000);
		assert_int_equal(got[i] % PAGE_SIZE, 0);
	}
	assert_int_not_equal(got[0], got[1]);
	assert_int_not_equal(got[1], got[2]);
	assert_int_equal(frame_alloc(), 0);
	assert_int_equal(frame_free_count(), 0);
}

static void
test_free_returns_and_refuses_bad_frees(void **state)
{
	(void)state;
	init_range(0x100000, 0x101000);
	uint32_t pa = frame_alloc();
	assert_int_equal(pa, 0x100000);
	assert_int_equal(frame_free(pa), 0);
	assert_int_equal(frame_free(pa), -E_INVAL);          // double free
	assert_int_equal(frame_free(pa + 4), -E_INVAL);      // unaligned
	assert_int_equal(frame_free(0), -E_INVAL);           // frame 0 is never free
	assert_int_equal(frame_free(FRAME_LIMIT), -E_INVAL);
	assert_int_equal(frame_alloc(), 0x100000);
}

static void
test_frame_zero_and_limit_never_free(void **state)
{
	(void)state;
	struct mem_range r[] = { { 0, 0x2000 }, { FRAME_LIMIT - 0x1000, FRAME_LIMIT + 0x100000ull } };
	frame_init(r, 2);
	assert_int_equal(frame_free_count(), 2);             // 0x1000 and the last frame below 1 GiB
	uint32_t a = frame_alloc(), b = frame_alloc();
	assert_true((a == 0x1000 && b == FRAME_LIMIT - 0x1000) ||
		    (b == 0x1000 && a == FRAME_LIMIT - 0x1000));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counts_free_frames),
		cmocka_unit_test(test_alloc_only_free_frames_then_exhausts),
		cmocka_unit_test(test_free_returns_and_refuses_bad_frees),
		cmocka_unit_test(test_frame_zero_and_limit_never_free),
	};
	return cmocka_run_group_tests_name("frame", tests, NULL, NULL);
}
