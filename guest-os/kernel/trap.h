// trap.h: the trap frame, the IDT and the dispatch of exceptions, interrupts and system calls
// (lab 1: exceptions; lab 2: interrupts; lab 3: system calls).
#ifndef GUEST_TRAP_H
#define GUEST_TRAP_H

#include "x86/trap.h"

#define T_SYSCALL  0x80            // int $0x80: a trap gate of DPL 3
#define T_STUBS    (T_IRQ0 + 16)   // vectors 0..T_STUBS-1 have an entry stub, and T_SYSCALL

#ifndef __ASSEMBLER__
#include <stdint.h>

// What trapentry.S builds on the kernel stack, lowest address first; the CPU pushed eip..ss.
struct trapframe {
	uint32_t edi, esi, ebp, esp_pushal, ebx, edx, ecx, eax;   // pushal
	uint32_t gs, fs, es, ds;
	uint32_t vector, err;      // err is 0 where the CPU pushes none
	uint32_t eip, cs, eflags;
	uint32_t esp, ss;          // only on a trap from user mode
};

// "Came from user mode" is (cs & 3) == 3: under a monitor the kernel's own CS has RPL 1.
static inline int
trap_from_user(const struct trapframe *tf)
{
	return (tf->cs & 3) == 3;
}

typedef void (*irq_fn)(struct trapframe *tf);

// Fills the IDT and loads it.
void trap_init(void);
// Makes fn the handler of PIC line irq (0..15) and unmasks the line.
void irq_register(int irq, irq_fn fn);
// The C side of every trap (called by trapentry.S).
void trap(struct trapframe *tf);
// Prints what an exception was and the registers at the time.
void trap_report(const struct trapframe *tf);
// "#PF" for vector 14, "#??" outside the exceptions.
const char *trap_mnemonic(uint32_t vector);
// "page fault" for vector 14, "?" outside the exceptions.
const char *trap_name(uint32_t vector);

extern const uint32_t trap_stubs[T_STUBS];   // trapentry.S: entry address of each vector
void syscall_stub(void);                      // trapentry.S: the entry of int $0x80
void trapret(void);                           // trapentry.S: pops a trapframe and irets
#endif

#endif
