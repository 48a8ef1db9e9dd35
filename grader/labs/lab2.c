// lab2.c: lab 2, the guest's interrupts: the 8259A PICs remapped, the 8254 PIT ticking at
// 100 Hz, the UART's receive interrupt, idling in hlt. The guest boots with `kmon`, its
// kernel monitor, which needs nothing of lab 3.
#include "grader/grade.h"

#include "grader/labs/guest.h"

#define T_IRQ0   0x20           // the guest's first IRQ vector (kernel/trap.h)
#define FL_IF    0x200

static int
lab2_kmon(struct run *r)
{
	if (guest_boot(r, "kmon") < 0 || run_expect(r, "tag %s", run_nonce(r)) < 0)
		return -1;
	return run_expect(r, "kmon: ready");
}

// Boots kmon and reads the symbol ticks from outside twice, ms milliseconds apart.
static int
lab2_ticks(struct run *r, int ms, uint32_t *t0, uint32_t *t1)
{
	if (lab2_kmon(r) < 0 || run_read_u32(r, "ticks", t0) < 0 || run_run(r, ms) < 0 ||
	    run_read_u32(r, "ticks", t1) < 0)
		return -1;
	run_note(r, "ticks: %u, then %u, %d ms later", *t0, *t1, ms);
	return 0;
}

// The symbol ticks, read twice from outside while the monitor idles, has advanced.
static int
test_ticks(struct run *r)
{
	uint32_t t0, t1;

	if (lab2_ticks(r, 300, &t0, &t1) < 0)
		return -1;
	return run_check(r, t1 > t0, "expected ticks to advance while the kernel idles with "
			 "interrupts on, but it stayed at %u: is the PIT programmed, IRQ 0 unmasked, "
			 "and timer_irq counting?", t0);
}

// A breakpoint on the timer's handler: it runs for vector 0x20 (the master PIC moved off the
// CPU's exceptions), with interrupts off (an interrupt gate), from the idle loop's hlt.
static int
test_timer_vector(struct run *r)
{
	struct regs g;
	uint32_t tf[GUEST_TF_WORDS];

	if (lab2_kmon(r) < 0 || run_break(r, "timer_irq") < 0 || run_regs(r, &g) < 0 ||
	    guest_trapframe(r, &g, tf) < 0)
		return -1;
	run_note(r, "at timer_irq: vector 0x%x, interrupted eip 0x%08x (%s), eflags 0x%08x",
		 tf[GUEST_TF_VECTOR], tf[GUEST_TF_EIP], run_where(r, tf[GUEST_TF_EIP]), g.eflags);
	if (run_check(r, tf[GUEST_TF_VECTOR] == T_IRQ0, "expected the timer (IRQ 0) at vector "
		      "0x%x, found vector 0x%x: did pic_init move the master's vectors (ICW2)?",
		      T_IRQ0, tf[GUEST_TF_VECTOR]) < 0)
		return -1;
	return run_check(r, !(g.eflags & FL_IF) && (tf[GUEST_TF_EFLAGS] & FL_IF),
			 "expected interrupts off in the handler (IF=0) and on where the timer "
			 "struck (IF=1), found eflags 0x%08x and 0x%08x", g.eflags,
			 tf[GUEST_TF_EFLAGS]);
}

// Many ticks, each acknowledged: without an EOI the PIC delivers the first and no other.
// (Under QEMU's -icount the guest's clock runs ahead while it halts: 0.5 s of wall time is
// many more than 50 ticks of 10 ms. The rate itself is the handout's question 2.)
static int
test_eoi(struct run *r)
{
	uint32_t t0, t1;

	if (lab2_ticks(r, 500, &t0, &t1) < 0)
		return -1;
	return run_check(r, t1 >= t0 + 10, "expected at least 10 ticks in 0.5 s of idling, found "
			 "%u then %u: is every IRQ acknowledged (pic_eoi)?", t0, t1);
}

// A line typed on COM1 comes back: the receive interrupt woke the idle CPU and queued it.
static int
test_serial_input(struct run *r)
{
	if (lab2_kmon(r) < 0 || run_send(r, "%s\n", run_nonce(r)) < 0)
		return -1;
	if (run_expect(r, "kmon: '%s' at tick", run_nonce(r)) < 0)
		return -1;
	return run_send(r, "exit\n") < 0 ? -1 : run_expect_end(r, END_SUCCESS);
}

static const struct test lab2_tests[] = {
	{ "ticks", 3, 10, test_ticks },
	{ "timer-vector", 3, 10, test_timer_vector },
	{ "eoi", 2, 10, test_eoi },
	{ "serial-input", 4, 10, test_serial_input },
};

const struct lab lab2 = {
	.number = 2,
	.title = "guest interrupts: PIC, PIT, UART",
	.image = GUEST_IMAGE,
	.elf = GUEST_ELF,
	.files = guest_files,
	.tests = lab2_tests,
	.ntests = sizeof lab2_tests / sizeof lab2_tests[0],
};
