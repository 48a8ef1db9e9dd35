// trap.h: exception vectors (Intel SDM vol. 3A §6.3, table 6-1) and the PC's IRQ vectors.
#ifndef X86_TRAP_H
#define X86_TRAP_H

// X(vector, mnemonic, name, pushes an error code)
#define EXCEPTION_LIST(X)                                       \
	X(0,  "#DE", "divide error",                0)          \
	X(1,  "#DB", "debug",                       0)          \
	X(2,  "NMI", "non-maskable interrupt",      0)          \
	X(3,  "#BP", "breakpoint",                  0)          \
	X(4,  "#OF", "overflow",                    0)          \
	X(5,  "#BR", "bound range exceeded",        0)          \
	X(6,  "#UD", "invalid opcode",              0)          \
	X(7,  "#NM", "device not available",        0)          \
	X(8,  "#DF", "double fault",                1)          \
	X(9,  "CSO", "coprocessor segment overrun", 0)          \
	X(10, "#TS", "invalid TSS",                 1)          \
	X(11, "#NP", "segment not present",         1)          \
	X(12, "#SS", "stack-segment fault",         1)          \
	X(13, "#GP", "general protection",          1)          \
	X(14, "#PF", "page fault",                  1)          \
	X(16, "#MF", "x87 floating-point error",    0)          \
	X(17, "#AC", "alignment check",             1)          \
	X(18, "#MC", "machine check",               0)          \
	X(19, "#XM", "SIMD floating-point",         0)          \
	X(20, "#VE", "virtualization exception",    0)          \
	X(21, "#CP", "control protection",          1)

#define T_DE 0
#define T_DB 1
#define T_NMI 2
#define T_BP 3
#define T_OF 4
#define T_UD 6
#define T_DF 8
#define T_TS 10
#define T_NP 11
#define T_SS 12
#define T_GP 13
#define T_PF 14
#define T_EXCEPTIONS 32     // vectors 0..31 are reserved for exceptions

#define T_IRQ0 0x20         // the master PIC is remapped here, the slave at T_IRQ0 + 8
#define IRQ_TIMER 0
#define IRQ_COM1  4
#define IRQ_SPURIOUS_MASTER 7
#define IRQ_SPURIOUS_SLAVE  15

#endif
