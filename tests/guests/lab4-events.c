// lab4-events.c: lab 4's tests of events: exceptions, int n, and traps from user mode,
// which the monitor delivers through the guest's own IDT with the frame the CPU would
// have pushed for a ring-0 kernel (SDM 3A §6.12), and the double and triple faults of
// deliveries that fail (§6.15, table 6-5).
#include "lib/string.h"
#include "tests/guests/lab4.h"
#include "tests/guests/tguest.h"
#include "x86/regs.h"
#include "x86/trap.h"

#define IDT_ERR(v) ((v) * 8 + 2)   // the error code naming an IDT entry

static void
tables_load(void)
{
	tg_tables_fill();
	tg_gdt_load();
	tg_segments_load();
	tg_idt_load();
	tg_tss_load();
}

// Checks that one event came since `count` events, with this vector, error code and
// return address, from the kernel (cs TG_KCODE: RPL 0, as a ring-0 kernel sees itself) or
// from user mode.
static void
event_is(int count, uint32_t vector, uint32_t err, uint32_t eip, uint32_t cs, const char *what)
{
	tg_check(tg_last.count == count + 1 && tg_last.vector == vector && tg_last.err == err &&
		 tg_last.eip == eip && tg_last.cs == cs, what,
		 "%d event(s): vector 0x%x, error 0x%x, at %04x:%08x; expected one: vector 0x%x, "
		 "error 0x%x, at %04x:%08x", tg_last.count - count, (unsigned)tg_last.vector,
		 (unsigned)tg_last.err, (unsigned)tg_last.cs, (unsigned)tg_last.eip,
		 (unsigned)vector, (unsigned)err, (unsigned)cs, (unsigned)eip);
}

static volatile uint32_t nested_eflags;

// From inside a handler: the flags a nested int $0x42 sees (the virtual IF the gate left).
static void
nest_hook(struct tg_frame *f)
{
	(void)f;
	tg_hook = NULL;
	__asm__ volatile("int $0x42" : : : "memory");
	nested_eflags = tg_last.eflags;
}

// int n from the kernel: the frame shows the virtual IF; an interrupt gate clears it for
// the handler, a trap gate does not, and iret brings it back.
static void
check_soft(void)
{
	int n = tg_last.count;

	__asm__ volatile("cli\n\tint $0x40" TG_AT(lab4_ev_int_cli) "sti" : : : "memory");
	event_is(n, 0x40, 0, TG_LABEL(lab4_ev_int_cli), TG_KCODE, "int $0x40 from the kernel");
	tg_check(!(tg_last.eflags & FL_IF), "int $0x40 with IF clear: the frame's IF clear",
		 "eflags 0x%08x", (unsigned)tg_last.eflags);
	__asm__ volatile("int $0x40" TG_AT(lab4_ev_int_sti) "nop" : : : "memory");
	tg_check((tg_last.eflags & (FL_IF | FL_IOPL)) == FL_IF,
		 "int $0x40 after sti: the frame's IF set, IOPL 0", "eflags 0x%08x",
		 (unsigned)tg_last.eflags);
	tg_hook = nest_hook;
	__asm__ volatile("int $0x40" : : : "memory");
	tg_check(!(nested_eflags & FL_IF), "an interrupt gate clears the virtual IF",
		 "eflags in the handler 0x%08x", (unsigned)nested_eflags);
	tg_idt[0x41] = gate_make(tg_vectors[0x41], TG_KCODE, STS_TRAPGATE32, 0);
	tg_hook = nest_hook;
	__asm__ volatile("int $0x41" : : : "memory");
	tg_check(nested_eflags & FL_IF, "a trap gate leaves the virtual IF set",
		 "eflags in the handler 0x%08x", (unsigned)nested_eflags);
	__asm__ volatile("int $0x40" : : : "memory");
	tg_check(tg_last.eflags & FL_IF, "iret from the handlers set the virtual IF back",
		 "eflags 0x%08x", (unsigned)tg_last.eflags);
	__asm__ volatile("cli" : : : "memory");
}

// Exceptions of the kernel: faults report the faulting instruction, traps the next one.
static void
check_exceptions(void)
{
	int n = tg_last.count;

	TG_FAULT(TG_AT(lab4_ev_de) "divl %%ecx", : : "a"(1), "d"(0), "c"(0) : "memory");
	event_is(n, T_DE, 0, TG_LABEL(lab4_ev_de), TG_KCODE, "#DE: divl by zero");
	TG_FAULT(TG_AT(lab4_ev_ud) "ud2", : : : "memory");
	event_is(n + 1, T_UD, 0, TG_LABEL(lab4_ev_ud), TG_KCODE, "#UD: ud2");
	__asm__ volatile("int3" TG_AT(lab4_ev_bp) "nop" : : : "memory");
	event_is(n + 2, T_BP, 0, TG_LABEL(lab4_ev_bp), TG_KCODE, "#BP: int3, after it");
	TG_FAULT(TG_AT(lab4_ev_gp) "movw %w0, %%ss", : : "r"(TG_KCODE) : "memory");
	event_is(n + 3, T_GP, TG_KCODE, TG_LABEL(lab4_ev_gp), TG_KCODE,
		 "#GP(0x08): mov to ss of a code segment");
	TG_FAULT(TG_AT(lab4_ev_gp_ss3) "movw %w0, %%ss", : : "r"(TG_UDATA) : "memory");
	event_is(n + 4, T_GP, TG_UDATA & ~3, TG_LABEL(lab4_ev_gp_ss3), TG_KCODE,
		 "#GP(0x20): mov to ss of a selector with RPL 3");
	TG_FAULT(TG_AT(lab4_ev_gp_ds) "movw %w0, %%ds", : : "r"(0x38) : "memory");
	event_is(n + 5, T_GP, 0x38, TG_LABEL(lab4_ev_gp_ds), TG_KCODE,
		 "#GP(0x38): mov to ds of a selector past the GDT");
	__asm__ volatile("movl $0x7fffffff, %%eax\n\taddl $1, %%eax\n\tinto" TG_AT(lab4_ev_of)
			 : : : "eax", "memory", "cc");
	event_is(n + 6, T_OF, 0, TG_LABEL(lab4_ev_of), TG_KCODE, "#OF: into with OF set, after it");
}

// ltr of what is not an available TSS: #GP naming the selector.
static void
check_ltr(void)
{
	static const uint16_t bad[] = { TG_KDATA, TG_TSS, 0x38, 0 };
	static const char *const why[] = {
		"ltr of a data segment: #GP", "ltr of a busy TSS: #GP", "ltr past the GDT: #GP",
		"ltr of the null selector: #GP(0)",
	};
	int n = tg_last.count;

	for (int i = 0; i < 4; i++) {
		TG_FAULT("ltr %w0", : : "r"(bad[i]) : "memory");
		tg_check(tg_last.count == n + i + 1 && tg_last.vector == T_GP &&
			 tg_last.err == bad[i], why[i], "%d event(s), vector %u, error 0x%x",
			 tg_last.count - n - i, (unsigned)tg_last.vector, (unsigned)tg_last.err);
	}
}

// Deliveries that fault: a gate not present is #NP naming it; #NP while delivering #NP
// (both contributory) is a double fault.
static void
check_delivery_faults(void)
{
	int n = tg_last.count;

	tg_idt[0x43].type_attr &= ~SEG_P;
	TG_FAULT(TG_AT(lab4_ev_np) "int $0x43", : : : "memory");
	event_is(n, T_NP, IDT_ERR(0x43), TG_LABEL(lab4_ev_np), TG_KCODE,
		 "int $0x43 through a gate not present: #NP naming it, at the int");
	tg_idt[T_NP].type_attr &= ~SEG_P;
	TG_FAULT(TG_AT(lab4_ev_df) "int $0x43", : : : "memory");
	event_is(n + 1, T_DF, 0, TG_LABEL(lab4_ev_df), TG_KCODE,
		 "#NP while delivering #NP: a double fault");
	tg_idt[T_NP].type_attr |= SEG_P;
	tg_idt[T_UD].type_attr &= ~SEG_P;
	TG_FAULT(TG_AT(lab4_ev_np_ext) "ud2", : : : "memory");
	event_is(n + 2, T_NP, IDT_ERR(T_UD) | 1, TG_LABEL(lab4_ev_np_ext), TG_KCODE,
		 "#UD through a gate not present: #NP naming it, with EXT");
	tg_idt[T_UD].type_attr |= SEG_P;
}

static struct tg_event user_events[4];
static uint32_t user_esp;

// At CPL 3: a system call through the DPL 3 gate, then two instructions the CPU refuses.
static void
user_main(void)
{
	__asm__ volatile(TG_AT(lab4_user_main) "movl %%esp, %0\n\tint $0x80" TG_AT(lab4_ev_u80)
			 : "=m"(user_esp) : "a"(7) : "memory");
	memcpy(&user_events[0], (const void *)&tg_last, sizeof user_events[0]);
	TG_FAULT(TG_AT(lab4_ev_ucli) "cli", : : : "memory");
	memcpy(&user_events[1], (const void *)&tg_last, sizeof user_events[1]);
	TG_FAULT(TG_AT(lab4_ev_u40) "int $0x40", : : : "memory");
	memcpy(&user_events[2], (const void *)&tg_last, sizeof user_events[2]);
	TG_FAULT(TG_AT(lab4_ev_u44) "int $0x44", : : : "memory");
	memcpy(&user_events[3], (const void *)&tg_last, sizeof user_events[3]);
	tg_user_exit();
}

static void
check_user(void)
{
	const struct tg_event *e = &user_events[0];
	uint32_t esp0 = tg_tss.esp0;

	tg_idt[0x44] = gate_make(tg_vectors[0x44], TG_KCODE, STS_INTGATE32, 2);
	tg_user_run(user_main);
	tg_check(e->vector == TG_VEC_SYSCALL && e->eip == TG_LABEL(lab4_ev_u80) &&
		 e->cs == TG_UCODE && e->ss == TG_UDATA && e->esp == user_esp,
		 "int $0x80 from user mode: eip, cs, and the user's ss:esp in the frame",
		 "vector 0x%x at %04x:%08x, stack %04x:%08x (user esp 0x%08x)",
		 (unsigned)e->vector, (unsigned)e->cs, (unsigned)e->eip, (unsigned)e->ss,
		 (unsigned)e->esp, (unsigned)user_esp);
	tg_check(e->frame == esp0 - 20, "...on the stack the guest's TSS names (esp0)",
		 "frame's eip at 0x%08x, expected 0x%08x", (unsigned)e->frame, (unsigned)(esp0 - 20));
	e = &user_events[1];
	tg_check(e->vector == T_GP && e->err == 0 && e->eip == TG_LABEL(lab4_ev_ucli) &&
		 e->cs == TG_UCODE, "cli in user mode: #GP(0) at the cli",
		 "vector %u error 0x%x at %04x:%08x", (unsigned)e->vector, (unsigned)e->err,
		 (unsigned)e->cs, (unsigned)e->eip);
	e = &user_events[2];
	tg_check(e->vector == T_GP && e->err == IDT_ERR(0x40) && e->eip == TG_LABEL(lab4_ev_u40),
		 "int $0x40 in user mode, a DPL 0 gate: #GP naming it",
		 "vector %u error 0x%x at %08x", (unsigned)e->vector, (unsigned)e->err,
		 (unsigned)e->eip);
	e = &user_events[3];
	tg_check(e->vector == T_GP && e->err == IDT_ERR(0x44) && e->eip == TG_LABEL(lab4_ev_u44),
		 "int $0x44 in user mode, a DPL 2 gate: #GP naming it",
		 "vector %u error 0x%x at %08x", (unsigned)e->vector, (unsigned)e->err,
		 (unsigned)e->eip);
}

void
lab4_reflection(void)
{
	tables_load();
	check_soft();
	check_exceptions();
	check_ltr();
	check_delivery_faults();
	check_user();
}

// Every gate outside an empty IDT: #UD, then #GP naming its gate, then #GP again (a double
// fault), then no gate for the double fault: the VM stops.
void
lab4_triple_fault(void)
{
	struct pseudo_desc none = { 0, 0 };

	tables_load();
	tg_summary();
	__asm__ volatile("lidt %0" TG_AT(lab4_tf_ud) "ud2" : : "m"(none) : "memory");
	tg_check(false, "a triple fault stops the VM", "the guest ran on");
}

static void
user_int80(void)
{
	__asm__ volatile(TG_AT(lab4_tss_int) "int $0x80" : : "a"(7) : "memory");
	tg_user_exit();
}

// A trap from user mode with a null ss0 in the guest's TSS: #TS, which meets the same stack
// (#DF), which meets it again: a triple fault, the VM stopped at the int.
void
lab4_tss_fault(void)
{
	tables_load();
	tg_tss.ss0 = 3;                        // a null selector, whatever its RPL
	tg_summary();
	tg_user_run(user_int80);
	tg_check(false, "a null ss0 stops the VM", "the guest ran on");
}
