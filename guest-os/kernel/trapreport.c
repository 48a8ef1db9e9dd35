// trapreport.c: the report printed for an exception: what it was, and the registers.
#include "guest-os/kernel/console.h"
#include "guest-os/kernel/cpu.h"
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
	const char *name = tf->vector < T_EXCEPTIONS ? names[tf->vector] : 0;

	printf("exception %u %s (%s), error 0x%x", (unsigned)tf->vector,
	       trap_mnemonic(tf->vector), name ? name : "?", (unsigned)tf->err);
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
