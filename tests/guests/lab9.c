// lab9.c: lab 9's test guest: guest-physical memory under EPT, as the guest sees it. RAM
// that appears at first touch (fill), a device reached by loads and stores (mmio), a page
// given back to the monitor and found zeroed (drop), and an access to nothing (stray). The
// grader counts the exits and walks the EPT from outside.
#include <stddef.h>


#include "tests/guests/lab9.h"
#include "tests/guests/tguest.h"
#include "vmm/dev/debug.h"

const char tg_guest[] = "lab9";
const bool tg_console_rep = false;       // vmx emulates no string I/O

const struct tg_test tg_tests[] = {
	{ "fill", lab9_fill },
	{ "mmio", lab9_mmio },
	{ "drop", lab9_drop },
	{ "stray", lab9_stray },
	{ "mmio-refuse", lab9_mmio_refuse },
	{ "drop-refuse", lab9_drop_refuse },
	{ NULL, NULL },
};

static volatile uint32_t *
page_at(uint32_t pa)
{
	return (volatile uint32_t *)pa;
}

// Touches the pages LAB9_FILL_TOUCHED names, each in its own way: a write, a read, a write
// read back at the page's other end. Fresh RAM reads 0.
void
lab9_fill(void)
{
	volatile uint32_t *p0 = page_at(LAB9_FILL_BASE), *p2 = page_at(LAB9_FILL_BASE + 0x2000);
	volatile uint32_t *p5 = page_at(LAB9_FILL_BASE + 0x5000);

	p0[0] = 0x600DF00D;
	tg_check_eq(p0[0], 0x600DF00D, "page 0: a write reads back");
	tg_check_eq(p2[17], 0, "page 2: fresh RAM reads 0");
	p5[1023] = 0xFEEDFACE;
	tg_check_eq(p5[1023] ^ p5[0], 0xFEEDFACE, "page 5: a write reads back, the rest is 0");
}

// Gives LAB9_DROP_PAGE back through the debug device's DEBUG_MMIO_DROP (paging is off:
// linear is physical), after filling it; the monitor zeroes it, and maps it again at the
// next touch. LAB9_DROP_UNTOUCHED, given back too, was never touched.
void
lab9_drop(void)
{
	volatile uint32_t *p = page_at(LAB9_DROP_PAGE);
	volatile uint32_t *drop = page_at(DEBUG_MMIO_BASE + DEBUG_MMIO_DROP);

	p[0] = 0xA5A5A5A5, p[1023] = 0x5A5A5A5A;
	tg_check_eq(p[0] + p[1023], 0xFFFFFFFF, "the page holds what was written");
	*drop = LAB9_DROP_UNTOUCHED;        // not in the EPT: nothing for the TLB to forget
	*drop = LAB9_DROP_PAGE;
	tg_check_eq(p[0], 0, "after the drop, the page's first word reads 0");
	tg_check_eq(p[1023], 0, "and its last word");
	p[5] = 0x12345678;
	tg_check_eq(p[5], 0x12345678, "and it holds a new write");
}

// Reads the first byte past RAM: the monitor stops the VM at the EPT violation.
void
lab9_stray(void)
{
	tg_summary();
	__asm__ volatile(TG_AT(lab9_stray_at) "movl %0, %%eax" : : "m"(*page_at(LAB9_STRAY))
			 : "eax", "memory");
	tg_check(false, "the VM stops at the stray read", "the read of 0x%08x came back",
		 (unsigned)LAB9_STRAY);
}

// An instruction the monitor does not emulate on the device's window: the VM stops there.
void
lab9_mmio_refuse(void)
{
	tg_summary();
	__asm__ volatile("addl $1, %c0" : : "i"(DEBUG_MMIO_BASE + DEBUG_MMIO_LATCH) : "memory");
	tg_check(false, "the VM stops at the addl", "it went on");
}

// Dropping a page past RAM: the VM stops.
void
lab9_drop_refuse(void)
{
	tg_summary();
	*page_at(DEBUG_MMIO_BASE + DEBUG_MMIO_DROP) = LAB9_STRAY;
	tg_check(false, "the VM stops at the drop", "it went on");
}
