// test_decode_addressing.c: how the decoder finds a memory operand: ModRM and SIB forms,
// 16-bit addressing, the code segment's default sizes, and the prefixes that change them.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "tests/unit/decode_fixture.h"

// lidt 0x100(%esp): ModRM 0x9C, SIB 0x24 (no index, base ESP), disp32; SS by default.
static void
test_modrm_sib_disp32(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0x0F, 0x01, 0x9C, 0x24, 0x00, 0x01, 0x00, 0x00), 8);
	assert_int_equal(in.kind, INSN_LIDT);
	assert_true(in.is_mem);
	assert_int_equal(in.mem.base, REG_ESP);
	assert_int_equal(in.mem.index, INSN_NONE);
	assert_int_equal(in.mem.disp, 0x100);
	assert_int_equal(in.mem.seg, SREG_SS);
}

// sidt -4(%esi,%edi,8): a negative disp8, scaled index.
static void
test_modrm_sib_scaled_index_disp8(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0x0F, 0x01, 0x4C, 0xFE, 0xFC), 5);
	assert_int_equal(in.kind, INSN_SIDT);
	assert_int_equal(in.mem.base, REG_ESI);
	assert_int_equal(in.mem.index, REG_EDI);
	assert_int_equal(in.mem.scale, 8);
	assert_int_equal(in.mem.disp, -4);
	assert_int_equal(in.mem.seg, SREG_DS);
}

// invlpg 0x1000(,%esi,2): SIB base 5 with mod 0 means no base and a disp32.
static void
test_sib_without_base(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0x0F, 0x01, 0x3C, 0x75, 0x00, 0x10, 0x00, 0x00), 8);
	assert_int_equal(in.kind, INSN_INVLPG);
	assert_int_equal(in.mem.base, INSN_NONE);
	assert_int_equal(in.mem.index, REG_ESI);
	assert_int_equal(in.mem.scale, 2);
	assert_int_equal(in.mem.disp, 0x1000);
}

// lgdt 0x12345678 (mod 0, rm 5: disp32 alone), with a gs override.
static void
test_disp32_only_and_override(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0x65, 0x0F, 0x01, 0x15, 0x78, 0x56, 0x34, 0x12), 8);
	assert_int_equal(in.kind, INSN_LGDT);
	assert_int_equal(in.mem.base, INSN_NONE);
	assert_int_equal(in.mem.disp, 0x12345678);
	assert_int_equal(in.mem.seg, SREG_GS);
	assert_int_equal(in.seg_override, SREG_GS);
	assert_int_equal(DECODE(0x66, 0x0F, 0x01, 0x10), 4);    // lgdtw: a 24-bit base
	assert_int_equal(in.opsize, 2);
}

// 16-bit addressing: [bx+di+disp16], [bp+disp8] (SS), disp16 alone.
static void
test_modrm16(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0x67, 0x8B, 0x81, 0x34, 0x12), 5);
	assert_int_equal(in.addrsize, 2);
	assert_int_equal(in.mem.base, REG_EBX);
	assert_int_equal(in.mem.index, REG_EDI);
	assert_int_equal(in.mem.disp, 0x1234);
	assert_int_equal(DECODE(0x67, 0x8B, 0x46, 0xF0), 4);
	assert_int_equal(in.mem.base, REG_EBP);
	assert_int_equal(in.mem.disp, -16);
	assert_int_equal(in.mem.seg, SREG_SS);
	assert_int_equal(DECODE(0x67, 0x0F, 0x01, 0x16, 0x00, 0x80), 6);   // lgdt 0x8000
	assert_int_equal(in.mem.base, INSN_NONE);
	assert_int_equal(in.mem.disp, (int16_t)0x8000);
}

// In a 16-bit code segment the defaults are 16 bits, and 66/67 give 32.
static void
test_16bit_code_segment(void **state)
{
	(void)state;
	uint8_t ld[] = { 0x0F, 0x01, 0x16, 0x34, 0x12 };    // lgdt [0x1234] in 16-bit code
	uint8_t mv[] = { 0x66, 0xB8, 1, 0, 0, 0 };           // mov eax, 1

	assert_int_equal(decode_insn(&in, ld, sizeof ld, 2), 5);
	assert_int_equal(in.kind, INSN_LGDT);
	assert_int_equal(in.mem.disp, 0x1234);
	assert_int_equal(in.opsize, 2);
	assert_int_equal(decode_insn(&in, mv, sizeof mv, 2), 6);
	assert_int_equal(in.opsize, 4);
	assert_int_equal(in.imm, 1);
	assert_int_equal(decode_insn(&in, mv, sizeof mv, 3), -E_INVAL);
}

static void
test_prefix_bookkeeping(void **state)
{
	(void)state;
	DECODE(0xF2, 0xF3, 0xA4);                               // the last of rep/repne wins
	assert_int_equal(in.prefixes, INSN_PFX_REP);
	DECODE(0x26, 0x2E, 0x8B, 0x00);                         // so does the last override
	assert_int_equal(in.mem.seg, SREG_CS);
	DECODE(0xF0, 0x0F, 0xC7, 0x0E);                         // lock cmpxchg8b (%esi)
	assert_int_equal(in.prefixes, INSN_PFX_LOCK);
	assert_int_equal(in.len, 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modrm_sib_disp32),
		cmocka_unit_test(test_modrm_sib_scaled_index_disp8),
		cmocka_unit_test(test_sib_without_base),
		cmocka_unit_test(test_disp32_only_and_override),
		cmocka_unit_test(test_modrm16),
		cmocka_unit_test(test_16bit_code_segment),
		cmocka_unit_test(test_prefix_bookkeeping),
	};
	return cmocka_run_group_tests_name("decode: addressing", tests, NULL, NULL);
}
