// selftest_fault.S: instructions that fault on purpose, each with a label to resume at.
#include "kernel/seg.h"

	.text
// uint32_t fault_read(uint32_t addr);
	.globl fault_read, fault_read_resume
fault_read:
	movl 4(%esp), %ecx
	xorl %eax, %eax
	movl (%ecx), %eax
fault_read_resume:
	ret

// void fault_load_ds(uint32_t sel);
	.globl fault_load_ds, fault_load_ds_resume
fault_load_ds:
	movl 4(%esp), %eax
	movw %ax, %ds
fault_load_ds_resume:
	movw $KDATA_SEL, %ax
	movw %ax, %ds
	ret
