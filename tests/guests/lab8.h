// lab8.h: lab 8's test guest, and what the grader counts on (grader/labs/lab8-guest.c).
// It runs at ring 0 in VMX non-root mode (backend=vmx mmu=shadow), with paging off: the exits
// it causes are those lab 8's handlers serve, and between two of a test's labels the monitor
// counts each reason by an exact amount (the guest prints nothing there: its console lines
// exit too).
#ifndef TESTS_GUESTS_LAB8_H
#define TESTS_GUESTS_LAB8_H

#define LAB8_VEC_MASTER 0x20          // the guest's vectors for IRQ 0-7
#define LAB8_IO_IN      6             // lab8_io_start .. lab8_io_end
#define LAB8_IO_OUT     4
#define LAB8_CPUIDS     5             // lab8_cpuid_start .. lab8_cpuid_end
#define LAB8_CR3        0x00345000u   // what the control-registers test loads in CR3
#define LAB8_CR_WRITES  4             // lab8_cr_start .. lab8_cr_end: the writes that exit
#define LAB8_VMCALLS    2             // lab8_exc_start .. lab8_exc_end: hypercalls made

#ifndef __ASSEMBLER__
void lab8_io(void);
void lab8_cpuid(void);
void lab8_control_registers(void);
void lab8_interrupts(void);
void lab8_exceptions(void);
void lab8_triple_fault(void);
void lab8_hlt_disabled(void);
void lab8_string_io(void);
#endif

#endif
