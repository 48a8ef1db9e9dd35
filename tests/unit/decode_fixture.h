// decode_fixture.h: what the decoder's tests (tests/unit/test_decode_*.c) share: one decoded
// instruction, and a helper that decodes a few bytes into it as 32-bit code.
#ifndef TESTS_UNIT_DECODE_FIXTURE_H
#define TESTS_UNIT_DECODE_FIXTURE_H

#include <stdint.h>

#include "lib/error.h"
#include "vmm/decode.h"
#include "x86/insn.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

// The instruction the last decode (or a test's own decode_insn call) filled in.
extern struct insn in;

// Decodes bytes as 32-bit code with 15 bytes available; returns decode_insn's result.
int decode(const uint8_t *bytes, int n);

// DECODE(0x0F, 0x01, 0x10): decode of those bytes.
#define DECODE(...) decode((const uint8_t[]){ __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ }))

#endif
