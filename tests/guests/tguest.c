// tguest.c: the test guests' runtime (tguest.h): start, printing and checks, tables, events.
#include <stdarg.h>

#include "boot/image.h"
#include "lib/cmdline.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "pc/pc.h"
#include "tests/guests/tguest.h"
#include "x86/regs.h"
#include "x86/trap.h"
#include "x86/x86.h"

void tg_main(uint32_t magic, const struct bootinfo *bi) __attribute__((noreturn));

struct seg_desc tg_gdt[TG_GDT_SIZE];
struct gate_desc tg_idt[256];
struct tss tg_tss;
uint8_t tg_kstack[TG_STACK_SIZE] __attribute__((aligned(16)));
volatile struct tg_event tg_last;
volatile uint32_t tg_resume;
void (*volatile tg_hook)(struct tg_frame *f);


static const struct tg_test *current;
char tg_tag[32];
static int checks, failures;

static char line[160];
static unsigned line_len;

// Sends the line so far to the debug console: a byte an out, or the whole line with one
// rep outsb where the guest trusts its monitor's string I/O (tg_console_rep).
static void
console_flush(void)
{
	uint32_t esi = (uint32_t)line, ecx = line_len;

	if (tg_console_rep)
		__asm__ volatile("cld\n\trep outsb" : "+S"(esi), "+c"(ecx) : "d"(PORT_E9_DEBUG)
				 : "memory");
	else
		for (unsigned i = 0; i < line_len; i++)
			outb(PORT_E9_DEBUG, line[i]);
	line_len = 0;
}

static void
console_putc(int c, void *arg)
{
	(void)arg;
	line[line_len++] = c;
	if (c == '\n' || line_len == sizeof line)
		console_flush();
}

void
tg_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vformat(console_putc, NULL, fmt, ap);
	va_end(ap);
}

void
tg_check(bool ok, const char *what, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (ok) {
		tg_print("%s %s: %s ok\n", tg_guest, current->name, what);
		return;
	}
	failures++;
	tg_print("%s %s: %s FAILED: ", tg_guest, current->name, what);
	va_start(ap, fmt);
	vformat(console_putc, NULL, fmt, ap);
	va_end(ap);
	tg_print("\n");
}

void
tg_check_eq(uint32_t got, uint32_t want, const char *what)
{
	tg_check(got == want, what, "got 0x%08x, expected 0x%08x", (unsigned)got, (unsigned)want);
}

void
tg_tables_fill(void)
{
	uint8_t code = SEG_P | SEG_S | SEG_X | SEG_RW | SEG_A, data = SEG_P | SEG_S | SEG_RW | SEG_A;
	uint8_t flat = SEG_FLAG_G | SEG_FLAG_DB;

	tg_gdt[SEL_INDEX(TG_KCODE)] = seg_make(0, 0xFFFFFFFF, code, flat);
	tg_gdt[SEL_INDEX(TG_KDATA)] = seg_make(0, 0xFFFFFFFF, data, flat);
	tg_gdt[SEL_INDEX(TG_UCODE)] = seg_make(0, 0xFFFFFFFF, code | SEG_DPL(3), flat);
	tg_gdt[SEL_INDEX(TG_UDATA)] = seg_make(0, 0xFFFFFFFF, data | SEG_DPL(3), flat);
	tg_gdt[SEL_INDEX(TG_TSS)] = seg_make((uint32_t)&tg_tss, sizeof tg_tss - 1,
					     SEG_P | STS_TSS32_AVAIL, 0);
	for (int v = 0; v < 256; v++)
		tg_idt[v] = gate_make(tg_vectors[v], TG_KCODE, STS_INTGATE32, 0);
	tg_idt[TG_VEC_SYSCALL] = gate_make(tg_vectors[TG_VEC_SYSCALL], TG_KCODE, STS_TRAPGATE32, 3);
	tg_tss.ss0 = TG_KDATA;
	tg_tss.esp0 = (uint32_t)tg_kstack + sizeof tg_kstack;
	tg_tss.iomap_base = sizeof tg_tss;
}

void
tg_gdt_load(void)
{
	struct pseudo_desc gd = { sizeof tg_gdt - 1, (uint32_t)tg_gdt };

	lgdt(&gd);
}

void
tg_segments_load(void)
{
	__asm__ volatile("ljmp %0, $1f\n"
			 "1:\tmovw %1, %%ax\n\t"
			 "movw %%ax, %%ds\n\tmovw %%ax, %%es\n\tmovw %%ax, %%fs\n\t"
			 "movw %%ax, %%gs\n\tmovw %%ax, %%ss"
			 : : "i"(TG_KCODE), "i"(TG_KDATA) : "eax", "memory");
}

void
tg_idt_load(void)
{
	struct pseudo_desc id = { sizeof tg_idt - 1, (uint32_t)tg_idt };

	lidt(&id);
}

void
tg_tss_load(void)
{
	ltr(TG_TSS);
}

// Called by tg_trap.S for every event: records it, runs the test's hook, and resumes
// where tg_resume says (if set).
void tg_trap_c(struct tg_frame *f);
void
tg_trap_c(struct tg_frame *f)
{
	bool user = (f->cs & 3) == 3;

	tg_last = (struct tg_event){ tg_last.count + 1, f->vector, f->err, f->eip, f->cs, f->eflags,
				     user ? f->esp : 0, user ? f->ss : 0, (uint32_t)&f->eip };
	if (tg_hook)
		tg_hook(f);
	if (f->vector == TG_VEC_SYSCALL && user && f->eax == 0) {
		extern const char tg_user_back[];
		f->eip = (uint32_t)tg_user_back, f->cs = TG_KCODE;
		return;
	}
	if (tg_resume) {
		f->eip = tg_resume;
		tg_resume = 0;
	}
}

void
tg_user_exit(void)
{
	__asm__ volatile("movl $0, %%eax\n\tint %0" : : "i"(TG_VEC_SYSCALL) : "eax", "memory");
	for (;;)
		;
}

void
tg_summary(void)
{
	if (failures == 0)
		tg_print("%s %s: passed (%s), %d checks\n", tg_guest, current->name, tg_tag, checks);
	else
		tg_print("%s %s: FAILED (%s), %d of %d checks\n", tg_guest, current->name, tg_tag,
			 failures, checks);
}

void
tg_finish(void)
{
	tg_summary();
	__asm__ volatile(TG_AT(tg_exit_out) "outl %%eax, %%dx"
			 : : "a"(failures ? DEBUG_EXIT_FAILURE : DEBUG_EXIT_SUCCESS),
			   "d"(PORT_DEBUG_EXIT) : "memory");
	for (;;)
		;
}

// The test the command line names, or NULL after listing them.
static const struct tg_test *
test_find(const char *cmdline)
{
	char name[32] = "";

	cmdline_get(cmdline, "test", name, sizeof name);
	for (const struct tg_test *t = tg_tests; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	tg_print("%s: no test '%s'; test=NAME, one of:", tg_guest, name);
	for (const struct tg_test *t = tg_tests; t->name; t++)
		tg_print(" %s", t->name);
	tg_print("\n");
	return NULL;
}

void
tg_main(uint32_t magic, const struct bootinfo *bi)
{
	const char *cmdline = magic == BOOTINFO_MAGIC ? bi->cmdline : "";

	cmdline_get(cmdline, "tag", tg_tag, sizeof tg_tag);
	if (!(current = test_find(cmdline))) {
		outl(PORT_DEBUG_EXIT, DEBUG_EXIT_FAILURE);
		for (;;)
			;
	}
	tg_print("%s %s: start (%s)\n", tg_guest, current->name, tg_tag);
	current->run();
	tg_finish();
}
