// lab5.c: lab 5, virtual devices and interrupts, on lab 5's own test guest
// (tests/guests/lab5*.c), which runs unpaged on a PC board and so needs nothing of lab 6:
// the 8259A pair, the 8254 and the 16550 driven through their ports (the guest checks each
// register and prints a line), interrupts delivered through the guest's IDT in the PIC's
// order when its virtual IF allows, and the guest's clock against the host's.
#include <inttypes.h>

#include "grader/labs/vmmlab.h"
#include "tests/guests/lab5.h"

#define LAB5_GUEST_ELF "build/tests/guests/lab5.elf"
#define HOST_HZ 100                // the monitor's timer (kernel/timer.h TIMER_HZ)
#define WAIT_MS 400

// Runs one of the guest's device tests to its end on the monitor's words (its board and
// clock): every check passed (after the line `line`, when not NULL: "%s" in it is the nonce).
static int
lab5_device(struct run *r, const char *words, const char *test, const char *line)
{
	struct inspect_vm vm;

	if (tguest_boot(r, words, test) < 0 || tguest_end(r, &vm) < 0 ||
	    (line && run_expect(r, line, run_nonce(r)) < 0) || tguest_passed(r, "lab5", test) < 0)
		return -1;
	return run_check(r, vm.state == INSPECT_STOPPED, "the VM should have ended");
}

static int
test_pic(struct run *r)
{
	return lab5_device(r, "backend=te machine=pc", "pic", NULL);
}

static int
test_pit(struct run *r)
{
	return lab5_device(r, "backend=te machine=pc clock=guest", "pit", NULL);
}

// The UART's tests, and the line the guest sent through THR.
static int
test_uart(struct run *r)
{
	return lab5_device(r, "backend=te machine=pc", "uart", "lab5 uart: a line through THR (%s)");
}

// Interrupts in priority order, held back by the virtual IF and by ISR; IRQ_INJECTED counts
// exactly the interrupts the guest's handlers took.
static int
test_interrupts(struct run *r)
{
	struct inspect_vm vm;
	uint32_t taken;

	if (tguest_boot(r, "backend=te machine=pc", "interrupts") < 0 || tguest_end(r, &vm) < 0 ||
	    tguest_passed(r, "lab5", "interrupts") < 0 ||
	    guest_read_u32(r, &vm, "lab5_interrupts_taken", &taken) < 0)
		return -1;
	const struct vmm_count c[] = { { "IRQ_INJECTED", taken } };
	run_note(r, "the guest took %u interrupts", taken);
	return vmm_counts_check(r, c, 1);
}

struct clocks {
	uint32_t host, guest;      // the monitor's timer ticks, the guest's lab5_ticks
};

static int
clocks_read(struct run *r, struct clocks *c)
{
	struct inspect_vm vm;

	if (vmm_read_u32(r, "ticks", &c->host) < 0 || vmm_read_vm(r, &vm) < 0)
		return -1;
	return guest_read_u32(r, &vm, "lab5_ticks", &c->guest);
}

// The guest's ticks advance at LAB5_HZ of the time the host's timer measured (within 20%).
static int
test_virtual_time(struct run *r)
{
	struct clocks a, b;

	if (tguest_boot(r, "backend=te machine=pc", "virtual-time") < 0 ||
	    run_expect(r, "lab5 virtual-time: counting at %d Hz (%s)", LAB5_HZ, run_nonce(r)) < 0 ||
	    clocks_read(r, &a) < 0 || run_run(r, WAIT_MS) < 0 || clocks_read(r, &b) < 0)
		return -1;
	uint32_t host = b.host - a.host, guest = b.guest - a.guest;
	uint64_t want = (uint64_t)host * LAB5_HZ / HOST_HZ;
	run_note(r, "host ticks %u -> %u, guest ticks %u -> %u", a.host, b.host, a.guest, b.guest);
	if (run_check(r, host >= 10, "the monitor's timer advanced only %u ticks in %d ms: is the "
		      "host's timer running while the guest idles?", host, WAIT_MS) < 0)
		return -1;
	return run_check(r, guest * 10 >= want * 8 && guest * 10 <= want * 12 + 20,
			 "in %u host ticks (%u ms of host time) the guest's ticks should advance "
			 "by about %" PRIu64 " (%d Hz), but they advanced by %u: is the virtual "
			 "PIT given the host's elapsed time (vm_time_update)?", host,
			 host * 1000 / HOST_HZ, want, LAB5_HZ, guest);
}

static const struct test lab5_tests[] = {
	{ "pic", 4, 15, test_pic },
	{ "pit", 3, 15, test_pit },
	{ "uart", 4, 15, test_uart },
	{ "interrupts", 4, 15, test_interrupts },
	{ "virtual-time", 2, 15, test_virtual_time },
};

static const char *const lab5_files[] = {
	"vmm/*.c", "vmm/*.h", "vmm/te/*.c", "vmm/te/*.h", "vmm/dev/*.c", "vmm/dev/*.h", NULL,
};

const struct lab lab5 = {
	.number = 5,
	.title = "virtual devices and interrupts",
	.image = "build/lab5.img",
	.elf = "build/kernel.elf",
	.guest_elf = LAB5_GUEST_ELF,
	.files = lab5_files,
	.tests = lab5_tests,
	.ntests = sizeof lab5_tests / sizeof lab5_tests[0],
};
