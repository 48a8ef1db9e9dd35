// inspect.h: what the monitor publishes for programs outside the machine (the grader), at the
// symbol `vmm_inspect`: a fixed layout of 32-bit words and strings, the same in the i386
// image and on the host, refreshed after every exit the monitor handles. The exit counters
// are at the symbols `stats_total` (uint64_t per reason) and `stats_names`.
#ifndef INSPECT_H
#define INSPECT_H

#include <stdint.h>

#define INSPECT_MAGIC   0x50534E49     // "INSP"
#define INSPECT_VERSION 1
#define INSPECT_VMS     4              // == VM_MAX
#define INSPECT_STR     16
#define INSPECT_MSG     160            // == VM_MSG_MAX

enum inspect_state { INSPECT_OFF, INSPECT_RUNNING, INSPECT_STOPPED };

// The vCPU as the guest believes it is (its kernel's selectors with RPL 0, its own IF and
// control registers), and what the hardware really holds where the backend differs.
struct inspect_vcpu {
	uint32_t gpr[8];                   // eax, ecx, edx, ebx, esp, ebp, esi, edi
	uint32_t eip, eflags;
	uint32_t sel[6];                   // es, cs, ss, ds, fs, gs (x86/insn.h SREG_* order)
	uint32_t cr0, cr2, cr3, cr4;
	uint32_t gdtr_base, gdtr_limit, idtr_base, idtr_limit, tr;
	uint32_t real_cs;                  // the CS the CPU runs the guest with (te: RPL 1 or 3)
	uint32_t real_cr3;                 // the root of the tables the hardware walks for the
	                                   // guest (host-physical): the shadow page directory
	                                   // (te; vmx with mmu=shadow), or vmx's EPT PML4
	uint32_t halted;
};

struct inspect_vm {
	uint32_t state;                    // enum inspect_state
	char name[INSPECT_STR];
	char backend[INSPECT_STR];
	uint32_t mem_size;                 // bytes of guest RAM
	uint32_t pages;                    // host-physical address of the guest page map: an
	                                   // array of mem_size / 4096 host page addresses
	uint32_t exits;                    // exits (traps) handled for this VM
	struct inspect_vcpu vcpu;
	char stop_reason[INSPECT_MSG];
};

struct inspect {
	uint32_t magic, version;
	uint32_t nvms;                     // slots in use
	uint32_t updates;                  // counts refreshes: changes between two reads
	struct inspect_vm vm[INSPECT_VMS];
};

_Static_assert(sizeof(struct inspect_vcpu) == 28 * 4, "inspect_vcpu: 28 words");
_Static_assert(sizeof(struct inspect_vm) == 4 * 4 + 2 * INSPECT_STR + 28 * 4 + INSPECT_MSG,
	       "inspect_vm: no padding");

#endif
