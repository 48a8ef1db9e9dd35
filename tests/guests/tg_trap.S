// tg_trap.S: the test guests' entry point and event stubs.
//
//   void tg_start(void);                  from the loader: eax = magic, ebx = bootinfo
//   void tg_user_run(void (*fn)(void));   runs fn at CPL 3 until it calls tg_user_exit
#include "tests/guests/tguest.h"

	.text
	.globl tg_start
tg_start:
	movl $tg_stack + TG_STACK_SIZE, %esp
	pushl %ebx
	pushl %eax
	call tg_main

// One stub a vector: an error code of 0 where the CPU pushes none, then the vector number.
.macro vector n
	.if (\n == 8) || (\n >= 10 && \n <= 14) || (\n == 17)
	.else
	pushl $0
	.endif
	pushl $\n
	jmp tg_trap
.endm

	.p2align 4
tg_stubs:
.set i, 0
.rept 256
	.p2align 4
	vector i
	.set i, i + 1
.endr

// Every event: the registers, the kernel's data segments, tg_trap_c(frame), then back.
tg_trap:
	pushl %es
	pushl %ds
	pushal
	movw $TG_KDATA, %ax
	movw %ax, %ds
	movw %ax, %es
	pushl %esp
	call tg_trap_c
	addl $4, %esp
	popal
	popl %ds
	popl %es
	addl $8, %esp                    // vector and error code
	iret

	.globl tg_user_run
tg_user_run:
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl %esp, tg_kernel_esp
	movl 20(%esp), %eax              // fn
	movw $TG_UDATA, %cx
	movw %cx, %ds
	movw %cx, %es
	pushl $TG_UDATA                  // ss
	pushl $tg_ustack + TG_STACK_SIZE // esp
	pushl $0x202                     // eflags: IF
	pushl $TG_UCODE                  // cs
	pushl %eax                       // eip
	iret

// tg_trap_c sends the user's tg_user_exit here, at the kernel's CPL, on the TSS's stack.
	.globl tg_user_back
tg_user_back:
	movw $TG_KDATA, %cx
	movw %cx, %ds
	movw %cx, %es
	movl tg_kernel_esp, %esp
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret

	.data
	.p2align 2
	.globl tg_vectors
tg_vectors:
.set i, 0
.rept 256
	.long tg_stubs + i * 16
	.set i, i + 1
.endr

	.bss
	.p2align 4
tg_kernel_esp:
	.long 0
	.p2align 4
tg_stack:
	.space TG_STACK_SIZE
tg_ustack:
	.space TG_STACK_SIZE
