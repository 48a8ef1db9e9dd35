// rsp.h: GDB's remote serial protocol, as QEMU's gdbstub speaks it (GDB manual, appendix E).
//
// A packet is "$payload#cc" with cc the hex sum of the payload bytes mod 256; the receiver
// answers '+' (or '-' to ask again). Replies used here: "OK", "E nn", register and memory
// dumps in hex (little-endian bytes), stop replies "T05..." / "S05" and exits "W00".
#ifndef GRADER_RSP_H
#define GRADER_RSP_H

#include <stddef.h>

#include "grader/machine.h"

#define RSP_MAX 8192            // the longest packet the grader sends or accepts

// Frames payload as "$payload#cc" into out (size bytes). Returns the length, or -E_2BIG.
int rsp_frame(const char *payload, char *out, size_t size);

// Takes the first packet out of the bytes buf[0..len), skipping acks ('+') and noise before
// '$'. Returns 1 with the payload copied (NUL-terminated) and *used set to the bytes
// consumed; 0 when no complete packet is there yet (*used: bytes that may be dropped);
// -E_INVAL when its checksum is wrong (*used past it); -E_2BIG when it exceeds psize.
int rsp_take(const char *buf, size_t len, size_t *used, char *payload, size_t psize);

// Decodes 2*n hex digits into n bytes. Returns 0, or -E_INVAL on a short or bad string.
int rsp_hex_decode(const char *hex, void *buf, size_t n);

// Fills the general registers of r (eax..edi, eip, eflags, the six selectors) from a 'g'
// reply (i386 order: eax ecx edx ebx esp ebp esi edi eip eflags cs ss ds es fs gs).
// Returns 0 or -E_INVAL.
int rsp_parse_g(const char *hex, struct regs *r);

// A stop reply: returns the signal (0..255) of "T05..." / "S05"; RSP_EXITED for "W.."/"X..";
// -E_INVAL for anything else.
#define RSP_EXITED 256
int rsp_parse_stop(const char *payload);

#endif
