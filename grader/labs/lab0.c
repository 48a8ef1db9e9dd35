// lab0.c: lab 0, the tools: the host kernel boots, reads its command line, reports
// exceptions, ends cleanly, and can be debugged through the gdbstub.
#include "grader/grade.h"

#define BANNER "duplicata 0.1: host kernel ready"

// Boots with this run's nonce as the tag: the kernel must echo it, so no line is forged.
static int
lab0_boot(struct run *r, const char *test)
{
	return run_boot(r, "test=%s tag=%s", test, run_nonce(r));
}

static int
test_banner(struct run *r)
{
	return lab0_boot(r, "boot") < 0 || run_expect(r, BANNER) < 0 ? -1 : 0;
}

static int
test_cmdline(struct run *r)
{
	if (lab0_boot(r, "boot") < 0 || run_expect(r, BANNER) < 0)
		return -1;
	return run_expect(r, "cmdline: test = boot") < 0 ||
	       run_expect(r, "cmdline: tag = %s", run_nonce(r)) < 0 ? -1 : 0;
}

static int
test_fault(struct run *r)
{
	// test=fault does not echo the command line: the nonce cannot be checked here.
	if (lab0_boot(r, "fault") < 0)
		return -1;
	if (run_expect(r, "expected exception 14 #PF (page fault) at cpl 0, error 0x0000 "
		       "(not present, read, supervisor)") < 0 ||
	    run_expect(r, "cr2 0xdead0000") < 0)
		return -1;
	if (run_expect(r, "expected exception 13 #GP (general protection) at cpl 0, error 0x1230 "
		       "(selector 0x1230: GDT index 582)") < 0)
		return -1;
	return run_expect(r, "selftest fault: passed");
}

static int
test_exit(struct run *r)
{
	if (lab0_boot(r, "boot") < 0 || run_expect(r, "cmdline: tag = %s", run_nonce(r)) < 0 ||
	    run_expect(r, "selftest boot: passed") < 0)
		return -1;
	return run_expect_end(r, END_SUCCESS);
}

// A hardware breakpoint on the kernel's first C function: EIP must be its address.
static int
test_gdb_break(struct run *r)
{
	struct regs g;
	uint32_t entry;

	if (lab0_boot(r, "boot") < 0 || run_break(r, "kernel_start") < 0 ||
	    run_symbol(r, "kernel_start", &entry) < 0 || run_regs(r, &g) < 0)
		return -1;
	if (run_check(r, g.cpl == 0 && (g.cr0 & 1), "at kernel_start: expected protected mode "
		      "at CPL 0, found cr0 0x%08x, cpl %d", g.cr0, g.cpl) < 0)
		return -1;
	run_note(r, "stopped at kernel_start, eip 0x%08x", g.eip);
	return 0;
}

// Once main runs, the GDT and the IDT live in the trampoline at the top of linear space
// (0xFFC00000, the linker's __tramp_start .. __tramp_end).
static int
test_tables(struct run *r)
{
	struct regs g;
	uint32_t start, end;

	if (run_symbol(r, "__tramp_start", &start) < 0 || run_symbol(r, "__tramp_end", &end) < 0 ||
	    lab0_boot(r, "boot") < 0 || run_break(r, "main") < 0 || run_regs(r, &g) < 0)
		return -1;
	if (run_check(r, g.gdt.base == start, "at main: expected the GDTR base at the start of "
		      "the trampoline, 0x%08x, found 0x%08x", start, g.gdt.base) < 0)
		return -1;
	run_note(r, "at main: gdtr 0x%08x/0x%x, idtr 0x%08x/0x%x", g.gdt.base, g.gdt.limit,
		 g.idt.base, g.idt.limit);
	return run_check(r, g.idt.base > start && g.idt.base + g.idt.limit < end,
			 "at main: expected the IDT inside the trampoline 0x%08x-0x%08x, found "
			 "0x%08x/0x%x", start, end - 1, g.idt.base, g.idt.limit);
}

// The host kernel's prompt (`prompt`: no guest), driven over the serial port: "info" echoes the command line (the nonce), the
// timer's tick counter (the symbol ticks, read from outside) advances, "exit" ends the run.
static int
test_prompt(struct run *r)
{
	uint32_t t0, t1;

	if (run_boot(r, "prompt tag=%s", run_nonce(r)) < 0 || run_expect(r, BANNER) < 0 ||
	    run_send(r, "info\n") < 0 ||
	    run_expect(r, "cmdline: \"prompt tag=%s\"", run_nonce(r)) < 0)
		return -1;
	if (run_read_u32(r, "ticks", &t0) < 0 || run_run(r, 300) < 0 ||
	    run_read_u32(r, "ticks", &t1) < 0)
		return -1;
	if (run_check(r, t1 > t0, "expected the timer's ticks to advance while the prompt "
		      "waits, but they stayed at %u", t0) < 0)
		return -1;
	run_note(r, "ticks advanced while waiting at the prompt");
	return run_send(r, "exit\n") < 0 ? -1 : run_expect_end(r, END_SUCCESS);
}

static const struct test lab0_tests[] = {
	{ "banner", 2, 10, test_banner },
	{ "cmdline", 2, 10, test_cmdline },
	{ "fault", 3, 10, test_fault },
	{ "exit", 1, 10, test_exit },
	{ "gdb-break", 2, 10, test_gdb_break },
	{ "tables", 2, 10, test_tables },
	{ "prompt", 2, 10, test_prompt },
};

static const char *const lab0_files[] = {
	"kernel/*.c", "kernel/*.h", "kernel/*.S", "kernel/boot/*.c", "vmm/*.c", "vmm/*.h", NULL,
};

const struct lab lab0 = {
	.number = 0,
	.title = "tools: boot, serial, gdb",
	.image = "build/duplicata.img",
	.elf = "build/kernel.elf",
	.files = lab0_files,
	.tests = lab0_tests,
	.ntests = sizeof lab0_tests / sizeof lab0_tests[0],
};
