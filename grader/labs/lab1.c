// lab1.c: lab 1, the guest's traps: its own GDT and TSS, its IDT, and the report of an
// exception. Checked from outside: the descriptor-table registers and the GDT in memory.
#include "grader/grade.h"

#include "grader/labs/guest.h"

// The IDT has a gate for each of the 256 vectors, 8 bytes each.
#define IDT_LIMIT (256 * 8 - 1)

// Stops the guest at pic_init: by then kmain has run seg_init and trap_init, and nothing of
// lab 2 has run yet.
static int
lab1_at_pic_init(struct run *r, struct regs *g)
{
	if (guest_boot(r, "%s", "") < 0 || run_break(r, "pic_init") < 0 || run_regs(r, g) < 0)
		return -1;
	return 0;
}

// GDTR holds the address and size of the guest's own gdt[], and CS and DS come from it.
static int
test_gdt(struct run *r)
{
	struct regs g;
	uint32_t gdt;

	if (run_symbol(r, "gdt", &gdt) < 0 || lab1_at_pic_init(r, &g) < 0)
		return -1;
	run_note(r, "at pic_init: gdtr 0x%08x/0x%x, cs 0x%04x, ds 0x%04x", g.gdt.base,
		 g.gdt.limit, g.cs.sel, g.ds.sel);
	if (run_check(r, g.gdt.base == gdt, "expected GDTR's base to be the address of gdt[], "
		      "0x%08x, found 0x%08x: did seg_init run lgdt on it?", gdt, g.gdt.base) < 0)
		return -1;
	if (run_check(r, (g.gdt.limit + 1) % 8 == 0 && g.gdt.limit >= GUEST_TSS_SEL + 7,
		      "expected GDTR's limit to be sizeof gdt - 1 (a multiple of 8, less 1, "
		      "covering the TSS at 0x%x), found 0x%x", GUEST_TSS_SEL, g.gdt.limit) < 0)
		return -1;
	return run_check(r, g.cs.sel == GUEST_KCODE_SEL && g.ds.sel == GUEST_KDATA_SEL &&
			 g.ss.sel == GUEST_KDATA_SEL, "expected CS 0x%02x and DS, SS 0x%02x "
			 "(the new GDT's kernel segments, reloaded), found CS 0x%04x DS 0x%04x "
			 "SS 0x%04x", GUEST_KCODE_SEL, GUEST_KDATA_SEL, g.cs.sel, g.ds.sel, g.ss.sel);
}

// TR selects a 32-bit TSS descriptor of the GDT (busy, since ltr marks it so) whose base is
// the guest's tss, with ss0 the kernel's data segment.
static int
test_tss(struct run *r)
{
	struct regs g;
	uint32_t tss, ss0, d[2];

	if (run_symbol(r, "tss", &tss) < 0 || lab1_at_pic_init(r, &g) < 0)
		return -1;
	if (run_check(r, g.tr.sel == GUEST_TSS_SEL, "expected TR to hold the TSS selector 0x%02x "
		      "(ltr), found 0x%04x", GUEST_TSS_SEL, g.tr.sel) < 0)
		return -1;
	if (run_read(r, g.gdt.base + GUEST_TSS_SEL, d, sizeof d) < 0 ||
	    run_read(r, tss + GUEST_TSS_SS0, &ss0, sizeof ss0) < 0)
		return -1;
	uint32_t base = (d[0] >> 16) | (d[1] & 0xFF) << 16 | (d[1] & 0xFF000000);
	uint32_t type = (d[1] >> 8) & 0x1F;     // S bit and type: 0x0B is a busy 32-bit TSS
	run_note(r, "gdt[%d]: 0x%08x 0x%08x: base 0x%08x, type 0x%x", GUEST_TSS_SEL / 8, d[1], d[0],
		 base, type);
	if (run_check(r, type == 0x0B && (d[1] & 0x8000), "expected gdt[%d] to be a present, "
		      "busy 32-bit TSS (type 0xB), found type 0x%x, P=%u", GUEST_TSS_SEL / 8, type,
		      (d[1] >> 15) & 1) < 0)
		return -1;
	if (run_check(r, base == tss, "expected the TSS descriptor's base to be &tss, 0x%08x, "
		      "found 0x%08x", tss, base) < 0)
		return -1;
	return run_check(r, (ss0 & 0xFFFF) == GUEST_KDATA_SEL, "expected tss.ss0 to be the "
			 "kernel data selector 0x%02x (the stack segment of a trap from user "
			 "mode), found 0x%04x", GUEST_KDATA_SEL, ss0 & 0xFFFF);
}

// IDTR holds the address and size of the guest's idt[], and the page fault's gate leads to
// its entry stub: a present 32-bit interrupt gate of DPL 0 in the kernel's code segment.
static int
test_idt(struct run *r)
{
	struct regs g;
	uint32_t idt, stubs, stub14, gate[2];

	if (run_symbol(r, "idt", &idt) < 0 || run_symbol(r, "trap_stubs", &stubs) < 0 ||
	    lab1_at_pic_init(r, &g) < 0)
		return -1;
	run_note(r, "at pic_init: idtr 0x%08x/0x%x", g.idt.base, g.idt.limit);
	if (run_check(r, g.idt.base == idt && g.idt.limit == IDT_LIMIT, "expected IDTR to be "
		      "idt[] (0x%08x) with limit 0x%x (256 gates), found 0x%08x/0x%x: did trap_init "
		      "run lidt?", idt, IDT_LIMIT, g.idt.base, g.idt.limit) < 0)
		return -1;
	if (run_read(r, idt + 14 * 8, gate, sizeof gate) < 0 ||
	    run_read(r, stubs + 14 * 4, &stub14, sizeof stub14) < 0)
		return -1;
	uint32_t off = (gate[0] & 0xFFFF) | (gate[1] & 0xFFFF0000), sel = gate[0] >> 16;
	uint32_t type = (gate[1] >> 8) & 0xFF;  // P, DPL, 0, type: 0x8E is a DPL 0 interrupt gate
	run_note(r, "idt[14]: offset 0x%08x (%s), selector 0x%x, P/DPL/type 0x%02x", off,
		 run_where(r, off), sel, type);
	return run_check(r, off == stub14 && sel == GUEST_KCODE_SEL && type == 0x8E,
			 "expected idt[14] (#PF) to be a present interrupt gate of DPL 0 (0x8E) to "
			 "trap_stubs[14] = 0x%08x through selector 0x%02x, found offset 0x%08x, "
			 "selector 0x%x, P/DPL/type 0x%02x", stub14, GUEST_KCODE_SEL, off, sel, type);
}

// The boot word kfault makes the kernel read 0x1000 once paging is on: the report names the
// page fault, its cause and address, and the kernel panics (the run ends as a failure).
static int
test_kernel_fault(struct run *r)
{
	if (guest_boot(r, "kfault") < 0 || run_expect(r, "tag %s", run_nonce(r)) < 0 ||
	    run_expect(r, "kfault: the kernel reads 0x00001000") < 0)
		return -1;
	if (run_expect(r, "exception 14 #PF (page fault), error 0x0 (not-present read, kernel "
		       "mode), address 0x00001000") < 0 || run_expect(r, "eip 0xc0") < 0)
		return -1;
	if (run_expect(r, "kernel #PF at eip 0xc0") < 0)      // the panic's message
		return -1;
	return run_expect_end(r, END_FAILURE);
}

// A breakpoint on the C side of the trap: the frame trapentry.S built says vector 14 with
// the error code the CPU pushed, and CR2 holds the faulting address.
static int
test_trap_frame(struct run *r)
{
	struct regs g;
	uint32_t tf[GUEST_TF_WORDS];

	if (guest_boot(r, "kfault") < 0 || run_break(r, "trap") < 0 || run_regs(r, &g) < 0 ||
	    guest_trapframe(r, &g, tf) < 0)
		return -1;
	run_note(r, "at trap: vector %u, error 0x%x, eip 0x%08x (%s), cr2 0x%08x",
		 tf[GUEST_TF_VECTOR], tf[GUEST_TF_ERR], tf[GUEST_TF_EIP],
		 run_where(r, tf[GUEST_TF_EIP]), g.cr2);
	return run_check(r, tf[GUEST_TF_VECTOR] == 14 && tf[GUEST_TF_ERR] == 0 &&
			 g.cr2 == 0x1000 && tf[GUEST_TF_CS] == GUEST_KCODE_SEL,
			 "expected trap() to get a frame of vector 14, error 0, from CS 0x%02x with "
			 "CR2 0x00001000; found vector %u, error 0x%x, CS 0x%x, CR2 0x%08x: does the "
			 "stub push a dummy error code only where the CPU pushes none?",
			 GUEST_KCODE_SEL, tf[GUEST_TF_VECTOR], tf[GUEST_TF_ERR], tf[GUEST_TF_CS],
			 g.cr2);
}

static const struct test lab1_tests[] = {
	{ "gdt", 3, 10, test_gdt },
	{ "tss", 3, 10, test_tss },
	{ "idt", 3, 10, test_idt },
	{ "trap-frame", 3, 10, test_trap_frame },
	{ "kernel-fault", 3, 10, test_kernel_fault },
};

const struct lab lab1 = {
	.number = 1,
	.title = "guest traps: GDT, TSS, IDT, exceptions",
	.image = GUEST_IMAGE,
	.elf = GUEST_ELF,
	.files = guest_files,
	.tests = lab1_tests,
	.ntests = sizeof lab1_tests / sizeof lab1_tests[0],
};
