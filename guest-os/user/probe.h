// probe.h: runs single instructions that may fault, and tells which exception they raised.
//
// PROBE(name, "instructions") defines int probe_name(void *out), which runs the instructions
// with ecx = out and returns -1 if they completed, or the vector of the exception they
// raised. It relies on probe_init(): the kernel then resumes a faulting program at
// probe_resume with the vector in eax (sys_catch_faults), and probe_resume's ret returns
// from the probe, whose stack is as it was at the fault. The instructions may use eax, ecx,
// edx and memory at ecx, and must leave esp as they found it.
#ifndef GUEST_PROBE_H
#define GUEST_PROBE_H

#include "guest-os/user/ulib.h"

#define PROBE(name, insns)                                              \
	__asm__(".text\n"                                               \
		".globl probe_" #name "\n"                              \
		"probe_" #name ":\n\t"                                  \
		"movl 4(%esp), %ecx\n\t"                                \
		insns "\n\t"                                            \
		"movl $-1, %eax\n\t"                                    \
		"ret\n");                                               \
	int probe_##name(void *out);

void probe_resume(void);

static inline void
probe_init(void)
{
	catch_faults(probe_resume);
}

#endif
