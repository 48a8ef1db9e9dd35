// lab4-io.c: lab 4's tests of port I/O and of the virtual interrupt flag. Port I/O goes
// through the test latch at PORT_TESTDEV, which gives back what was written, and the debug
// console, whose lines the grader reads.
#include "lib/fmt.h"
#include "lib/string.h"
#include "pc/pc.h"
#include "tests/guests/lab4.h"
#include "tests/guests/tguest.h"
#include "vmm/dev/debug.h"
#include "x86/regs.h"
#include "x86/x86.h"

#define UNCLAIMED 0x300         // no device answers: the bus reads all ones

// in of each size, with eax's other bytes set: only the low size bytes may change.
static void
check_in_sizes(void)
{
	uint32_t v = 0xAABBCCDD;

	__asm__ volatile("inb %1, %%al" : "+a"(v) : "i"(PORT_TESTDEV));
	tg_check_eq(v, 0xAABBCC44, "inb: the latch's low byte, eax's upper bytes kept");
	v = 0xAABBCCDD;
	__asm__ volatile("inw %1, %%ax" : "+a"(v) : "i"(PORT_TESTDEV));
	tg_check_eq(v, 0xAABB3344, "inw: the latch's low word, eax's upper word kept");
	v = 0;
	__asm__ volatile("inl %1, %%eax" : "+a"(v) : "i"(PORT_TESTDEV));
	tg_check_eq(v, 0x11223344, "inl: the whole latch");
	v = 0x12345678;
	__asm__ volatile("inb %%dx, %%al" : "+a"(v) : "d"(UNCLAIMED));
	tg_check_eq(v, 0x123456FF, "inb from an unclaimed port (port in dx): 0xff");
	v = 0;
	__asm__ volatile("inl %%dx, %%eax" : "+a"(v) : "d"(UNCLAIMED));
	tg_check_eq(v, 0xFFFFFFFF, "inl from an unclaimed port: all ones");
}

// out of each size to each lane of the latch, the port in dx too.
static void
check_out_sizes(void)
{
	__asm__ volatile("outb %%al, %%dx" : : "a"(0x5A), "d"(PORT_TESTDEV + 1));
	tg_check_eq(inl(PORT_TESTDEV), 0x11225A44, "outb to the latch's lane 1 (port in dx)");
	__asm__ volatile("outw %%ax, %%dx" : : "a"(0xFFFFBEEF), "d"(PORT_TESTDEV + 2));
	tg_check_eq(inl(PORT_TESTDEV), 0xBEEF5A44, "outw to lanes 2-3: its low word only");
	__asm__ volatile("outb %%al, %1" : : "a"(0x12345699), "i"(PORT_TESTDEV));
	tg_check_eq(inw(PORT_TESTDEV + 2), 0xBEEF, "inw from lanes 2-3 after an outb to lane 0");
	tg_check_eq(inb(PORT_TESTDEV), 0x99, "outb: al only");
}

// One rep outsb of a line to the debug console, forward (DF clear) or backward from its
// last byte (DF set; the line is stored reversed, so it prints forward).
static void
outsb_line(const char *what, bool backward)
{
	char line[80], buf[80];
	int n = snprintf(line, sizeof line, "lab4 port-io: %s (%s)\n", what, tg_tag);
	uint32_t esi, ecx = n;

	for (int i = 0; i < n; i++)
		buf[i] = backward ? line[n - 1 - i] : line[i];
	esi = backward ? (uint32_t)buf + n - 1 : (uint32_t)buf;
	__asm__ volatile("cmpl $0, %4\n\tje 1f\n\tstd\n"
			 "1:\trep outsb\n\tcld"
			 : "+S"(esi), "+c"(ecx) : "d"(PORT_E9_DEBUG), "m"(buf), "r"((uint32_t)backward)
			 : "memory", "cc");
	tg_check(ecx == 0 && esi == (backward ? (uint32_t)buf - 1 : (uint32_t)buf + n),
		 backward ? "std; rep outsb: esi moved down a byte an element, ecx 0"
			  : "rep outsb: esi moved up a byte an element, ecx 0",
		 "esi 0x%08x (buffer 0x%08x, %d bytes), ecx %u", (unsigned)esi, (unsigned)buf,
		 n, (unsigned)ecx);
}

static void
check_ins(void)
{
	uint32_t words[4] = { 0, 0, 0, 0 }, edi = (uint32_t)words, ecx = 3;
	uint8_t bytes[8];

	__asm__ volatile("rep insl" : "+D"(edi), "+c"(ecx) : "d"(PORT_TESTDEV) : "memory");
	tg_check(words[0] == 0xBEEF5A99 && words[2] == 0xBEEF5A99 && words[3] == 0 && ecx == 0 &&
		 edi == (uint32_t)&words[3], "rep insl: three dwords from the latch, edi up 12",
		 "words %08x %08x %08x %08x, edi +%u, ecx %u", (unsigned)words[0],
		 (unsigned)words[1], (unsigned)words[2], (unsigned)words[3],
		 (unsigned)(edi - (uint32_t)words), (unsigned)ecx);
	memset(bytes, 0, sizeof bytes);
	edi = (uint32_t)&bytes[6];
	__asm__ volatile("std\n\tinsw\n\tcld" : "+D"(edi) : "d"(PORT_TESTDEV + 2) : "memory");
	tg_check(bytes[6] == 0xEF && bytes[7] == 0xBE && bytes[5] == 0 && edi == (uint32_t)&bytes[4],
		 "std; insw (no rep): one word, edi down 2", "bytes %02x %02x %02x, edi %d",
		 bytes[5], bytes[6], bytes[7], (int)(edi - (uint32_t)bytes));
}

static void
check_outs(void)
{
	uint32_t src[2] = { 0x01020304, 0xA0B0C0D0 }, esi = (uint32_t)src, ecx = 0;

	__asm__ volatile("rep outsl" : "+S"(esi), "+c"(ecx) : "d"(PORT_TESTDEV) : "memory");
	tg_check(esi == (uint32_t)src && inl(PORT_TESTDEV) == 0xBEEF5A99,
		 "rep outsl with ecx 0: nothing written, esi unchanged", "esi +%d, latch %08x",
		 (int)(esi - (uint32_t)src), (unsigned)inl(PORT_TESTDEV));
	ecx = 2;
	__asm__ volatile("rep outsl" : "+S"(esi), "+c"(ecx) : "d"(PORT_TESTDEV) : "memory");
	tg_check(esi == (uint32_t)&src[2] && ecx == 0 && inl(PORT_TESTDEV) == 0xA0B0C0D0,
		 "rep outsl of two dwords: the latch holds the last", "esi +%d, ecx %u, latch %08x",
		 (int)(esi - (uint32_t)src), (unsigned)ecx, (unsigned)inl(PORT_TESTDEV));
	esi = (uint32_t)src, ecx = 1;
	__asm__ volatile("repne outsl" : "+S"(esi), "+c"(ecx) : "d"(PORT_TESTDEV) : "memory");
	tg_check(esi == (uint32_t)&src[1] && ecx == 0 && inl(PORT_TESTDEV) == 0x01020304,
		 "repne outsl: a rep as well, for string I/O", "esi +%d, ecx %u, latch %08x",
		 (int)(esi - (uint32_t)src), (unsigned)ecx, (unsigned)inl(PORT_TESTDEV));
	esi = (uint32_t)src;
	outl(PORT_TESTDEV, 0xA0B0C0D0);
	__asm__ volatile("outsw" : "+S"(esi) : "d"(PORT_TESTDEV) : "memory");
	tg_check(esi == (uint32_t)src + 2 && inl(PORT_TESTDEV) == 0xA0B00304,
		 "outsw (no rep): one word, esi up 2", "esi +%d, latch %08x",
		 (int)(esi - (uint32_t)src), (unsigned)inl(PORT_TESTDEV));
}

void
lab4_port_io(void)
{
	outl(PORT_TESTDEV, 0x11223344);
	check_in_sizes();
	check_out_sizes();
	outsb_line("rep outsb, forward", false);
	outsb_line("rep outsb, backward", true);
	check_ins();
	check_outs();
}

// Labels the grader stops at (hardware breakpoints) to read the virtual IF from outside.
void
lab4_virtual_if(void)
{
	uint32_t real;

	__asm__ volatile("sti" TG_AT(lab4_vif_sti1) "cli" TG_AT(lab4_vif_cli1)
			 "cli" TG_AT(lab4_vif_cli2) "sti\n\tsti" TG_AT(lab4_vif_sti3)
			 "cli\n\tpushfl\n\tpopl %0" : "=r"(real) : : "memory");
	tg_check(real & FL_IF, "pushf after cli shows the real IF, which the monitor keeps set",
		 "eflags 0x%08x", (unsigned)real);
	tg_summary();
	__asm__ volatile("sti\n\thlt" TG_AT(lab4_vif_halted) : : : "memory");
	tg_check(false, "sti; hlt on a bare machine stops the VM", "the guest ran on after hlt");
}

void
lab4_hlt_disabled(void)
{
	tg_summary();
	__asm__ volatile("cli" TG_AT(lab4_hlt_cli) "hlt" : : : "memory");
	tg_check(false, "cli; hlt stops the VM", "the guest ran on after hlt");
}
