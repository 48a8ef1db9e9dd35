// test_decode_table.c: the instruction decoder on a table of encodings, every length checked
// against objdump and every kind it must tell apart; and the names of those kinds.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include "tests/unit/decode_fixture.h"

struct encoding {
	const char *text;               // as written for `as --32`
	uint8_t bytes[INSN_MAX_LEN];
	int len;
	enum insn_kind kind;
};

// Assembled with `as --32`, one instruction at a time; every length agrees with
// `objdump -D -b binary -m i386`, which decoded each as one instruction of that length.
static const struct encoding encodings[] = {
	{ "cli", { 0xfa }, 1, INSN_CLI },
	{ "sti", { 0xfb }, 1, INSN_STI },
	{ "hlt", { 0xf4 }, 1, INSN_HLT },
	{ "inb $0x60, %al", { 0xe4, 0x60 }, 2, INSN_IN },
	{ "inw $0x60, %ax", { 0x66, 0xe5, 0x60 }, 3, INSN_IN },
	{ "inl $0x60, %eax", { 0xe5, 0x60 }, 2, INSN_IN },
	{ "inb %dx, %al", { 0xec }, 1, INSN_IN },
	{ "inw %dx, %ax", { 0x66, 0xed }, 2, INSN_IN },
	{ "inl %dx, %eax", { 0xed }, 1, INSN_IN },
	{ "outb %al, $0x80", { 0xe6, 0x80 }, 2, INSN_OUT },
	{ "outw %ax, $0x80", { 0x66, 0xe7, 0x80 }, 3, INSN_OUT },
	{ "outl %eax, $0xe9", { 0xe7, 0xe9 }, 2, INSN_OUT },
	{ "outb %al, %dx", { 0xee }, 1, INSN_OUT },
	{ "outw %ax, %dx", { 0x66, 0xef }, 2, INSN_OUT },
	{ "outl %eax, %dx", { 0xef }, 1, INSN_OUT },
	{ "insb", { 0x6c }, 1, INSN_INS },
	{ "insw", { 0x66, 0x6d }, 2, INSN_INS },
	{ "insl", { 0x6d }, 1, INSN_INS },
	{ "rep insl", { 0xf3, 0x6d }, 2, INSN_INS },
	{ "outsb", { 0x6e }, 1, INSN_OUTS },
	{ "rep outsb", { 0xf3, 0x6e }, 2, INSN_OUTS },
	{ "rep outsw", { 0x66, 0xf3, 0x6f }, 3, INSN_OUTS },
	{ "outsl", { 0x6f }, 1, INSN_OUTS },
	{ "fs outsl", { 0x64, 0x6f }, 2, INSN_OUTS },
	{ "iret", { 0xcf }, 1, INSN_IRET },
	{ "iretw", { 0x66, 0xcf }, 2, INSN_IRET },
	{ "popf", { 0x9d }, 1, INSN_POPF },
	{ "popfw", { 0x66, 0x9d }, 2, INSN_POPF },
	{ "pushf", { 0x9c }, 1, INSN_PUSHF },
	{ "pushfw", { 0x66, 0x9c }, 2, INSN_PUSHF },
	{ "int $0x80", { 0xcd, 0x80 }, 2, INSN_INT },
	{ "int $0x30", { 0xcd, 0x30 }, 2, INSN_INT },
	{ "int3", { 0xcc }, 1, INSN_INT3 },
	{ "into", { 0xce }, 1, INSN_INTO },
	{ "lgdt (%eax)", { 0x0f, 0x01, 0x10 }, 3, INSN_LGDT },
	{ "lgdt 0x12345678", { 0x0f, 0x01, 0x15, 0x78, 0x56, 0x34, 0x12 }, 7, INSN_LGDT },
	{ "lgdtw (%eax)", { 0x66, 0x0f, 0x01, 0x10 }, 4, INSN_LGDT },
	{ "lidt 8(%ebp)", { 0x0f, 0x01, 0x5d, 0x08 }, 4, INSN_LIDT },
	{ "lidt 0x100(%esp)", { 0x0f, 0x01, 0x9c, 0x24, 0x00, 0x01, 0x00, 0x00 }, 8, INSN_LIDT },
	{ "sgdt (%ebx,%ecx,4)", { 0x0f, 0x01, 0x04, 0x8b }, 4, INSN_SGDT },
	{ "sidt -4(%esi,%edi,8)", { 0x0f, 0x01, 0x4c, 0xfe, 0xfc }, 5, INSN_SIDT },
	{ "smsw %eax", { 0x0f, 0x01, 0xe0 }, 3, INSN_SMSW },
	{ "smsw (%ecx)", { 0x0f, 0x01, 0x21 }, 3, INSN_SMSW },
	{ "lmsw %ax", { 0x0f, 0x01, 0xf0 }, 3, INSN_LMSW },
	{ "lmsw (%edx)", { 0x0f, 0x01, 0x32 }, 3, INSN_LMSW },
	{ "invlpg (%eax)", { 0x0f, 0x01, 0x38 }, 3, INSN_INVLPG },
	{ "invlpg 0x1000(,%esi,2)", { 0x0f, 0x01, 0x3c, 0x75, 0x00, 0x10, 0x00, 0x00 }, 8, INSN_INVLPG },
	{ "lldt %ax", { 0x0f, 0x00, 0xd0 }, 3, INSN_LLDT },
	{ "lldt (%eax)", { 0x0f, 0x00, 0x10 }, 3, INSN_LLDT },
	{ "sldt %eax", { 0x0f, 0x00, 0xc0 }, 3, INSN_SLDT },
	{ "ltr %ax", { 0x0f, 0x00, 0xd8 }, 3, INSN_LTR },
	{ "ltr 2(%ebx)", { 0x0f, 0x00, 0x5b, 0x02 }, 4, INSN_LTR },
	{ "str %ecx", { 0x0f, 0x00, 0xc9 }, 3, INSN_STR },
	{ "verr %ax", { 0x0f, 0x00, 0xe0 }, 3, INSN_VERR },
	{ "verw (%eax)", { 0x0f, 0x00, 0x28 }, 3, INSN_VERW },
	{ "lar %eax, %ebx", { 0x0f, 0x02, 0xd8 }, 3, INSN_LAR },
	{ "lar (%ecx), %edx", { 0x0f, 0x02, 0x11 }, 3, INSN_LAR },
	{ "lsl %eax, %ecx", { 0x0f, 0x03, 0xc8 }, 3, INSN_LSL },
	{ "mov %cr0, %eax", { 0x0f, 0x20, 0xc0 }, 3, INSN_MOV_FROM_CR },
	{ "mov %cr2, %ebx", { 0x0f, 0x20, 0xd3 }, 3, INSN_MOV_FROM_CR },
	{ "mov %cr3, %ecx", { 0x0f, 0x20, 0xd9 }, 3, INSN_MOV_FROM_CR },
	{ "mov %cr4, %edi", { 0x0f, 0x20, 0xe7 }, 3, INSN_MOV_FROM_CR },
	{ "mov %eax, %cr0", { 0x0f, 0x22, 0xc0 }, 3, INSN_MOV_TO_CR },
	{ "mov %ebx, %cr3", { 0x0f, 0x22, 0xdb }, 3, INSN_MOV_TO_CR },
	{ "mov %esi, %cr4", { 0x0f, 0x22, 0xe6 }, 3, INSN_MOV_TO_CR },
	{ "mov %db7, %eax", { 0x0f, 0x21, 0xf8 }, 3, INSN_MOV_FROM_DR },
	{ "mov %eax, %db0", { 0x0f, 0x23, 0xc0 }, 3, INSN_MOV_TO_DR },
	{ "clts", { 0x0f, 0x06 }, 2, INSN_CLTS },
	{ "wbinvd", { 0x0f, 0x09 }, 2, INSN_WBINVD },
	{ "invd", { 0x0f, 0x08 }, 2, INSN_INVD },
	{ "rdmsr", { 0x0f, 0x32 }, 2, INSN_RDMSR },
	{ "wrmsr", { 0x0f, 0x30 }, 2, INSN_WRMSR },
	{ "rdtsc", { 0x0f, 0x31 }, 2, INSN_RDTSC },
	{ "rdpmc", { 0x0f, 0x33 }, 2, INSN_RDPMC },
	{ "cpuid", { 0x0f, 0xa2 }, 2, INSN_CPUID },
	{ "mov %ds, %eax", { 0x8c, 0xd8 }, 2, INSN_MOV_FROM_SEG },
	{ "mov %ss, (%ebx)", { 0x8c, 0x13 }, 2, INSN_MOV_FROM_SEG },
	{ "mov %cs, %ax", { 0x66, 0x8c, 0xc8 }, 3, INSN_MOV_FROM_SEG },
	{ "mov %eax, %ds", { 0x8e, 0xd8 }, 2, INSN_MOV_TO_SEG },
	{ "mov (%ebx), %ss", { 0x8e, 0x13 }, 2, INSN_MOV_TO_SEG },
	{ "mov %ax, %es", { 0x8e, 0xc0 }, 2, INSN_MOV_TO_SEG },
	{ "mov %eax, %fs", { 0x8e, 0xe0 }, 2, INSN_MOV_TO_SEG },
	{ "mov %eax, %gs", { 0x8e, 0xe8 }, 2, INSN_MOV_TO_SEG },
	{ "push %es", { 0x06 }, 1, INSN_PUSH_SEG },
	{ "pop %es", { 0x07 }, 1, INSN_POP_SEG },
	{ "push %cs", { 0x0e }, 1, INSN_PUSH_SEG },
	{ "push %ss", { 0x16 }, 1, INSN_PUSH_SEG },
	{ "pop %ss", { 0x17 }, 1, INSN_POP_SEG },
	{ "push %ds", { 0x1e }, 1, INSN_PUSH_SEG },
	{ "pop %ds", { 0x1f }, 1, INSN_POP_SEG },
	{ "push %fs", { 0x0f, 0xa0 }, 2, INSN_PUSH_SEG },
	{ "pop %fs", { 0x0f, 0xa1 }, 2, INSN_POP_SEG },
	{ "push %gs", { 0x0f, 0xa8 }, 2, INSN_PUSH_SEG },
	{ "pop %gs", { 0x0f, 0xa9 }, 2, INSN_POP_SEG },
	{ "pushw %ds", { 0x66, 0x1e }, 2, INSN_PUSH_SEG },
	{ "lds (%eax), %ebx", { 0xc5, 0x18 }, 2, INSN_LOAD_FAR },
	{ "les 4(%eax), %ecx", { 0xc4, 0x48, 0x04 }, 3, INSN_LOAD_FAR },
	{ "lss (%esp), %esp", { 0x0f, 0xb2, 0x24, 0x24 }, 4, INSN_LOAD_FAR },
	{ "lfs (%eax), %edx", { 0x0f, 0xb4, 0x10 }, 3, INSN_LOAD_FAR },
	{ "lgs (%eax), %esi", { 0x0f, 0xb5, 0x30 }, 3, INSN_LOAD_FAR },
	{ "ljmp $0x08, $0x12345678", { 0xea, 0x78, 0x56, 0x34, 0x12, 0x08, 0x00 }, 7, INSN_JMP_FAR },
	{ "ljmpw $0x08, $0x1234", { 0x66, 0xea, 0x34, 0x12, 0x08, 0x00 }, 6, INSN_JMP_FAR },
	{ "lcall $0x10, $0x100000", { 0x9a, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00 }, 7, INSN_CALL_FAR },
	{ "ljmp *(%eax)", { 0xff, 0x28 }, 2, INSN_JMP_FAR },
	{ "lcall *8(%ebx)", { 0xff, 0x5b, 0x08 }, 3, INSN_CALL_FAR },
	{ "lret", { 0xcb }, 1, INSN_RETF },
	{ "lret $8", { 0xca, 0x08, 0x00 }, 3, INSN_RETF },
	{ "sysenter", { 0x0f, 0x34 }, 2, INSN_SYSENTER },
	{ "sysexit", { 0x0f, 0x35 }, 2, INSN_SYSEXIT },
	{ "vmcall", { 0x0f, 0x01, 0xc1 }, 3, INSN_VMCALL },
	{ "vmmcall", { 0x0f, 0x01, 0xd9 }, 3, INSN_VMMCALL },
	{ "ud2", { 0x0f, 0x0b }, 2, INSN_UD },
	{ "lock incl (%eax)", { 0xf0, 0xff, 0x00 }, 3, INSN_OTHER },
	{ "lock addl $1, 4(%ebx)", { 0xf0, 0x83, 0x43, 0x04, 0x01 }, 5, INSN_OTHER },
	{ "lock cmpxchg %ecx, (%edx)", { 0xf0, 0x0f, 0xb1, 0x0a }, 4, INSN_OTHER },
	{ "lock xchg %eax, (%ebx)", { 0xf0, 0x87, 0x03 }, 3, INSN_OTHER },
	{ "lock btsl $3, (%eax)", { 0xf0, 0x0f, 0xba, 0x28, 0x03 }, 5, INSN_OTHER },
	{ "lock cmpxchg8b (%esi)", { 0xf0, 0x0f, 0xc7, 0x0e }, 4, INSN_OTHER },
	{ "rep movsb", { 0xf3, 0xa4 }, 2, INSN_OTHER },
	{ "nop", { 0x90 }, 1, INSN_OTHER },
	{ "movl $0x12345678, %eax", { 0xb8, 0x78, 0x56, 0x34, 0x12 }, 5, INSN_OTHER },
	{ "movw $0x1234, %ax", { 0x66, 0xb8, 0x34, 0x12 }, 4, INSN_OTHER },
	{ "movl $1, 0x10(%eax,%ebx,2)", { 0xc7, 0x44, 0x58, 0x10, 0x01, 0x00, 0x00, 0x00 }, 8, INSN_OTHER },
	{ "movw $1, (%eax)", { 0x66, 0xc7, 0x00, 0x01, 0x00 }, 5, INSN_OTHER },
	{ "movb $1, %al", { 0xb0, 0x01 }, 2, INSN_OTHER },
	{ "addl $0x12345678, 0x11223344(%eax)", { 0x81, 0x80, 0x44, 0x33, 0x22, 0x11, 0x78, 0x56, 0x34, 0x12 }, 10, INSN_OTHER },
	{ "addl $1, %eax", { 0x83, 0xc0, 0x01 }, 3, INSN_OTHER },
	{ "add %eax, %ebx", { 0x01, 0xc3 }, 2, INSN_OTHER },
	{ "add %al, (%ecx)", { 0x00, 0x01 }, 2, INSN_OTHER },
	{ "test $0x12345678, %eax", { 0xa9, 0x78, 0x56, 0x34, 0x12 }, 5, INSN_OTHER },
	{ "testl $0x12345678, (%eax)", { 0xf7, 0x00, 0x78, 0x56, 0x34, 0x12 }, 6, INSN_OTHER },
	{ "testb $0x12, (%eax)", { 0xf6, 0x00, 0x12 }, 3, INSN_OTHER },
	{ "notl (%eax)", { 0xf7, 0x10 }, 2, INSN_OTHER },
	{ "negb %al", { 0xf6, 0xd8 }, 2, INSN_OTHER },
	{ "mull %ecx", { 0xf7, 0xe1 }, 2, INSN_OTHER },
	{ "jmp .+0x100", { 0xe9, 0xfb, 0x00, 0x00, 0x00 }, 5, INSN_OTHER },
	{ "jmp .+2", { 0xeb, 0x00 }, 2, INSN_OTHER },
	{ "call .+0x1000", { 0xe8, 0xfb, 0x0f, 0x00, 0x00 }, 5, INSN_OTHER },
	{ "je .+0x1000", { 0x0f, 0x84, 0xfa, 0x0f, 0x00, 0x00 }, 6, INSN_OTHER },
	{ "jne .+4", { 0x75, 0x02 }, 2, INSN_OTHER },
	{ "enter $0x10, $1", { 0xc8, 0x10, 0x00, 0x01 }, 4, INSN_OTHER },
	{ "leave", { 0xc9 }, 1, INSN_OTHER },
	{ "ret", { 0xc3 }, 1, INSN_OTHER },
	{ "ret $4", { 0xc2, 0x04, 0x00 }, 3, INSN_OTHER },
	{ "mov 0x12345678, %eax", { 0xa1, 0x78, 0x56, 0x34, 0x12 }, 5, INSN_OTHER },
	{ "mov %al, 0x12345678", { 0xa2, 0x78, 0x56, 0x34, 0x12 }, 5, INSN_OTHER },
	{ "xchg %eax, %ebx", { 0x93 }, 1, INSN_OTHER },
	{ "lea 0x10(%ebp,%esi,4), %eax", { 0x8d, 0x44, 0xb5, 0x10 }, 4, INSN_OTHER },
	{ "lea (%esp), %eax", { 0x8d, 0x04, 0x24 }, 3, INSN_OTHER },
	{ "lea (,%eax,8), %eax", { 0x8d, 0x04, 0xc5, 0x00, 0x00, 0x00, 0x00 }, 7, INSN_OTHER },
	{ "lea 0x12345678(,%eax,2), %ebx", { 0x8d, 0x1c, 0x45, 0x78, 0x56, 0x34, 0x12 }, 7, INSN_OTHER },
	{ "mov (%ebp), %eax", { 0x8b, 0x45, 0x00 }, 3, INSN_OTHER },
	{ "mov 0x7f(%esp), %eax", { 0x8b, 0x44, 0x24, 0x7f }, 4, INSN_OTHER },
	{ "mov -0x80(%ebp), %eax", { 0x8b, 0x45, 0x80 }, 3, INSN_OTHER },
	{ "imul $0x10, %eax, %ebx", { 0x6b, 0xd8, 0x10 }, 3, INSN_OTHER },
	{ "imul $0x1000, %eax, %ebx", { 0x69, 0xd8, 0x00, 0x10, 0x00, 0x00 }, 6, INSN_OTHER },
	{ "shl $4, %eax", { 0xc1, 0xe0, 0x04 }, 3, INSN_OTHER },
	{ "shll $4, (%ebx)", { 0xc1, 0x23, 0x04 }, 3, INSN_OTHER },
	{ "rol %eax", { 0xd1, 0xc0 }, 2, INSN_OTHER },
	{ "fldl (%eax)", { 0xdd, 0x00 }, 2, INSN_OTHER },
	{ "fadd %st(1), %st", { 0xd8, 0xc1 }, 2, INSN_OTHER },
	{ "movzbl (%eax), %ecx", { 0x0f, 0xb6, 0x08 }, 3, INSN_OTHER },
	{ "movsbw %al, %bx", { 0x66, 0x0f, 0xbe, 0xd8 }, 4, INSN_OTHER },
	{ "bswap %eax", { 0x0f, 0xc8 }, 2, INSN_OTHER },
	{ "cmove %eax, %ebx", { 0x0f, 0x44, 0xd8 }, 3, INSN_OTHER },
	{ "sete %al", { 0x0f, 0x94, 0xc0 }, 3, INSN_OTHER },
	{ "shld $4, %eax, (%ebx)", { 0x0f, 0xa4, 0x03, 0x04 }, 4, INSN_OTHER },
	{ "shrd %cl, %eax, %ebx", { 0x0f, 0xad, 0xc3 }, 3, INSN_OTHER },
	{ "bt %eax, %ebx", { 0x0f, 0xa3, 0xc3 }, 3, INSN_OTHER },
	{ "btl $5, (%eax)", { 0x0f, 0xba, 0x20, 0x05 }, 4, INSN_OTHER },
	{ "bsf %eax, %ebx", { 0x0f, 0xbc, 0xd8 }, 3, INSN_OTHER },
	{ "xadd %eax, (%ebx)", { 0x0f, 0xc1, 0x03 }, 3, INSN_OTHER },
	{ "pushl $0x12345678", { 0x68, 0x78, 0x56, 0x34, 0x12 }, 5, INSN_OTHER },
	{ "pushl $1", { 0x6a, 0x01 }, 2, INSN_OTHER },
	{ "pushw $0x1234", { 0x66, 0x68, 0x34, 0x12 }, 4, INSN_OTHER },
	{ "popl (%eax)", { 0x8f, 0x00 }, 2, INSN_OTHER },
	{ "incl (%eax)", { 0xff, 0x00 }, 2, INSN_OTHER },
	{ "call *%eax", { 0xff, 0xd0 }, 2, INSN_OTHER },
	{ "jmp *(%eax)", { 0xff, 0x20 }, 2, INSN_OTHER },
	{ "pushl (%eax)", { 0xff, 0x30 }, 2, INSN_OTHER },
	{ "movd %mm0, %eax", { 0x0f, 0x7e, 0xc0 }, 3, INSN_OTHER },
	{ "pshufw $1, %mm0, %mm1", { 0x0f, 0x70, 0xc8, 0x01 }, 4, INSN_OTHER },
	{ "movaps %xmm0, %xmm1", { 0x0f, 0x28, 0xc8 }, 3, INSN_OTHER },
	{ "pshufb %xmm0, %xmm1", { 0x66, 0x0f, 0x38, 0x00, 0xc8 }, 5, INSN_OTHER },
	{ "palignr $3, %xmm0, %xmm1", { 0x66, 0x0f, 0x3a, 0x0f, 0xc8, 0x03 }, 6, INSN_OTHER },
	{ "cs nop", { 0x2e, 0x90 }, 2, INSN_OTHER },
	{ "addr16 mov (%bx,%si), %ax", { 0x67, 0x66, 0x8b, 0x00 }, 4, INSN_OTHER },
	{ "addr16 mov 0x1234, %ax", { 0x67, 0x66, 0xa1, 0x34, 0x12 }, 5, INSN_OTHER },
	{ "addr16 mov 0x10(%bp), %eax", { 0x67, 0x8b, 0x46, 0x10 }, 4, INSN_OTHER },
	{ "addr16 mov 0x1234(%bx,%di), %eax", { 0x67, 0x8b, 0x81, 0x34, 0x12 }, 5, INSN_OTHER },
	{ "addr16 mov %eax, 0x12", { 0x67, 0xa3, 0x12, 0x00 }, 4, INSN_OTHER },
	{ "addr16 lgdt (%bx)", { 0x67, 0x0f, 0x01, 0x17 }, 4, INSN_LGDT },
	{ "aam", { 0xd4, 0x0a }, 2, INSN_OTHER },
	{ "aad $10", { 0xd5, 0x0a }, 2, INSN_OTHER },
	{ "xlat", { 0xd7 }, 1, INSN_OTHER },
	{ "int1", { 0xf1 }, 1, INSN_OTHER },
	{ "bound %eax, (%ebx)", { 0x62, 0x03 }, 2, INSN_OTHER },
	{ "arpl %ax, (%ebx)", { 0x63, 0x03 }, 2, INSN_OTHER },
	{ "daa", { 0x27 }, 1, INSN_OTHER },
	{ "loop .+2", { 0xe2, 0x00 }, 2, INSN_OTHER },
	{ "jecxz .+2", { 0xe3, 0x00 }, 2, INSN_OTHER },
	{ "rsm", { 0x0f, 0xaa }, 2, INSN_OTHER },
	{ "prefetchnta (%eax)", { 0x0f, 0x18, 0x00 }, 3, INSN_OTHER },
	{ "nopl 0(%eax,%eax,1)", { 0x0f, 0x1f, 0x04, 0x00 }, 4, INSN_OTHER },
	{ "emms", { 0x0f, 0x77 }, 2, INSN_OTHER },
	{ "movnti %eax, (%ebx)", { 0x0f, 0xc3, 0x03 }, 3, INSN_OTHER },
};

static void
test_encoding_table(void **state)
{
	(void)state;
	int bad = 0;

	for (int i = 0; i < N(encodings); i++) {
		const struct encoding *e = &encodings[i];
		int got = decode(e->bytes, e->len);
		if (got != e->len || in.kind != e->kind) {
			print_error("%s: expected length %d kind %s, got %d kind %s\n", e->text,
				    e->len, insn_kind_name(e->kind), got, insn_kind_name(in.kind));
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

static void
test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(insn_kind_name(INSN_LGDT), "lgdt");
	assert_string_equal(insn_kind_name(INSN_MOV_TO_CR), "mov to cr");
	assert_string_equal(insn_kind_name(INSN_KIND_COUNT), "?");
	for (int k = 0; k < INSN_KIND_COUNT; k++)
		assert_non_null(insn_kind_name(k));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoding_table),
		cmocka_unit_test(test_kind_names),
	};
	return cmocka_run_group_tests_name("decode: encoding table", tests, NULL, NULL);
}
