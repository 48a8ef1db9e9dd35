// swtch.S: switches kernel stacks between two contexts.
//
// void swtch(struct context **save, struct context *load);
//
// Pushes the callee-saved registers, stores the stack pointer (a struct context *) in *save,
// moves to load and pops its registers; the ret resumes wherever load's swtch was called
// (or, for a new process, at the eip its context was given: trapret).
	.text
	.globl swtch
swtch:
	movl 4(%esp), %eax
	movl 8(%esp), %edx
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl %esp, (%eax)
	movl %edx, %esp
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret
