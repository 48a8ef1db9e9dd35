// guest.h: what the tests of labs 1-3 know of the guest OS (guest-os/): its image, its
// selectors, its trap frame. The guest's own headers say the same (kernel/seg.h,
// kernel/trap.h); the tests read the rest by symbol.
#ifndef GRADER_LABS_GUEST_H
#define GRADER_LABS_GUEST_H

#include <stdint.h>

#include "grader/grade.h"

#define GUEST_IMAGE "build/guest-os.img"
#define GUEST_ELF   "build/guest-os/kernel.elf"

// kernel/seg.h: GDT entries 1 and 2 (kernel code, data), 3 and 4 (user), 5 (the TSS).
#define GUEST_KCODE_SEL 0x08
#define GUEST_KDATA_SEL 0x10
#define GUEST_UCODE_SEL 0x1B
#define GUEST_UDATA_SEL 0x23
#define GUEST_TSS_SEL   0x28
#define GUEST_TSS_SS0   8           // offsetof(struct tss, ss0), as the SDM lays it out

// kernel/layout.h
#define GUEST_KERNBASE  0xC0000000u
#define GUEST_MONITOR   0xFFC00000u

// kernel/trap.h: struct trapframe, as 32-bit words from its lowest address.
enum {
	GUEST_TF_EDI, GUEST_TF_ESI, GUEST_TF_EBP, GUEST_TF_ESP_PUSHAL, GUEST_TF_EBX, GUEST_TF_EDX,
	GUEST_TF_ECX, GUEST_TF_EAX, GUEST_TF_GS, GUEST_TF_FS, GUEST_TF_ES, GUEST_TF_DS,
	GUEST_TF_VECTOR, GUEST_TF_ERR, GUEST_TF_EIP, GUEST_TF_CS, GUEST_TF_EFLAGS,
	GUEST_TF_WORDS
};

// What a submission of labs 1-3 may change.
extern const char *const guest_files[];

// Boots the guest OS with "tag=NONCE" and the boot words (printf-style): the guest echoes
// the tag as "tag NONCE" after its banner, so lines after that one come from this run.
int guest_boot(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// At the first instruction of a function whose first argument is a struct trapframe *
// (trap, timer_irq...): reads that frame (GUEST_TF_WORDS words) into tf.
int guest_trapframe(struct run *r, const struct regs *g, uint32_t *tf);

#endif
