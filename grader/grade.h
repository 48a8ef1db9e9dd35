// grade.h: what a lab's tests are made of, and the calls a test makes. This is the whole
// interface for writing a lab's tests: see labs/lab0.c for a complete example.
//
// A test boots the lab's image in a fresh machine (QEMU or Bochs, the grader decides), drives
// it and inspects it from outside. Every run_ call that checks something returns 0 when the
// check held and -1 when it did not, having written a verdict that teaches (what was expected,
// the serial lines around, how the run ended, the registers); the test then just returns -1:
//
//	static int
//	test_banner(struct run *r)
//	{
//		if (run_boot(r, "test=boot tag=%s", run_nonce(r)) < 0 ||
//		    run_expect(r, "duplicata 0.1: host kernel ready") < 0)
//			return -1;
//		return 0;
//	}
#ifndef GRADER_GRADE_H
#define GRADER_GRADE_H

#include <stddef.h>
#include <stdint.h>

#include "grader/machine.h"

struct run;

struct test {
	const char *name;               // unique in its lab: lowercase words joined by '-'
	int points;
	int time_limit;                 // seconds of wall time for the whole test
	int (*fn)(struct run *r);       // 0: passed; -1: failed, the verdict already written
};

struct lab {
	int number;
	const char *title;
	const char *image;              // relative to the tree: "build/duplicata.img"
	const char *elf;                // its symbols: "build/kernel.elf"
	const char *guest_elf;          // the guest's symbols, where the image runs a guest
					// under the monitor: "build/guest-os/kernel.elf" (or NULL)
	const char *test_image;         // NULL, or the image of the lab's test guest beside
	const char *test_guest_elf;     // the guest OS, for run_boot_test (and its symbols)
	const char *const *files;       // what a submission may change: fnmatch patterns,
					// relative to the tree, NULL-terminated
	const struct test *tests;
	int ntests;
	int bochs_only;                 // 1: the lab needs VT-x, which only Bochs emulates: it
					// runs there whatever --host says
};

// Every lab, in order, NULL-terminated (labs/labs.c: the one place labs are registered).
extern const struct lab *const lab_registry[];

// --- starting and driving the machine ---

// Boots the lab's image with the command line fmt (printf-style; put run_nonce(r) in it,
// so printed lines can be tied to this run). The machine waits at its first instruction
// until the first run_expect, run_break, run_expect_end or run_send lets it go.
int run_boot(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// run_boot for the lab's test guest: lab.test_image, whose guest's symbols (test_guest_elf)
// run_guest_symbol and run_break_guest then name; the lab's image where it has no other.
int run_boot_test(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// This run's secret: 16 hex digits, new for every run, shown as {nonce} in reports.
const char *run_nonce(const struct run *r);

// The emulator the run boots in: where hosts differ (Bochs enforces segment limits, QEMU's
// TCG does not), what a test may expect does too.
enum host run_host(const struct run *r);

// Waits for a complete serial line containing the text fmt, after the previous match.
int run_expect(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// Waits for the end of the run and checks it ended as want (END_SUCCESS, END_FAILURE...).
int run_expect_end(struct run *r, enum machine_end want);

// Types text into the serial port (a shell command: "ls\n"). Fails on Bochs without input.
int run_send(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// Runs until the CPU reaches the symbol (a hardware breakpoint), and checks that EIP is its
// address. The machine stays stopped there; run_continue lets it go on.
int run_break(struct run *r, const char *symbol);

// run_break for a symbol of the guest (lab.guest_elf): a guest-linear address. The
// monitor's own space maps nothing where the guest's kernel lies, so only the guest stops.
int run_break_guest(struct run *r, const char *symbol);

// run_break for a symbol of a guest program (build/guest-os/user/PROGRAM.elf): a user-linear
// address, the same in every program's address space, so whichever program runs there
// stops (only user code can).
int run_break_program(struct run *r, const char *program, const char *symbol);

// Lets the machine run for ms milliseconds of wall time (fails if the run ends meanwhile).
// Under QEMU's -icount the guest's clock runs ahead while it idles in hlt: ticks come fast.
int run_run(struct run *r, int ms);

// Lets a stopped machine run again.
int run_continue(struct run *r);

// --- inspecting it ---

// Stops the machine (if it runs) and reads the registers: general, segment (the CPL is
// r->cpl), control (CR0, CR2, CR3, CR4), descriptor tables (GDTR, IDTR).
int run_regs(struct run *r, struct regs *regs);

// The address of a symbol of the lab's ELF image.
int run_symbol(struct run *r, const char *name, uint32_t *addr);

// The address of a symbol of the lab's guest ELF (lab.guest_elf): a guest-linear address,
// to read through the guest's own page tables (labs/vmmlab.h does).
int run_guest_symbol(struct run *r, const char *name, uint32_t *addr);

// Reads n bytes at linear address va, walking the page tables from the current CR3
// (stops the machine). run_read_phys reads physical memory.
int run_read(struct run *r, uint32_t va, void *buf, size_t n);
int run_read_phys(struct run *r, uint64_t pa, void *buf, size_t n);

// Reads the 32-bit variable called symbol (stops the machine: run_continue after).
int run_read_u32(struct run *r, const char *symbol, uint32_t *value);

// Translates a linear address through the current page tables: *pa and the PTE_ flags
// that every level allows (x86/paging.h).
int run_translate(struct run *r, uint32_t va, uint64_t *pa, uint32_t *flags);

// "name+0x12" for an address, or "?" (a static buffer, valid until the next call).
const char *run_where(struct run *r, uint32_t addr);

// --- verdicts ---

// Fails the test with a message (printf-style) that says what was expected and what came.
int run_fail(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// run_fail unless ok.
int run_check(struct run *r, int ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

// Adds a line to the test's output, shown even when it passes ("ticks: 12 then 31").
void run_note(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
