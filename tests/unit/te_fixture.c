// te_fixture.c: the helpers of te_fixture.h.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kernel/seg.h"
#include "tests/unit/te_fixture.h"
#include "x86/paging.h"

void
te_put(struct vcpu *v, uint32_t gpa, const void *p, uint32_t n)
{
	assert_int_equal(gmem_write(&v->vm->mem, gpa, p, n), 0);
}

uint32_t
te_get32(struct vcpu *v, uint32_t gpa)
{
	uint32_t w;

	assert_int_equal(gmem_read(&v->vm->mem, gpa, &w, 4), 0);
	return w;
}

void
te_gate_put(struct vcpu *v, int vector, int type, int dpl)
{
	struct gate_desc g = { HANDLER & 0xFFFF, KCODE, 0, SEG_P | SEG_DPL(dpl) | type,
			       HANDLER >> 16 };

	te_put(v, IDT + vector * 8, &g, sizeof g);
	v->sregs.idtr.base = IDT, v->sregs.idtr.limit = 256 * 8 - 1;
}

uint64_t
te_count(struct vcpu *v, enum stat_reason r)
{
	return stats_get(&v->vm->stats, r);
}

int
te_setup(void **state)
{
	*state = fake_vcpu(MEM);
	struct vcpu *v = *state;
	te(v)->tf.esp = KSTACK;
	return 0;
}

int
te_teardown(void **state)
{
	fake_vcpu_free(*state);
	return 0;
}
