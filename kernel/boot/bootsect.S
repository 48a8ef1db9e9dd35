// bootsect.S: the boot sector. The BIOS loads it at 0x7C00 in real mode; it reads the image
// header and the loader (sectors 1..63) with int 13h extensions, records the BIOS memory map
// (int 15h E820), opens the A20 gate, enters 32-bit protected mode and calls the loader.
//
// void bootsect(void);  // never returns
#include "boot/image.h"
#include "pc/pc.h"

#define CODE_SEL 0x08
#define DATA_SEL 0x10
#define SMAP     0x534D4150          // "SMAP", the E820 signature

	.code16
	.section .text
	.globl start
start:
	cli
	cld
	xorw %ax, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw $BOOT_STACK_TOP, %sp
	ljmp $0, $1f                  // some BIOSes enter at 07C0:0000: make CS 0
1:	movb %dl, drive

	// Read sectors 1..63 (header + loader) to 0x7E00 by LBA (int 13h, AH = 42h).
	movw $dap, %si
	movb $0x42, %ah
	movb drive, %dl
	int $0x13
	jc disk_error

	call e820
	call a20_enable

	lgdt gdt_desc
	movl %cr0, %eax
	orl $1, %eax                  // CR0.PE
	movl %eax, %cr0
	ljmp $CODE_SEL, $start32

// Fills BOOT_E820_ADDR with up to E820_MAX entries and stores their count.
e820:
	xorl %ebx, %ebx
	xorl %ebp, %ebp
	movw $BOOT_E820_ADDR, %di
2:	movl $0xE820, %eax
	movl $E820_ENTRY_SIZE, %ecx
	movl $SMAP, %edx
	movl $1, %es:20(%di)          // "valid" extended attribute, in case the BIOS writes 20 bytes
	int $0x15
	jc 3f
	cmpl $SMAP, %eax
	jne 3f
	jcxz 4f                       // an empty entry: skip it
	incl %ebp
	addw $E820_ENTRY_SIZE, %di
	cmpl $E820_MAX, %ebp
	jae 3f
4:	testl %ebx, %ebx
	jnz 2b
3:	movl %ebp, BOOT_E820_COUNT_ADDR
	ret

// Opens the A20 gate: the fast way (port 0x92), then through the keyboard controller.
a20_enable:
	inb $PORT_SYSCTRL_A, %al
	orb $2, %al
	andb $0xFE, %al               // bit 0 would reset the machine
	outb %al, $PORT_SYSCTRL_A
5:	inb $PORT_KBD_STATUS, %al
	testb $2, %al
	jnz 5b
	movb $0xD1, %al               // write output port
	outb %al, $PORT_KBD_STATUS
6:	inb $PORT_KBD_STATUS, %al
	testb $2, %al
	jnz 6b
	movb $0xDF, %al               // A20 on
	outb %al, $PORT_KBD_DATA
	ret

disk_error:
	movw $msg_disk, %si
7:	lodsb
	testb %al, %al
	jz 8f
	outb %al, $PORT_E9_DEBUG               // to the emulator's debug console
	movb $0x0E, %ah               // and to the screen (int 10h teletype)
	int $0x10
	jmp 7b
8:	hlt
	jmp 8b

	.code32
start32:
	movw $DATA_SEL, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	xorw %ax, %ax
	movw %ax, %fs
	movw %ax, %gs
	movl $BOOT_STACK_TOP, %esp
	call LOADER_ADDR              // the loader never returns
9:	hlt
	jmp 9b

drive:	.byte 0x80
msg_disk:
	.asciz "duplicata boot: disk read failed (int 13h AH=42h)\r\n"

	.p2align 2
dap:	.byte 16, 0                   // disk address packet: size, reserved
	.word 1 + IMAGE_LOADER_SECTORS // sectors
	.word IMAGE_HEADER_ADDR, 0    // buffer offset, segment
	.quad IMAGE_HEADER_LBA        // first LBA

	.p2align 3
gdt:	.quad 0                                        // null
	.quad 0x00CF9A000000FFFF                      // 0x08: code, base 0, limit 4 GiB, 32-bit
	.quad 0x00CF92000000FFFF                      // 0x10: data, base 0, limit 4 GiB
gdt_desc:
	.word gdt_desc - gdt - 1
	.long gdt
