// privtest.c: runs each privileged instruction at ring 3 and checks that every one faults
// (the property Popek and Goldberg ask of an instruction set, for this subset of x86).
#include "guest-os/user/probe.h"

// X(name, instruction): each must raise #GP at CPL 3 with IOPL 0.
#define PRIVILEGED_LIST(X)                              \
	X(cli,        "cli")                            \
	X(sti,        "sti")                            \
	X(hlt,        "hlt")                            \
	X(lgdt,       "lgdt (%ecx)")                    \
	X(lidt,       "lidt (%ecx)")                    \
	X(lldt,       "lldt %ax")                       \
	X(ltr,        "ltr %ax")                        \
	X(mov_to_cr0, "movl %eax, %cr0")                \
	X(mov_cr0,    "movl %cr0, %eax")                \
	X(mov_cr2,    "movl %cr2, %eax")                \
	X(mov_to_cr3, "movl %eax, %cr3")                \
	X(mov_cr3,    "movl %cr3, %eax")                \
	X(mov_to_cr4, "movl %eax, %cr4")                \
	X(mov_to_dr7, "movl %eax, %dr7")                \
	X(mov_dr7,    "movl %dr7, %eax")                \
	X(lmsw,       "lmsw %ax")                       \
	X(clts,       "clts")                           \
	X(invlpg,     "invlpg (%ecx)")                  \
	X(invd,       "invd")                           \
	X(wbinvd,     "wbinvd")                         \
	X(rdmsr,      "rdmsr")                          \
	X(wrmsr,      "wrmsr")                          \
	X(rdpmc,      "rdpmc")                          \
	X(inb,        "inb $0x80, %al")                 \
	X(outb,       "outb %al, $0x80")                \
	X(inb_dx,     "movw $0x3f8, %dx; inb %dx, %al")

PRIVILEGED_LIST(PROBE)

static const struct {
	const char *insn;
	int (*probe)(void *out);
} probes[] = {
#define PROBE_ENTRY(name, insn) { insn, probe_##name },
	PRIVILEGED_LIST(PROBE_ENTRY)
};
#define NPROBES (int)(sizeof probes / sizeof probes[0])

int
main(const char *arg)
{
	char scratch[16] = { 0 };
	int faulted = 0;

	(void)arg;
	probe_init();
	for (int i = 0; i < NPROBES; i++) {
		int v = probes[i].probe(scratch);
		if (v >= 0)
			faulted++;
		printf("privtest: %-32s %s %s\n", probes[i].insn, v >= 0 ? "faulted:" : "DID NOT FAULT",
		       v >= 0 ? exception_mnemonic(v) : "");
	}
	printf("privtest: %d of %d privileged instructions faulted%s\n", faulted, NPROBES,
	       faulted == NPROBES ? "" : ": FAILED");
	return faulted == NPROBES ? 0 : 1;
}
