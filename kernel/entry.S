// entry.S: where the loader jumps, with eax = BOOTINFO_MAGIC and ebx = the struct bootinfo.
//
// void _start(void);  // sets up the boot stack and calls kernel_start(magic, bootinfo)
#define KSTACK_SIZE 16384

	.section .text.entry, "ax"
	.globl _start
_start:
	cli
	movl $kstack + KSTACK_SIZE, %esp
	xorl %ebp, %ebp               // ends the backtrace
	pushl %ebx
	pushl %eax
	call kernel_start
1:	hlt
	jmp 1b

	.section .bss
	.p2align 12
	.globl kstack
kstack:
	.space KSTACK_SIZE
