// trapstub.h: the layout of the vector stubs, shared by trapentry.S and trap.c.
#ifndef KERNEL_TRAPSTUB_H
#define KERNEL_TRAPSTUB_H

#define TRAP_STUB_SIZE 16           // bytes per vector stub in trap_vectors

#ifndef __ASSEMBLER__
extern char trap_vectors[];
#endif

#endif
