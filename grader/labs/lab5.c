// lab5.c: lab 5, virtual devices and interrupts: the guest's shell works through the virtual
// 16550 UART, its timer ticks at the rate it programmed into the virtual 8254, counted in
// guest time derived from the host's timer, and every tick is an interrupt the monitor
// injected through the virtual 8259 when the guest's virtual IF allowed it.
#include <inttypes.h>

#include "grader/labs/vmmlab.h"

#define HOST_HZ 100                // the monitor's timer (kernel/timer.h TIMER_HZ)
#define GUEST_HZ 100               // what the guest programs (guest-os/kernel/timer.h)
#define WAIT_MS 400

static int
lab5_boot(struct run *r)
{
	return run_boot(r, "backend=te tag=%s", run_nonce(r));
}

// Types commands at the guest's shell: each character goes through the virtual UART's
// receive interrupt, each answer through its transmit register.
static int
test_shell(struct run *r)
{
	if (lab5_boot(r) < 0 || run_expect(r, "type help") < 0 || run_send(r, "hello\n") < 0 ||
	    run_expect(r, "hello from pid") < 0 || run_send(r, "ps\n") < 0 ||
	    run_expect(r, "sh") < 0)
		return -1;
	run_note(r, "the guest's shell ran hello and ps typed through the virtual UART");
	return run_send(r, "exit\n") < 0 ? -1 : run_expect_end(r, END_SUCCESS);
}

struct clocks {
	uint32_t host, guest;      // the monitor's timer ticks, the guest's `ticks`
	uint64_t injected;         // IRQ_INJECTED
};

static int
clocks_read(struct run *r, struct clocks *c)
{
	struct inspect_vm vm;

	if (vmm_read_u32(r, "ticks", &c->host) < 0 || vmm_read_vm(r, &vm) < 0 ||
	    guest_read_u32(r, &vm, "ticks", &c->guest) < 0)
		return -1;
	return vmm_read_stat(r, "IRQ_INJECTED", &c->injected);
}

// Reads the clocks at the idle shell, WAIT_MS apart.
static int
clocks_sample(struct run *r, struct clocks *a, struct clocks *b)
{
	if (lab5_boot(r) < 0 || run_expect(r, "type help") < 0 || clocks_read(r, a) < 0 ||
	    run_run(r, WAIT_MS) < 0 || clocks_read(r, b) < 0)
		return -1;
	run_note(r, "host ticks %u -> %u, guest ticks %u -> %u, IRQ_INJECTED %" PRIu64 " -> %"
		 PRIu64, a->host, b->host, a->guest, b->guest, a->injected, b->injected);
	return 0;
}

// The guest's ticks advance at GUEST_HZ of the time the host's timer measured (within 20%).
static int
test_ticks(struct run *r)
{
	struct clocks a, b;

	if (clocks_sample(r, &a, &b) < 0)
		return -1;
	uint32_t host = b.host - a.host, guest = b.guest - a.guest;
	uint64_t want = (uint64_t)host * GUEST_HZ / HOST_HZ;
	if (run_check(r, host >= 10, "the monitor's timer advanced only %u ticks in %d ms: is the "
		      "host's timer running while the guest idles?", host, WAIT_MS) < 0)
		return -1;
	return run_check(r, guest * 10 >= want * 8 && guest * 10 <= want * 12 + 20,
			 "in %u host ticks (%u ms of host time) the guest's ticks should advance "
			 "by about %" PRIu64 " (%d Hz), but they advanced by %u: is the virtual "
			 "PIT given the host's elapsed time (vm_time_update)?", host,
			 host * 1000 / HOST_HZ, want, GUEST_HZ, guest);
}

// Each guest tick is a timer interrupt the monitor injected. A sample may fall between an
// injection and the guest's handler counting it: one tick of the first sample may have been
// injected before it.
static int
test_injected(struct run *r)
{
	struct clocks a, b;

	if (clocks_sample(r, &a, &b) < 0)
		return -1;
	uint32_t guest = b.guest - a.guest;
	uint64_t injected = b.injected - a.injected;
	if (run_check(r, guest > 0, "the guest's ticks did not advance in %d ms", WAIT_MS) < 0)
		return -1;
	return run_check(r, injected + 1 >= guest, "the guest counted %u ticks but the monitor "
			 "injected only %" PRIu64 " interrupts (IRQ_INJECTED): every virtual IRQ "
			 "must be counted where it is delivered", guest, injected);
}

static const struct test lab5_tests[] = {
	{ "shell-uart", 4, 20, test_shell },
	{ "virtual-ticks", 4, 20, test_ticks },
	{ "irq-injected", 2, 20, test_injected },
};

static const char *const lab5_files[] = {
	"vmm/*.c", "vmm/*.h", "vmm/te/*.c", "vmm/te/*.h", "vmm/dev/*.c", "vmm/dev/*.h", NULL,
};

const struct lab lab5 = {
	.number = 5,
	.title = "virtual devices and interrupts",
	.image = "build/duplicata.img",
	.elf = "build/kernel.elf",
	.guest_elf = VMMLAB_GUEST_ELF,
	.files = lab5_files,
	.tests = lab5_tests,
	.ntests = sizeof lab5_tests / sizeof lab5_tests[0],
};
