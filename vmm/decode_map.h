// decode_map.h: the opcode maps decode.c reads (private to the decoder).
#ifndef VMM_DECODE_MAP_H
#define VMM_DECODE_MAP_H

#include <stdbool.h>
#include <stdint.h>
#include "vmm/decode.h"

// What an opcode byte implies: what follows it, and whether it is one at all.
#define OP_MODRM      0x001   // a ModRM byte (and maybe a SIB byte and a displacement)
#define OP_IMM8       0x002   // an 8-bit immediate
#define OP_IMM16      0x004   // a 16-bit immediate
#define OP_IMMZ       0x008   // a 16- or 32-bit immediate, by operand size
#define OP_MOFFS      0x010   // a 16- or 32-bit offset, by address size
#define OP_PREFIX     0x020   // a prefix, not an opcode
#define OP_INVALID    0x040   // #UD
#define OP_TEST_GROUP 0x080   // F6/F7: the immediate is there only for /0 and /1 (test)
#define OP_REG_ONLY   0x100   // 0F 20-23: mod is ignored, rm is always a register
#define OP_3BYTE      0x200   // 0F 38, 0F 3A: one more opcode byte follows
#define OP_ESCAPE     0x400   // 0F: a two-byte opcode follows

// Flags of a kind-table row.
#define K_BYTE 0x01           // operates on bytes (opsize 1)
#define K_DX   0x02           // the port is DX

// An opcode (and ModRM.reg, or the whole ModRM byte) that has a kind of its own.
struct op_kind {
	uint16_t op;          // 0xXX or 0x0FXX
	int8_t reg;           // the ModRM.reg it needs, or -1
	int16_t modrm;        // the whole ModRM byte it needs, or -1
	uint8_t kind;         // enum insn_kind
	int8_t sreg;          // the segment register it names, or -1
	uint8_t flags;        // K_*
};

// The attributes (OP_*) of a one-byte (0xXX), two-byte (0x0FXX) or three-byte opcode.
uint16_t decode_attr(uint32_t opcode);
// The kind-table row for a decoded opcode and ModRM, or NULL (INSN_OTHER).
const struct op_kind *decode_kind(const struct insn *insn);
// Whether the ModRM of a group opcode names an instruction: a defined /reg, and memory
// where only memory will do. True for opcodes without such rules.
bool decode_modrm_ok(const struct insn *insn);
// Whether a lock prefix is allowed: a read-modify-write instruction on memory.
bool decode_lock_ok(const struct insn *insn);

#endif
