// qemuregs.h: reading QEMU's "info registers" dump (QEMU 7.2, i386 target) into struct regs.
//
//   EAX=00000000 EBX=00000000 ECX=00000000 EDX=00000663
//   ESI=00000000 EDI=00000000 EBP=00000000 ESP=00000000
//   EIP=0000fff0 EFL=00000002 [-------] CPL=0 II=0 A20=1 SMM=0 HLT=0
//   ES =0000 00000000 0000ffff 00009300           selector base limit flags
//   ...
//   GDT=     00000000 0000ffff                    base limit
//   CR0=60000010 CR2=00000000 CR3=00000000 CR4=00000000
//   EFER=0000000000000000
#ifndef GRADER_QEMUREGS_H
#define GRADER_QEMUREGS_H

#include "grader/machine.h"

// Parses the dump text into r. Returns 0, or -E_INVAL when a register is missing (a dump of
// another format: the message names it in why).
int qemuregs_parse(const char *text, struct regs *r, char *why, size_t whysize);

#endif
