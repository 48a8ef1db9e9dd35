// test_guest_runq.c: unit tests of the guest OS's run queue (guest-os/kernel/runq.c).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "guest-os/kernel/runq.h"
#include "lib/error.h"

static struct proc procs[NPROC + 1];

static void
test_runq_empty(void **state)
{
	struct runq q = { 0 };

	(void)state;
	assert_null(runq_pop(&q));
	assert_int_equal(runq_len(&q), 0);
}

static void
test_runq_fifo(void **state)
{
	struct runq q = { 0 };

	(void)state;
	for (int i = 0; i < 3; i++)
		assert_int_equal(runq_push(&q, &procs[i]), 0);
	assert_int_equal(runq_len(&q), 3);
	assert_ptr_equal(runq_pop(&q), &procs[0]);
	assert_int_equal(runq_push(&q, &procs[0]), 0);       // round robin: to the tail
	assert_ptr_equal(runq_pop(&q), &procs[1]);
	assert_ptr_equal(runq_pop(&q), &procs[2]);
	assert_ptr_equal(runq_pop(&q), &procs[0]);
	assert_null(runq_pop(&q));
}

static void
test_runq_full_and_duplicate(void **state)
{
	struct runq q = { 0 };

	(void)state;
	for (int i = 0; i < NPROC; i++)
		assert_int_equal(runq_push(&q, &procs[i]), 0);
	assert_int_equal(runq_push(&q, &procs[NPROC]), -E_2BIG);
	assert_ptr_equal(runq_pop(&q), &procs[0]);
	assert_int_equal(runq_push(&q, &procs[5]), -E_EXIST);  // queued twice would run twice
	assert_int_equal(runq_len(&q), NPROC - 1);
}

// Many times around the ring: the order survives the wrap of the indices.
static void
test_runq_wraps(void **state)
{
	struct runq q = { 0 };

	(void)state;
	for (int i = 0; i < 3; i++)
		runq_push(&q, &procs[i]);
	for (int round = 0; round < 5 * NPROC; round++) {
		struct proc *p = runq_pop(&q);
		assert_ptr_equal(p, &procs[round % 3]);
		assert_int_equal(runq_push(&q, p), 0);
	}
	assert_int_equal(runq_len(&q), 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runq_empty),
		cmocka_unit_test(test_runq_fifo),
		cmocka_unit_test(test_runq_full_and_duplicate),
		cmocka_unit_test(test_runq_wraps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
