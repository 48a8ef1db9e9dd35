// lab6-walk.c: lab 6's tests of the walk: the frame a mapping reaches, the accessed and dirty
// bits the guest's MMU sets, the page faults its own tables raise (error code, CR2), and
// CR0.WP, which lets the guest kernel write read-only pages when clear.
#include "tests/guests/lab6.h"
#include "tests/guests/tguest.h"
#include "x86/paging.h"
#include "x86/regs.h"
#include "x86/x86.h"

#define AD (PTE_A | PTE_D)

// What a user-mode step saw (user mode cannot print: its out would fault).
static volatile uint32_t user_read;

static void
check_bits(uint32_t entry, uint32_t want, const char *what)
{
	tg_check((entry & AD) == want, what, "entry 0x%08x", (unsigned)entry);
}

// A read sets A in both entries, a write D in the leaf; two pages on one frame see each
// other's writes; the guest may clear A and D, and its MMU sets them again after an invlpg.
void
lab6_walk(void)
{
	lab6_paging_on(0);
	*lab6_pte(LAB6_VA_A) = LAB6_FRAME(0) | PTE_P | PTE_W | PTE_U;
	*lab6_pte(LAB6_VA_B) = LAB6_FRAME(1) | PTE_P | PTE_U;
	*lab6_pte(LAB6_VA_C) = LAB6_FRAME(0) | PTE_P | PTE_W | PTE_U;
	__asm__ volatile(TG_AT(lab6_walk_start) "nop");
	tg_check_eq(lab6_load(LAB6_VA_A), LAB6_FRAME(0) + 1, "a read reaches the mapped frame");
	tg_check(lab6_pd[LAB6_VA_A >> 22] & PTE_A, "the walk sets A in the directory entry",
		 "entry 0x%08x", (unsigned)lab6_pd[LAB6_VA_A >> 22]);
	check_bits(*lab6_pte(LAB6_VA_A), PTE_A, "a read sets A in the page's entry, not D");
	__asm__ volatile(TG_AT(lab6_walk_read) "nop");
	lab6_store(LAB6_VA_A, 0x600DF00D);
	check_bits(*lab6_pte(LAB6_VA_A), AD, "a write to a clean page sets D");
	__asm__ volatile(TG_AT(lab6_walk_written) "nop");
	tg_check_eq(lab6_load(LAB6_VA_C), 0x600DF00D, "another page on the same frame sees it");
	check_bits(*lab6_pte(LAB6_VA_C), PTE_A, "the other page: read, so A alone");
	tg_check_eq(lab6_load(LAB6_VA_B), LAB6_FRAME(1) + 1, "a read-only page reads its frame");
	check_bits(*lab6_pte(LAB6_VA_B), PTE_A, "the read-only page: A alone");
	*lab6_pte(LAB6_VA_A) &= ~AD;                // as a page-replacement clock would
	invlpg(LAB6_VA_A);
	tg_check_eq(lab6_load(LAB6_VA_A), 0x600DF00D, "the page reads the same after invlpg");
	check_bits(*lab6_pte(LAB6_VA_A), PTE_A, "A set again by a read after invlpg, D not");
	lab6_store(LAB6_VA_A, 0xFEEDBEEF);
	check_bits(*lab6_pte(LAB6_VA_A), AD, "D set again by the next write");
	__asm__ volatile(TG_AT(lab6_walk_end) "nop");
	tg_check(lab6_nlog == 0, "no page fault reached the guest", "%d did", lab6_nlog);
}

// The user-mode half of lab6_faults: five faults, and one read that succeeds.
static void
user_faults(void)
{
	lab6_load(LAB6_VA_A);                       // supervisor page
	lab6_store(LAB6_VA_B, 1);                   // read-only page
	user_read = lab6_load(LAB6_VA_B);
	lab6_store(LAB6_VA_DIR_RO, 1);              // read-only directory entry
	lab6_load(LAB6_VA_DIR_SU);                  // supervisor directory entry
	lab6_load(LAB6_VA_C);                       // not present
	lab6_store(LAB6_VA_NOPT, 1);                // no page table
	tg_user_exit();
}

// The #PF error codes (SDM 3A §4.7) and CR2 of faults the guest's own tables raise, at CPL 0
// (the guest's) and 3: not present, protection, both levels' rights.
void
lab6_faults(void)
{
	lab6_paging_on(0);
	*lab6_pte(LAB6_VA_A) = LAB6_FRAME(0) | PTE_P | PTE_W;
	*lab6_pte(LAB6_VA_B) = LAB6_FRAME(1) | PTE_P | PTE_U;
	lab6_pd[LAB6_VA_DIR_RO >> 22] = (uint32_t)lab6_pt2 | PTE_P | PTE_U;
	lab6_pd[LAB6_VA_DIR_SU >> 22] = (uint32_t)lab6_pt2 | PTE_P | PTE_W;
	lab6_pt2[0] = LAB6_FRAME(2) | PTE_P | PTE_W | PTE_U;
	__asm__ volatile(TG_AT(lab6_faults_start) "nop");
	lab6_load(LAB6_VA_C);
	lab6_store(LAB6_VA_C, 1);
	lab6_load(LAB6_VA_NOPT);
	lab6_store(LAB6_VA_B, 1);                   // CR0.WP is set
	tg_check_eq(lab6_load(LAB6_VA_B), LAB6_FRAME(1) + 1, "the kernel reads a user page");
	tg_user_run(user_faults);
	__asm__ volatile(TG_AT(lab6_faults_end) "nop");
	lab6_check_fault(0, 0, LAB6_VA_C, false, "kernel read, page not present: #PF 0");
	lab6_check_fault(1, PFERR_W, LAB6_VA_C, true, "kernel write, not present: #PF 2");
	lab6_check_fault(2, 0, LAB6_VA_NOPT, false, "kernel read, no page table: #PF 0");
	lab6_check_fault(3, PFERR_P | PFERR_W, LAB6_VA_B, true,
			 "kernel write to a read-only page with CR0.WP: #PF 3");
	lab6_check_fault(4, PFERR_P | PFERR_U, LAB6_VA_A, false,
			 "user read of a supervisor page: #PF 5");
	lab6_check_fault(5, PFERR_P | PFERR_W | PFERR_U, LAB6_VA_B, true,
			 "user write to a read-only page: #PF 7");
	lab6_check_fault(6, PFERR_P | PFERR_W | PFERR_U, LAB6_VA_DIR_RO, true,
			 "user write under a read-only directory entry: #PF 7");
	lab6_check_fault(7, PFERR_P | PFERR_U, LAB6_VA_DIR_SU, false,
			 "user read under a supervisor directory entry: #PF 5");
	lab6_check_fault(8, PFERR_U, LAB6_VA_C, false, "user read, not present: #PF 4");
	lab6_check_fault(9, PFERR_W | PFERR_U, LAB6_VA_NOPT, true,
			 "user write, no page table: #PF 6");
	tg_check_eq(user_read, LAB6_FRAME(1) + 1, "user mode reads its read-only page");
	tg_check(lab6_nlog == LAB6_FAULTS_GUEST, "no other event", "%d events", lab6_nlog);
	tg_check((lab6_pt2[0] & AD) == 0, "a faulting access sets no A or D", "entry 0x%08x",
		 (unsigned)lab6_pt2[0]);
}

static void
user_wp(void)
{
	user_read = lab6_load(LAB6_VA_B);
	lab6_store(LAB6_VA_B, 2);
	tg_user_exit();
}

// CR0.WP clear: the kernel writes read-only pages, user and supervisor alike; user mode still
// may not. Set again: the kernel may not either.
void
lab6_write_protect(void)
{
	lab6_paging_on(0);
	*lab6_pte(LAB6_VA_A) = LAB6_FRAME(0) | PTE_P;
	*lab6_pte(LAB6_VA_B) = LAB6_FRAME(1) | PTE_P | PTE_U;
	lcr0(rcr0() & ~CR0_WP);
	lab6_warm();
	lab6_store(LAB6_VA_B, 0xB0B0B0B0);
	check_bits(*lab6_pte(LAB6_VA_B), AD, "a kernel write to a read-only page with CR0.WP "
		   "clear: done, D set");
	__asm__ volatile(TG_AT(lab6_wp_written) "nop");
	lab6_store(LAB6_VA_A, 0xA0A0A0A0);
	tg_check_eq(lab6_load(LAB6_VA_A), 0xA0A0A0A0, "and to a read-only supervisor page");
	tg_user_run(user_wp);
	tg_check_eq(user_read, 0xB0B0B0B0, "user mode reads what the kernel wrote");
	__asm__ volatile(TG_AT(lab6_wp_user) "nop");
	lab6_check_fault(0, PFERR_P | PFERR_W | PFERR_U, LAB6_VA_B, true,
			 "user mode still may not write it: #PF 7");
	lcr0(rcr0() | CR0_WP);
	lab6_warm();
	__asm__ volatile(TG_AT(lab6_wp_rewarmed) "nop");
	lab6_store(LAB6_VA_B, 3);
	lab6_store(LAB6_VA_A, 3);
	__asm__ volatile(TG_AT(lab6_wp_end) "nop");
	lab6_check_fault(1, PFERR_P | PFERR_W, LAB6_VA_B, true,
			 "CR0.WP set again: the kernel's write faults (#PF 3)");
	lab6_check_fault(2, PFERR_P | PFERR_W, LAB6_VA_A, true, "on both pages");
	tg_check_eq(lab6_load(LAB6_VA_B), 0xB0B0B0B0, "and writes nothing");
	tg_check(lab6_nlog == 3, "no other event", "%d events", lab6_nlog);
}
