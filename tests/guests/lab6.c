// lab6.c: lab 6's test guest: each test turns paging on with tables of its own making and
// checks what the guest's MMU would do (lab 6 handout): walks with accessed and dirty bits,
// the faults the guest's own tables raise, CR0.WP, 4 MiB pages, invlpg and CR3 loads. It runs
// on a bare machine (machine=bare): the debug ports, no device to interrupt it.
#include <stddef.h>

#include "tests/guests/lab6.h"
#include "tests/guests/tguest.h"
#include "x86/paging.h"
#include "x86/regs.h"
#include "x86/trap.h"
#include "x86/x86.h"

#define IDENTITY_PTS 2                      // the 1:1 map of the first 8 MiB
#define LOG_SIZE 16

const char tg_guest[] = "lab6";
const bool tg_console_rep = true;

const struct tg_test tg_tests[] = {
	{ "walk", lab6_walk },
	{ "faults", lab6_faults },
	{ "write-protect", lab6_write_protect },
	{ "large-pages", lab6_large },
	{ "invlpg", lab6_invlpg },
	{ "cr3", lab6_cr3 },
	{ "global", lab6_global },
	{ "monitor-4m", lab6_monitor },
	{ "outside-ram", lab6_outside },
	{ NULL, NULL },
};

#define ALIGNED __attribute__((aligned(PAGE_SIZE)))
uint32_t lab6_pd[1024] ALIGNED, lab6_pd2[1024] ALIGNED;
uint32_t lab6_pt[1024] ALIGNED, lab6_pt2[1024] ALIGNED;
static uint32_t identity[IDENTITY_PTS][1024] ALIGNED;

volatile struct lab6_fault lab6_log[LOG_SIZE];
volatile int lab6_nlog;

// Every event the guest takes but its user mode's way back: a #PF goes in the log with CR2,
// anything else too, marked.
static void
log_hook(struct tg_frame *f)
{
	if (f->vector == TG_VEC_SYSCALL)
		return;
	uint32_t err = f->vector == T_PF ? f->err : 0xBAD00000u | f->vector;

	if (lab6_nlog < LOG_SIZE)
		lab6_log[lab6_nlog++] = (struct lab6_fault){ err, rcr2(), f->eip };
}

void
lab6_log_clear(void)
{
	lab6_nlog = 0;
}

// The first word of each page from LAB6_MARKED up: its own address + 1. And a trap for a
// walk that ignores a clear P bit: guest-physical page 0, where an empty directory entry
// points, read as a page table, maps every page to LAB6_FRAME(7).
static void
frames_mark(void)
{
	for (uint32_t pa = LAB6_MARKED; pa < LAB6_RAM; pa += PAGE_SIZE)
		*(volatile uint32_t *)pa = pa + 1;
	for (uint32_t i = 0; i < 1024; i++)
		((volatile uint32_t *)0)[i] = LAB6_FRAME(7) | PTE_P | PTE_W | PTE_U;
}

void
lab6_warm(void)
{
	extern char end[];

	for (uint32_t va = 0x400000; va < (uint32_t)end; va += PAGE_SIZE) {
		volatile uint8_t *p = (volatile uint8_t *)va;
		*p = *p;
	}
}

void
lab6_paging_on(uint32_t cr4)
{
	tg_tables_fill();
	tg_gdt_load();
	tg_segments_load();
	tg_idt_load();
	tg_tss_load();
	tg_hook = log_hook;
	frames_mark();
	uint32_t global = cr4 & CR4_PGE ? PTE_G : 0;      // the guest's own pages, then

	for (uint32_t i = 0; i < IDENTITY_PTS; i++) {
		for (uint32_t j = 0; j < 1024; j++)
			identity[i][j] = (i << 22 | j << 12) | PTE_P | PTE_W | PTE_U | global;
		lab6_pd[i] = (uint32_t)identity[i] | PTE_P | PTE_W | PTE_U;
	}
	lab6_pd[LAB6_VA_A >> 22] = (uint32_t)lab6_pt | PTE_P | PTE_W | PTE_U;
	lcr3((uint32_t)lab6_pd);
	lcr4(cr4);
	lcr0(rcr0() | CR0_PG | CR0_WP);
	lab6_warm();
	lab6_log_clear();
}

uint32_t *
lab6_pte(uint32_t va)
{
	return &lab6_pt[(va >> PAGE_SHIFT) & 1023];
}

__attribute__((noinline)) uint32_t
lab6_load(uint32_t va)
{
	uint32_t x = ~0u;

	TG_FAULT(TG_AT(lab6_load_insn) "movl (%1), %0", : "+r"(x) : "r"(va) : "memory");
	return x;
}

__attribute__((noinline)) void
lab6_store(uint32_t va, uint32_t value)
{
	TG_FAULT(TG_AT(lab6_store_insn) "movl %1, (%0)", : : "r"(va), "r"(value) : "memory");
}

void
lab6_check_fault(int i, uint32_t err, uint32_t cr2, bool write, const char *what)
{
	uint32_t eip = write ? TG_LABEL(lab6_store_insn) : TG_LABEL(lab6_load_insn);
	const volatile struct lab6_fault *f = &lab6_log[i];

	if (i >= lab6_nlog) {
		tg_check(false, what, "no page fault (%d taken)", lab6_nlog);
		return;
	}
	tg_check(f->err == err && f->cr2 == cr2 && f->eip == eip, what,
		 "error code 0x%x, cr2 0x%08x, eip 0x%08x; expected #PF 0x%x at 0x%08x, eip 0x%08x",
		 (unsigned)f->err, (unsigned)f->cr2, (unsigned)f->eip, (unsigned)err,
		 (unsigned)cr2, (unsigned)eip);
}
