// selftest_world.c: runs a few instructions at ring 1 and ring 3 in a guest-view address space
// through world_switch, and checks that each trap comes back as the hardware reports it and
// that the wall holds: kernel memory unmapped, the trampoline read-only.
#include "kernel/console.h"
#include "kernel/frame.h"
#include "kernel/seg.h"
#include "kernel/selftest.h"
#include "kernel/tramp.h"
#include "kernel/vm.h"
#include "kernel/world.h"
#include "lib/string.h"
#include "x86/paging.h"
#include "x86/regs.h"
#include "x86/x86.h"

#define CODE_VA  0x00400000u
#define STACK_VA 0x00401000u
#define SEL_CODE1 SEL(1, 1)      // ring-1 code and data, ring-3 code and data
#define SEL_DATA1 SEL(2, 1)
#define SEL_CODE3 SEL(3, 3)
#define SEL_DATA3 SEL(4, 3)

// The guest: each line traps, except the read of the trampoline.
static const uint8_t guest_code[] = {
	0xb8, 0x34, 0x12, 0x00, 0x00,                                 // 00 mov $0x1234, %eax
	0xfa,                                                         // 05 cli: #GP(0)
	0x8b, 0x1d, 0x00, 0x00, 0x10, 0x00,                           // 06 mov 0x100000, %ebx: #PF
	0xc7, 0x05, 0x00, 0x00, 0xc0, 0xff, 0x01, 0x00, 0x00, 0x00,   // 0c movl $1, 0xffc00000: #PF
	0xcd, 0x30,                                                   // 16 int $0x30: #GP(0x182)
	0xf4,                                                         // 18 hlt: #GP(0)
	0x8b, 0x0d, 0x00, 0x00, 0xc0, 0xff,                           // 19 mov 0xffc00000, %ecx
	0xeb, 0xfe,                                                   // 1f jmp . : until an IRQ
};

static struct {
	uint32_t gdt, code, stack, view;
	struct aspace as;
} w;

// A copy of the kernel's GDT with flat ring-1 and ring-3 segments, accessed bits preset.
static void
world_gdt_fill(struct seg_desc *g)
{
	memcpy(g, gdt, PAGE_SIZE);
	uint8_t code = SEG_P | SEG_S | SEG_X | SEG_RW | SEG_A, data = SEG_P | SEG_S | SEG_RW | SEG_A;
	g[1] = seg_make(0, 0xFFFFFFFF, code | SEG_DPL(1), SEG_FLAG_G | SEG_FLAG_DB);
	g[2] = seg_make(0, 0xFFFFFFFF, data | SEG_DPL(1), SEG_FLAG_G | SEG_FLAG_DB);
	g[3] = seg_make(0, 0xFFFFFFFF, code | SEG_DPL(3), SEG_FLAG_G | SEG_FLAG_DB);
	g[4] = seg_make(0, 0xFFFFFFFF, data | SEG_DPL(3), SEG_FLAG_G | SEG_FLAG_DB);
}

static int
world_setup(void)
{
	w.gdt = frame_alloc(), w.code = frame_alloc(), w.stack = frame_alloc();
	if (!w.gdt || !w.code || !w.stack)
		return -1;
	world_gdt_fill((struct seg_desc *)w.gdt);
	memcpy((void *)w.code, guest_code, sizeof guest_code);
	w.view = tramp_view_create(w.gdt);
	if (!w.view || aspace_create_view(&w.as, w.view) < 0)
		return -1;
	return aspace_map(&w.as, CODE_VA, w.code, PTE_U) | aspace_map(&w.as, STACK_VA, w.stack,
								      PTE_W | PTE_U);
}

static void
world_teardown(void)
{
	aspace_destroy(&w.as);
	frame_free(w.view);
	frame_free(w.gdt);
	frame_free(w.code);
	frame_free(w.stack);
}

// Runs the guest from offset `at` at privilege `ring` until it traps.
static void
world_run(struct trapframe *tf, uint32_t at, int ring)
{
	uint16_t data = ring == 3 ? SEL_DATA3 : SEL_DATA1;

	memset(tf, 0, sizeof *tf);
	tf->cr3 = w.as.root;
	tf->eax = 0x1234;
	tf->ds = tf->es = tf->fs = tf->gs = tf->ss = data;
	tf->cs = ring == 3 ? SEL_CODE3 : SEL_CODE1;
	tf->eip = CODE_VA + at;
	tf->esp = STACK_VA + PAGE_SIZE;
	tf->eflags = FL_1 | FL_IF;
	world_switch(tf);
}

// Runs one instruction at `at` and checks the trap it takes.
static void
expect_trap(uint32_t at, uint32_t vector, uint32_t err, uint32_t cr2, const char *what)
{
	struct trapframe tf;

	world_run(&tf, at, 1);
	int ok = tf.vector == vector && tf.err == err && tf.eip == CODE_VA + at && (tf.cs & 3) == 1 &&
		 (cr2 == 0 || rcr2() == cr2);
	if (!ok)
		printf("  got vector %u error 0x%x at eip 0x%08x cs 0x%x, cr2 0x%08x\n",
		       (unsigned)tf.vector, (unsigned)tf.err, (unsigned)tf.eip, (unsigned)tf.cs,
		       (unsigned)rcr2());
	check(ok, what);
	sti();
}

void
selftest_world(void)
{
	struct trapframe tf;

	check(world_setup() == 0, "set up a guest-view space");
	expect_trap(0x05, T_GP, 0, 0, "ring 1: cli traps with #GP(0)");
	expect_trap(0x06, T_PF, 0, 0x100000, "ring 1: kernel memory is not mapped");
	expect_trap(0x0c, T_PF, PFERR_P | PFERR_W, TRAMP_BASE, "ring 1: the trampoline is read-only");
	expect_trap(0x16, T_GP, 0x30 * 8 + 2, 0, "ring 1: int to a DPL-0 gate is #GP(IDT)");
	expect_trap(0x18, T_GP, 0, 0, "ring 1: hlt traps with #GP(0)");
	world_run(&tf, 0x19, 1);                          // reads the trampoline, then jmp .
	check(tf.vector == T_IRQ0 + IRQ_TIMER && tf.eip == CODE_VA + 0x1f && tf.eax == 0x1234 &&
	      tf.ecx == *(uint32_t *)TRAMP_BASE, "ring 1: reads the trampoline, runs until an IRQ");
	trap(&tf);                                        // the kernel's handler and EOI
	sti();
	world_run(&tf, 0x05, 3);
	check(tf.vector == T_GP && (tf.cs & 3) == 3 && tf.ss == SEL_DATA3, "ring 3: cli traps");
	sti();
	world_teardown();
}
