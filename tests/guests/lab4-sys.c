// lab4-sys.c: lab 4's tests of the system registers (descriptor tables, task register,
// control registers) and of the returns and stack loads a ring-1 kernel cannot make alone.
// The descriptor-table registers are checked from outside: sgdt and sidt at ring 1 show the
// monitor's own tables (lab 7's subject), so the grader reads the vCPU at each label.
#include "tests/guests/lab4.h"
#include "tests/guests/tguest.h"
#include "x86/regs.h"
#include "x86/x86.h"

// lgdt and lidt (32- and 16-bit operands), ltr, lldt.
static void
check_tables(void)
{
	struct pseudo_desc gd16 = { sizeof tg_gdt - 1, (uint32_t)tg_gdt | 0xAB000000 };
	struct pseudo_desc id = { 0x3FF, 0x0 };

	tg_tables_fill();
	tg_gdt_load();
	__asm__ volatile(TG_AT(lab4_sys_lgdt) "lidt %0" TG_AT(lab4_sys_lidt) "nop"
			 : : "m"(id) : "memory");
	__asm__ volatile("data16 lgdt %0" TG_AT(lab4_sys_lgdt16) "nop" : : "m"(gd16) : "memory");
	tg_idt_load();
	tg_tss_load();
	tg_check((tg_gdt[SEL_INDEX(TG_TSS)].access & 0x1F) == STS_TSS32_BUSY,
		 "ltr marks the TSS descriptor busy in the guest's GDT", "access byte 0x%02x",
		 tg_gdt[SEL_INDEX(TG_TSS)].access);
	__asm__ volatile("lldt %w0" TG_AT(lab4_sys_ltr) "nop" : : "r"(0) : "memory");
}

static void
check_cr0(void)
{
	uint32_t cr0 = rcr0();

	tg_check_eq(cr0, CR0_PE | CR0_ET, "mov from cr0: PE and ET, as the loader left it");
	lcr0(cr0 | CR0_TS | CR0_MP);
	tg_check_eq(rcr0(), CR0_PE | CR0_ET | CR0_TS | CR0_MP, "mov to cr0 sets TS and MP");
	__asm__ volatile("clts" : : : "memory");
	tg_check_eq(rcr0(), CR0_PE | CR0_ET | CR0_MP, "clts clears TS alone");
	__asm__ volatile("lmsw %w0" : : "r"(CR0_EM | CR0_TS) : "memory");
	tg_check_eq(rcr0(), CR0_PE | CR0_ET | CR0_EM | CR0_TS,
		    "lmsw loads MP, EM, TS and cannot clear PE");
	lcr0(CR0_PE);
	tg_check_eq(rcr0(), CR0_PE | CR0_ET, "mov to cr0 without ET: ET stays set");
}

static void
check_crs(void)
{
	lcr2(0xDEADB000);
	lcr3(0x00345000);
	lcr4(CR4_PSE | CR4_PGE);
	tg_check_eq(rcr2(), 0xDEADB000, "mov to and from cr2");
	tg_check_eq(rcr3(), 0x00345000, "mov to and from cr3 (paging off: any value)");
	__asm__ volatile(TG_AT(lab4_sys_crs) "nop" : : : "memory");
	tg_check_eq(rcr4(), CR4_PSE | CR4_PGE, "mov to and from cr4");
}

void
lab4_system_registers(void)
{
	check_tables();
	check_cr0();
	check_crs();
	tg_summary();
	// PAE is beyond what te runs: the monitor stops the VM here, with CR4 unchanged.
	__asm__ volatile(TG_AT(lab4_sys_pae) "movl %0, %%cr4" : : "r"(CR4_PAE) : "memory");
	tg_check(false, "mov to cr4 with PAE stops the VM", "the guest ran on");
}

// mov, pop and lss to SS with the kernel's RPL 0 selector, then every segment register.
static void
check_stack_loads(void)
{
	struct { uint32_t esp; uint16_t ss; } __attribute__((packed)) far;
	uint32_t before, after;

	tg_tables_fill();
	tg_gdt_load();
	__asm__ volatile("movw %w0, %%ss" TG_AT(lab4_ret_movss) "nop" : : "r"(TG_KDATA));
	__asm__ volatile("movl %%esp, %0\n\tpushl %2\n\tpopl %%ss\n\tmovl %%esp, %1"
			 : "=&r"(before), "=r"(after) : "i"(TG_KDATA) : "memory");
	tg_check(after == before, "pop ss: esp back where it was before the push",
		 "esp 0x%08x, then 0x%08x", (unsigned)before, (unsigned)after);
	far.ss = TG_KDATA;
	__asm__ volatile("movl %%esp, %0\n\tleal -64(%%esp), %%eax\n\tmovl %%eax, %2\n\t"
			 "lss %2, %%esp\n\tmovl %%esp, %1\n\tmovl %0, %%esp"
			 : "=&r"(before), "=&r"(after), "+m"(far) : : "eax", "memory");
	tg_check(after == before - 64, "lss: esp from memory", "esp 0x%08x, expected 0x%08x",
		 (unsigned)after, (unsigned)(before - 64));
	tg_segments_load();
}

// iret to a frame with the kernel's own selector (RPL 0): eip, cs, eflags popped, esp
// moved past them; the popped IF becomes the virtual IF, IOPL stays 0.
static uint32_t
iret_with(uint32_t eflags, uint32_t *esp_moved)
{
	uint32_t before, after, flags;

	__asm__ volatile("movl %%esp, %1\n\t"
			 "pushl %3\n\tpushl %4\n\tpushl $1f\n\tiret\n"
			 "1:\tpushfl\n\tpopl %0\n\tmovl %%esp, %2\n\tcld"
			 : "=r"(flags), "=&r"(before), "=&r"(after)
			 : "r"(eflags), "i"(TG_KCODE) : "memory", "cc");
	*esp_moved = before - after;
	return flags;
}

static void
check_iret(void)
{
	uint32_t moved, f;

	f = iret_with(FL_1 | FL_CF | FL_ZF | FL_IF, &moved);
	__asm__ volatile(TG_AT(lab4_ret_iret_if1) "nop");
	tg_check((f & (FL_CF | FL_ZF)) == (FL_CF | FL_ZF) && moved == 0,
		 "iret restores CF and ZF and pops three words", "eflags 0x%08x, esp off by %d",
		 (unsigned)f, (int)moved);
	f = iret_with(FL_1 | FL_IOPL | FL_DF, &moved);
	__asm__ volatile(TG_AT(lab4_ret_iret_if0) "nop");
	tg_check((f & (FL_IOPL | FL_CF | FL_DF | FL_IF)) == (FL_DF | FL_IF),
		 "iret: DF restored, CF cleared, IOPL kept 0, the real IF kept 1",
		 "eflags 0x%08x", (unsigned)f);
	f = iret_with(FL_1 | FL_IF | FL_OF, &moved);
	tg_check(f & FL_OF, "iret restores OF", "eflags 0x%08x", (unsigned)f);
}

// lret and lret $8 to the kernel's own selector.
static void
check_lret(void)
{
	uint32_t before, after;

	__asm__ volatile("movl %%esp, %0\n\tpushl %2\n\tpushl $1f\n\tlret\n1:\tmovl %%esp, %1"
			 : "=&r"(before), "=r"(after) : "i"(TG_KCODE) : "memory");
	tg_check(after == before, "lret pops eip and cs", "esp 0x%08x, then 0x%08x",
		 (unsigned)before, (unsigned)after);
	__asm__ volatile("movl %%esp, %0\n\tpushl $1\n\tpushl $2\n\tpushl %2\n\tpushl $1f\n\t"
			 "lret $8\n1:\tmovl %%esp, %1"
			 : "=&r"(before), "=r"(after) : "i"(TG_KCODE) : "memory");
	tg_check(after == before, "lret $8 pops eip, cs and 8 bytes of arguments",
		 "esp 0x%08x, then 0x%08x", (unsigned)before, (unsigned)after);
}

void
lab4_returns(void)
{
	check_stack_loads();
	check_iret();
	check_lret();
}
