// check.c: the calls a lab's test makes (grade.h): boot, expect, break, inspect, fail.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader/run.h"
#include "lib/error.h"

// The lab's file path (or its override) under the tree.
static void
run_path(struct run *r, const char *over, const char *rel, char *out, size_t size)
{
	if (over)
		snprintf(out, size, "%s", over);
	else
		snprintf(out, size, "%s/%s", r->opts->root, rel);
}

const char *
run_nonce(const struct run *r)
{
	return r->nonce;
}

enum host
run_host(const struct run *r)
{
	return r->lab->bochs_only ? HOST_BOCHS : r->opts->host;
}

static void
run_vfail(struct run *r, const char *fmt, va_list ap)
{
	char *msg;

	if (vasprintf(&msg, fmt, ap) < 0)
		return;
	if (!r->failed)           // the first failure is the verdict; later ones add nothing
		text_printf(&r->verdict, "%s\n", msg);
	r->failed = 1;
	free(msg);
}

int
run_fail(struct run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	run_vfail(r, fmt, ap);
	va_end(ap);
	return -1;
}

int
run_check(struct run *r, int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		return 0;
	va_start(ap, fmt);
	run_vfail(r, fmt, ap);
	va_end(ap);
	return -1;
}

void
run_note(struct run *r, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) >= 0) {
		text_printf(&r->notes, "%s\n", msg);
		free(msg);
	}
	va_end(ap);
}

// Boots the image rel (relative to the tree) with the command line fmt and ap.
static int
run_vboot(struct run *r, const char *rel, const char *fmt, va_list ap)
{
	char image[1024], cmdline[512];

	if (r->booted)
		return run_fail(r, "run_boot: the test boots twice (a bug in the test)");
	vsnprintf(cmdline, sizeof cmdline, fmt, ap);
	run_path(r, r->opts->image, rel, image, sizeof image);
	struct machine_config cfg = { run_host(r), image, cmdline, r->dir, r->opts->serial_cap };
	if (machine_create(&r->m, &cfg) < 0)
		return run_fail(r, "grader: out of memory");
	r->booted = 1;
	if (machine_start(&r->m) < 0) {
		run_fail(r, "the machine did not start: %s", r->m.why);
		machine_destroy(&r->m);
		r->booted = 0;          // nothing ran: no serial output or registers to show
		return -1;
	}
	return 0;
}

int
run_boot(struct run *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int err = run_vboot(r, r->lab->image, fmt, ap);
	va_end(ap);
	return err;
}

int
run_boot_test(struct run *r, const char *fmt, ...)
{
	va_list ap;

	r->test_guest = r->lab->test_image != NULL;
	va_start(ap, fmt);
	int err = run_vboot(r, r->test_guest ? r->lab->test_image : r->lab->image, fmt, ap);
	va_end(ap);
	return err;
}

// Why a wait gave up, in words, for "expected X but ...".
static const char *
run_end_words(struct run *r)
{
	static char buf[160];

	switch (r->m.end) {
	case END_TIMEOUT:
		snprintf(buf, sizeof buf, "the time limit of %d s passed first (timeout)", r->limit);
		return buf;
	case END_SUCCESS: return "the kernel ended the run first (exit success)";
	case END_FAILURE: return "the kernel ended the run first (exit failure)";
	case END_TRIPLE_FAULT: return "the CPU triple-faulted first (see below)";
	case END_HALTED:
		return "the CPU halted with interrupts off first: nothing can wake it (cli; hlt)";
	case END_FLOOD:
		snprintf(buf, sizeof buf, "the kernel printed more than %zu bytes first, so the "
			 "grader stopped it (serial flood)", r->m.serial.cap);
		return buf;
	case END_DIED: return "the emulator stopped first";
	default: return "the machine stopped first";
	}
}

int
run_expect(struct run *r, const char *fmt, ...)
{
	char want[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(want, sizeof want, fmt, ap);
	va_end(ap);
	if (!r->booted || r->failed)
		return -1;
	if (machine_wait_line(&r->m, want, r->deadline))
		return 0;
	return run_fail(r, "expected a serial line containing:\n    %s\nbut %s.", want,
			run_end_words(r));
}

int
run_expect_end(struct run *r, enum machine_end want)
{
	if (!r->booted || r->failed)
		return -1;
	if (machine_wait_end(&r->m, r->deadline) == want)
		return 0;
	return run_fail(r, "expected the run to end with %s, but %s.", machine_end_name(want),
			r->m.end == END_TIMEOUT ? "the time limit passed first (timeout)"
						: machine_end_name(r->m.end));
}

int
run_run(struct run *r, int ms)
{
	long long until = clock_ms() + ms;

	if (!r->booted || r->failed)
		return -1;
	if (until > r->deadline)
		until = r->deadline;
	if (machine_wait_end(&r->m, until) == END_TIMEOUT && until < r->deadline) {
		r->m.end = END_NONE;           // our own short wait ended, not the test's time
		return 0;
	}
	return run_fail(r, "expected the machine to keep running for %d ms, but %s.", ms,
			run_end_words(r));
}

int
run_send(struct run *r, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (!r->booted || r->failed)
		return -1;
	int err = machine_continue(&r->m) < 0 ? -E_IO : machine_write_serial(&r->m, text);
	return err < 0 ? run_fail(r, "grader: cannot type into the serial port: %s",
				  error_str(err)) : 0;
}

static int
run_load_syms(struct run *r)
{
	char elf[1024];
	int err;

	if (r->syms_loaded)
		return 0;
	run_path(r, r->opts->elf, r->lab->elf, elf, sizeof elf);
	if ((err = elfsym_load(&r->syms, elf)) < 0)
		return run_fail(r, "cannot read the symbols of %s: %s", elf, error_str(err));
	r->syms_loaded = 1;
	return 0;
}

int
run_symbol(struct run *r, const char *name, uint32_t *addr)
{
	if (run_load_syms(r) < 0)
		return -1;
	if (elfsym_addr(&r->syms, name, addr) < 0)
		return run_fail(r, "the image has no symbol '%s' (is the function or variable "
			"still called that, and not static inline?)", name);
	return 0;
}

int
run_guest_symbol(struct run *r, const char *name, uint32_t *addr)
{
	char elf[1024];
	int err;

	const char *guest_elf = r->test_guest ? r->lab->test_guest_elf : r->lab->guest_elf;

	if (!guest_elf)
		return run_fail(r, "lab %d names no guest ELF (a bug in the lab)", r->lab->number);
	if (!r->guest_syms_loaded) {
		run_path(r, NULL, guest_elf, elf, sizeof elf);
		if ((err = elfsym_load(&r->guest_syms, elf)) < 0)
			return run_fail(r, "cannot read the guest's symbols in %s: %s", elf,
					error_str(err));
		r->guest_syms_loaded = 1;
	}
	if (elfsym_addr(&r->guest_syms, name, addr) < 0)
		return run_fail(r, "the guest has no symbol '%s'", name);
	return 0;
}

const char *
run_where(struct run *r, uint32_t addr)
{
	static char buf[128];

	if (!r->syms_loaded) {
		char elf[1024];
		run_path(r, r->opts->elf, r->lab->elf, elf, sizeof elf);
		r->syms_loaded = elfsym_load(&r->syms, elf) == 0;
	}
	return elfsym_name(&r->syms, addr, buf, sizeof buf);
}

// Runs to addr (named symbol, for the verdicts) and checks that EIP stopped there.
static int
run_break_at(struct run *r, const char *symbol, uint32_t addr)
{
	struct regs g;

	if (!machine_wait_break(&r->m, addr, r->deadline))
		return run_fail(r, "expected the CPU to reach %s (0x%08x) but %s.", symbol, addr,
				run_end_words(r));
	if (run_regs(r, &g) < 0)
		return -1;
	return run_check(r, g.eip == addr, "stopped at %s, EIP 0x%08x (%s), not at %s 0x%08x",
			 symbol, g.eip, run_where(r, g.eip), symbol, addr);
}

int
run_break(struct run *r, const char *symbol)
{
	uint32_t addr;

	if (!r->booted || r->failed || run_symbol(r, symbol, &addr) < 0)
		return -1;
	return run_break_at(r, symbol, addr);
}

int
run_break_guest(struct run *r, const char *symbol)
{
	uint32_t addr;

	if (!r->booted || r->failed || run_guest_symbol(r, symbol, &addr) < 0)
		return -1;
	return run_break_at(r, symbol, addr);
}

// The address of a symbol of an ELF file of the tree (elf relative to it).
static int
run_elf_symbol(struct run *r, const char *elf, const char *name, uint32_t *addr)
{
	struct elfsyms t = { 0 };
	char path[1024];
	int err;

	run_path(r, NULL, elf, path, sizeof path);
	if ((err = elfsym_load(&t, path)) < 0)
		return run_fail(r, "cannot read the symbols of %s: %s", path, error_str(err));
	err = elfsym_addr(&t, name, addr);
	elfsym_free(&t);
	return err < 0 ? run_fail(r, "%s has no symbol '%s'", elf, name) : 0;
}

int
run_break_program(struct run *r, const char *program, const char *symbol)
{
	char elf[128], name[128];
	uint32_t addr;

	snprintf(elf, sizeof elf, "build/guest-os/user/%s.elf", program);
	snprintf(name, sizeof name, "%s's %s", program, symbol);
	if (!r->booted || r->failed || run_elf_symbol(r, elf, symbol, &addr) < 0)
		return -1;
	return run_break_at(r, name, addr);
}

int
run_continue(struct run *r)
{
	if (!r->booted || r->failed)
		return -1;
	return machine_continue(&r->m) < 0 ? run_fail(r, "grader: %s", r->m.why) : 0;
}

int
run_regs(struct run *r, struct regs *regs)
{
	if (!r->booted)
		return -1;
	if (machine_regs(&r->m, regs) < 0)
		return run_fail(r, "cannot read the registers: %s (the run: %s)", r->m.why,
				machine_end_name(r->m.end));
	return 0;
}

int
run_read_phys(struct run *r, uint64_t pa, void *buf, size_t n)
{
	if (!r->booted || machine_stop(&r->m) < 0 || machine_read_phys(&r->m, pa, buf, n) < 0)
		return run_fail(r, "cannot read physical memory at 0x%llx: %s",
				(unsigned long long)pa, r->m.why);
	return 0;
}

int
run_read(struct run *r, uint32_t va, void *buf, size_t n)
{
	struct regs g;
	char why[200] = "";

	if (run_regs(r, &g) < 0)
		return -1;
	if (machine_read_virt(&r->m, &g, va, buf, n, why, sizeof why) < 0)
		return run_fail(r, "cannot read linear address 0x%08x (cr3 0x%08x): %s", va, g.cr3,
				*why ? why : r->m.why);
	return 0;
}

int
run_read_u32(struct run *r, const char *symbol, uint32_t *value)
{
	uint32_t addr;

	if (run_symbol(r, symbol, &addr) < 0)
		return -1;
	return run_read(r, addr, value, sizeof *value);
}

int
run_translate(struct run *r, uint32_t va, uint64_t *pa, uint32_t *flags)
{
	struct regs g;
	char why[200] = "";

	if (run_regs(r, &g) < 0)
		return -1;
	if (machine_translate(&r->m, &g, va, pa, flags, why, sizeof why) < 0)
		return run_fail(r, "linear address 0x%08x does not translate (cr3 0x%08x): %s", va,
				g.cr3, *why ? why : r->m.why);
	return 0;
}
