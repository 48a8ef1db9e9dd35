// lab9-mmio.c: lab 9's mmio test: the debug device's MMIO window (vmm/dev/debug.h) reached
// by loads and stores of several instruction forms, each checked against the same latch
// read through its port. The guest turns its paging on first and runs the steps from an
// alias of its image, at linear addresses that are not their guest-physical ones: the
// monitor must read each instruction through the guest's page tables.
#include "lib/fmt.h"
#include "pc/pc.h"
#include "tests/guests/lab9.h"
#include "tests/guests/tguest.h"
#include "vmm/dev/debug.h"
#include "x86/paging.h"
#include "x86/regs.h"
#include "x86/x86.h"

#define IMAGE_BASE 0x400000                 // where the guest is linked (guests.mk)

static uint32_t lab9_pd[1024] __attribute__((aligned(4096)));
static uint32_t lab9_pt[1024] __attribute__((aligned(4096)));

// An instruction that straddles two pages, which are neighbours in linear memory and not in
// guest-physical memory: movl $0xC0DE1234, 4(%ebx) ends one page and begins the next, then
// ret. The monitor must translate each page of it.
#define SPLIT_LINEAR 0x01000000           // a page table's worth of 4 KiB pages
#define SPLIT_FIRST  0x500000             // the guest-physical pages behind them
#define SPLIT_SECOND 0x502000
static const uint8_t split_insn[] = { 0xC7, 0x43, 0x04, 0x34, 0x12, 0xDE, 0xC0, 0xC3 };
#define SPLIT_HEAD 3                      // bytes in the first page

static void
split_build(void)
{
	uint8_t *first = (uint8_t *)SPLIT_FIRST, *second = (uint8_t *)SPLIT_SECOND;

	for (int i = 0; i < SPLIT_HEAD; i++)
		first[PAGE_SIZE - SPLIT_HEAD + i] = split_insn[i];
	for (unsigned i = SPLIT_HEAD; i < sizeof split_insn; i++)
		second[i - SPLIT_HEAD] = split_insn[i];
	lab9_pt[0] = SPLIT_FIRST | PTE_P | PTE_W;
	lab9_pt[1] = SPLIT_SECOND | PTE_P | PTE_W;
	lab9_pd[SPLIT_LINEAR >> 22] = (uint32_t)lab9_pt | PTE_P | PTE_W;
}

// 4 MiB pages: RAM 1:1 below 8 MiB, the image again at LAB9_ALIAS, the device's window at
// LAB9_MMIO_LINEAR; the split instruction's page table. Nothing in the steps makes an exit
// before their first access.
static void
paging_on(void)
{
	uint32_t big = PTE_P | PTE_W | PTE_PS;

	split_build();
	lab9_pd[0] = 0 | big;
	lab9_pd[IMAGE_BASE >> 22] = IMAGE_BASE | big;
	lab9_pd[LAB9_ALIAS >> 22] = IMAGE_BASE | PTE_P | PTE_PS;     // read-only, with CR0.WP
	lab9_pd[LAB9_MMIO_LINEAR >> 22] = DEBUG_MMIO_BASE | big;
	lcr4(rcr4() | CR4_PSE);
	lcr3((uint32_t)lab9_pd);
	lcr0(rcr0() | CR0_PG | CR0_WP);
}

static uint32_t
latch(void)
{
	return inl(PORT_TESTDEV);
}

// Loads and stores of every form the monitor emulates, LAB9_MMIO_FORMS of them.
static void
mmio_forms(uint8_t *w)
{
	uint32_t a = 0xFFFFFFFF, c = 0xAABBCC11, d, s, di;

	__asm__ volatile("movl $0x12345678, 4(%0)" : : "b"(w) : "memory");          // C7
	tg_check_eq(latch(), 0x12345678, "mov $imm32 to the latch, read through its port");
	__asm__ volatile("movl 4(%1), %0" : "=S"(s) : "b"(w) : "memory");            // 8B
	tg_check_eq(s, 0x12345678, "mov of the latch to esi");
	__asm__ volatile("movb 5(%1), %%ch" : "+c"(c) : "b"(w) : "memory");           // 8A
	tg_check_eq(c, 0xAABB5611, "mov of the latch's byte 1 to ch, the rest of ecx kept");
	__asm__ volatile("movb 4(%1), %%cl" : "+c"(c) : "b"(w) : "memory");           // 8A
	tg_check_eq(c, 0xAABB5678, "mov of the latch's byte 0 to cl, the rest of ecx kept");
	__asm__ volatile("movzbl 7(%1), %0" : "=d"(d) : "b"(w) : "memory");          // 0F B6
	tg_check_eq(d, 0x12, "movzbl of the latch's byte 3 to edx");
	__asm__ volatile("movzwl 6(%1), %0" : "=D"(di) : "b"(w) : "memory");         // 0F B7
	tg_check_eq(di, 0x1234, "movzwl of the latch's upper half to edi");
	__asm__ volatile("movb %%dh, 6(%0)" : : "b"(w), "d"(0xAB00) : "memory");     // 88
	tg_check_eq(latch(), 0x12AB5678, "mov of dh to the latch's byte 2");
	__asm__ volatile("movw %%si, 4(%0)" : : "b"(w), "S"(0x9999) : "memory");     // 66 89
	tg_check_eq(latch(), 0x12AB9999, "mov of si to the latch's lower half");
	__asm__ volatile("movb $0x5A, 7(%0)" : : "b"(w) : "memory");                 // C6
	tg_check_eq(latch(), 0x5AAB9999, "mov $imm8 to the latch's byte 3");
	__asm__ volatile("movb (%1), %%al" : "+a"(a) : "b"(w) : "memory");           // 8A
	tg_check_eq(a, 0xFFFFFFE9, "mov of the console register to al");
	__asm__ volatile("movl %%eax, 4(%0)" : : "b"(w), "a"(0xCAFEF00D) : "memory"); // 89
	tg_check_eq(latch(), 0xCAFEF00D, "mov of eax to the latch");
	a = 0x11112222;
	__asm__ volatile("movw 4(%1), %%ax" : "+a"(a) : "b"(w) : "memory");          // 66 8B
	tg_check_eq(a, 0x1111F00D, "mov of the latch's lower half to ax");
	__asm__ volatile("movb %%al, %c0" : : "i"(LAB9_MMIO_LINEAR + 5), "a"(0x77) : "memory");
	tg_check_eq(latch(), 0xCAFE770D, "mov of al to the latch's byte 1 at an address");  // A2
	__asm__ volatile("movl %c1, %0" : "=a"(a) : "i"(LAB9_MMIO_LINEAR + 4) : "memory");
	tg_check_eq(a, 0xCAFE770D, "mov of the latch to eax from an address");             // A1
	__asm__ volatile("movb %c1, %%al" : "+a"(a) : "i"(LAB9_MMIO_LINEAR + 6) : "memory");
	tg_check_eq(a, 0xCAFE77FE, "mov of the latch's byte 2 to al from an address");     // A0
	__asm__ volatile("call *%0" : : "r"(SPLIT_LINEAR + PAGE_SIZE - SPLIT_HEAD), "b"(w)
			 : "memory");
	tg_check_eq(latch(), 0xC0DE1234, "mov $imm32 that straddles two pages");           // C7
	d = 0xFFFFFFFF;
	__asm__ volatile("movb 0xFFF(%1), %%dl" : "+d"(d) : "b"(w) : "memory");          // 8A
	tg_check_eq(d, 0xFFFFFF00, "mov of the window's last byte to dl");
}

// The line, a byte a store to the console register.
static void
mmio_line(uint8_t *w)
{
	static char text[96];
	int n = snprintf(text, sizeof text, LAB9_MMIO_LINE "\n", tg_tag);

	for (int i = 0; i < n; i++)
		__asm__ volatile("movb %1, (%0)" : : "b"(w), "q"(text[i]) : "memory");   // 88
}

static void
mmio_steps(void)
{
	uint8_t *w = (uint8_t *)LAB9_MMIO_LINEAR;

	mmio_forms(w);
	mmio_line(w);
}

void
lab9_mmio(void)
{
	void (*steps)(void) = (void (*)(void))((uint32_t)mmio_steps - IMAGE_BASE + LAB9_ALIAS);
	volatile uint8_t *code = (volatile uint8_t *)mmio_forms;

	(void)code[0], (void)code[64];      // its page in the EPT: no violation comes first
	paging_on();
	steps();
	tg_check((rcr0() & CR0_PG) != 0, "the steps ran from the alias with paging on",
		 "cr0 0x%08x", (unsigned)rcr0());
}
