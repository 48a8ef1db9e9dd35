// test_decode_errors.c: what the decoder refuses: #UD encodings, instructions cut short,
// the 15-byte limit; and random bytes, which must never crash it nor make it read too far.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/decode_fixture.h"

// What the CPU answers with #UD.
static void
test_invalid_encodings(void **state)
{
	(void)state;
	static const struct {
		const char *what;
		uint8_t bytes[4];
		int n;
	} bad[] = {
		{ "lock cli", { 0xF0, 0xFA }, 2 },
		{ "lock add to a register", { 0xF0, 0x01, 0xC3 }, 3 },
		{ "lock cmp (not read-modify-write)", { 0xF0, 0x39, 0x1A }, 3 },
		{ "lgdt with a register operand", { 0x0F, 0x01, 0xD0 }, 3 },
		{ "invlpg with a register operand", { 0x0F, 0x01, 0xF8 }, 3 },
		{ "0F 01 /5", { 0x0F, 0x01, 0x28 }, 3 },
		{ "0F 00 /6", { 0x0F, 0x00, 0x30 }, 3 },
		{ "mov to CS", { 0x8E, 0xC8 }, 2 },
		{ "mov from Sreg 6", { 0x8C, 0xF0 }, 2 },
		{ "mov to CR1", { 0x0F, 0x22, 0xC8 }, 3 },
		{ "mov from CR5", { 0x0F, 0x20, 0xE8 }, 3 },
		{ "mov to a test register", { 0x0F, 0x26, 0xC0 }, 3 },
		{ "lea with a register", { 0x8D, 0xC0 }, 2 },
		{ "lds with a register", { 0xC5, 0xC0 }, 2 },
		{ "ljmp with a register", { 0xFF, 0xE8 }, 2 },
		{ "FF /7", { 0xFF, 0x38 }, 2 },
		{ "FE /2", { 0xFE, 0x10 }, 2 },
		{ "0F 04", { 0x0F, 0x04 }, 2 },
		{ "0F 3B", { 0x0F, 0x3B }, 2 },
	};
	int wrong = 0;

	for (int i = 0; i < N(bad); i++) {
		int got = decode(bad[i].bytes, bad[i].n);
		if (got != -E_BADINSN) {
			print_error("%s: expected -E_BADINSN, got %d\n", bad[i].what, got);
			wrong++;
		}
	}
	assert_int_equal(wrong, 0);
	assert_int_equal(DECODE(0x0F, 0x0B), 2);                // ud2 is an instruction
	assert_int_equal(in.kind, INSN_UD);
}

// Every proper prefix of an instruction is -E_TRUNC; the whole of it decodes.
static void
test_truncated(void **state)
{
	(void)state;
	static const uint8_t insn[] = { 0x66, 0x81, 0x84, 0x88, 0x44, 0x33, 0x22, 0x11, 0x34, 0x12 };

	for (int n = 0; n < N(insn); n++)
		assert_int_equal(decode_insn(&in, insn, n, 4), -E_TRUNC);
	assert_int_equal(decode_insn(&in, insn, N(insn), 4), N(insn));
}

// 15 bytes is the limit: 14 prefixes and nop decode, 15 prefixes and nop are #GP.
static void
test_length_limit(void **state)
{
	(void)state;
	uint8_t buf[20];

	memset(buf, PFX_BYTE_DS, sizeof buf);
	buf[14] = 0x90;
	assert_int_equal(decode_insn(&in, buf, sizeof buf, 4), 15);
	buf[14] = PFX_BYTE_DS;
	buf[15] = 0x90;
	assert_int_equal(decode_insn(&in, buf, sizeof buf, 4), -E_2BIG);
	assert_int_equal(decode_insn(&in, buf, 15, 4), -E_2BIG);     // known at byte 16
	assert_int_equal(decode_insn(&in, buf, 14, 4), -E_TRUNC);
}

static uint32_t rng = 0x2545F491;

static uint32_t
rand32(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

// Checks one decode of random bytes: a sane result, and the same answer with exactly the
// bytes it claims to use, and -E_TRUNC with one fewer. The bytes end where `tail` ends,
// so a read past n is a global-buffer overflow for -fsanitize=address.
static void
check_random(const uint8_t *bytes, size_t n)
{
	static uint8_t tail[INSN_MAX_LEN + 5];
	uint8_t *buf = tail + sizeof tail - n;

	memcpy(buf, bytes, n);
	int len = decode_insn(&in, buf, n, rand32() & 1 ? 4 : 2);

	if (len < 0) {
		assert_true(len == -E_BADINSN || len == -E_2BIG || len == -E_TRUNC);
		return;
	}
	assert_in_range(len, 1, INSN_MAX_LEN);
	assert_in_range(in.kind, 0, INSN_KIND_COUNT - 1);
	assert_true(in.opsize == 1 || in.opsize == 2 || in.opsize == 4);
	assert_in_range(in.mem.seg, 0, SREG_COUNT - 1);
	assert_true(in.mem.base >= INSN_NONE && in.mem.base < REG_COUNT);
	assert_true(in.mem.index >= INSN_NONE && in.mem.index < REG_COUNT);
	int code_size = in.addrsize ^ ((in.prefixes & INSN_PFX_ADDRSIZE) ? 6 : 0);
	assert_int_equal(decode_insn(&in, buf, len, code_size), len);
	assert_int_equal(decode_insn(&in, buf, len - 1, code_size), -E_TRUNC);
}

// Random bytes never crash the decoder nor make it read past n; lengths stay <= 15.
static void
test_fuzz_random_bytes(void **state)
{
	(void)state;
	uint8_t buf[INSN_MAX_LEN + 5];

	for (int i = 0; i < 300000; i++) {
		for (size_t j = 0; j < sizeof buf; j++)
			buf[j] = rand32();
		if (i % 4 == 0)
			buf[0] = OPCODE_ESCAPE;
		check_random(buf, rand32() % (sizeof buf + 1));
	}
	for (int first = 0; first < 0x10000; first++) {         // every 2-byte start
		buf[0] = first >> 8;
		buf[1] = first;
		for (size_t j = 2; j < sizeof buf; j++)
			buf[j] = rand32();
		check_random(buf, sizeof buf);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invalid_encodings),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_length_limit),
		cmocka_unit_test(test_fuzz_random_bytes),
	};
	return cmocka_run_group_tests_name("decode: errors", tests, NULL, NULL);
}
