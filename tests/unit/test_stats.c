// test_stats.c: the per-reason counters: per VM and in total, names, lookup, printing.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "lib/error.h"
#include "vmm/stats.h"

static struct stats vm_a, vm_b;

static int
setup(void **state)
{
	(void)state;
	stats_reset(&vm_a);
	stats_reset(&vm_b);
	stats_reset(&stats_total);
	return 0;
}

static void
test_counts_per_vm_and_total(void **state)
{
	(void)state;
	stats_count(&vm_a, STAT_CLI);
	stats_count(&vm_a, STAT_CLI);
	stats_count(&vm_b, STAT_CLI);
	stats_count(&vm_b, STAT_IO_OUT);
	stats_count(NULL, STAT_IRQ_HOST);       // not tied to a VM
	assert_int_equal(stats_get(&vm_a, STAT_CLI), 2);
	assert_int_equal(stats_get(&vm_b, STAT_CLI), 1);
	assert_int_equal(stats_get(&stats_total, STAT_CLI), 3);
	assert_int_equal(stats_get(&stats_total, STAT_IRQ_HOST), 1);
	assert_int_equal(stats_sum(&vm_b), 2);
	assert_int_equal(stats_sum(&stats_total), 5);
}

static void
test_bad_reasons_are_harmless(void **state)
{
	(void)state;
	stats_count(&vm_a, STAT_COUNT);
	stats_count(&vm_a, (enum stat_reason)-1);
	assert_int_equal(stats_sum(&vm_a), 0);
	assert_int_equal(stats_get(&vm_a, STAT_COUNT), 0);
	assert_string_equal(stats_name(STAT_COUNT), "?");
	assert_string_equal(stats_what((enum stat_reason)-1), "?");
}

// The names come from the list: each is the enum's name without STAT_, and unique.
static void
test_names_from_the_list(void **state)
{
	(void)state;
	assert_int_equal(stats_nreasons, STAT_COUNT);
	assert_string_equal(stats_name(STAT_CLI), "CLI");
	assert_string_equal(stats_name(STAT_PAGE_FAULT_SHADOW), "PAGE_FAULT_SHADOW");
	assert_string_equal(stats_names[STAT_UNEXPECTED], "UNEXPECTED");
	for (int a = 0; a < STAT_COUNT; a++) {
		assert_non_null(stats_names[a]);
		assert_true(strlen(stats_what(a)) > 0);
		assert_int_equal(stats_lookup(stats_names[a]), a);
		for (int b = a + 1; b < STAT_COUNT; b++)
			assert_string_not_equal(stats_names[a], stats_names[b]);
	}
	assert_int_equal(stats_lookup("NO_SUCH_REASON"), -E_NOENT);
}

static char out[256];
static size_t nout;

static void
sink(int c, void *arg)
{
	(void)arg;
	if (nout < sizeof out - 1)
		out[nout++] = c;
}

static void
test_print_lists_nonzero_counters(void **state)
{
	(void)state;
	memset(out, 0, sizeof out);
	nout = 0;
	for (int i = 0; i < 12; i++)
		stats_count(&vm_a, STAT_HLT);
	stats_count(&vm_a, STAT_CPUID);
	int n = stats_print(&vm_a, sink, NULL);
	assert_string_equal(out, "HLT                  12\n"
				 "CPUID                1\n");
	assert_int_equal(n, (int)strlen(out));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_counts_per_vm_and_total, setup),
		cmocka_unit_test_setup(test_bad_reasons_are_harmless, setup),
		cmocka_unit_test_setup(test_names_from_the_list, setup),
		cmocka_unit_test_setup(test_print_lists_nonzero_counters, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
