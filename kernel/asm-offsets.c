// asm-offsets.c: the structure offsets and sizes the assembly needs, computed by the compiler
// so they are never typed twice. Compiled to assembly only; kernel.mk turns each
// "->NAME value" line into "#define NAME value" in build/include/asm-offsets.h.
#include <stddef.h>
#include "kernel/trap.h"

#define DEFINE(sym, val) __asm__ volatile("\n.ascii \"->" #sym " %c0\"" : : "i"(val))

void asm_offsets(void);

void
asm_offsets(void)
{
	DEFINE(TF_CS, offsetof(struct trapframe, cs));
	DEFINE(TF_EFLAGS, offsetof(struct trapframe, eflags));
	DEFINE(TF_SIZE, sizeof(struct trapframe));
	DEFINE(TF_KERNEL_SIZE, offsetof(struct trapframe, esp));
}
