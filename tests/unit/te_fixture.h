// te_fixture.h: the guest-physical layout and helpers shared by the tests of the te
// emulators (tests/unit/test_te_emulate.c, test_te_reflect.c): a mock vCPU with paging off,
// so guest-linear = guest-physical, and the guest's tables at fixed addresses.
#ifndef TESTS_UNIT_TE_FIXTURE_H
#define TESTS_UNIT_TE_FIXTURE_H

#include <stdint.h>
#include "tests/unit/te_fakes.h"

#define MEM      (64 * PAGE_SIZE)
#define CODE     0x1000            // guest-physical = guest-linear (paging off)
#define GDT      0x2000
#define IDT      0x3000
#define TSS      0x4000
#define KSTACK   0x8000
#define USTACK   0x9000
#define DATA     0xA000
#define HANDLER  0x5000
#define KCODE    SEL(1, 0)         // the guest's selectors, as it wrote them
#define KDATA    SEL(2, 0)
#define UCODE    SEL(3, 3)
#define UDATA    SEL(4, 3)

// Writes n bytes at guest-physical gpa (the test fails if it cannot).
void te_put(struct vcpu *v, uint32_t gpa, const void *p, uint32_t n);
// The 32-bit word at guest-physical gpa.
uint32_t te_get32(struct vcpu *v, uint32_t gpa);
// A present gate of the guest's IDT (an IDT of 256 entries at IDT) to HANDLER in its kernel
// code; type STS_INTGATE32 or STS_TRAPGATE32.
void te_gate_put(struct vcpu *v, int vector, int type, int dpl);
// The monitor's counter r.
uint64_t te_count(struct vcpu *v, enum stat_reason r);

// cmocka setup and teardown: a fresh vCPU in *state, its guest kernel's esp at KSTACK.
int te_setup(void **state);
int te_teardown(void **state);

#endif
