// lab6-tlb.c: lab 6's tests of what the guest's MMU caches and when it must forget: 4 MiB
// pages (CR4.PSE), invlpg of one page or of a whole 4 MiB page, CR3 loads and paging off and
// on, global pages (CR4.PGE); and the two mappings that stop the VM: the monitor's 4 MiB,
// memory past guest RAM.
#include "tests/guests/lab6.h"
#include "tests/guests/tguest.h"
#include "x86/paging.h"
#include "x86/regs.h"
#include "x86/trap.h"
#include "x86/x86.h"

#define LARGE_PDE (PTE_PS | PTE_P | PTE_W | PTE_U)
#define USER_RW (PTE_P | PTE_W | PTE_U)

static uint32_t *
large_pde(void)
{
	return &lab6_pd[LAB6_VA_LARGE >> 22];
}

// A 4 MiB page, its directory entry the leaf (A, D); an invlpg anywhere in it forgets all of
// it. Without CR4.PSE the same entry points to a page table.
void
lab6_large(void)
{
	uint32_t far = LAB6_VA_LARGE + 0x201000;

	lab6_pd[LAB6_VA_LARGE >> 22] = LAB6_LARGE1 | LARGE_PDE;
	lab6_paging_on(CR4_PSE);
	*lab6_pte(LAB6_VA_A) = (LAB6_LARGE1 + 0x3000) | USER_RW;
	__asm__ volatile(TG_AT(lab6_large_start) "nop");
	tg_check_eq(lab6_load(LAB6_VA_LARGE), LAB6_LARGE1 + 1, "a 4 MiB page: its first frame");
	tg_check_eq(lab6_load(far), LAB6_LARGE1 + 0x201001, "and one 2 MiB + 4 KiB into it");
	tg_check((*large_pde() & (PTE_A | PTE_D)) == PTE_A, "reads set A in its directory entry",
		 "entry 0x%08x", (unsigned)*large_pde());
	lab6_store(LAB6_VA_LARGE + 0x3000, 0x1A26E);
	tg_check(*large_pde() & PTE_D, "a write sets D in it", "entry 0x%08x",
		 (unsigned)*large_pde());
	tg_check_eq(lab6_load(LAB6_VA_A), 0x1A26E, "a 4 KiB page on the same frame sees the write");
	__asm__ volatile(TG_AT(lab6_large_mapped) "nop");
	*large_pde() = LAB6_LARGE2 | LARGE_PDE;
	invlpg(LAB6_VA_LARGE + 0x123456);
	__asm__ volatile(TG_AT(lab6_large_dropped) "nop");
	tg_check_eq(lab6_load(far), LAB6_LARGE2 + 0x201001,
		    "after an invlpg elsewhere in it, the whole 4 MiB page is the new one");
	tg_check_eq(lab6_load(LAB6_VA_LARGE), LAB6_LARGE2 + 1, "its first frame too");
	__asm__ volatile(TG_AT(lab6_large_end) "nop");

	lab6_pt2[1] = LAB6_FRAME(2) | USER_RW;          // the slot a page table now
	lab6_pt2[2] = LAB6_FRAME(3) | USER_RW;
	*large_pde() = (uint32_t)lab6_pt2 | USER_RW;
	invlpg(LAB6_VA_LARGE);
	tg_check_eq(lab6_load(LAB6_VA_LARGE + 0x1000) + lab6_load(LAB6_VA_LARGE + 0x2000),
		    LAB6_FRAME(2) + LAB6_FRAME(3) + 2, "the same slot through a page table");
	invlpg(LAB6_VA_LARGE + 0x1000);
	__asm__ volatile(TG_AT(lab6_large_small) "nop");

	*large_pde() = (uint32_t)lab6_pt2 | LARGE_PDE;     // PS, but PSE about to go off
	lab6_pt2[1] = LAB6_FRAME(2) | USER_RW;
	lcr4(0);
	tg_check_eq(lab6_load(LAB6_VA_LARGE + 0x1000), LAB6_FRAME(2) + 1,
		    "without CR4.PSE the entry points to a page table");
	lcr4(CR4_PSE);
	tg_check_eq(lab6_load(LAB6_VA_LARGE + 0x1000), *(volatile uint32_t *)0x401000,
		    "with CR4.PSE again, the same entry is a 4 MiB page at 4 MiB");
	tg_check(lab6_nlog == 0, "no page fault reached the guest", "%d did", lab6_nlog);
}

// invlpg forgets one 4 KiB page: the next access walks the guest's tables again; the others
// stay, and an invlpg of the monitor's 4 MiB or of nothing changes nothing. Page A's entry
// has bit 7 set: PAT in a page-table entry, which makes no 4 MiB page of it.
void
lab6_invlpg(void)
{
	lab6_paging_on(0);
	*lab6_pte(LAB6_VA_A) = LAB6_FRAME(0) | USER_RW | PTE_PAT;
	*lab6_pte(LAB6_VA_B) = LAB6_FRAME(1) | USER_RW;
	__asm__ volatile(TG_AT(lab6_inv_start) "nop");
	tg_check_eq(lab6_load(LAB6_VA_A), LAB6_FRAME(0) + 1, "page A on its frame");
	tg_check_eq(lab6_load(LAB6_VA_B), LAB6_FRAME(1) + 1, "page B on its frame");
	*lab6_pte(LAB6_VA_A) = LAB6_FRAME(2) | USER_RW | PTE_PAT;
	invlpg(LAB6_VA_A + 0x804);
	__asm__ volatile(TG_AT(lab6_inv_dropped) "nop");
	tg_check_eq(lab6_load(LAB6_VA_A), LAB6_FRAME(2) + 1, "after invlpg, A on its new frame");
	tg_check_eq(lab6_load(LAB6_VA_B), LAB6_FRAME(1) + 1, "B where it was");
	invlpg(LAB6_VA_TOP);
	invlpg(0xFFFFF000u);
	invlpg(LAB6_VA_NOPT);
	tg_check_eq(lab6_load(LAB6_VA_A) + lab6_load(LAB6_VA_B), LAB6_FRAME(2) + LAB6_FRAME(1) + 2,
		    "invlpg of the monitor's 4 MiB and of an unmapped page: the guest runs on");
	__asm__ volatile(TG_AT(lab6_inv_end) "nop");
	tg_check(lab6_nlog == 0, "no page fault reached the guest", "%d did", lab6_nlog);
}

// Two directories map A to different frames; a CR3 load, even of the same value, forgets
// every mapping, and so do paging off and on.
void
lab6_cr3(void)
{
	lab6_paging_on(0);
	for (int i = 0; i < 1024; i++)
		lab6_pd2[i] = lab6_pd[i];
	lab6_pd2[LAB6_VA_A >> 22] = (uint32_t)lab6_pt2 | USER_RW;
	*lab6_pte(LAB6_VA_A) = LAB6_FRAME(3) | USER_RW;
	lab6_pt2[0] = LAB6_FRAME(4) | USER_RW;
	__asm__ volatile(TG_AT(lab6_cr3_start) "nop");
	tg_check_eq(lab6_load(LAB6_VA_A), LAB6_FRAME(3) + 1, "the first directory's frame");
	lcr3((uint32_t)lab6_pd2);
	tg_check_eq(lab6_load(LAB6_VA_A), LAB6_FRAME(4) + 1, "the second directory's frame");
	__asm__ volatile(TG_AT(lab6_cr3_second) "nop");
	*lab6_pte(LAB6_VA_A) = LAB6_FRAME(5) | USER_RW;
	lcr3((uint32_t)lab6_pd);
	tg_check_eq(lab6_load(LAB6_VA_A), LAB6_FRAME(5) + 1, "back, and the changed entry seen");
	*lab6_pte(LAB6_VA_A) = LAB6_FRAME(6) | USER_RW;
	lcr3((uint32_t)lab6_pd);
	tg_check_eq(lab6_load(LAB6_VA_A), LAB6_FRAME(6) + 1, "a load of the same CR3 forgets too");
	lcr0(rcr0() & ~CR0_PG);
	tg_check_eq(lab6_load(LAB6_FRAME(3)), LAB6_FRAME(3) + 1, "paging off: linear is physical");
	lcr0(rcr0() | CR0_PG);
	tg_check_eq(lab6_load(LAB6_VA_A), LAB6_FRAME(6) + 1, "paging on again: A as mapped");
	__asm__ volatile(TG_AT(lab6_cr3_end) "nop");
	tg_check(lab6_nlog == 0, "no page fault reached the guest", "%d did", lab6_nlog);
}

// With CR4.PGE a CR3 load keeps the global pages (the guest's own, pages A and B) and
// forgets the others (page C); invlpg forgets a global page, for good, and the next page
// stays; turning PGE off forgets them all, and then a CR3 load keeps no page marked global.
void
lab6_global(void)
{
	lab6_paging_on(CR4_PGE);
	for (int i = 0; i < 1024; i++)
		lab6_pd2[i] = lab6_pd[i];
	*lab6_pte(LAB6_VA_A) = LAB6_FRAME(0) | USER_RW | PTE_G;
	*lab6_pte(LAB6_VA_B) = LAB6_FRAME(1) | USER_RW | PTE_G;
	*lab6_pte(LAB6_VA_C) = LAB6_FRAME(2) | USER_RW;
	uint32_t want = LAB6_FRAME(0) + LAB6_FRAME(1) + LAB6_FRAME(2) + 3;
	__asm__ volatile(TG_AT(lab6_global_start) "nop");
	tg_check_eq(lab6_load(LAB6_VA_A) + lab6_load(LAB6_VA_B) + lab6_load(LAB6_VA_C), want,
		    "two global pages and another on their frames");
	lcr3((uint32_t)lab6_pd2);
	__asm__ volatile(TG_AT(lab6_global_switched) "nop");
	tg_check_eq(lab6_load(LAB6_VA_A) + lab6_load(LAB6_VA_B) + lab6_load(LAB6_VA_C), want,
		    "all three, after a CR3 load");
	invlpg(LAB6_VA_A);
	__asm__ volatile(TG_AT(lab6_global_dropped) "nop");
	lcr3((uint32_t)lab6_pd);
	__asm__ volatile(TG_AT(lab6_global_again) "nop");
	tg_check_eq(lab6_load(LAB6_VA_A) + lab6_load(LAB6_VA_B), LAB6_FRAME(0) + LAB6_FRAME(1) + 2,
		    "the global pages after an invlpg of one and a CR3 load");
	__asm__ volatile(TG_AT(lab6_global_end) "nop");
	*lab6_pte(LAB6_VA_A) = LAB6_FRAME(0) | USER_RW;  // A global no more
	invlpg(LAB6_VA_A);
	tg_check_eq(lab6_load(LAB6_VA_A), LAB6_FRAME(0) + 1, "A, no longer global");
	lcr3((uint32_t)lab6_pd2);
	__asm__ volatile(TG_AT(lab6_global_plain) "nop");
	lcr4(0);
	__asm__ volatile(TG_AT(lab6_global_off) "nop");
	tg_check_eq(lab6_load(LAB6_VA_A), LAB6_FRAME(0) + 1, "and with CR4.PGE off");
	lcr3((uint32_t)lab6_pd);
	__asm__ volatile(TG_AT(lab6_global_nopge) "nop");
	tg_check(lab6_nlog == 0, "no page fault reached the guest", "%d did", lab6_nlog);
}

// The guest maps a page in the top 4 MiB, where the monitor lives, and writes it: the VM
// stops at the write where the CPU ignores segment limits (QEMU); where it enforces them
// (Bochs, hardware), the monitor's truncated segments refuse the write first with #GP(0), the
// second wall. (Not a read: the monitor's read-only pages there are supervisor pages, which
// the guest kernel's ring 1 may read where segment limits do not stop it.)
void
lab6_monitor(void)
{
	lab6_paging_on(0);
	lab6_pd[LAB6_VA_TOP >> 22] = (uint32_t)lab6_pt | USER_RW;
	lab6_pt[0] = LAB6_FRAME(0) | USER_RW;
	tg_summary();
	TG_FAULT(TG_AT(lab6_top_write) "movl %%eax, (%0)", : : "r"(LAB6_VA_TOP), "a"(0) : "memory");
	tg_check(lab6_nlog == 1 && lab6_log[0].err == (0xBAD00000u | T_GP),
		 "the write to the monitor's 4 MiB: #GP(0) from the segment's limit", "%d events",
		 lab6_nlog);
}

// The guest maps guest-physical memory past its RAM: the VM stops at the read.
void
lab6_outside(void)
{
	lab6_paging_on(0);
	*lab6_pte(LAB6_VA_A) = LAB6_RAM | USER_RW;
	tg_summary();
	__asm__ volatile(TG_AT(lab6_outside_read) "movl (%0), %%eax"
			 : : "r"(LAB6_VA_A) : "eax", "memory");
	tg_check(false, "a read past guest RAM stops the VM", "the guest ran on");
}
