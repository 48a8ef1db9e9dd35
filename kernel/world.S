// world.S: a world switch: run a context of another privilege level and address space until
// it traps.
//
// void world_switch(struct trapframe *tf);
//
// Loads tf's registers, address space (tf->cr3) and segments, and irets to tf->cs:tf->eip at
// ring 1 or 3. The next trap from there (exception, interrupt, int n) comes back through
// trapentry.S's world_exit: its frame overwrites *tf and world_switch returns, on the kernel's
// stack and address space, interrupts off. Call it with interrupts off.
#include "asm-offsets.h"

	.text
	.globl world_switch
world_switch:
	cli
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl 20(%esp), %esi
	movl %esi, world_frame
	movl %esp, world_esp
	movl $__tramp_end - TF_SIZE, %edi     // the frame goes to the top of the trap stack
	movl $TF_SIZE / 4, %ecx
	cld
	rep movsl
	movl $__tramp_end - TF_SIZE, %esp
	jmp trapret                           // loads tf->cr3, the registers, and irets

	.bss
	.p2align 2
	.globl world_frame, world_esp
world_frame:                                  // the caller's struct trapframe
	.long 0
world_esp:                                    // the kernel stack to return on
	.long 0
