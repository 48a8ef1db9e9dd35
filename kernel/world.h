// world.h: running code at ring 1 or 3 in another address space (the basis of trap-and-emulate).
#ifndef KERNEL_WORLD_H
#define KERNEL_WORLD_H

#include "kernel/trap.h"

// Runs the context in *tf (cs with RPL 1 or 3, tf->cr3 an address space that maps the
// trampoline, segment selectors valid in the GDT that space maps) until it traps; then *tf
// holds the trap's frame (vector, error code, registers) and world_switch returns with the
// kernel's address space loaded and interrupts off. Call it with interrupts off. An
// interrupt that ends the switch is the caller's to dispatch (trap(tf) acknowledges it).
void world_switch(struct trapframe *tf);

// True if the other world changed what it must not: it ended in virtual-8086 mode, or a
// hardware task switch (an iret with NT set) replaced the kernel's task register. The
// kernel's TSS is then loaded again. The caller must stop that world.
int world_escaped(const struct trapframe *tf);

#endif
