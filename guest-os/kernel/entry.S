// entry.S: where the loader (or a monitor) jumps: paging off, flat segments,
// eax = BOOTINFO_MAGIC, ebx = the physical address of a struct bootinfo.
//
// void _start(void);  // copies the bootinfo, turns paging on, calls kmain(magic)
//
// Runs at its physical address (kernel.ld links .text.boot there). It maps the first
// BOOT_MAP_SIZE bytes of RAM at 0 (where it runs) and at KERNBASE (where the rest of the
// kernel is linked), turns paging on and jumps up. Its cli and mov to CR3 and CR0 are the
// only privileged instructions of the kernel outside cpu.h. It uses no stack until it has
// its own, and copies the bootinfo first: under a monitor nothing else of the loader exists.
#include "boot/image.h"
#include "guest-os/kernel/layout.h"
#include "x86/paging.h"
#include "x86/regs.h"

#define BOOT_STACK_SIZE 8192

	.section .text.boot, "ax"
	.globl _start
_start:
	cli
	cmpl $BOOTINFO_MAGIC, %eax
	jne 1f                        // kmain will complain
	movl %ebx, %esi
	movl $V2P(boot_info), %edi
	movl V2P(bootinfo_size), %ecx
	cld
	rep movsb
1:	movl $V2P(boot_pt), %edi      // boot_pt[i] = i * 4 KiB, present, writable
	movl $(PTE_P | PTE_W), %edx
2:	movl %edx, (%edi)
	addl $PAGE_SIZE, %edx
	addl $4, %edi
	cmpl $V2P(boot_pt) + PAGE_SIZE, %edi
	jb 2b
	movl $(V2P(boot_pt) + PTE_P + PTE_W), %edx
	movl %edx, V2P(boot_pd)
	movl %edx, V2P(boot_pd) + (KERNBASE >> PD32_SHIFT) * 4
	movl $V2P(boot_pd), %ecx
	movl %ecx, %cr3
	movl %cr0, %ecx
	orl $(CR0_PG | CR0_WP), %ecx
	movl %ecx, %cr0
	movl $boot_stack + BOOT_STACK_SIZE, %esp
	xorl %ebp, %ebp               // the end of backtraces
	pushl %eax
	movl $kmain, %ecx
	call *%ecx

	.data                         // in the file, so zero even if nobody clears the bss
	.p2align 12
boot_pd:
	.space PAGE_SIZE

	.bss
	.p2align 12
boot_pt:
	.space PAGE_SIZE
boot_stack:                       // the scheduler's stack too, once kmain calls it
	.space BOOT_STACK_SIZE
