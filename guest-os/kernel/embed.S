// embed.S: the user programs' ELF files, and the table of them (struct program[]).
//
// PROGRAMS is the comma-separated list of names (-DPROGRAMS=... from guest-os.mk); each
// NAME.elf is found on the assembler's include path (-Wa,-I).
	.section .rodata
	.irp name, PROGRAMS
	.p2align 4
image_\name:
	.incbin "\name\().elf"
image_\name\()_end:
name_\name:
	.asciz "\name"
	.endr

	.p2align 2
	.globl programs
programs:
	.irp name, PROGRAMS
	.long name_\name, image_\name, image_\name\()_end - image_\name
	.endr
	.long 0, 0, 0
