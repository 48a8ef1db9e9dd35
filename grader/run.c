// run.c: one test from start to verdict: a fresh machine, a nonce, a deadline, and on failure
// the serial lines, how the run ended and the registers, written for the student.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "grader/run.h"
#include "x86/regs.h"

#define TAIL_LINES 12           // serial lines shown with a failure

static void
run_make_nonce(struct run *r)
{
	unsigned char b[8];

	if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b) {
		long long t = clock_ms() * 2654435761LL;
		memcpy(b, &t, sizeof b);
	}
	for (int i = 0; i < 8; i++)
		snprintf(r->nonce + 2 * i, 3, "%02x", b[i]);
}

static void
run_seg(struct text *v, const char *name, const struct seg *s)
{
	text_printf(v, "  %s 0x%04x", name, s->sel);
}

// The registers at the end, with EIP named by the symbol table.
static void
run_show_regs(struct run *r)
{
	struct regs g;
	struct text *v = &r->verdict;

	if (r->m.end == END_SUCCESS || r->m.end == END_FAILURE || r->m.end == END_DIED ||
	    machine_regs(&r->m, &g) < 0) {
		text_printf(v, "registers at the end: none (the emulator has exited)\n");
		return;
	}
	text_printf(v, "registers at the end:\n");
	text_printf(v, "  eip 0x%08x (%s)  cpl %d  eflags 0x%08x (interrupts %s)%s\n", g.eip,
		    run_where(r, g.eip), g.cpl, g.eflags, g.eflags & FL_IF ? "on" : "off",
		    g.halted == 1 ? "  halted" : "");
	text_printf(v, "  eax 0x%08x  ebx 0x%08x  ecx 0x%08x  edx 0x%08x\n", g.eax, g.ebx, g.ecx,
		    g.edx);
	text_printf(v, "  esi 0x%08x  edi 0x%08x  ebp 0x%08x  esp 0x%08x\n", g.esi, g.edi, g.ebp,
		    g.esp);
	run_seg(v, "cs", &g.cs), run_seg(v, "ds", &g.ds), run_seg(v, "es", &g.es);
	run_seg(v, "ss", &g.ss), run_seg(v, "fs", &g.fs), run_seg(v, "gs", &g.gs);
	run_seg(v, "tr", &g.tr);
	text_printf(v, "\n  cr0 0x%08x  cr2 0x%08x  cr3 0x%08x  cr4 0x%08x\n", g.cr0, g.cr2, g.cr3,
		    g.cr4);
	text_printf(v, "  gdtr 0x%08x/0x%x  idtr 0x%08x/0x%x\n", g.gdt.base, g.gdt.limit,
		    g.idt.base, g.idt.limit);
}

// Everything a failure needs besides its message: serial lines, the end, the registers.
static void
run_explain(struct run *r)
{
	struct text *v = &r->verdict;

	if (!r->booted)
		return;
	machine_stop(&r->m);
	if (r->m.serial.len == 0) {
		text_printf(v, "serial output: none at all (is COM1 programmed, 8N1?)\n");
	} else {
		text_printf(v, "serial output, the last lines:\n");
		serial_tail(&r->m.serial, r->m.serial.len, TAIL_LINES, v);
	}
	machine_explain(&r->m, v);
	run_show_regs(r);
}

// Copies the verdict into res with the run's secrets masked.
static void
run_result(struct run *r, struct result *res)
{
	struct text out = { 0 };

	text_printf(&out, "%s%s", text_str(&r->verdict), text_str(&r->notes));
	text_replace(&out, r->nonce, "{nonce}");
	text_replace(&out, r->dir, "<run-dir>");
	res->output = strdup(text_str(&out));
	text_free(&out);
	res->score = r->failed ? 0 : r->test->points;
}

void
run_execute(const struct lab *lab, const struct test *t, const struct grade_opts *o,
	 const char *dir, struct result *res)
{
	struct run r = { .lab = lab, .test = t, .opts = o };
	int limit = o->time_limit > 0 && o->time_limit < t->time_limit ? o->time_limit
								      : t->time_limit;
	long long start = clock_ms();

	memset(res, 0, sizeof *res);
	res->lab = lab->number;
	res->max = t->points;
	snprintf(res->name, sizeof res->name, "%s", t->name);
	snprintf(r.dir, sizeof r.dir, "%s", dir);
	run_make_nonce(&r);
	r.limit = limit;
	r.deadline = start + limit * 1000LL;
	if (t->fn(&r) < 0 && !r.failed)
		run_fail(&r, "the test failed without saying why (a bug in the test)");
	if (r.failed)
		run_explain(&r);
	run_result(&r, res);
	res->ms = clock_ms() - start;
	if (r.booted)
		machine_destroy(&r.m);
	elfsym_free(&r.syms);
	elfsym_free(&r.guest_syms);
	text_free(&r.verdict);
	text_free(&r.notes);
}

void
result_free(struct result *res)
{
	free(res->output);
	res->output = NULL;
}
