// test_te_emulate.c: the trap-and-emulate instruction emulators (vmm/te/) against a mock vCPU:
// each privileged instruction of the guest kernel changes the virtual state as the CPU would
// have, and events reach the guest with the frame a ring-0 kernel expects.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel/seg.h"
#include "tests/unit/te_fakes.h"
#include "tests/unit/te_fixture.h"
#include "vmm/te/emulate.h"
#include "x86/paging.h"
#include "x86/regs.h"
#include "x86/trap.h"

// Emulates the instruction bytes as if they had raised #GP(err) at eip CODE.
static int
emulate(struct vcpu *v, const char *bytes, int n, uint32_t err)
{
	te_put(v, CODE, bytes, n);
	te(v)->tf.eip = CODE;
	return te_emulate(v, err);
}

static void
test_cli_sti(void **state)
{
	struct vcpu *v = *state;
	struct te_vcpu *t = te(v);

	t->vif = true;
	assert_int_equal(emulate(v, "\xFA", 1, 0), RUN_AGAIN);           // cli
	assert_false(t->vif);
	assert_int_equal(t->tf.eip, CODE + 1);
	assert_true(t->tf.eflags & FL_IF);               // the real IF stays on
	assert_int_equal(emulate(v, "\xFB", 1, 0), RUN_AGAIN);           // sti
	assert_true(t->vif);
	assert_true(t->sti_shadow);                      // one instruction before interrupts
	assert_int_equal(te_count(v, STAT_CLI), 1);
	assert_int_equal(te_count(v, STAT_STI), 1);
}

static void
test_hlt(void **state)
{
	struct vcpu *v = *state;

	te(v)->vif = true;
	assert_int_equal(emulate(v, "\xF4", 1, 0), RUN_HALT);
	assert_int_equal(te(v)->tf.eip, CODE + 1);
	te(v)->vif = false;                              // cli; hlt: nothing can wake it
	assert_int_equal(emulate(v, "\xF4", 1, 0), RUN_STOP);
	assert_int_equal(v->vm->state, VM_STOPPED);
}

static void
test_in_out(void **state)
{
	struct vcpu *v = *state;
	struct te_vcpu *t = te(v);

	t->tf.eax = 0x11223344;
	fakes.io_in_value = 0xAB;
	emulate(v, "\xE4\x80", 2, 0);                    // in al, 0x80
	assert_int_equal(fakes.io_port, 0x80);
	assert_int_equal(fakes.io_size, 1);
	assert_int_equal(t->tf.eax, 0x112233AB);         // only al changes
	t->tf.edx = 0x3F8;
	emulate(v, "\xEF", 1, 0);                        // out dx, eax
	assert_int_equal(fakes.io_port, 0x3F8);
	assert_int_equal(fakes.io_size, 4);
	assert_int_equal(fakes.io_out_value, 0x112233AB);
	fakes.io_in_value = 0xBEEF;
	emulate(v, "\x66\xED", 2, 0);                    // in ax, dx
	assert_int_equal(fakes.io_size, 2);
	assert_int_equal(t->tf.eax, 0x1122BEEF);
	assert_int_equal(t->tf.eip, CODE + 2);
}

// The guest's GDT: flat kernel code and data (DPL 0), user code and data, a TSS at 5.
static void
gdt_put(struct vcpu *v)
{
	uint8_t code = SEG_P | SEG_S | SEG_X | SEG_RW, data = SEG_P | SEG_S | SEG_RW;
	struct seg_desc g[6] = {
		{ 0 },
		seg_make(0, 0xFFFFFFFF, code, SEG_FLAG_G | SEG_FLAG_DB),
		seg_make(0, 0xFFFFFFFF, data, SEG_FLAG_G | SEG_FLAG_DB),
		seg_make(0, 0xFFFFFFFF, code | SEG_DPL(3), SEG_FLAG_G | SEG_FLAG_DB),
		seg_make(0, 0xFFFFFFFF, data | SEG_DPL(3), SEG_FLAG_G | SEG_FLAG_DB),
		seg_make(TSS, 103, SEG_P | STS_TSS32_AVAIL, 0),
	};
	uint8_t pd[6] = { sizeof g - 1, 0, GDT & 0xFF, GDT >> 8, 0, 0 };

	te_put(v, GDT, g, sizeof g);
	te_put(v, DATA, pd, sizeof pd);
}

static void
test_lgdt_lidt(void **state)
{
	struct vcpu *v = *state;
	uint8_t idt_pd[6] = { 0xFF, 0x07, IDT & 0xFF, IDT >> 8, 0, 0 };

	gdt_put(v);
	te(v)->tf.eax = DATA;
	emulate(v, "\x0F\x01\x10", 3, 0);                // lgdt [eax]
	assert_int_equal(v->sregs.gdtr.base, GDT);
	assert_int_equal(v->sregs.gdtr.limit, 6 * 8 - 1);
	struct seg_desc *shadow = te_shadow_gdt(te(v));
	assert_int_equal(shadow[1].access & SEG_DPL(3), SEG_DPL(1));   // ring 0 raised to 1
	assert_int_equal(shadow[3].access & SEG_DPL(3), SEG_DPL(3));   // user stays user
	assert_int_equal(shadow[5].access, 0);           // the TSS: never the hardware's
	te_put(v, DATA + 8, idt_pd, sizeof idt_pd);
	te(v)->tf.eax = DATA + 8;
	emulate(v, "\x0F\x01\x18", 3, 0);                // lidt [eax]
	assert_int_equal(v->sregs.idtr.base, IDT);
	assert_int_equal(v->sregs.idtr.limit, 0x7FF);
	assert_int_equal(te_count(v, STAT_LGDT), 1);
	assert_int_equal(te_count(v, STAT_LIDT), 1);
}

static void
test_ltr(void **state)
{
	struct vcpu *v = *state;
	struct seg_desc d;

	gdt_put(v);
	v->sregs.gdtr.base = GDT, v->sregs.gdtr.limit = 6 * 8 - 1;
	te(v)->tf.eax = SEL(5, 0);
	emulate(v, "\x0F\x00\xD8", 3, 0);                // ltr ax
	assert_int_equal(v->sregs.tr.sel, SEL(5, 0));
	assert_int_equal(v->sregs.tr.base, TSS);
	assert_int_equal(gmem_read(&v->vm->mem, GDT + 5 * 8, &d, sizeof d), 0);
	assert_int_equal(d.access & 0xF, STS_TSS32_BUSY);   // marked busy, as the CPU does
	assert_int_equal(te(v)->tf.eip, CODE + 3);
}

static void
test_mov_cr(void **state)
{
	struct vcpu *v = *state;
	struct te_vcpu *t = te(v);
	uint32_t root = v->shadow.space.root;

	t->tf.eax = 0x20000;
	emulate(v, "\x0F\x22\xD8", 3, 0);                // mov cr3, eax (paging still off)
	assert_int_equal(v->sregs.cr3, 0x20000);
	t->tf.eax = CR0_PE | CR0_WP | CR0_PG;
	emulate(v, "\x0F\x22\xC0", 3, 0);                // mov cr0, eax
	assert_int_equal(v->sregs.cr0, CR0_PE | CR0_WP | CR0_PG | CR0_ET);
	assert_true(v->shadow.paged);                    // a new, empty shadow for paging
	assert_int_not_equal(v->shadow.space.root, root);
	assert_int_equal(t->tf.cr3, v->shadow.space.root);
	t->tf.ebx = 0;
	v->sregs.cr0 &= ~CR0_PG;                         // fetch without guest tables
	emulate(v, "\x0F\x20\xC3", 3, 0);                // mov ebx, cr0
	assert_int_equal(t->tf.ebx, v->sregs.cr0);
	assert_int_equal(te_count(v, STAT_CR_WRITE), 2);
	assert_int_equal(te_count(v, STAT_CR_READ), 1);
}

// Guest paging: one page table maps the first 4 MiB 1:1 with rights pte_flags.
static void
paging_on(struct vcpu *v, uint32_t pte_flags)
{
	uint32_t pd = 0x20000, pt = 0x21000, pde = pt | PTE_P | PTE_W | PTE_U;

	te_put(v, pd, &pde, 4);
	for (uint32_t i = 0; i < MEM / PAGE_SIZE; i++) {
		uint32_t pte = i << PAGE_SHIFT | pte_flags;
		te_put(v, pt + i * 4, &pte, 4);
	}
	v->sregs.cr3 = pd;
	v->sregs.cr0 |= CR0_PG | CR0_WP;
	shadow_reset(v);
}

static void
test_invlpg(void **state)
{
	struct vcpu *v = *state;
	uint32_t pferr;

	paging_on(v, PTE_P | PTE_W);
	assert_true(shadow_fault(v, CODE, DATA, 0, &pferr));   // the shadow learns DATA
	assert_non_null(fake_lookup(v, DATA));
	te(v)->tf.eax = DATA + 0x10;
	emulate(v, "\x0F\x01\x38", 3, 0);                // invlpg [eax]
	assert_null(fake_lookup(v, DATA));               // dropped: refilled on next use
	assert_int_equal(te_count(v, STAT_INVLPG), 1);
}

// The guest kernel returns with iret to a frame its own CS has RPL 0 in: #GP, emulated.
static void
test_iret_to_rpl0(void **state)
{
	struct vcpu *v = *state;
	struct te_vcpu *t = te(v);
	uint32_t frame[3] = { 0x6000, KCODE, FL_1 | FL_IF | FL_CF };

	gdt_put(v);
	te_put(v, KSTACK - 12, frame, sizeof frame);
	t->tf.esp = KSTACK - 12;
	t->vif = false;
	assert_int_equal(emulate(v, "\xCF", 1, KCODE), RUN_AGAIN);
	assert_int_equal(t->tf.eip, 0x6000);
	assert_int_equal(t->tf.cs, SEL(1, TE_RPL));      // back at ring 1, not 0
	assert_int_equal(t->tf.esp, KSTACK);
	assert_true(t->vif);                             // IF from the frame: virtual
	assert_true(t->tf.eflags & FL_CF);
	assert_int_equal(te_count(v, STAT_IRET), 1);
}

// A user program's int $0x80 through a DPL 3 trap gate: the frame on the kernel stack of
// its TSS, as a ring-0 kernel expects it.
static void
test_int_from_user(void **state)
{
	struct vcpu *v = *state;
	struct te_vcpu *t = te(v);
	uint32_t esp0 = KSTACK, ss0 = KDATA;

	te_gate_put(v, 0x80, STS_TRAPGATE32, 3);
	te_put(v, TSS + 4, &esp0, 4);
	te_put(v, TSS + 8, &ss0, 4);
	v->sregs.tr.base = TSS;
	t->tf.cs = UCODE, t->tf.ss = UDATA, t->tf.esp = USTACK;
	t->tf.eflags = FL_1 | FL_IF | FL_ZF;
	t->vif = true;                                   // te_run: so after any trap from ring 3
	assert_int_equal(emulate(v, "\xCD\x80", 2, 0x80 << 3 | 2), RUN_AGAIN);
	assert_int_equal(t->tf.eip, HANDLER);
	assert_int_equal(t->tf.cs, SEL(1, TE_RPL));
	assert_int_equal(t->tf.ss, KDATA | TE_RPL);
	assert_int_equal(t->tf.esp, KSTACK - 20);
	assert_int_equal(te_get32(v, KSTACK - 20), CODE + 2);         // eip after the int
	assert_int_equal(te_get32(v, KSTACK - 16), UCODE);
	assert_int_equal(te_get32(v, KSTACK - 12), FL_1 | FL_IF | FL_ZF);
	assert_int_equal(te_get32(v, KSTACK - 8), USTACK);
	assert_int_equal(te_get32(v, KSTACK - 4), UDATA);
	assert_true(t->vif);                             // a trap gate leaves IF on
	assert_int_equal(te_count(v, STAT_SYSCALL_REFLECTED), 1);
}

// An int n in the guest kernel through an interrupt gate: a 3-word frame on its own stack,
// CS with RPL 0 and its virtual IF in EFLAGS; the handler runs with IF clear.
static void
test_int_from_kernel(void **state)
{
	struct vcpu *v = *state;
	struct te_vcpu *t = te(v);

	te_gate_put(v, 0x30, STS_INTGATE32, 0);
	t->vif = true;
	t->tf.esp = KSTACK;
	assert_int_equal(emulate(v, "\xCD\x30", 2, 0x30 << 3 | 2), RUN_AGAIN);
	assert_int_equal(t->tf.eip, HANDLER);
	assert_int_equal(t->tf.esp, KSTACK - 12);
	assert_int_equal(te_get32(v, KSTACK - 12), CODE + 2);
	assert_int_equal(te_get32(v, KSTACK - 8), KCODE);  // RPL 0: the guest's own view
	assert_true(te_get32(v, KSTACK - 4) & FL_IF);
	assert_false(t->vif);
}

// wrmsr of an MSR te does not model, and cli at ring 3: #GP(0) for the guest, at the
// instruction (eip not moved), with the error code on its stack.
static void
test_gp_reflected(void **state)
{
	struct vcpu *v = *state;
	struct te_vcpu *t = te(v);
	uint32_t esp0 = KSTACK, ss0 = KDATA;

	te_gate_put(v, T_GP, STS_INTGATE32, 0);
	t->tf.ecx = 0x1B;
	assert_int_equal(emulate(v, "\x0F\x30", 2, 0), RUN_AGAIN);   // wrmsr
	assert_int_equal(t->tf.eip, HANDLER);
	assert_int_equal(te_get32(v, KSTACK - 16), 0);                  // error code
	assert_int_equal(te_get32(v, KSTACK - 12), CODE);               // the faulting eip
	te_put(v, TSS + 4, &esp0, 4);
	te_put(v, TSS + 8, &ss0, 4);
	v->sregs.tr.base = TSS;
	t->tf.cs = UCODE, t->tf.ss = UDATA, t->tf.esp = USTACK;
	assert_int_equal(emulate(v, "\xFA", 1, 0), RUN_AGAIN);      // cli at ring 3
	assert_int_equal(t->tf.eip, HANDLER);
	assert_int_equal(t->tf.esp, KSTACK - 24);                  // err, eip, cs, eflags, esp, ss
	assert_int_equal(te_get32(v, KSTACK - 20), CODE);
	assert_int_equal(te_count(v, STAT_CLI), 0);
	assert_int_equal(te_count(v, STAT_EXCEPTION_REFLECTED), 2);
}

// Bytes the decoder does not know: #UD for the guest, never a monitor crash.
static void
test_ud_reflected(void **state)
{
	struct vcpu *v = *state;

	te_gate_put(v, T_UD, STS_INTGATE32, 0);
	assert_int_equal(emulate(v, "\x0F\x04", 2, 0), RUN_AGAIN);   // no such opcode
	assert_int_equal(te(v)->tf.eip, HANDLER);
	assert_int_equal(te_get32(v, KSTACK - 12), CODE);   // no error code for #UD
	assert_int_equal(te_count(v, STAT_UD_REFLECTED), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cli_sti, te_setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_hlt, te_setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_in_out, te_setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_lgdt_lidt, te_setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_ltr, te_setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_mov_cr, te_setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_invlpg, te_setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_iret_to_rpl0, te_setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_int_from_user, te_setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_int_from_kernel, te_setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_gp_reflected, te_setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_ud_reflected, te_setup, te_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
