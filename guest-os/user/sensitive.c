// sensitive.c: the sensitive but unprivileged instructions of Robin & Irvine (2000): they
// run at ring 3 without a fault and show state a monitor would rather hide (its tables, the
// real privilege level, the real IF). Under a monitor, compare this output with a native run.
#include "guest-os/kernel/seg.h"
#include "guest-os/user/probe.h"
#include "x86/regs.h"

PROBE(sgdt, "sgdt (%ecx)")
PROBE(sidt, "sidt (%ecx)")
PROBE(sldt, "sldt (%ecx)")
PROBE(str, "str (%ecx)")
PROBE(smsw, "smsw (%ecx)")
PROBE(pushf, "pushfl; popl (%ecx)")
PROBE(popf, "pushfl; andl $0xfffffdff, (%esp); popfl; pushfl; popl (%ecx)")
PROBE(mov_cs, "movw %cs, (%ecx)")
PROBE(mov_ss, "movw %ss, (%ecx)")
PROBE(push_cs, "pushl %cs; popl (%ecx)")
// On struct sel_query: the selector at 0, the result at 4, ZF at 8.
PROBE(lar, "movl (%ecx), %eax; lar %ax, %edx; movl %edx, 4(%ecx); setz 8(%ecx)")
PROBE(lsl, "movl (%ecx), %eax; lsl %ax, %edx; movl %edx, 4(%ecx); setz 8(%ecx)")
PROBE(verr, "movl (%ecx), %eax; verr %ax; setz 8(%ecx)")
PROBE(verw, "movl (%ecx), %eax; verw %ax; setz 8(%ecx)")

struct sel_query {
	uint32_t sel, value;
	uint8_t zf;
};

static const uint16_t selectors[] = { KCODE_SEL, KDATA_SEL, UCODE_SEL, UDATA_SEL, TSS_SEL };

// Starts the instruction's line; if it faulted, ends it with the exception and returns 0.
static int
ran(const char *insn, int vector)
{
	printf("sensitive: %-8s ", insn);
	if (vector >= 0)
		printf("faulted: %s\n", exception_mnemonic(vector));
	return vector < 0;
}

static void
show_tables(void)
{
	struct pseudo_desc pd = { 0, 0 };
	uint16_t v = 0;

	if (ran("sgdt", probe_sgdt(&pd)))
		printf("GDT base 0x%08x, limit 0x%04x\n", (unsigned)pd.base, pd.limit);
	if (ran("sidt", probe_sidt(&pd)))
		printf("IDT base 0x%08x, limit 0x%04x\n", (unsigned)pd.base, pd.limit);
	if (ran("sldt", probe_sldt(&v)))
		printf("LDTR 0x%04x\n", v);
	if (ran("str", probe_str(&v)))
		printf("TR 0x%04x\n", v);
	if (ran("smsw", probe_smsw(&v)))
		printf("CR0[15:0] 0x%04x (PE=%d)\n", v, (v & CR0_PE) != 0);
}

static void
show_flags_and_segments(void)
{
	uint32_t v = 0;

	if (ran("pushf", probe_pushf(&v)))
		printf("EFLAGS 0x%08x (IF=%d, IOPL=%u)\n", (unsigned)v, (v & FL_IF) != 0,
		       (unsigned)(v & FL_IOPL) >> 12);
	if (ran("popf", probe_popf(&v)))
		printf("IF cleared, then EFLAGS 0x%08x (IF=%d: %s)\n", (unsigned)v,
		       (v & FL_IF) != 0, v & FL_IF ? "ignored without a fault" : "cleared");
	if (ran("mov cs", probe_mov_cs(&v)))
		printf("CS 0x%04x (RPL %u)\n", (unsigned)(v & 0xFFFF), (unsigned)(v & 3));
	if (ran("mov ss", probe_mov_ss(&v)))
		printf("SS 0x%04x (RPL %u)\n", (unsigned)(v & 0xFFFF), (unsigned)(v & 3));
	if (ran("push cs", probe_push_cs(&v)))
		printf("pushed 0x%04x (RPL %u)\n", (unsigned)(v & 0xFFFF), (unsigned)(v & 3));
}

// One of LAR, LSL (which give a value when ZF=1), VERR, VERW (which only set ZF) on sel.
static void
show_selector(const char *insn, int (*probe)(void *out), uint16_t sel, int has_value)
{
	struct sel_query q = { sel, 0, 0 };

	if (!ran(insn, probe(&q)))
		return;
	const char *what = has_value ? "visible" : probe == probe_verr ? "readable" : "writable";

	if (!q.zf)
		printf("0x%04x: ZF=0 (not %s from CPL 3)\n", sel, what);
	else if (has_value)
		printf("0x%04x: ZF=1, 0x%08x\n", sel, (unsigned)q.value);
	else
		printf("0x%04x: ZF=1 (%s)\n", sel, what);
}

// LAR (access rights), LSL (limit), VERR, VERW on each selector of the GDT.
static void
show_selectors(void)
{
	for (unsigned i = 0; i < sizeof selectors / sizeof selectors[0]; i++) {
		show_selector("lar", probe_lar, selectors[i], 1);
		show_selector("lsl", probe_lsl, selectors[i], 1);
		show_selector("verr", probe_verr, selectors[i], 0);
		show_selector("verw", probe_verw, selectors[i], 0);
	}
}

int
main(const char *arg)
{
	(void)arg;
	probe_init();
	show_tables();
	show_flags_and_segments();
	show_selectors();
	printf("sensitive: done\n");
	return 0;
}
