// trapreport.c: the report printed for an exception: what it was, and the registers.
#include "guest-os/kernel/console.h"
#include "guest-os/kernel/cpu.h"
#include "guest-os/kernel/panic.h"
#include "guest-os/kernel/trap.h"
#include "x86/paging.h"

#define MNEMONIC(v, mn, name, err) [v] = mn,
#define NAME(v, mn, name, err) [v] = name,
static const char *const mnemonics[T_EXCEPTIONS] = { EXCEPTION_LIST(MNEMONIC) };
static const char *const names[T_EXCEPTIONS] = { EXCEPTION_LIST(NAME) };

const char *
trap_mnemonic(uint32_t vector)
{
	return vector < T_EXCEPTIONS && mnemonics[vector] ? mnemonics[vector] : "#??";
}

const char *
trap_name(uint32_t vector)
{
	return vector < T_EXCEPTIONS && names[vector] ? names[vector] : "?";
}

// Contract (trap.h): prints, for an exception, "exception V #MN (name), error 0xE" with the
// error code in words (a page fault's cause and address, or the selector at fault), then the
// registers of the frame (esp and ss only for a trap from user mode: the CPU pushes them
// only then). Graders match the first line; a student reads the rest at 2 a.m.
// Hint: trap_mnemonic and trap_name name the vector; x86/paging.h names the #PF error bits
// (PFERR_P, PFERR_W, PFERR_I, PFERR_U; SDM 3A §4.7) and rcr2() is the faulting address.
// LAB1-SOLUTION-BEGIN
// The error code in words: a page fault's cause (SDM 3A §4.7), or the selector at fault.
static void
report_error(const struct trapframe *tf)
{
	uint32_t e = tf->err;

	if (tf->vector == T_PF)
		printf(" (%s %s, %s mode), address 0x%08x", e & PFERR_P ? "protection" : "not-present",
		       e & PFERR_W ? "write" : (e & PFERR_I ? "fetch" : "read"),
		       e & PFERR_U ? "user" : "kernel", (unsigned)rcr2());
	else if (e != 0)
		printf(" (selector 0x%04x in the %s)", (unsigned)(e & ~7u),
		       e & 2 ? "IDT" : (e & 4 ? "LDT" : "GDT"));
}

void
trap_report(const struct trapframe *tf)
{
	printf("exception %u %s (%s), error 0x%x", (unsigned)tf->vector,
	       trap_mnemonic(tf->vector), trap_name(tf->vector), (unsigned)tf->err);
	report_error(tf);
	printf("\n  eip 0x%08x  cs 0x%04x  eflags 0x%08x", (unsigned)tf->eip, (unsigned)tf->cs,
	       (unsigned)tf->eflags);
	if (trap_from_user(tf))
		printf("  esp 0x%08x  ss 0x%04x", (unsigned)tf->esp, (unsigned)tf->ss);
	printf("\n  eax 0x%08x  ebx 0x%08x  ecx 0x%08x  edx 0x%08x\n", (unsigned)tf->eax,
	       (unsigned)tf->ebx, (unsigned)tf->ecx, (unsigned)tf->edx);
	printf("  esi 0x%08x  edi 0x%08x  ebp 0x%08x  ds 0x%04x  es 0x%04x\n",
	       (unsigned)tf->esi, (unsigned)tf->edi, (unsigned)tf->ebp, (unsigned)tf->ds,
	       (unsigned)tf->es);
}
// LAB1-STUB
// void
// trap_report(const struct trapframe *tf)
// {
// 	panic("trap_report: not implemented (vector %u)", (unsigned)tf->vector);
// }
// LAB1-SOLUTION-END
