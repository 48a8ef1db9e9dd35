// trapreport.c: exception names and the report printed for an exception.
#include "kernel/console.h"
#include "kernel/trap.h"
#include "x86/paging.h"
#include "x86/x86.h"

#define NAME_ENTRY(v, mn, name, err) [v] = name,
#define MNEMONIC_ENTRY(v, mn, name, err) [v] = mn,
static const char *const names[T_EXCEPTIONS] = { EXCEPTION_LIST(NAME_ENTRY) };
#define ERROR_ENTRY(v, mn, name, err) [v] = err,
static const char *const mnemonics[T_EXCEPTIONS] = { EXCEPTION_LIST(MNEMONIC_ENTRY) };
static const char has_error[T_EXCEPTIONS] = { EXCEPTION_LIST(ERROR_ENTRY) };

int
trap_has_error(uint32_t vector)
{
	return vector < T_EXCEPTIONS && has_error[vector];
}

const char *
trap_name(uint32_t vector)
{
	return vector < T_EXCEPTIONS ? names[vector] : 0;
}

const char *
trap_mnemonic(uint32_t vector)
{
	return vector < T_EXCEPTIONS && mnemonics[vector] ? mnemonics[vector] : "#??";
}

// Explains a page-fault error code (SDM 3A §4.7).
static void
report_pf_error(uint32_t err)
{
	printf(" (%s, %s, %s%s%s)", err & PFERR_P ? "protection violation" : "not present",
	       err & PFERR_W ? "write" : "read", err & PFERR_U ? "user" : "supervisor",
	       err & PFERR_RSVD ? ", reserved bit" : "", err & PFERR_I ? ", instruction fetch" : "");
}

// Explains a selector error code (SDM 3A §6.13): index, table, external event.
static void
report_sel_error(uint32_t err)
{
	if (err == 0)
		return;
	const char *table = err & 2 ? "IDT" : (err & 4 ? "LDT" : "GDT");
	printf(" (selector 0x%04x: %s index %u%s)", (unsigned)(err & 0xFFF8), table,
	       (unsigned)(err >> 3), err & 1 ? ", external" : "");
}

void
trap_report(const struct trapframe *tf)
{
	int user = tf->cs & 3;
	uint32_t esp = user ? tf->esp : (uint32_t)&tf->esp;   // no stack switch at CPL 0

	printf("exception %u %s (%s) at cpl %d, error 0x%04x", (unsigned)tf->vector,
	       trap_mnemonic(tf->vector), trap_name(tf->vector) ? trap_name(tf->vector) : "?",
	       user, (unsigned)tf->err);
	if (tf->vector == T_PF)
		report_pf_error(tf->err);
	else
		report_sel_error(tf->err);
	printf("\n  eip 0x%08x  cs 0x%04x  eflags 0x%08x  cr2 0x%08x  cr3 0x%08x\n",
	       (unsigned)tf->eip, (unsigned)tf->cs, (unsigned)tf->eflags, (unsigned)rcr2(),
	       (unsigned)tf->cr3);
	printf("  eax 0x%08x  ebx 0x%08x  ecx 0x%08x  edx 0x%08x\n", (unsigned)tf->eax,
	       (unsigned)tf->ebx, (unsigned)tf->ecx, (unsigned)tf->edx);
	printf("  esi 0x%08x  edi 0x%08x  ebp 0x%08x  esp 0x%08x\n", (unsigned)tf->esi,
	       (unsigned)tf->edi, (unsigned)tf->ebp, (unsigned)esp);
	printf("  ds 0x%04x  es 0x%04x  fs 0x%04x  gs 0x%04x", (unsigned)tf->ds,
	       (unsigned)tf->es, (unsigned)tf->fs, (unsigned)tf->gs);
	if (user)
		printf("  ss 0x%04x", (unsigned)tf->ss);
	printf("\n");
}
