// trap.h: the trap frame, exception reports and interrupt dispatch of the host kernel.
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <stdint.h>
#include "x86/trap.h"

// What trapentry.S pushes, lowest address first (the CPU pushed eip..ss). A pushed segment
// register fills 32 bits, but the CPU may leave the upper half as it was (SDM 2B, PUSH):
// hence the padding.
struct trapframe {
	uint32_t cr3;                       // the address space the trap came from
	uint32_t edi, esi, ebp, esp_pushal, ebx, edx, ecx, eax;
	uint16_t gs, gs_pad, fs, fs_pad, es, es_pad, ds, ds_pad;
	uint32_t vector, err;               // err: 0 where the CPU pushes none
	uint32_t eip;
	uint16_t cs, cs_pad;
	uint32_t eflags;
	uint32_t esp;                       // esp and ss: only when the privilege level changed
	uint16_t ss, ss_pad;
};
_Static_assert(sizeof(struct trapframe) == 20 * 4, "trapframe: 20 words");

typedef void (*irq_handler_fn)(struct trapframe *tf);

// Builds the IDT (in the trampoline) and loads it. Needs seg_init first.
void trap_init(void);

// Arms a one-shot expectation: the next exception `vector` in the kernel is reported as
// expected and execution resumes at resume_eip instead of panicking. Used by self-tests.
void trap_expect(int vector, uint32_t resume_eip);
// Returns 1 if the armed expectation was met (and disarms it), 0 otherwise.
int trap_expect_met(void);

// Registers the handler of a PIC interrupt line (0..15) and unmasks it.
void irq_register(int irq, irq_handler_fn fn);

// Prints the report of an exception: vector, name, error code decoded, registers, CR2.
void trap_report(const struct trapframe *tf);

// True for the exceptions where the CPU pushes an error code.
int trap_has_error(uint32_t vector);

// Name of an exception vector ("page fault"), and its mnemonic ("#PF"); NULL if not one.
const char *trap_name(uint32_t vector);
const char *trap_mnemonic(uint32_t vector);

// The C side of every trap, called by trapentry.S on the kernel's address space.
void trap(struct trapframe *tf);

#endif
