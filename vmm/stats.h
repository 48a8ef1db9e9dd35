// stats.h: why the monitor ran: per-reason counters of traps and exits, from one list.
#ifndef VMM_STATS_H
#define VMM_STATS_H

#include <stdint.h>
#include "lib/fmt.h"

// X(name, what it counts). Rows naming a guest operation are counted by every backend
// that sees it (te traps it, vmx and svm exit on some), so one table compares them; the
// others name a mechanism of one backend. Add rows anywhere: the tables follow.
#define STAT_LIST(X)                                                                   \
	/* instructions the monitor emulated */                                        \
	X(CLI,          "cli (te: #GP)")                                               \
	X(STI,          "sti (te: #GP)")                                               \
	X(HLT,          "hlt")                                                         \
	X(IRET,         "iret to the guest kernel (te: #GP, RPL 0 < CPL 1)")           \
	X(POPF,         "popf (traps only where patched code makes it)")               \
	X(PUSHF,        "pushf (traps only where patched code makes it)")              \
	X(IO_IN,        "in from a port")                                              \
	X(IO_OUT,       "out to a port")                                               \
	X(IO_STRING,    "ins/outs, one per instruction (rep included)")                \
	X(CR_READ,      "mov from CRn")                                                \
	X(CR_WRITE,     "mov to CRn, lmsw, clts")                                      \
	X(DR_ACCESS,    "mov to/from DRn")                                             \
	X(LGDT,         "lgdt")                                                        \
	X(LIDT,         "lidt")                                                        \
	X(LLDT,         "lldt")                                                        \
	X(LTR,          "ltr")                                                         \
	X(DESC_READ,    "sgdt, sidt, sldt, str, smsw (with CR4.UMIP)")                 \
	X(SEG_LOAD,     "mov/pop/lss to SS with RPL 0 (te)")                           \
	X(FAR_TRANSFER, "far jmp, call or ret the monitor had to finish")              \
	X(INVLPG,       "invlpg")                                                      \
	X(CACHE,        "wbinvd, invd")                                                \
	X(MSR_READ,     "rdmsr")                                                       \
	X(MSR_WRITE,    "wrmsr")                                                       \
	X(CPUID,        "cpuid")                                                       \
	X(RDTSC,        "rdtsc (with CR4.TSD)")                                        \
	X(HYPERCALL,    "hypercall (vmcall, vmmcall, or te's call gate)")              \
	/* memory */                                                                   \
	X(PAGE_FAULT_SHADOW, "#PF fixed in the shadow tables, hidden from the guest")  \
	X(PAGE_FAULT_GUEST,  "#PF reflected to the guest")                             \
	X(SHADOW_RESET, "shadow tables started over: a CR3 load, paging on or off")    \
	X(PT_WRITE,     "write to a write-protected guest page table, emulated")       \
	X(EPT_VIOLATION, "vmx: EPT violation")                                         \
	X(EPT_MISCONFIG, "vmx: EPT misconfiguration")                                  \
	X(EPT_INVALIDATE, "vmx: INVEPT, the TLB told to forget EPT entries")           \
	X(NPT_FAULT,    "svm: nested page fault")                                      \
	/* events */                                                                   \
	X(EXCEPTION_REFLECTED, "other exception reflected to the guest")               \
	X(SYSCALL_REFLECTED,   "int n from guest user mode reflected to the guest")    \
	X(UD_REFLECTED, "instruction not decoded or not allowed: #UD reflected")       \
	X(IRQ_HOST,     "host interrupt while the guest ran")                          \
	X(IRQ_INJECTED, "virtual interrupt delivered to the guest")                    \
	X(IRQ_WINDOW,   "vmx/svm: interrupt window opened")                            \
	X(TRIPLE_FAULT, "guest triple fault: VM stopped")                              \
	X(UNEXPECTED,   "trap or exit with no handler: VM stopped")

enum stat_reason {
#define STAT_ENUM(name, what) STAT_##name,
	STAT_LIST(STAT_ENUM)
#undef STAT_ENUM
	STAT_COUNT
};

struct stats {
	uint64_t count[STAT_COUNT];             // indexed by enum stat_reason
};

// For the grader, which reads them from outside by symbol: every VM's counts added up,
// the reasons' names ("CLI", "PAGE_FAULT_SHADOW"...) in enum order, and how many there are.
extern struct stats stats_total;
extern const char *const stats_names[STAT_COUNT];
extern const uint32_t stats_nreasons;

// Counts one r in a VM's counters (vm may be NULL) and in stats_total. An r outside the
// list is ignored.
void stats_count(struct stats *vm, enum stat_reason r);
// The count of r in s (0 for an r outside the list), and the sum over every reason.
uint64_t stats_get(const struct stats *s, enum stat_reason r);
uint64_t stats_sum(const struct stats *s);
// Sets every counter of s to 0.
void stats_reset(struct stats *s);

// "CLI" for STAT_CLI, and what it counts; "?" for an r outside the list.
const char *stats_name(enum stat_reason r);
const char *stats_what(enum stat_reason r);
// The reason named name ("CLI"), or -E_NOENT.
int stats_lookup(const char *name);

// Writes one line "NAME count" per nonzero counter of s to the sink, in list order.
// Returns the number of characters written.
int stats_print(const struct stats *s, fmt_putc_fn putc, void *arg);

#endif
