// trapentry.S: an entry stub per vector, and the common path into trap() and back (lab 1).
//
// void trapret(void);  // pops the struct trapframe at esp and returns from the trap
//
// Each stub pushes an error code where the CPU pushes none, then its vector number; alltraps
// saves the registers, loads the kernel's data segments and calls trap(tf). The return path
// reloads DS and ES from the frame: an iret to ring 3 would otherwise keep (or, under a
// monitor at ring 1, null) the kernel's.
#include "guest-os/kernel/seg.h"
#include "guest-os/kernel/trap.h"

// Adds "|| vec == v" for each exception with an error code, from EXCEPTION_LIST.
#define HAS_ERROR_CODE(v, mn, name, err) || ((err) && vec == (v))

.macro STUB
	.if !(0 EXCEPTION_LIST(HAS_ERROR_CODE))
	pushl $0
	.endif
	pushl $vec
	jmp alltraps
.endm

	.section .rodata
	.p2align 2
	.globl trap_stubs
trap_stubs:                           // filled in below, one address per vector

	.text
	.set vec, 0
	.rept T_STUBS
1:	STUB
	.pushsection .rodata
	.long 1b
	.popsection
	.set vec, vec + 1
	.endr

	.globl syscall_stub
syscall_stub:
	.set vec, T_SYSCALL
	STUB

alltraps:
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	pushal
	movw $KDATA_SEL, %ax
	movw %ax, %ds
	movw %ax, %es
	pushl %esp                    // trap(tf)
	call trap
	addl $4, %esp

	.globl trapret
trapret:
	popal
	popl %gs
	popl %fs
	popl %es
	popl %ds
	addl $8, %esp                 // vector and error code
	iret
