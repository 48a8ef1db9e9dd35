// test_decode.c: the instruction decoder: a table of encodings (lengths checked against
// objdump), the operands it reports, the #UD/#GP/truncation errors, and random bytes.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "lib/error.h"
#include "vmm/decode.h"
#include "x86/insn.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

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

static struct insn in;

// Decodes bytes as 32-bit code with 15 bytes available; returns decode_insn's result.
static int
decode(const uint8_t *bytes, int n)
{
	uint8_t buf[INSN_MAX_LEN + 1] = { 0 };

	memcpy(buf, bytes, n);
	return decode_insn(&in, buf, sizeof buf, 4);
}

#define DECODE(...) decode((const uint8_t[]){ __VA_ARGS__ }, sizeof((uint8_t[]){ __VA_ARGS__ }))

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
test_io_operands(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0xE4, 0x60), 2);                // inb $0x60, %al
	assert_int_equal(in.opsize, 1);
	assert_int_equal(in.imm, 0x60);
	assert_false(in.port_dx);
	assert_int_equal(DECODE(0x66, 0xEF), 2);                // outw %ax, %dx
	assert_int_equal(in.kind, INSN_OUT);
	assert_int_equal(in.opsize, 2);
	assert_true(in.port_dx);
	assert_int_equal(DECODE(0xED), 1);
	assert_int_equal(in.opsize, 4);
}

// rep outsw with an fs override: DS:ESI becomes FS:ESI; ins always writes ES:EDI.
static void
test_string_io_operands(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0x64, 0x66, 0xF3, 0x6F), 4);
	assert_int_equal(in.kind, INSN_OUTS);
	assert_int_equal(in.prefixes, INSN_PFX_SEG | INSN_PFX_OPSIZE | INSN_PFX_REP);
	assert_int_equal(in.opsize, 2);
	assert_true(in.port_dx && in.is_mem);
	assert_int_equal(in.mem.base, REG_ESI);
	assert_int_equal(in.mem.seg, SREG_FS);
	assert_int_equal(DECODE(0x64, 0x67, 0x6C), 3);          // fs addr16 insb
	assert_int_equal(in.kind, INSN_INS);
	assert_int_equal(in.mem.base, REG_EDI);
	assert_int_equal(in.mem.seg, SREG_ES);
	assert_int_equal(in.addrsize, 2);
	assert_int_equal(in.opsize, 1);
}

static void
test_interrupt_vectors(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0xCD, 0x80), 2);
	assert_int_equal(in.imm, 0x80);
	DECODE(0xCC);
	assert_int_equal(in.imm, 3);
	DECODE(0xCE);
	assert_int_equal(in.imm, 4);
}

static void
test_stack_slot_sizes(void **state)
{
	(void)state;
	DECODE(0xCF);
	assert_int_equal(in.opsize, 4);                         // iretd
	DECODE(0x66, 0xCF);
	assert_int_equal(in.opsize, 2);                         // 16-bit iret
	DECODE(0x66, 0x9D);
	assert_int_equal(in.kind, INSN_POPF);
	assert_int_equal(in.opsize, 2);
	assert_int_equal(DECODE(0xCA, 0x08, 0x00), 3);
	assert_int_equal(in.kind, INSN_RETF);
	assert_int_equal(in.imm, 8);
}

// lidt 0x100(%esp): ModRM 0x9C, SIB 0x24 (no index, base ESP), disp32; SS by default.
static void
test_modrm_sib_disp32(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0x0F, 0x01, 0x9C, 0x24, 0x00, 0x01, 0x00, 0x00), 8);
	assert_int_equal(in.kind, INSN_LIDT);
	assert_true(in.is_mem);
	assert_int_equal(in.mem.base, REG_ESP);
	assert_int_equal(in.mem.index, INSN_NONE);
	assert_int_equal(in.mem.disp, 0x100);
	assert_int_equal(in.mem.seg, SREG_SS);
}

// sidt -4(%esi,%edi,8): a negative disp8, scaled index.
static void
test_modrm_sib_scaled_index_disp8(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0x0F, 0x01, 0x4C, 0xFE, 0xFC), 5);
	assert_int_equal(in.kind, INSN_SIDT);
	assert_int_equal(in.mem.base, REG_ESI);
	assert_int_equal(in.mem.index, REG_EDI);
	assert_int_equal(in.mem.scale, 8);
	assert_int_equal(in.mem.disp, -4);
	assert_int_equal(in.mem.seg, SREG_DS);
}

// invlpg 0x1000(,%esi,2): SIB base 5 with mod 0 means no base and a disp32.
static void
test_sib_without_base(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0x0F, 0x01, 0x3C, 0x75, 0x00, 0x10, 0x00, 0x00), 8);
	assert_int_equal(in.kind, INSN_INVLPG);
	assert_int_equal(in.mem.base, INSN_NONE);
	assert_int_equal(in.mem.index, REG_ESI);
	assert_int_equal(in.mem.scale, 2);
	assert_int_equal(in.mem.disp, 0x1000);
}

// lgdt 0x12345678 (mod 0, rm 5: disp32 alone), with a gs override.
static void
test_disp32_only_and_override(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0x65, 0x0F, 0x01, 0x15, 0x78, 0x56, 0x34, 0x12), 8);
	assert_int_equal(in.kind, INSN_LGDT);
	assert_int_equal(in.mem.base, INSN_NONE);
	assert_int_equal(in.mem.disp, 0x12345678);
	assert_int_equal(in.mem.seg, SREG_GS);
	assert_int_equal(in.seg_override, SREG_GS);
	assert_int_equal(DECODE(0x66, 0x0F, 0x01, 0x10), 4);    // lgdtw: a 24-bit base
	assert_int_equal(in.opsize, 2);
}

// 16-bit addressing: [bx+di+disp16], [bp+disp8] (SS), disp16 alone.
static void
test_modrm16(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0x67, 0x8B, 0x81, 0x34, 0x12), 5);
	assert_int_equal(in.addrsize, 2);
	assert_int_equal(in.mem.base, REG_EBX);
	assert_int_equal(in.mem.index, REG_EDI);
	assert_int_equal(in.mem.disp, 0x1234);
	assert_int_equal(DECODE(0x67, 0x8B, 0x46, 0xF0), 4);
	assert_int_equal(in.mem.base, REG_EBP);
	assert_int_equal(in.mem.disp, -16);
	assert_int_equal(in.mem.seg, SREG_SS);
	assert_int_equal(DECODE(0x67, 0x0F, 0x01, 0x16, 0x00, 0x80), 6);   // lgdt 0x8000
	assert_int_equal(in.mem.base, INSN_NONE);
	assert_int_equal(in.mem.disp, (int16_t)0x8000);
}

// In a 16-bit code segment the defaults are 16 bits, and 66/67 give 32.
static void
test_16bit_code_segment(void **state)
{
	(void)state;
	uint8_t ld[] = { 0x0F, 0x01, 0x16, 0x34, 0x12 };    // lgdt [0x1234] in 16-bit code
	uint8_t mv[] = { 0x66, 0xB8, 1, 0, 0, 0 };           // mov eax, 1

	assert_int_equal(decode_insn(&in, ld, sizeof ld, 2), 5);
	assert_int_equal(in.kind, INSN_LGDT);
	assert_int_equal(in.mem.disp, 0x1234);
	assert_int_equal(in.opsize, 2);
	assert_int_equal(decode_insn(&in, mv, sizeof mv, 2), 6);
	assert_int_equal(in.opsize, 4);
	assert_int_equal(in.imm, 1);
	assert_int_equal(decode_insn(&in, mv, sizeof mv, 3), -E_INVAL);
}

// mov to/from CRn ignores mod: 0F 20 with mod 0 is still a register operand.
static void
test_control_and_debug_registers(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0x0F, 0x22, 0xDB), 3);          // mov %ebx, %cr3
	assert_int_equal(in.kind, INSN_MOV_TO_CR);
	assert_int_equal(in.reg, 3);
	assert_int_equal(in.rm, REG_EBX);
	assert_int_equal(DECODE(0x0F, 0x20, 0x20), 3);          // mod 0: mov %cr4, %eax
	assert_int_equal(in.kind, INSN_MOV_FROM_CR);
	assert_false(in.is_mem);
	assert_int_equal(in.reg, 4);
	assert_int_equal(in.opsize, 4);
	assert_int_equal(DECODE(0x0F, 0x21, 0xF8), 3);          // mov %db7, %eax
	assert_int_equal(in.reg, 7);
}

static void
test_segment_operands(void **state)
{
	(void)state;
	DECODE(0x8E, 0x13);                                     // mov (%ebx), %ss
	assert_int_equal(in.kind, INSN_MOV_TO_SEG);
	assert_int_equal(in.sreg, SREG_SS);
	assert_int_equal(in.opsize, 2);
	assert_int_equal(in.mem.base, REG_EBX);
	DECODE(0x8C, 0xC8);                                     // mov %cs, %eax
	assert_int_equal(in.kind, INSN_MOV_FROM_SEG);
	assert_int_equal(in.sreg, SREG_CS);
	assert_int_equal(in.opsize, 4);
	assert_int_equal(in.rm, REG_EAX);
	DECODE(0x0F, 0xA9);
	assert_int_equal(in.kind, INSN_POP_SEG);
	assert_int_equal(in.sreg, SREG_GS);
	DECODE(0x0F, 0xB2, 0x24, 0x24);                         // lss (%esp), %esp
	assert_int_equal(in.kind, INSN_LOAD_FAR);
	assert_int_equal(in.sreg, SREG_SS);
	assert_int_equal(in.reg, REG_ESP);
}

static void
test_far_pointers(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0xEA, 0x78, 0x56, 0x34, 0x12, 0x08, 0x00), 7);
	assert_int_equal(in.kind, INSN_JMP_FAR);
	assert_int_equal(in.imm, 0x12345678);
	assert_int_equal(in.imm2, 0x08);
	assert_int_equal(DECODE(0x66, 0xEA, 0x34, 0x12, 0x10, 0x00), 6);
	assert_int_equal(in.imm, 0x1234);
	assert_int_equal(in.imm2, 0x10);
	assert_int_equal(DECODE(0xFF, 0x5B, 0x08), 3);          // lcall *8(%ebx)
	assert_int_equal(in.kind, INSN_CALL_FAR);
	assert_true(in.is_mem);
	assert_int_equal(in.mem.disp, 8);
}

static void
test_smsw_and_descriptor_operand_sizes(void **state)
{
	(void)state;
	DECODE(0x0F, 0x01, 0xE0);                               // smsw %eax
	assert_false(in.is_mem);
	assert_int_equal(in.opsize, 4);
	DECODE(0x0F, 0x01, 0x21);                               // smsw (%ecx)
	assert_int_equal(in.opsize, 2);
	DECODE(0x0F, 0x00, 0x5B, 0x02);                         // ltr 2(%ebx)
	assert_int_equal(in.kind, INSN_LTR);
	assert_int_equal(in.opsize, 2);
	DECODE(0x0F, 0x02, 0x11);                               // lar (%ecx), %edx
	assert_int_equal(in.reg, REG_EDX);
}

// Immediates whose size the ModRM decides (F6/F7 test), or two of them (enter).
static void
test_group_immediates(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0xF7, 0x00, 0x78, 0x56, 0x34, 0x12), 6);  // testl $imm32
	assert_int_equal(in.imm, 0x12345678);
	assert_int_equal(DECODE(0xF7, 0x10, 0x78, 0x56), 2);    // notl: no immediate
	assert_int_equal(DECODE(0xC8, 0x10, 0x00, 0x01), 4);
	assert_int_equal(in.imm, 0x10);
	assert_int_equal(in.imm2, 1);
	assert_int_equal(DECODE(0x66, 0x81, 0xC0, 0x34, 0x12), 5);         // add $0x1234, %ax
	assert_int_equal(in.imm, 0x1234);
}

static void
test_hypercalls(void **state)
{
	(void)state;
	assert_int_equal(DECODE(0x0F, 0x01, 0xC1), 3);
	assert_int_equal(in.kind, INSN_VMCALL);
	assert_int_equal(DECODE(0x0F, 0x01, 0xD9), 3);
	assert_int_equal(in.kind, INSN_VMMCALL);
}

// What the CPU answers with #UD.
static void
test_invalid_encodings(void **state)
{
	(void)state;
	static const struct {
		const char *what;
		uint8_t bytes[4];
		int n;
	} bad[] = {
		{ "lock cli", { 0xF0, 0xFA }, 2 },
		{ "lock add to a register", { 0xF0, 0x01, 0xC3 }, 3 },
		{ "lock cmp (not read-modify-write)", { 0xF0, 0x39, 0x1A }, 3 },
		{ "lgdt with a register operand", { 0x0F, 0x01, 0xD0 }, 3 },
		{ "invlpg with a register operand", { 0x0F, 0x01, 0xF8 }, 3 },
		{ "0F 01 /5", { 0x0F, 0x01, 0x28 }, 3 },
		{ "0F 00 /6", { 0x0F, 0x00, 0x30 }, 3 },
		{ "mov to CS", { 0x8E, 0xC8 }, 2 },
		{ "mov from Sreg 6", { 0x8C, 0xF0 }, 2 },
		{ "mov to CR1", { 0x0F, 0x22, 0xC8 }, 3 },
		{ "mov from CR5", { 0x0F, 0x20, 0xE8 }, 3 },
		{ "mov to a test register", { 0x0F, 0x26, 0xC0 }, 3 },
		{ "lea with a register", { 0x8D, 0xC0 }, 2 },
		{ "lds with a register", { 0xC5, 0xC0 }, 2 },
		{ "ljmp with a register", { 0xFF, 0xE8 }, 2 },
		{ "FF /7", { 0xFF, 0x38 }, 2 },
		{ "FE /2", { 0xFE, 0x10 }, 2 },
		{ "0F 04", { 0x0F, 0x04 }, 2 },
		{ "0F 3B", { 0x0F, 0x3B }, 2 },
	};
	int wrong = 0;

	for (int i = 0; i < N(bad); i++) {
		int got = decode(bad[i].bytes, bad[i].n);
		if (got != -E_BADINSN) {
			print_error("%s: expected -E_BADINSN, got %d\n", bad[i].what, got);
			wrong++;
		}
	}
	assert_int_equal(wrong, 0);
	assert_int_equal(DECODE(0x0F, 0x0B), 2);                // ud2 is an instruction
	assert_int_equal(in.kind, INSN_UD);
}

// Every proper prefix of an instruction is -E_TRUNC; the whole of it decodes.
static void
test_truncated(void **state)
{
	(void)state;
	static const uint8_t insn[] = { 0x66, 0x81, 0x84, 0x88, 0x44, 0x33, 0x22, 0x11, 0x34, 0x12 };

	for (int n = 0; n < N(insn); n++)
		assert_int_equal(decode_insn(&in, insn, n, 4), -E_TRUNC);
	assert_int_equal(decode_insn(&in, insn, N(insn), 4), N(insn));
}

// 15 bytes is the limit: 14 prefixes and nop decode, 15 prefixes and nop are #GP.
static void
test_length_limit(void **state)
{
	(void)state;
	uint8_t buf[20];

	memset(buf, PFX_BYTE_DS, sizeof buf);
	buf[14] = 0x90;
	assert_int_equal(decode_insn(&in, buf, sizeof buf, 4), 15);
	buf[14] = PFX_BYTE_DS;
	buf[15] = 0x90;
	assert_int_equal(decode_insn(&in, buf, sizeof buf, 4), -E_2BIG);
	assert_int_equal(decode_insn(&in, buf, 15, 4), -E_2BIG);     // known at byte 16
	assert_int_equal(decode_insn(&in, buf, 14, 4), -E_TRUNC);
}

static void
test_prefix_bookkeeping(void **state)
{
	(void)state;
	DECODE(0xF2, 0xF3, 0xA4);                               // the last of rep/repne wins
	assert_int_equal(in.prefixes, INSN_PFX_REP);
	DECODE(0x26, 0x2E, 0x8B, 0x00);                         // so does the last override
	assert_int_equal(in.mem.seg, SREG_CS);
	DECODE(0xF0, 0x0F, 0xC7, 0x0E);                         // lock cmpxchg8b (%esi)
	assert_int_equal(in.prefixes, INSN_PFX_LOCK);
	assert_int_equal(in.len, 4);
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

static uint32_t rng = 0x2545F491;

static uint32_t
rand32(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

// Checks one decode of random bytes: a sane result, and the same answer with exactly the
// bytes it claims to use, and -E_TRUNC with one fewer. The bytes end where `tail` ends,
// so a read past n is a global-buffer overflow for -fsanitize=address.
static void
check_random(const uint8_t *bytes, size_t n)
{
	static uint8_t tail[INSN_MAX_LEN + 5];
	uint8_t *buf = tail + sizeof tail - n;

	memcpy(buf, bytes, n);
	int len = decode_insn(&in, buf, n, rand32() & 1 ? 4 : 2);

	if (len < 0) {
		assert_true(len == -E_BADINSN || len == -E_2BIG || len == -E_TRUNC);
		return;
	}
	assert_in_range(len, 1, INSN_MAX_LEN);
	assert_in_range(in.kind, 0, INSN_KIND_COUNT - 1);
	assert_true(in.opsize == 1 || in.opsize == 2 || in.opsize == 4);
	assert_in_range(in.mem.seg, 0, SREG_COUNT - 1);
	assert_true(in.mem.base >= INSN_NONE && in.mem.base < REG_COUNT);
	assert_true(in.mem.index >= INSN_NONE && in.mem.index < REG_COUNT);
	int code_size = in.addrsize ^ ((in.prefixes & INSN_PFX_ADDRSIZE) ? 6 : 0);
	assert_int_equal(decode_insn(&in, buf, len, code_size), len);
	assert_int_equal(decode_insn(&in, buf, len - 1, code_size), -E_TRUNC);
}

// Random bytes never crash the decoder nor make it read past n; lengths stay <= 15.
static void
test_fuzz_random_bytes(void **state)
{
	(void)state;
	uint8_t buf[INSN_MAX_LEN + 5];

	for (int i = 0; i < 300000; i++) {
		for (size_t j = 0; j < sizeof buf; j++)
			buf[j] = rand32();
		if (i % 4 == 0)
			buf[0] = OPCODE_ESCAPE;
		check_random(buf, rand32() % (sizeof buf + 1));
	}
	for (int first = 0; first < 0x10000; first++) {         // every 2-byte start
		buf[0] = first >> 8;
		buf[1] = first;
		for (size_t j = 2; j < sizeof buf; j++)
			buf[j] = rand32();
		check_random(buf, sizeof buf);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoding_table),
		cmocka_unit_test(test_io_operands),
		cmocka_unit_test(test_string_io_operands),
		cmocka_unit_test(test_interrupt_vectors),
		cmocka_unit_test(test_stack_slot_sizes),
		cmocka_unit_test(test_modrm_sib_disp32),
		cmocka_unit_test(test_modrm_sib_scaled_index_disp8),
		cmocka_unit_test(test_sib_without_base),
		cmocka_unit_test(test_disp32_only_and_override),
		cmocka_unit_test(test_modrm16),
		cmocka_unit_test(test_16bit_code_segment),
		cmocka_unit_test(test_control_and_debug_registers),
		cmocka_unit_test(test_segment_operands),
		cmocka_unit_test(test_far_pointers),
		cmocka_unit_test(test_smsw_and_descriptor_operand_sizes),
		cmocka_unit_test(test_group_immediates),
		cmocka_unit_test(test_hypercalls),
		cmocka_unit_test(test_invalid_encodings),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_length_limit),
		cmocka_unit_test(test_prefix_bookkeeping),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_fuzz_random_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
