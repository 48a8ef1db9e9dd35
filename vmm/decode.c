// decode.c: an i386 instruction decoder for the monitor: prefixes, opcode, ModRM, SIB,
// displacement, immediates (Intel SDM vol. 2A ch. 2), then the kind from decode_map.c.
#include "lib/error.h"
#include "lib/string.h"
#include "vmm/decode.h"
#include "vmm/decode_map.h"
#include "x86/insn.h"
#include "x86/trap.h"

// The bytes being decoded and how many are used.
struct cursor {
	const uint8_t *bytes;
	size_t n;
	size_t pos;
};

// Takes the next size bytes as a little-endian number. A byte past the 15th is -E_2BIG
// (the CPU's #GP) even when the caller has it; a byte the caller has not is -E_TRUNC.
static int
fetch(struct cursor *c, int size, uint32_t *val)
{
	*val = 0;
	for (int i = 0; i < size; i++) {
		if (c->pos >= INSN_MAX_LEN)
			return -E_2BIG;
		if (c->pos >= c->n)
			return -E_TRUNC;
		*val |= (uint32_t)c->bytes[c->pos++] << (8 * i);
	}
	return 0;
}

static const struct {
	uint8_t byte;
	int8_t sreg;
} seg_prefixes[] = {
	{ PFX_BYTE_ES, SREG_ES }, { PFX_BYTE_CS, SREG_CS }, { PFX_BYTE_SS, SREG_SS },
	{ PFX_BYTE_DS, SREG_DS }, { PFX_BYTE_FS, SREG_FS }, { PFX_BYTE_GS, SREG_GS },
};

static void
apply_prefix(struct insn *in, uint8_t b)
{
	for (size_t i = 0; i < sizeof seg_prefixes / sizeof seg_prefixes[0]; i++) {
		if (seg_prefixes[i].byte == b) {
			in->prefixes |= INSN_PFX_SEG;
			in->seg_override = seg_prefixes[i].sreg;    // the last one counts
			return;
		}
	}
	if (b == PFX_BYTE_LOCK)
		in->prefixes |= INSN_PFX_LOCK;
	else if (b == PFX_BYTE_REP)
		in->prefixes = (in->prefixes & ~INSN_PFX_REPNE) | INSN_PFX_REP;
	else if (b == PFX_BYTE_REPNE)
		in->prefixes = (in->prefixes & ~INSN_PFX_REP) | INSN_PFX_REPNE;
	else if (b == PFX_BYTE_OPSIZE)
		in->prefixes |= INSN_PFX_OPSIZE;
	else if (b == PFX_BYTE_ADDRSIZE)
		in->prefixes |= INSN_PFX_ADDRSIZE;
}

// Prefixes, then the opcode: one byte, or 0F and one more, or 0F 38/3A and one more.
static int
decode_opcode(struct cursor *c, struct insn *in)
{
	uint32_t b;
	int err;

	while (!(err = fetch(c, 1, &b)) && (decode_attr(b) & OP_PREFIX))
		apply_prefix(in, b);
	in->opcode = b;
	while (!err && (decode_attr(in->opcode) & (OP_ESCAPE | OP_3BYTE))) {
		err = fetch(c, 1, &b);
		in->opcode = in->opcode << 8 | b;
	}
	return err;
}

static int
decode_disp(struct cursor *c, struct insn *in, int size)
{
	uint32_t v;
	int err = fetch(c, size, &v);

	in->mem.disp = size == 1 ? (int8_t)v : size == 2 ? (int16_t)v : (int32_t)v;
	return err;
}

// 16-bit addressing (SDM 2A table 2-1): [BX+SI], [BX+DI], [BP+SI], [BP+DI], [SI], [DI],
// [BP] (disp16 alone with mod 0), [BX].
static const int8_t rm16_base[8] = {
	REG_EBX, REG_EBX, REG_EBP, REG_EBP, REG_ESI, REG_EDI, REG_EBP, REG_EBX,
};
static const int8_t rm16_index[8] = {
	REG_ESI, REG_EDI, REG_ESI, REG_EDI, INSN_NONE, INSN_NONE, INSN_NONE, INSN_NONE,
};

static int
decode_mem16(struct cursor *c, struct insn *in)
{
	int disp = in->mod == 1 ? 1 : in->mod == 2 ? 2 : 0;

	if (in->mod == 0 && in->rm == RM16_DISP16) {
		disp = 2;
	} else {
		in->mem.base = rm16_base[in->rm];
		in->mem.index = rm16_index[in->rm];
	}
	return decode_disp(c, in, disp);
}

// 32-bit addressing (SDM 2A tables 2-2, 2-3): rm 4 brings a SIB byte, rm 5 with mod 0
// is disp32 alone, and so is SIB base 5 with mod 0.
static int
decode_mem32(struct cursor *c, struct insn *in)
{
	int disp = in->mod == 1 ? 1 : in->mod == 2 ? 4 : 0;
	uint32_t sib;
	int err;

	if (in->rm == RM_SIB) {
		if ((err = fetch(c, 1, &sib)))
			return err;
		in->mem.scale = 1u << MODRM_MOD(sib);
		if (MODRM_REG(sib) != SIB_NO_INDEX)
			in->mem.index = MODRM_REG(sib);
		if (MODRM_RM(sib) == SIB_NO_BASE && in->mod == 0)
			disp = 4;
		else
			in->mem.base = MODRM_RM(sib);
	} else if (in->mod == 0 && in->rm == RM_DISP32) {
		disp = 4;
	} else {
		in->mem.base = in->rm;
	}
	return decode_disp(c, in, disp);
}

static int
decode_modrm(struct cursor *c, struct insn *in, bool reg_only)
{
	uint32_t b;
	int err = fetch(c, 1, &b);

	if (err)
		return err;
	in->has_modrm = true;
	in->modrm = b;
	in->mod = MODRM_MOD(b);
	in->reg = MODRM_REG(b);
	in->rm = MODRM_RM(b);
	if (reg_only || in->mod == MOD_REGISTER)
		return 0;
	in->is_mem = true;
	err = in->addrsize == 2 ? decode_mem16(c, in) : decode_mem32(c, in);
	if (in->seg_override != INSN_NONE)
		in->mem.seg = in->seg_override;
	else if (in->mem.base == REG_EBP || in->mem.base == REG_ESP)
		in->mem.seg = SREG_SS;
	return err;
}

// Immediates in encoding order: an operand-size or address-size one first, then 16
// bits, then 8 (far pointers are offset then selector; enter is imm16 then imm8).
static int
decode_imms(struct cursor *c, struct insn *in, uint16_t attr)
{
	int sizes[2], n = 0, err = 0;
	uint32_t *dst[2] = { &in->imm, &in->imm2 };

	if ((attr & OP_TEST_GROUP) && in->reg > 1)
		attr &= ~(OP_IMM8 | OP_IMMZ);          // not, neg, mul, imul, div, idiv
	if (attr & OP_IMMZ)
		sizes[n++] = in->opsize;
	if (attr & OP_MOFFS)
		sizes[n++] = in->addrsize;
	if (attr & OP_IMM16)
		sizes[n++] = 2;
	if (attr & OP_IMM8)
		sizes[n++] = 1;
	for (int i = 0; i < n && !err; i++)
		err = fetch(c, sizes[i], dst[i]);
	return err;
}

// Operands the kind table does not give: implicit ones, and sizes fixed by the kind.
static void
decode_fixup(struct insn *in)
{
	switch (in->kind) {
	case INSN_INT3: in->imm = T_BP; break;
	case INSN_INTO: in->imm = T_OF; break;
	case INSN_MOV_FROM_CR: case INSN_MOV_TO_CR:
	case INSN_MOV_FROM_DR: case INSN_MOV_TO_DR:
		in->opsize = 4;
		break;
	case INSN_MOV_TO_SEG: in->opsize = 2; /* fall through */
	case INSN_MOV_FROM_SEG: in->sreg = in->reg; break;
	case INSN_INS:
		in->mem.base = REG_EDI;
		in->mem.seg = SREG_ES;                  // no override possible
		in->is_mem = true;
		break;
	case INSN_OUTS:
		in->mem.base = REG_ESI;
		if (in->seg_override != INSN_NONE)
			in->mem.seg = in->seg_override;
		in->is_mem = true;
		break;
	default: break;
	}
	if (in->is_mem && (in->opcode == 0x0F00 || in->kind == INSN_SMSW ||
			   in->kind == INSN_LMSW || in->kind == INSN_MOV_FROM_SEG))
		in->opsize = 2;                         // a 16-bit operand in memory
}

static int
decode_classify(struct insn *in)
{
	const struct op_kind *k = decode_kind(in);

	if (in->has_modrm && !(k && k->modrm >= 0) && !decode_modrm_ok(in))
		return -E_BADINSN;
	if ((in->prefixes & INSN_PFX_LOCK) && !decode_lock_ok(in))
		return -E_BADINSN;
	if (!k)
		return 0;
	in->kind = k->kind;
	in->sreg = k->sreg;
	in->port_dx = k->flags & K_DX;
	if (k->flags & K_BYTE)
		in->opsize = 1;
	decode_fixup(in);
	return 0;
}

static void
insn_clear(struct insn *in, int code_size)
{
	memset(in, 0, sizeof *in);
	in->kind = INSN_OTHER;
	in->seg_override = in->sreg = INSN_NONE;
	in->mem = (struct insn_mem){ INSN_NONE, INSN_NONE, 1, SREG_DS, 0 };
	in->opsize = in->addrsize = code_size;
}

int
decode_insn(struct insn *in, const uint8_t *bytes, size_t n, int code_size)
{
	struct cursor c = { bytes, n, 0 };
	uint16_t attr;
	int err;

	if (code_size != 2 && code_size != 4)
		return -E_INVAL;
	insn_clear(in, code_size);
	if ((err = decode_opcode(&c, in)))
		return err;
	if (in->prefixes & INSN_PFX_OPSIZE)
		in->opsize = 6 - code_size;             // 66 swaps 16 and 32 bits
	if (in->prefixes & INSN_PFX_ADDRSIZE)
		in->addrsize = 6 - code_size;           // and so does 67
	attr = decode_attr(in->opcode);
	if (attr & OP_INVALID)
		return -E_BADINSN;
	if ((attr & OP_MODRM) && (err = decode_modrm(&c, in, attr & OP_REG_ONLY)))
		return err;
	if ((err = decode_imms(&c, in, attr)) || (err = decode_classify(in)))
		return err;
	in->len = c.pos;
	return in->len;
}

static const char *const kind_names[INSN_KIND_COUNT] = {
#define INSN_KIND_NAME(name, mnemonic) [INSN_##name] = mnemonic,
	INSN_KIND_LIST(INSN_KIND_NAME)
#undef INSN_KIND_NAME
};

const char *
insn_kind_name(enum insn_kind kind)
{
	return (unsigned)kind < INSN_KIND_COUNT ? kind_names[kind] : "?";
}
