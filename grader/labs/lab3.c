// lab3.c: lab 3, the guest's memory and processes: paging with user and kernel pages, user
// mode at ring 3, system calls, a preemptive scheduler, and faults that kill only the
// process at fault. Checked from outside: the CPL while a program runs and its page tables.
#include "grader/grade.h"

#include "grader/labs/guest.h"

#define PTE_P 0x001
#define PTE_U 0x004
#define PAGE_MASK 0xFFFFF000u

// Stops the machine inside a running user program: a hardware breakpoint on the linear
// address of stress's main, which only user code can execute. (Sampling at random times
// raced the guest: stress ends in a fraction of a second, and on a loaded machine the
// grader could miss it whole.) The breakpoint is set before the guest runs. A kernel that
// runs programs at ring 0 is stopped there too, and the checks on CS and SS catch it.
static int
lab3_user_stop(struct run *r, struct regs *g)
{
	if (guest_boot(r, "run=stress,exit") < 0 || run_break_program(r, "stress", "main") < 0 ||
	    run_expect(r, "tag %s", run_nonce(r)) < 0)      // printed by then
		return -1;
	return run_regs(r, g);
}

// CPL 3 while a user program runs: CS and SS are the user selectors and EIP is in user space.
static int
test_user_mode(struct run *r)
{
	struct regs g;

	if (lab3_user_stop(r, &g) < 0)
		return -1;
	run_note(r, "at CPL 3: eip 0x%08x, cs 0x%04x, ss 0x%04x, esp 0x%08x, cr3 0x%08x", g.eip,
		 g.cs.sel, g.ss.sel, g.esp, g.cr3);
	return run_check(r, g.cs.sel == GUEST_UCODE_SEL && g.ss.sel == GUEST_UDATA_SEL &&
			 g.eip < GUEST_KERNBASE && g.esp < GUEST_KERNBASE, "expected user code "
			 "below 0x%08x with CS 0x%02x and SS 0x%02x, found eip 0x%08x, cs 0x%04x, ss "
			 "0x%04x, esp 0x%08x", GUEST_KERNBASE, GUEST_UCODE_SEL, GUEST_UDATA_SEL,
			 g.eip, g.cs.sel, g.ss.sel, g.esp);
}

// What a walk of one address space found.
struct walk {
	int user_pages, kernel_pages;
	uint32_t bad_va;                // the first page that breaks a rule, with why
	const char *why;
};

// Checks one present page at va with the flags both levels allow.
static void
walk_page(struct walk *w, uint32_t va, uint32_t flags)
{
	int user = va < GUEST_KERNBASE;

	if (user)
		w->user_pages++;
	else
		w->kernel_pages++;
	if (w->why)
		return;
	if (va >= GUEST_MONITOR)
		w->why = "is mapped, in the monitor's 4 MiB";
	else if (user && !(flags & PTE_U))
		w->why = "is a user page without U=1";
	else if (!user && (flags & PTE_U))
		w->why = "is a kernel page that user mode may touch (U=1)";
	if (w->why)
		w->bad_va = va;
}

// Walks the page directory at cr3 and every table it points to, through physical memory.
static int
walk_space(struct run *r, uint32_t cr3, struct walk *w)
{
	static uint32_t dir[1024], table[1024];

	if (run_read_phys(r, cr3 & PAGE_MASK, dir, sizeof dir) < 0)
		return -1;
	for (uint32_t i = 0; i < 1024; i++) {
		if (!(dir[i] & PTE_P))
			continue;
		if (run_read_phys(r, dir[i] & PAGE_MASK, table, sizeof table) < 0)
			return -1;
		for (uint32_t j = 0; j < 1024; j++)
			if (table[j] & PTE_P)
				walk_page(w, i << 22 | j << 12, dir[i] & table[j]);
	}
	return 0;
}

// The page tables of a running user program, walked from its CR3: user pages U=1, kernel
// pages U=0, nothing in the monitor's top 4 MiB, and EIP's page user-accessible.
static int
test_page_tables(struct run *r)
{
	struct regs g;
	struct walk w = { 0, 0, 0, NULL };
	uint64_t pa;
	uint32_t flags;

	if (lab3_user_stop(r, &g) < 0 || walk_space(r, g.cr3, &w) < 0)
		return -1;
	run_note(r, "cr3 0x%08x: %d user pages, %d kernel pages", g.cr3, w.user_pages,
		 w.kernel_pages);
	if (run_check(r, !w.why, "page 0x%08x %s", w.bad_va, w.why) < 0)
		return -1;
	if (run_check(r, w.user_pages > 0 && w.kernel_pages > 0, "expected both user pages and "
		      "the kernel's pages in the address space, found %d and %d", w.user_pages,
		      w.kernel_pages) < 0)
		return -1;
	if (run_translate(r, g.eip, &pa, &flags) < 0)
		return -1;
	return run_check(r, (flags & PTE_U) != 0, "expected eip 0x%08x on a user page, found "
			 "flags 0x%x", g.eip, flags);
}

// hello (its pid and its argument, through write and getpid) and ps (the process table).
static int
test_syscalls(struct run *r)
{
	if (guest_boot(r, "run=hello+%s,ps,exit", run_nonce(r)) < 0 ||
	    run_expect(r, "tag %s", run_nonce(r)) < 0)
		return -1;
	if (run_expect(r, "hello from pid 2: %s", run_nonce(r)) < 0 ||
	    run_expect(r, "PID  PPID  STATE     NAME") < 0)
		return -1;
	if (run_expect(r, "    1     0  blocked   sh") < 0 ||
	    run_expect(r, "    3     1  running   ps") < 0)
		return -1;
	return run_expect_end(r, END_SUCCESS);
}

// stress: workers that compute, yield and sleep, and a child that never yields but still
// finishes while its parent spins: only the timer can have preempted it.
static int
test_scheduler(struct run *r)
{
	if (guest_boot(r, "run=stress,exit") < 0 || run_expect(r, "tag %s", run_nonce(r)) < 0)
		return -1;
	if (run_expect(r, "stress: preemption: a never-yielding child finished while its "
		       "parent spun") < 0)
		return -1;
	if (run_expect(r, "stress: 5 of 5 checks passed: all results correct") < 0)
		return -1;
	return run_expect_end(r, END_SUCCESS);
}

// fault writes through NULL: the report names the page fault, the shell survives and the
// next program runs.
static int
test_user_fault(struct run *r)
{
	if (guest_boot(r, "run=fault,hello+%s,exit", run_nonce(r)) < 0 ||
	    run_expect(r, "tag %s", run_nonce(r)) < 0)
		return -1;
	if (run_expect(r, "fault (pid 2) killed: exception 14 #PF (page fault), error 0x6 "
		       "(not-present write, user mode), address 0x00000000") < 0)
		return -1;
	if (run_expect(r, "cs 0x001b") < 0 || run_expect(r, "sh: fault (pid 2) was killed by #PF") < 0)
		return -1;
	if (run_expect(r, "hello from pid 3: %s", run_nonce(r)) < 0)
		return -1;
	return run_expect_end(r, END_SUCCESS);
}

static const struct test lab3_tests[] = {
	{ "user-mode", 3, 20, test_user_mode },
	{ "page-tables", 4, 20, test_page_tables },
	{ "syscalls", 3, 15, test_syscalls },
	{ "scheduler", 3, 30, test_scheduler },
	{ "user-fault", 3, 15, test_user_fault },
};

const struct lab lab3 = {
	.number = 3,
	.title = "guest memory and processes: paging, user mode, system calls, scheduling",
	.image = GUEST_IMAGE,
	.elf = GUEST_ELF,
	.files = guest_files,
	.tests = lab3_tests,
	.ntests = sizeof lab3_tests / sizeof lab3_tests[0],
};
