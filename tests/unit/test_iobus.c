// test_iobus.c: port routing: claims, overlaps, widths, split accesses, unclaimed ports.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "lib/error.h"
#include "vmm/dev/iobus.h"

// A device that records its last access and answers reads with port * 0x11 per byte.
struct probe {
	int reads, writes;
	uint16_t port;
	int size;
	uint32_t val;
};

static uint32_t
probe_read(void *dev, uint16_t port, int size)
{
	struct probe *p = dev;
	uint32_t v = 0;

	p->reads++;
	p->port = port;
	p->size = size;
	for (int i = 0; i < size; i++)
		v |= (uint32_t)(((port + i) * 0x11) & 0xFF) << (8 * i);
	return v | 0xAB000000u * (size < 4);  // garbage above size: the bus must mask it
}

static void
probe_write(void *dev, uint16_t port, int size, uint32_t val)
{
	struct probe *p = dev;

	p->writes++;
	p->port = port;
	p->size = size;
	p->val = val;
}

static struct iobus bus;
static struct probe a, b;

static int
setup(void **state)
{
	(void)state;
	iobus_init(&bus);
	a = (struct probe){ 0 };
	b = (struct probe){ 0 };
	return 0;
}

static void
test_register_rejects_overlap_and_bad_ranges(void **state)
{
	(void)state;
	assert_int_equal(iobus_register(&bus, 0x40, 4, 1, "a", &a, probe_read, probe_write), 0);
	assert_int_equal(iobus_register(&bus, 0x43, 2, 1, "b", &b, probe_read, probe_write),
			 -E_EXIST);
	assert_int_equal(iobus_register(&bus, 0x3C, 4, 1, "b", &b, probe_read, probe_write), 0);
	assert_int_equal(iobus_register(&bus, 0x50, 0, 1, "b", &b, probe_read, probe_write),
			 -E_INVAL);
	assert_int_equal(iobus_register(&bus, 0xFFFF, 2, 1, "b", &b, probe_read, probe_write),
			 -E_INVAL);
	assert_int_equal(iobus_register(&bus, 0x60, 1, 3, "b", &b, probe_read, probe_write),
			 -E_INVAL);
	assert_int_equal(iobus_register(&bus, 0xFFFF, 1, 1, "b", &b, probe_read, probe_write), 0);
}

static void
test_register_until_full(void **state)
{
	(void)state;
	for (int i = 0; i < IOBUS_MAX_RANGES; i++)
		assert_int_equal(iobus_register(&bus, 0x100 + i, 1, 1, "a", &a, NULL, NULL), 0);
	assert_int_equal(iobus_register(&bus, 0x200, 1, 1, "a", &a, NULL, NULL), -E_NOMEM);
}

static void
test_routes_to_the_claiming_device(void **state)
{
	(void)state;
	iobus_register(&bus, 0x20, 2, 1, "a", &a, probe_read, probe_write);
	iobus_register(&bus, 0xA0, 2, 1, "b", &b, probe_read, probe_write);
	assert_int_equal(iobus_read(&bus, 0x21, 1), 0x21 * 0x11 & 0xFF);
	assert_int_equal(a.reads, 1);
	assert_int_equal(a.port, 0x21);
	iobus_write(&bus, 0xA1, 1, 0x5A);
	assert_int_equal(b.writes, 1);
	assert_int_equal(b.val, 0x5A);
	assert_int_equal(a.writes, 0);
	assert_int_equal(bus.unclaimed_reads + bus.unclaimed_writes, 0);
}

static void
test_unclaimed_reads_all_ones_and_counts(void **state)
{
	(void)state;
	assert_int_equal(iobus_read(&bus, 0x80, 1), 0xFF);
	assert_int_equal(iobus_read(&bus, 0x80, 2), 0xFFFF);
	assert_int_equal(iobus_read(&bus, 0x80, 4), 0xFFFFFFFFu);
	iobus_write(&bus, 0x1234, 2, 0);
	assert_int_equal(bus.unclaimed_reads, 3);
	assert_int_equal(bus.unclaimed_writes, 1);
	assert_int_equal(bus.last_unclaimed, 0x1234);
}

// A 16-bit access to an 8-bit device becomes two byte accesses, as on the ISA bus.
static void
test_wide_access_split_for_byte_device(void **state)
{
	(void)state;
	iobus_register(&bus, 0x3F8, 8, 1, "a", &a, probe_read, probe_write);
	assert_int_equal(iobus_read(&bus, 0x3F8, 2), (0x3F9 * 0x11 & 0xFF) << 8 | (0x3F8 * 0x11 & 0xFF));
	assert_int_equal(a.reads, 2);
	assert_int_equal(a.size, 1);
	iobus_write(&bus, 0x3FA, 4, 0x44332211);
	assert_int_equal(a.writes, 4);
	assert_int_equal(a.port, 0x3FD);
	assert_int_equal(a.val, 0x44);
}

static void
test_wide_device_gets_one_access(void **state)
{
	(void)state;
	iobus_register(&bus, 0xCF8, 4, 4, "a", &a, probe_read, probe_write);
	iobus_write(&bus, 0xCF8, 4, 0x80001234);
	assert_int_equal(a.writes, 1);
	assert_int_equal(a.size, 4);
	assert_int_equal(a.val, 0x80001234);
	iobus_read(&bus, 0xCFA, 2);
	assert_int_equal(a.size, 2);
	assert_int_equal(a.port, 0xCFA);
	assert_int_equal(iobus_read(&bus, 0xCF8, 4), 0xAB9A8978u);   // (0xCF8..0xCFB) * 0x11
}

// Half claimed, half not: the claimed byte answers, the other reads 0xFF and counts.
static void
test_access_straddling_the_end_of_a_range(void **state)
{
	(void)state;
	iobus_register(&bus, 0x60, 1, 1, "a", &a, probe_read, probe_write);
	assert_int_equal(iobus_read(&bus, 0x60, 2), 0xFF00 | (0x60 * 0x11 & 0xFF));
	assert_int_equal(bus.unclaimed_reads, 1);
	iobus_write(&bus, 0x5F, 2, 0x7766);
	assert_int_equal(a.val, 0x77);
	assert_int_equal(bus.unclaimed_writes, 1);
}

// Port 0xFFFF's neighbour is past the end of the port space: unclaimed, not port 0.
static void
test_no_wrap_at_top_of_port_space(void **state)
{
	(void)state;
	iobus_register(&bus, 0, 1, 1, "a", &a, probe_read, probe_write);
	iobus_register(&bus, 0xFFFF, 1, 1, "b", &b, probe_read, probe_write);
	assert_int_equal(iobus_read(&bus, 0xFFFF, 2) >> 8, 0xFF);
	assert_int_equal(a.reads, 0);
	assert_int_equal(b.reads, 1);
}

static void
test_device_without_handlers_is_claimed(void **state)
{
	(void)state;
	iobus_register(&bus, 0x80, 1, 1, "post", NULL, NULL, NULL);
	iobus_write(&bus, 0x80, 1, 0x12);
	assert_int_equal(iobus_read(&bus, 0x80, 1), 0xFF);
	assert_int_equal(bus.unclaimed_reads + bus.unclaimed_writes, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_register_rejects_overlap_and_bad_ranges, setup),
		cmocka_unit_test_setup(test_register_until_full, setup),
		cmocka_unit_test_setup(test_routes_to_the_claiming_device, setup),
		cmocka_unit_test_setup(test_unclaimed_reads_all_ones_and_counts, setup),
		cmocka_unit_test_setup(test_wide_access_split_for_byte_device, setup),
		cmocka_unit_test_setup(test_wide_device_gets_one_access, setup),
		cmocka_unit_test_setup(test_access_straddling_the_end_of_a_range, setup),
		cmocka_unit_test_setup(test_no_wrap_at_top_of_port_space, setup),
		cmocka_unit_test_setup(test_device_without_handlers_is_claimed, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
