// test_te_reflect.c: events that cannot be delivered through the guest's IDT. The CPU then
// raises the fault the delivery met (#GP, #NP, #TS, #PF) and, by the classes of SDM 3A §6.15,
// either delivers it next or makes a double fault of the two; te must do the same.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel/seg.h"
#include "tests/unit/te_fixture.h"
#include "x86/paging.h"
#include "x86/regs.h"
#include "x86/trap.h"

#define EXT 1                          // error-code bit: during delivery of an outside event
#define IDT_ERR(vector) ((vector) * 8 + 2)

// A gate to the handler of its own vector (HANDLER + 16 * vector), so a test sees which
// vector the guest finally got; attr without SEG_P leaves it not present.
static void
gate(struct vcpu *v, int vector, uint8_t attr)
{
	uint32_t h = HANDLER + 16 * vector;
	struct gate_desc g = { h & 0xFFFF, KCODE, 0, attr, h >> 16 };

	te_put(v, IDT + vector * 8, &g, sizeof g);
	v->sregs.idtr.base = IDT, v->sregs.idtr.limit = 256 * 8 - 1;
}

#define PRESENT (SEG_P | STS_INTGATE32)

// Checks that the guest kernel now runs the handler of vector with error code err on top of
// the 3-word frame of an event from its kernel at CODE.
static void
delivered(struct vcpu *v, int vector, uint32_t err)
{
	assert_int_equal(te(v)->tf.eip, HANDLER + 16 * vector);
	assert_int_equal(te(v)->tf.esp, KSTACK - 16);
	assert_int_equal(te_get32(v, KSTACK - 16), err);
	assert_int_equal(te_get32(v, KSTACK - 12), CODE);
}

static int
setup(void **state)
{
	te_setup(state);
	te(*state)->tf.eip = CODE;
	return 0;
}

// #UD through an empty IDT entry: #GP naming the entry (EXT set), delivered next.
static void
test_benign_then_gp(void **state)
{
	struct vcpu *v = *state;

	gate(v, T_GP, PRESENT);
	gate(v, T_UD, 0);                                  // type 0: not an interrupt gate
	assert_true(te_reflect(v, T_UD, -1, 0));
	delivered(v, T_GP, IDT_ERR(T_UD) | EXT);
}

// An interrupt whose entry lies past the IDT's limit: #GP naming it.
static void
test_interrupt_past_limit(void **state)
{
	struct vcpu *v = *state;

	gate(v, T_GP, PRESENT);
	v->sregs.idtr.limit = 0x20 * 8 - 1;
	assert_true(te_reflect(v, 0x20, -1, 0));
	delivered(v, T_GP, IDT_ERR(0x20) | EXT);
}

// #GP through a gate not present: #NP, contributory on contributory, so #DF (error code 0).
static void
test_contributory_twice(void **state)
{
	struct vcpu *v = *state;

	gate(v, T_DF, PRESENT);
	gate(v, T_GP, STS_INTGATE32);                      // not present
	assert_true(te_reflect(v, T_GP, 0, 0));
	delivered(v, T_DF, 0);
	assert_int_equal(te_count(v, STAT_TRIPLE_FAULT), 0);
}

// #PF through a gate not present: #NP during a page fault makes #DF too.
static void
test_page_fault_then_np(void **state)
{
	struct vcpu *v = *state;

	gate(v, T_DF, PRESENT);
	gate(v, T_PF, STS_INTGATE32);
	assert_true(te_reflect(v, T_PF, 2, 0));
	delivered(v, T_DF, 0);
}

// A double fault that cannot be delivered either: a triple fault stops the VM.
static void
test_triple_fault(void **state)
{
	struct vcpu *v = *state;

	gate(v, T_GP, STS_INTGATE32);
	gate(v, T_DF, STS_INTGATE32);
	assert_false(te_reflect(v, T_GP, 0, 0));
	assert_int_equal(v->vm->state, VM_STOPPED);
	assert_int_equal(te_count(v, STAT_TRIPLE_FAULT), 1);
}

// int $0x30 from user mode through a DPL-0 gate: the instruction's own #GP, naming the entry
// without EXT, delivered on the kernel stack of the TSS.
static void
test_soft_int_below_dpl(void **state)
{
	struct vcpu *v = *state;
	struct te_vcpu *t = te(v);
	uint32_t esp0 = KSTACK, ss0 = KDATA;

	te_put(v, TSS + 4, &esp0, 4);
	te_put(v, TSS + 8, &ss0, 4);
	v->sregs.tr.base = TSS;
	gate(v, T_GP, PRESENT);
	gate(v, 0x30, PRESENT);                            // DPL 0
	t->tf.cs = UCODE, t->tf.ss = UDATA, t->tf.esp = USTACK;
	uint32_t at = t->tf.eip;                           // the int $0x30, 2 bytes
	assert_true(te_reflect(v, 0x30, -1, 2));
	assert_int_equal(t->tf.eip, HANDLER + 16 * T_GP);
	assert_int_equal(t->tf.esp, KSTACK - 24);          // err, eip, cs, eflags, esp, ss
	assert_int_equal(te_get32(v, KSTACK - 24), IDT_ERR(0x30));
	assert_int_equal(te_get32(v, KSTACK - 20), at);    // the fault is the int's own
}

// A fault at ring 3 with a null ss0 in the TSS: #TS, which meets the same stack, so #DF,
// which meets it again: a triple fault.
static void
test_null_ss0(void **state)
{
	struct vcpu *v = *state;
	struct te_vcpu *t = te(v);

	v->sregs.tr.base = TSS;                            // ss0 and esp0 left 0
	gate(v, T_UD, PRESENT);
	gate(v, T_TS, PRESENT);
	gate(v, T_DF, PRESENT);
	t->tf.cs = UCODE, t->tf.ss = UDATA, t->tf.esp = USTACK;
	assert_false(te_reflect(v, T_UD, -1, 0));
	assert_int_equal(te_count(v, STAT_TRIPLE_FAULT), 1);
}

// A kernel stack outside guest RAM: no fault the guest could take; the VM stops.
static void
test_stack_outside_ram(void **state)
{
	struct vcpu *v = *state;

	gate(v, T_UD, PRESENT);
	te(v)->tf.esp = MEM + PAGE_SIZE;
	assert_false(te_reflect(v, T_UD, -1, 0));
	assert_int_equal(v->vm->state, VM_STOPPED);
	assert_int_equal(te_count(v, STAT_TRIPLE_FAULT), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_benign_then_gp, setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_interrupt_past_limit, setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_contributory_twice, setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_page_fault_then_np, setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_triple_fault, setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_soft_int_below_dpl, setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_null_ss0, setup, te_teardown),
		cmocka_unit_test_setup_teardown(test_stack_outside_ram, setup, te_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
