// insn.h: instruction-encoding facts (Intel SDM vol. 2, ch. 2 and appendix A): register
// numbers as ModRM, SIB and opcodes encode them, and the longest legal instruction.
#ifndef X86_INSN_H
#define X86_INSN_H

#define INSN_MAX_LEN 15         // a longer instruction raises #GP(0) (SDM 2A §2.3.11)

// General registers (SDM 2A table 2-2): ModRM.reg/rm, SIB base/index, opcode low bits.
// The same numbers name AX..DI, and AL, CL, DL, BL, AH, CH, DH, BH in byte instructions.
#define REG_EAX 0
#define REG_ECX 1
#define REG_EDX 2
#define REG_EBX 3
#define REG_ESP 4
#define REG_EBP 5
#define REG_ESI 6
#define REG_EDI 7
#define REG_COUNT 8

// Segment registers (SDM 2A §3.1.1.3, "Sreg"): ModRM.reg of mov to/from Sreg.
#define SREG_ES 0
#define SREG_CS 1
#define SREG_SS 2
#define SREG_DS 3
#define SREG_FS 4
#define SREG_GS 5
#define SREG_COUNT 6

// Prefix bytes (SDM 2A §2.1.1).
#define PFX_BYTE_LOCK   0xF0
#define PFX_BYTE_REPNE  0xF2
#define PFX_BYTE_REP    0xF3
#define PFX_BYTE_ES     0x26
#define PFX_BYTE_CS     0x2E
#define PFX_BYTE_SS     0x36
#define PFX_BYTE_DS     0x3E
#define PFX_BYTE_FS     0x64
#define PFX_BYTE_GS     0x65
#define PFX_BYTE_OPSIZE 0x66
#define PFX_BYTE_ADDRSIZE 0x67
#define OPCODE_ESCAPE   0x0F    // two-byte opcodes follow

// ModRM: | mod (2) | reg (3) | rm (3) |; SIB: | scale (2) | index (3) | base (3) |
#define MODRM_MOD(b)    ((b) >> 6)
#define MODRM_REG(b)    (((b) >> 3) & 7)
#define MODRM_RM(b)     ((b) & 7)
#define MOD_REGISTER    3       // rm names a register, not memory
#define RM_SIB          4       // 32-bit addressing: a SIB byte follows
#define RM_DISP32       5       // 32-bit addressing, mod 0: disp32, no base
#define RM16_DISP16     6       // 16-bit addressing, mod 0: disp16, no base
#define SIB_NO_INDEX    4       // index 4 (ESP) means none
#define SIB_NO_BASE     5       // base 5 with mod 0: disp32, no base

#endif
