// decode.h: decoding the i386 instructions a monitor must emulate, from their bytes.
#ifndef VMM_DECODE_H
#define VMM_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// X(name, mnemonic): the kinds of instruction the decoder tells apart. Everything else
// is INSN_OTHER, with its length.
#define INSN_KIND_LIST(X)                                                       \
	X(OTHER, "other")                                                       \
	X(CLI, "cli") X(STI, "sti") X(HLT, "hlt")                               \
	X(IN, "in") X(OUT, "out") X(INS, "ins") X(OUTS, "outs")                 \
	X(IRET, "iret") X(POPF, "popf") X(PUSHF, "pushf")                       \
	X(INT, "int") X(INT3, "int3") X(INTO, "into")                           \
	X(LGDT, "lgdt") X(LIDT, "lidt") X(SGDT, "sgdt") X(SIDT, "sidt")         \
	X(SMSW, "smsw") X(LMSW, "lmsw") X(INVLPG, "invlpg")                     \
	X(LLDT, "lldt") X(SLDT, "sldt") X(LTR, "ltr") X(STR, "str")             \
	X(VERR, "verr") X(VERW, "verw") X(LAR, "lar") X(LSL, "lsl")             \
	X(MOV_FROM_CR, "mov from cr") X(MOV_TO_CR, "mov to cr")                 \
	X(MOV_FROM_DR, "mov from dr") X(MOV_TO_DR, "mov to dr")                 \
	X(CLTS, "clts") X(WBINVD, "wbinvd") X(INVD, "invd")                     \
	X(RDMSR, "rdmsr") X(WRMSR, "wrmsr") X(RDTSC, "rdtsc") X(RDPMC, "rdpmc") \
	X(CPUID, "cpuid")                                                       \
	X(MOV_FROM_SEG, "mov from sreg") X(MOV_TO_SEG, "mov to sreg")           \
	X(PUSH_SEG, "push sreg") X(POP_SEG, "pop sreg")                         \
	X(LOAD_FAR, "lds/les/lfs/lgs/lss")                                      \
	X(JMP_FAR, "ljmp") X(CALL_FAR, "lcall") X(RETF, "lret")                 \
	X(SYSENTER, "sysenter") X(SYSEXIT, "sysexit")                           \
	X(VMCALL, "vmcall") X(VMMCALL, "vmmcall") X(UD, "ud0/ud1/ud2")

enum insn_kind {
#define INSN_KIND_ENUM(name, mnemonic) INSN_##name,
	INSN_KIND_LIST(INSN_KIND_ENUM)
#undef INSN_KIND_ENUM
	INSN_KIND_COUNT
};

// Prefixes seen (insn.prefixes).
#define INSN_PFX_LOCK     0x01
#define INSN_PFX_REP      0x02   // F3: rep / repe
#define INSN_PFX_REPNE    0x04   // F2
#define INSN_PFX_OPSIZE   0x08   // 66
#define INSN_PFX_ADDRSIZE 0x10   // 67
#define INSN_PFX_SEG      0x20   // a segment override (insn.seg_override says which)

#define INSN_NONE (-1)           // no register here

// A memory operand: seg:[base + index * scale + disp], registers as REG_* (x86/insn.h).
// With 16-bit addressing the registers are BX, BP, SI, DI (same numbers) and the sum
// wraps at 64 KiB.
struct insn_mem {
	int8_t base;             // REG_*, or INSN_NONE
	int8_t index;            // REG_*, or INSN_NONE
	uint8_t scale;           // 1, 2, 4 or 8
	uint8_t seg;             // SREG_*: the override, or DS (SS for an EBP, ESP or BP base)
	int32_t disp;            // sign-extended
};

// A decoded instruction. Which fields mean what, per kind:
//   IN, OUT          port = imm (port_dx false) or DX (port_dx true); opsize 1, 2 or 4
//   INS, OUTS        the same port; mem is ES:[EDI] (ins) or seg:[ESI] (outs); prefixes
//                    say rep. addrsize says ESI/EDI or SI/DI, opsize the element size
//   INT, INT3, INTO  imm is the vector (3 for int3, 4 for into)
//   IRET, POPF, PUSHF, RETF  opsize 2 or 4 is the size of each stack slot; RETF: imm
//                    bytes to pop (0 without an immediate)
//   LGDT..SIDT       mem is the 6-byte operand (with opsize 2, lgdt/lidt keep 24 bits)
//   SMSW, LMSW, LLDT, SLDT, LTR, STR, VERR, VERW, LAR, LSL
//                    the operand is mem (is_mem) or general register rm; reg is the
//                    destination register of lar/lsl
//   INVLPG           mem is the address
//   MOV_*_CR, _DR    reg is the CR/DR number, rm the general register
//   MOV_*_SEG        sreg; the other operand is mem (16 bits) or register rm
//   PUSH_SEG, POP_SEG  sreg
//   LOAD_FAR         sreg, reg is the offset's register, mem the far pointer
//   JMP_FAR, CALL_FAR  a pointer in the instruction: imm the offset, imm2 the selector;
//                    or (is_mem) mem holds offset then selector
struct insn {
	enum insn_kind kind;
	uint8_t len;             // bytes, prefixes included: 1..INSN_MAX_LEN
	uint8_t opsize;          // operand size in bytes: 1, 2 or 4
	uint8_t addrsize;        // address size in bytes: 2 or 4
	uint8_t prefixes;        // INSN_PFX_*
	int8_t seg_override;     // SREG_*, or INSN_NONE
	uint32_t opcode;         // 0xXX, 0x0FXX, or 0x0F38XX / 0x0F3AXX
	bool has_modrm;
	uint8_t modrm;
	uint8_t mod, reg, rm;    // the ModRM fields (0 without one)
	bool is_mem;             // the operand is in memory: see mem
	struct insn_mem mem;
	int8_t sreg;             // the segment register the instruction names, or INSN_NONE
	bool port_dx;            // in/out/ins/outs: the port is DX
	uint32_t imm;            // first immediate, as encoded (zero-extended)
	uint32_t imm2;           // second immediate (far pointer's selector, enter's level)
};

// Decodes one instruction from bytes[0..n) for a code segment of code_size bytes (4 for a
// 32-bit segment, 2 for a 16-bit one). Returns its length (1..15) and fills *insn, or:
//   -E_BADINSN  not an instruction on i386 (reserved opcode, a lock prefix where none may
//               be, a register where memory is needed...): the CPU raises #UD
//   -E_2BIG     longer than 15 bytes: the CPU raises #GP(0)
//   -E_TRUNC    bytes ends inside the instruction: fetch more (or reflect the #PF)
//   -E_INVAL    code_size is neither 2 nor 4
int decode_insn(struct insn *insn, const uint8_t *bytes, size_t n, int code_size);

// "lgdt", "mov to cr"...: the mnemonic of a kind ("?" when out of range).
const char *insn_kind_name(enum insn_kind kind);

#endif
