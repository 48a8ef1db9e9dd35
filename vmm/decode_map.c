// decode_map.c: the opcode maps (Intel SDM vol. 2D appendix A), as the manual draws them,
// and the tables of opcodes the monitor cares about.
#include <stddef.h>

#include "vmm/decode_map.h"
#include "x86/insn.h"

#define O_ 0                                  // the opcode alone
#define M_ OP_MODRM
#define MB (OP_MODRM | OP_IMM8)
#define MZ (OP_MODRM | OP_IMMZ)
#define I1 OP_IMM8
#define I2 OP_IMM16
#define IZ OP_IMMZ
#define IA OP_MOFFS
#define FP (OP_IMMZ | OP_IMM16)               // far pointer: offset, then selector
#define EN (OP_IMM16 | OP_IMM8)               // enter
#define TB (OP_MODRM | OP_IMM8 | OP_TEST_GROUP)
#define TZ (OP_MODRM | OP_IMMZ | OP_TEST_GROUP)
#define MC (OP_MODRM | OP_REG_ONLY)           // mov to/from CRn, DRn
#define PF OP_PREFIX
#define UD OP_INVALID
#define EX OP_ESCAPE
#define T3 OP_3BYTE

// SDM table A-2, one-byte opcodes, 32-bit mode (rows 0x00-0xF0, columns 0-F).
static const uint16_t map1[256] = {
	M_, M_, M_, M_, I1, IZ, O_, O_, M_, M_, M_, M_, I1, IZ, O_, EX,   // 00 add, or
	M_, M_, M_, M_, I1, IZ, O_, O_, M_, M_, M_, M_, I1, IZ, O_, O_,   // 10 adc, sbb
	M_, M_, M_, M_, I1, IZ, PF, O_, M_, M_, M_, M_, I1, IZ, PF, O_,   // 20 and, sub
	M_, M_, M_, M_, I1, IZ, PF, O_, M_, M_, M_, M_, I1, IZ, PF, O_,   // 30 xor, cmp
	O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_,   // 40 inc, dec
	O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_,   // 50 push, pop
	O_, O_, M_, M_, PF, PF, PF, PF, IZ, MZ, I1, MB, O_, O_, O_, O_,   // 60
	I1, I1, I1, I1, I1, I1, I1, I1, I1, I1, I1, I1, I1, I1, I1, I1,   // 70 jcc rel8
	MB, MZ, MB, MB, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,   // 80
	O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, FP, O_, O_, O_, O_, O_,   // 90
	IA, IA, IA, IA, O_, O_, O_, O_, I1, IZ, O_, O_, O_, O_, O_, O_,   // A0
	I1, I1, I1, I1, I1, I1, I1, I1, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ,   // B0 mov imm
	MB, MB, I2, O_, M_, M_, MB, MZ, EN, O_, I2, O_, O_, I1, O_, O_,   // C0
	M_, M_, M_, M_, I1, I1, O_, O_, M_, M_, M_, M_, M_, M_, M_, M_,   // D0 x87 from D8
	I1, I1, I1, I1, I1, I1, I1, I1, IZ, IZ, FP, I1, O_, O_, O_, O_,   // E0
	PF, O_, PF, PF, O_, O_, TB, TZ, O_, O_, O_, O_, O_, O_, M_, M_,   // F0
};

// SDM table A-3, two-byte opcodes 0F xx.
static const uint16_t map2[256] = {
	M_, M_, M_, M_, UD, O_, O_, O_, O_, O_, UD, O_, UD, M_, O_, MB,   // 00
	M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,   // 10 SSE, nop
	MC, MC, MC, MC, UD, UD, UD, UD, M_, M_, M_, M_, M_, M_, M_, M_,   // 20
	O_, O_, O_, O_, O_, O_, UD, O_, T3, UD, T3, UD, UD, UD, UD, UD,   // 30 38, 3A: 3-byte
	M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,   // 40 cmovcc
	M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,   // 50
	M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,   // 60
	MB, MB, MB, MB, M_, M_, M_, O_, M_, M_, UD, UD, M_, M_, M_, M_,   // 70
	IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ, IZ,   // 80 jcc rel
	M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,   // 90 setcc
	O_, O_, O_, M_, MB, M_, UD, UD, O_, O_, O_, M_, MB, M_, M_, M_,   // A0
	M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, MB, M_, M_, M_, M_, M_,   // B0
	M_, M_, MB, M_, MB, MB, MB, M_, O_, O_, O_, O_, O_, O_, O_, O_,   // C0
	M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,   // D0
	M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,   // E0
	M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,   // F0
};

uint16_t
decode_attr(uint32_t opcode)
{
	if (opcode <= 0xFF)
		return map1[opcode];
	if (opcode <= 0xFFFF)
		return map2[opcode & 0xFF];
	return (opcode >> 8) == 0x0F3A ? MB : M_;      // 0F 38 xx /r, 0F 3A xx /r ib
}

#define K(op, kind)           { op, -1, -1, INSN_##kind, -1, 0 }
#define KF(op, kind, flags)   { op, -1, -1, INSN_##kind, -1, flags }
#define KR(op, reg, kind)     { op, reg, -1, INSN_##kind, -1, 0 }
#define KM(op, modrm, kind)   { op, -1, modrm, INSN_##kind, -1, 0 }
#define KS(op, kind, sreg)    { op, -1, -1, INSN_##kind, SREG_##sreg, 0 }

// Opcodes with a kind of their own. Rows naming a whole ModRM byte come before the rows
// of their group.
static const struct op_kind kinds[] = {
	K(0xFA, CLI), K(0xFB, STI), K(0xF4, HLT),
	KF(0xE4, IN, K_BYTE), K(0xE5, IN), KF(0xEC, IN, K_BYTE | K_DX), KF(0xED, IN, K_DX),
	KF(0xE6, OUT, K_BYTE), K(0xE7, OUT), KF(0xEE, OUT, K_BYTE | K_DX), KF(0xEF, OUT, K_DX),
	KF(0x6C, INS, K_BYTE | K_DX), KF(0x6D, INS, K_DX),
	KF(0x6E, OUTS, K_BYTE | K_DX), KF(0x6F, OUTS, K_DX),
	K(0xCF, IRET), K(0x9D, POPF), K(0x9C, PUSHF),
	K(0xCD, INT), K(0xCC, INT3), K(0xCE, INTO),
	KM(0x0F01, 0xC1, VMCALL), KM(0x0F01, 0xD9, VMMCALL),
	KR(0x0F01, 0, SGDT), KR(0x0F01, 1, SIDT), KR(0x0F01, 2, LGDT), KR(0x0F01, 3, LIDT),
	KR(0x0F01, 4, SMSW), KR(0x0F01, 6, LMSW), KR(0x0F01, 7, INVLPG),
	KR(0x0F00, 0, SLDT), KR(0x0F00, 1, STR), KR(0x0F00, 2, LLDT), KR(0x0F00, 3, LTR),
	KR(0x0F00, 4, VERR), KR(0x0F00, 5, VERW), K(0x0F02, LAR), K(0x0F03, LSL),
	K(0x0F20, MOV_FROM_CR), K(0x0F22, MOV_TO_CR), K(0x0F21, MOV_FROM_DR), K(0x0F23, MOV_TO_DR),
	K(0x0F06, CLTS), K(0x0F09, WBINVD), K(0x0F08, INVD),
	K(0x0F32, RDMSR), K(0x0F30, WRMSR), K(0x0F31, RDTSC), K(0x0F33, RDPMC), K(0x0FA2, CPUID),
	K(0x8C, MOV_FROM_SEG), K(0x8E, MOV_TO_SEG),
	KS(0x06, PUSH_SEG, ES), KS(0x07, POP_SEG, ES), KS(0x0E, PUSH_SEG, CS),
	KS(0x16, PUSH_SEG, SS), KS(0x17, POP_SEG, SS), KS(0x1E, PUSH_SEG, DS), KS(0x1F, POP_SEG, DS),
	KS(0x0FA0, PUSH_SEG, FS), KS(0x0FA1, POP_SEG, FS), KS(0x0FA8, PUSH_SEG, GS),
	KS(0x0FA9, POP_SEG, GS),
	KS(0xC4, LOAD_FAR, ES), KS(0xC5, LOAD_FAR, DS), KS(0x0FB2, LOAD_FAR, SS),
	KS(0x0FB4, LOAD_FAR, FS), KS(0x0FB5, LOAD_FAR, GS),
	K(0xEA, JMP_FAR), KR(0xFF, 5, JMP_FAR), K(0x9A, CALL_FAR), KR(0xFF, 3, CALL_FAR),
	K(0xCA, RETF), K(0xCB, RETF),
	K(0x0F34, SYSENTER), K(0x0F35, SYSEXIT),
	K(0x0F0B, UD), K(0x0FB9, UD), K(0x0FFF, UD),
};

const struct op_kind *
decode_kind(const struct insn *insn)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		const struct op_kind *k = &kinds[i];
		if (k->op == insn->opcode && (k->reg < 0 || k->reg == insn->reg) &&
		    (k->modrm < 0 || (insn->has_modrm && k->modrm == insn->modrm)))
			return k;
	}
	return NULL;
}

// For opcodes that are groups or need memory: which ModRM.reg values are defined, and
// which of them need a memory operand (bit n stands for /n).
struct op_rule {
	uint16_t op;
	uint8_t defined;
	uint8_t mem_only;
};

static const struct op_rule rules[] = {
	{ 0x62, 0xFF, 0xFF },           // bound
	{ 0x8C, 0x3F, 0x00 },           // mov from Sreg: ES..GS
	{ 0x8D, 0xFF, 0xFF },           // lea
	{ 0x8E, 0x3D, 0x00 },           // mov to Sreg: not CS
	{ 0x8F, 0x01, 0x00 },           // pop r/m
	{ 0xC4, 0xFF, 0xFF }, { 0xC5, 0xFF, 0xFF },     // les, lds
	{ 0xC6, 0x01, 0x00 }, { 0xC7, 0x01, 0x00 },     // mov r/m, imm
	{ 0xFE, 0x03, 0x00 },           // inc, dec r/m8
	{ 0xFF, 0x7F, 0x28 },           // lcall, ljmp need a pointer in memory
	{ 0x0F00, 0x3F, 0x00 },         // sldt str lldt ltr verr verw
	{ 0x0F01, 0xDF, 0x8F },         // sgdt sidt lgdt lidt - smsw - lmsw invlpg
	{ 0x0F20, 0x1D, 0x00 }, { 0x0F22, 0x1D, 0x00 }, // CR0, CR2, CR3, CR4
	{ 0x0FB2, 0xFF, 0xFF }, { 0x0FB4, 0xFF, 0xFF }, { 0x0FB5, 0xFF, 0xFF },  // lss lfs lgs
	{ 0x0FBA, 0xF0, 0x00 },         // bt bts btr btc r/m, imm8
	{ 0x0FC7, 0xC2, 0x02 },         // cmpxchg8b (and VMX's /6, /7)
};

bool
decode_modrm_ok(const struct insn *insn)
{
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		uint8_t bit = 1u << insn->reg;
		if (rules[i].op != insn->opcode)
			continue;
		return (rules[i].defined & bit) && (insn->is_mem || !(rules[i].mem_only & bit));
	}
	return true;
}

// Read-modify-write instructions that take a lock prefix (SDM 2A, LOCK), with the /reg
// values that are, for groups.
static const struct op_rule lockable[] = {
	{ 0x00, 0xFF, 0 }, { 0x01, 0xFF, 0 }, { 0x08, 0xFF, 0 }, { 0x09, 0xFF, 0 },
	{ 0x10, 0xFF, 0 }, { 0x11, 0xFF, 0 }, { 0x18, 0xFF, 0 }, { 0x19, 0xFF, 0 },
	{ 0x20, 0xFF, 0 }, { 0x21, 0xFF, 0 }, { 0x28, 0xFF, 0 }, { 0x29, 0xFF, 0 },
	{ 0x30, 0xFF, 0 }, { 0x31, 0xFF, 0 }, { 0x86, 0xFF, 0 }, { 0x87, 0xFF, 0 },
	{ 0x80, 0x7F, 0 }, { 0x81, 0x7F, 0 }, { 0x82, 0x7F, 0 }, { 0x83, 0x7F, 0 },
	{ 0xF6, 0x0C, 0 }, { 0xF7, 0x0C, 0 }, { 0xFE, 0x03, 0 }, { 0xFF, 0x03, 0 },
	{ 0x0FAB, 0xFF, 0 }, { 0x0FB3, 0xFF, 0 }, { 0x0FBB, 0xFF, 0 }, { 0x0FBA, 0xE0, 0 },
	{ 0x0FB0, 0xFF, 0 }, { 0x0FB1, 0xFF, 0 }, { 0x0FC0, 0xFF, 0 }, { 0x0FC1, 0xFF, 0 },
	{ 0x0FC7, 0x02, 0 },
};

bool
decode_lock_ok(const struct insn *insn)
{
	if (!insn->is_mem)
		return false;
	for (size_t i = 0; i < sizeof lockable / sizeof lockable[0]; i++)
		if (lockable[i].op == insn->opcode)
			return lockable[i].defined & (1u << insn->reg);
	return false;
}
