// entry.S: entering the guest, and coming back at its next VM exit.
//
// int vmx_enter(struct vcpu_regs *regs, int launched);
//
// Saves the monitor's callee-saved registers and a pointer to regs on its stack, writes that
// stack pointer to HOST_RSP, loads the guest's general registers from regs (all but esp: the
// VMCS holds it) and runs VMRESUME if launched, else VMLAUNCH. If that instruction fails,
// returns VMX_FAIL_INVALID or VMX_FAIL_VALID at once: the guest never ran. Otherwise the
// guest runs until a VM exit, which loads the VMCS's host state: esp = HOST_RSP, eip =
// vmx_exit, interrupts off. vmx_exit stores the guest's registers in *regs and returns VMX_OK
// from vmx_enter.
#include "vmx-offsets.h"
#include "x86/vmx.h"

	.text
	.globl vmx_enter, vmx_exit
vmx_enter:
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl 20(%esp), %eax               // regs
	movl 24(%esp), %ecx               // launched
	pushl %eax                        // 0(%esp) at the exit: where the registers go
	movl $VMCS_HOST_RSP, %edx
	vmwrite %esp, %edx                // HOST_RSP = this stack, as it is now
	jbe vmx_fail
	testl %ecx, %ecx                  // the flags survive the movs below
	movl REGS_ECX(%eax), %ecx
	movl REGS_EDX(%eax), %edx
	movl REGS_EBX(%eax), %ebx
	movl REGS_EBP(%eax), %ebp
	movl REGS_ESI(%eax), %esi
	movl REGS_EDI(%eax), %edi
	movl REGS_EAX(%eax), %eax
	jnz 1f
	vmlaunch
	jmp vmx_fail
1:	vmresume
vmx_fail:                                 // CF = 1: VMfailInvalid; ZF = 1: VMfailValid
	movl $VMX_FAIL_VALID, %eax
	jnc 2f
	movl $VMX_FAIL_INVALID, %eax
2:	addl $4, %esp
	jmp vmx_return

vmx_exit:                                 // the guest's registers; regs at 0(%esp)
	pushl %eax
	movl 4(%esp), %eax
	movl %ecx, REGS_ECX(%eax)
	movl %edx, REGS_EDX(%eax)
	movl %ebx, REGS_EBX(%eax)
	movl %ebp, REGS_EBP(%eax)
	movl %esi, REGS_ESI(%eax)
	movl %edi, REGS_EDI(%eax)
	popl REGS_EAX(%eax)
	addl $4, %esp
	movl $VMX_OK, %eax
vmx_return:
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret
