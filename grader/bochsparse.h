// bochsparse.h: reading what the Bochs 2.7 debugger prints (r, sreg, creg, xp), and its log.
//
//   r:     "rax: 00000000_2badd0da" ... "rip: 00000000_001006b0", "eflags 0x00000046: ..."
//   sreg:  "cs:0x0008, dh=0x00cf9b00, dl=0x0000ffff, valid=1" (the descriptor's two words),
//          "gdtr:base=0x0000000000007d18, limit=0x17"
//   creg:  "CR0=0x60000011: pg CD ...", "CR2=page fault laddr=0x...", "CR3=0x000000119000"
//   xp:    "0x0000000000100000 <bogus+       0>:\t0x55\t0x89\t..."
#ifndef GRADER_BOCHSPARSE_H
#define GRADER_BOCHSPARSE_H

#include "grader/machine.h"
#include "grader/text.h"

// Fills r from the outputs of r, sreg and creg. Returns 0, or -E_INVAL when a register is
// missing (named in why).
int bochs_parse_regs(const char *r_out, const char *sreg_out, const char *creg_out,
		     struct regs *r, char *why, size_t whysize);

// Reads the bytes of an "xp /Nbx" output into buf (n bytes). Returns 0 or -E_INVAL.
int bochs_parse_xp(const char *out, void *buf, size_t n);

// 1 when text ends with the debugger's prompt "<bochs:N> " (spaces after it allowed).
int bochs_prompt_at_end(const char *text, size_t len);

// Appends the error and panic lines of a Bochs log ("00154242118e[CPU0  ] ...": level e or
// p, VMFAIL and VMENTER FAIL among them), each once, at most max lines, as "  bochs: ...".
// Returns how many.
int bochs_log_errors(const char *log, int max, struct text *out);

#endif
