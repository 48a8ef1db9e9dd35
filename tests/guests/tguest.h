// tguest.h: what the labs' test guests share. A test guest is a kernel of a few pages that
// starts as the boot loader leaves one (protected mode, paging off, interrupts off, CPL 0, or
// CPL 1 under trap-and-emulate), runs the test its command line names (test=NAME), checks
// each step from inside, and prints one line a check on the debug console, port 0xE9, which
// needs no driver. It ends the VM through PORT_DEBUG_EXIT: success if every check passed.
// The grader checks the same steps from outside (the monitor's vCPU, its counters).
//
// Its tables, loaded only by the tests that need them (loading is what lab 4 emulates):
//   GDT: null, TG_KCODE, TG_KDATA (DPL 0), TG_UCODE, TG_UDATA (DPL 3), TG_TSS
//   IDT: every vector to tg_trap (an interrupt gate, DPL 0), which records the event in
//        tg_last; TG_VEC_SYSCALL is a DPL 3 trap gate for the guest's user mode.
#ifndef TESTS_GUESTS_TGUEST_H
#define TESTS_GUESTS_TGUEST_H

#define TG_KCODE      0x08
#define TG_KDATA      0x10
#define TG_UCODE      0x1B        // index 3, RPL 3
#define TG_UDATA      0x23        // index 4, RPL 3
#define TG_TSS        0x28
#define TG_GDT_SIZE   6
#define TG_VEC_SYSCALL 0x80       // from user mode: eax = 0 returns to the kernel
#define TG_STACK_SIZE 8192

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>
#include "x86/seg.h"

// What the CPU pushed for the last event, and where (tg_trap.S builds struct tg_frame).
struct tg_frame {
	uint32_t edi, esi, ebp, oesp, ebx, edx, ecx, eax;   // pushal
	uint32_t ds, es;
	uint32_t vector, err;       // err: 0 for a vector without an error code
	uint32_t eip, cs, eflags;
	uint32_t esp, ss;           // from user mode only
};

struct tg_event {
	int count;                  // events taken since the test began
	uint32_t vector, err, eip, cs, eflags, esp, ss;
	uint32_t frame;             // the address of the pushed eip: which stack took it
};

extern volatile struct tg_event tg_last;
// Where the handler of the next event returns instead (0: where the CPU said). Faulting
// steps set it to the label after the faulting instruction.
extern volatile uint32_t tg_resume;
// Called, when set, by every event's handler (after tg_last is filled): a test's own hook.
extern void (*volatile tg_hook)(struct tg_frame *f);

extern char tg_tag[32];                    // the command line's tag=: the grader's nonce
extern const uint32_t tg_vectors[256];      // the entry stub of each vector
extern struct seg_desc tg_gdt[TG_GDT_SIZE];
extern struct gate_desc tg_idt[256];
extern struct tss tg_tss;
extern uint8_t tg_kstack[TG_STACK_SIZE];    // the TSS's esp0 stack: traps from user mode

// A test: its name on the command line and its steps.
struct tg_test {
	const char *name;
	void (*run)(void);
};

// Each test guest defines these: its name ("lab4"), its tests (NULL-terminated), and whether
// it prints a line with one rep outsb (true) or a byte an out (false: lab 4's guest, whose
// monitor may not have string I/O yet).
extern const char tg_guest[];
extern const struct tg_test tg_tests[];
extern const bool tg_console_rep;

// Prints on the debug console, a line at a time.
void tg_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
// One check: "lab4 NAME: WHAT ok" or "... FAILED: why" (fmt, printed only on failure).
void tg_check(bool ok, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
// Checks that got == want, printing both in hex on failure.
void tg_check_eq(uint32_t got, uint32_t want, const char *what);

// Fills in the tables (above) and loads them: lgdt and the segment registers (SS too),
// lidt, ltr. Each part alone, for tests that check one instruction.
void tg_tables_fill(void);
void tg_gdt_load(void);
void tg_segments_load(void);
void tg_idt_load(void);
void tg_tss_load(void);

// Runs fn at CPL 3 on its own stack; fn returns to the kernel with tg_user_exit().
void tg_user_run(void (*fn)(void));
void tg_user_exit(void) __attribute__((noreturn));

// The test's summary line: "lab4 NAME: passed (TAG), N checks" or "... FAILED (TAG), ...".
// tg_finish prints it and ends the VM through PORT_DEBUG_EXIT (success if all passed); a test
// whose last step must stop the VM prints it first, then takes that step.
void tg_summary(void);
void tg_finish(void) __attribute__((noreturn));

// The faulting instruction `insn` (assembly text), with tg_resume set to the instruction
// after it; tg_last.count tells whether an event came.
#define TG_FAULT(insn, ...)                                                        \
	__asm__ volatile("movl $1f, tg_resume\n\t" insn "\n1:\n\t"                 \
			 "movl $0, tg_resume" __VA_ARGS__)

// A global label in a test's assembly, for the grader's breakpoints and for checks of a
// frame's eip (TG_LABEL gives its address).
#define TG_AT(name) "\n\t.globl " #name "\n" #name ":\n\t"
#define TG_LABEL(name) ({ extern const char name[]; (uint32_t)name; })
#endif

#endif
