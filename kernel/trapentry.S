// trapentry.S: the entry stubs of all 256 vectors and the common trap path, in the trampoline.
//
// void trap_vectors(void);  // vector v starts at trap_vectors + v * TRAP_STUB_SIZE
//
// Each trap saves the registers and the interrupted CR3 in a struct trapframe, loads the
// kernel's own data segments and address space, and then either calls trap(tf) and undoes
// it all on the way back (a trap of the kernel's, at ring 0), or ends a world_switch (a trap
// from ring 1 or 3, whose frame the CPU pushed on the trap stack).
#include "asm-offsets.h"
#include "kernel/seg.h"
#include "kernel/trapstub.h"
#include "x86/regs.h"
#include "x86/trap.h"

// True for the exceptions where the CPU pushes an error code (from EXCEPTION_LIST).
#define PUSHES_ERR(v, mn, name, err) || ((err) && vec == (v))

	.section .tramp.text, "ax"
	.globl trap_vectors
	.p2align 4
trap_vectors:
	.set vec, 0
	.rept 256
	.org trap_vectors + vec * TRAP_STUB_SIZE   // fails if the previous stub was too long
	.if !(0 EXCEPTION_LIST(PUSHES_ERR))
	pushl $0                      // no error code from the CPU: push a zero in its place
	.endif
	pushl $vec
	jmp alltraps
	.set vec, vec + 1
	.endr
	.org trap_vectors + 256 * TRAP_STUB_SIZE

alltraps:
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	pushal
	movl %cr3, %eax
	pushl %eax                    // tf->cr3
	movw $KDATA_SEL, %ax
	movw %ax, %ds
	movw %ax, %es
	movl tramp_kernel_cr3, %eax
	cmpl (%esp), %eax
	je 1f                         // already in the kernel's space: spare the TLB flush
	movl %eax, %cr3
1:	testl $3, TF_CS(%esp)         // from ring 1 or 3,
	jnz world_exit
	testl $FL_VM, TF_EFLAGS(%esp) // or virtual-8086 mode (whatever its CS says)
	jnz world_exit
	pushl %esp
	call trap
	addl $4, %esp

	.globl trapret
trapret:
	popl %eax
	movl %cr3, %ecx
	cmpl %eax, %ecx
	je 2f
	movl %eax, %cr3
2:	popal
	popl %gs
	popl %fs
	popl %es
	popl %ds
	addl $8, %esp                 // vector and error code
	iret

// The end of a world_switch: copies the frame off the trap stack (which the other world can
// read) into the caller's struct trapframe, and returns from world_switch on the kernel stack.
world_exit:
	movl %esp, %esi
	movl world_frame, %edi
	movl $TF_SIZE / 4, %ecx
	cld
	rep movsl
	movl $0, -TF_SIZE(%esi)        // do not leave the kernel's CR3 where the guest can see it
	xorl %eax, %eax                // fs and gs hold the other world's selectors, which the
	movw %ax, %fs                  // kernel's GDT lacks: the next trap would fail to pop them
	movw %ax, %gs
	movl world_esp, %esp
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret

	.section .tramp.stack, "aw"
	.p2align 12
trap_stack:
	.space 4096
