// test_decode_operands.c: the operands the decoder reports for each family it emulates:
// port I/O, interrupts, stack slot sizes, control/debug and segment registers, far pointers,
// descriptor-table operands, immediates and hypercalls.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "tests/unit/decode_fixture.h"

static void
test_io_operands(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0xE4, 0x60), 2);                // inb $0x60, %al
	assert_int_equal(in.opsize, 1);
	assert_int_equal(in.imm, 0x60);
	assert_false(in.port_dx);
	assert_int_equal(DECODE(0x66, 0xEF), 2);                // outw %ax, %dx
	assert_int_equal(in.kind, INSN_OUT);
	assert_int_equal(in.opsize, 2);
	assert_true(in.port_dx);
	assert_int_equal(DECODE(0xED), 1);
	assert_int_equal(in.opsize, 4);
}

// rep outsw with an fs override: DS:ESI becomes FS:ESI; ins always writes ES:EDI.
static void
test_string_io_operands(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0x64, 0x66, 0xF3, 0x6F), 4);
	assert_int_equal(in.kind, INSN_OUTS);
	assert_int_equal(in.prefixes, INSN_PFX_SEG | INSN_PFX_OPSIZE | INSN_PFX_REP);
	assert_int_equal(in.opsize, 2);
	assert_true(in.port_dx && in.is_mem);
	assert_int_equal(in.mem.base, REG_ESI);
	assert_int_equal(in.mem.seg, SREG_FS);
	assert_int_equal(DECODE(0x64, 0x67, 0x6C), 3);          // fs addr16 insb
	assert_int_equal(in.kind, INSN_INS);
	assert_int_equal(in.mem.base, REG_EDI);
	assert_int_equal(in.mem.seg, SREG_ES);
	assert_int_equal(in.addrsize, 2);
	assert_int_equal(in.opsize, 1);
}

static void
test_interrupt_vectors(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0xCD, 0x80), 2);
	assert_int_equal(in.imm, 0x80);
	DECODE(0xCC);
	assert_int_equal(in.imm, 3);
	DECODE(0xCE);
	assert_int_equal(in.imm, 4);
}

static void
test_stack_slot_sizes(void **state)
{
	(void)state;
	DECODE(0xCF);
	assert_int_equal(in.opsize, 4);                         // iretd
	DECODE(0x66, 0xCF);
	assert_int_equal(in.opsize, 2);                         // 16-bit iret
	DECODE(0x66, 0x9D);
	assert_int_equal(in.kind, INSN_POPF);
	assert_int_equal(in.opsize, 2);
	assert_int_equal(DECODE(0xCA, 0x08, 0x00), 3);
	assert_int_equal(in.kind, INSN_RETF);
	assert_int_equal(in.imm, 8);
}

// mov to/from CRn ignores mod: 0F 20 with mod 0 is still a register operand.
static void
test_control_and_debug_registers(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0x0F, 0x22, 0xDB), 3);          // mov %ebx, %cr3
	assert_int_equal(in.kind, INSN_MOV_TO_CR);
	assert_int_equal(in.reg, 3);
	assert_int_equal(in.rm, REG_EBX);
	assert_int_equal(DECODE(0x0F, 0x20, 0x20), 3);          // mod 0: mov %cr4, %eax
	assert_int_equal(in.kind, INSN_MOV_FROM_CR);
	assert_false(in.is_mem);
	assert_int_equal(in.reg, 4);
	assert_int_equal(in.opsize, 4);
	assert_int_equal(DECODE(0x0F, 0x21, 0xF8), 3);          // mov %db7, %eax
	assert_int_equal(in.reg, 7);
}

static void
test_segment_operands(void **state)
{
	(void)state;
	DECODE(0x8E, 0x13);                                     // mov (%ebx), %ss
	assert_int_equal(in.kind, INSN_MOV_TO_SEG);
	assert_int_equal(in.sreg, SREG_SS);
	assert_int_equal(in.opsize, 2);
	assert_int_equal(in.mem.base, REG_EBX);
	DECODE(0x8C, 0xC8);                                     // mov %cs, %eax
	assert_int_equal(in.kind, INSN_MOV_FROM_SEG);
	assert_int_equal(in.sreg, SREG_CS);
	assert_int_equal(in.opsize, 4);
	assert_int_equal(in.rm, REG_EAX);
	DECODE(0x0F, 0xA9);
	assert_int_equal(in.kind, INSN_POP_SEG);
	assert_int_equal(in.sreg, SREG_GS);
	DECODE(0x0F, 0xB2, 0x24, 0x24);                         // lss (%esp), %esp
	assert_int_equal(in.kind, INSN_LOAD_FAR);
	assert_int_equal(in.sreg, SREG_SS);
	assert_int_equal(in.reg, REG_ESP);
}

static void
test_far_pointers(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0xEA, 0x78, 0x56, 0x34, 0x12, 0x08, 0x00), 7);
	assert_int_equal(in.kind, INSN_JMP_FAR);
	assert_int_equal(in.imm, 0x12345678);
	assert_int_equal(in.imm2, 0x08);
	assert_int_equal(DECODE(0x66, 0xEA, 0x34, 0x12, 0x10, 0x00), 6);
	assert_int_equal(in.imm, 0x1234);
	assert_int_equal(in.imm2, 0x10);
	assert_int_equal(DECODE(0xFF, 0x5B, 0x08), 3);          // lcall *8(%ebx)
	assert_int_equal(in.kind, INSN_CALL_FAR);
	assert_true(in.is_mem);
	assert_int_equal(in.mem.disp, 8);
}

static void
test_smsw_and_descriptor_operand_sizes(void **state)
{
	(void)state;
	DECODE(0x0F, 0x01, 0xE0);                               // smsw %eax
	assert_false(in.is_mem);
	assert_int_equal(in.opsize, 4);
	DECODE(0x0F, 0x01, 0x21);                               // smsw (%ecx)
	assert_int_equal(in.opsize, 2);
	DECODE(0x0F, 0x00, 0x5B, 0x02);                         // ltr 2(%ebx)
	assert_int_equal(in.kind, INSN_LTR);
	assert_int_equal(in.opsize, 2);
	DECODE(0x0F, 0x02, 0x11);                               // lar (%ecx), %edx
	assert_int_equal(in.reg, REG_EDX);
}

// Immediates whose size the ModRM decides (F6/F7 test), or two of them (enter).
static void
test_group_immediates(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0xF7, 0x00, 0x78, 0x56, 0x34, 0x12), 6);  // testl $imm32
	assert_int_equal(in.imm, 0x12345678);
	assert_int_equal(DECODE(0xF7, 0x10, 0x78, 0x56), 2);    // notl: no immediate
	assert_int_equal(DECODE(0xC8, 0x10, 0x00, 0x01), 4);
	assert_int_equal(in.imm, 0x10);
	assert_int_equal(in.imm2, 1);
	assert_int_equal(DECODE(0x66, 0x81, 0xC0, 0x34, 0x12), 5);         // add $0x1234, %ax
	assert_int_equal(in.imm, 0x1234);
}

static void
test_hypercalls(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0x0F, 0x01, 0xC1), 3);
	assert_int_equal(in.kind, INSN_VMCALL);
	assert_int_equal(DECODE(0x0F, 0x01, 0xD9), 3);
	assert_int_equal(in.kind, INSN_VMMCALL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_io_operands),
		cmocka_unit_test(test_string_io_operands),
		cmocka_unit_test(test_interrupt_vectors),
		cmocka_unit_test(test_stack_slot_sizes),
		cmocka_unit_test(test_control_and_debug_registers),
		cmocka_unit_test(test_segment_operands),
		cmocka_unit_test(test_far_pointers),
		cmocka_unit_test(test_smsw_and_descriptor_operand_sizes),
		cmocka_unit_test(test_group_immediates),
		cmocka_unit_test(test_hypercalls),
	};
	return cmocka_run_group_tests_name("decode: operands", tests, NULL, NULL);
}
