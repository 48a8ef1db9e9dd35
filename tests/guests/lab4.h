// lab4.h: lab 4's test guest, and what the grader counts on (grader/labs/lab4.c): the
// number of instructions of each kind a test executes, which the monitor must count.
#ifndef TESTS_GUESTS_LAB4_H
#define TESTS_GUESTS_LAB4_H

#define LAB4_IO_STRINGS    8      // port-io: ins/outs instructions (rep counts once; a rep
				  // with ecx 0 traps too)
#define LAB4_IO_INS       21      // port-io: in, and each element of ins
#define LAB4_VIF_CLI       3      // virtual-if: cli and sti, the final sti; hlt included
#define LAB4_VIF_STI       4
#define LAB4_SYS_CR_WRITES 8      // system-registers: mov to CRn, clts, lmsw (the refused
				  // mov to CR4 at the end included)
#define LAB4_SYS_CR_READS  8
#define LAB4_RET_IRETS     3      // returns: iret to the kernel's own RPL 0 frames
#define LAB4_RET_FARS      2      // far returns
#define LAB4_RET_SS_LOADS  4      // mov, pop, lss to SS; and the segments' reload
#define LAB4_EV_SOFT      15      // reflection: int n, int3 (from either ring, delivered or not)
#define LAB4_EV_EXCEPTIONS 7      // reflection: #DE, #UD (twice), #GP of three segment loads
				  // and of a user's cli
#define LAB4_EV_IRETS     22      // reflection: the handlers' returns to the kernel, and the
				  // way back from user mode

#ifndef __ASSEMBLER__
void lab4_port_io(void);
void lab4_virtual_if(void);
void lab4_hlt_disabled(void);
void lab4_system_registers(void);
void lab4_returns(void);
void lab4_reflection(void);
void lab4_triple_fault(void);
void lab4_tss_fault(void);
#endif

#endif
