// vmmlab.h: what the monitor's labs (4-9) read from outside the machine: the monitor's
// published state (vmm_inspect, include/inspect.h), its exit counters, and the guest's own
// memory, reached as the monitor reaches it: guest-linear through the guest's page tables to
// guest-physical, then through the VM's page map to the host page.
//
// The monitor's data lies 1:1 in host-physical memory (kernel/kernel.ld), so it is read by
// physical address whatever CR3 the CPU holds when the grader stops it (the guest's shadow
// space maps none of the monitor).
#ifndef GRADER_LABS_VMMLAB_H
#define GRADER_LABS_VMMLAB_H

#include <stdint.h>

#include "grader/grade.h"
#include "inspect.h"

#define VMMLAB_GUEST_ELF "build/guest-os/kernel.elf"
#define VMMLAB_TRAMP_BASE 0xFFC00000u    // the monitor's 4 MiB at the top (kernel/tramp.h)

// Reads VM 0 of vmm_inspect into vm; fails unless the monitor published a running or
// stopped VM (the magic, the version, at least one VM).
int vmm_read_vm(struct run *r, struct inspect_vm *vm);

// The count of the exit reason called name ("CLI", "IRQ_INJECTED"...) in stats_total.
int vmm_read_stat(struct run *r, const char *name, uint64_t *count);

// Reads the monitor's 32-bit variable called symbol (by its 1:1 physical address).
int vmm_read_u32(struct run *r, const char *symbol, uint32_t *value);

// The monitor's own CR3 (kernel_aspace.root): the CPU runs the monitor on it.
int vmm_monitor_cr3(struct run *r, uint32_t *cr3);

// Reads guest-physical memory of vm (through its page map). Fails outside guest RAM.
int guest_read_phys(struct run *r, const struct inspect_vm *vm, uint32_t gpa, void *buf,
		    uint32_t n);

// Translates the guest-linear gva with the guest's paging (its CR0, CR3, CR4 in vm->vcpu).
// Returns 0 with *gpa and the flags every level grants, or -1 without a verdict when the
// guest's tables do not map gva (the walk in why), or -1 with a verdict on a read error.
int guest_translate(struct run *r, const struct inspect_vm *vm, uint32_t gva, uint32_t *gpa,
		    uint32_t *flags, char *why, size_t whysize);

// Reads guest-linear memory, and the guest's 32-bit variable called symbol.
int guest_read(struct run *r, const struct inspect_vm *vm, uint32_t gva, void *buf, uint32_t n);
int guest_read_u32(struct run *r, const struct inspect_vm *vm, const char *symbol,
		   uint32_t *value);

// The host-physical page that backs guest-physical gpa (pages[gpa >> 12]).
int guest_host_page(struct run *r, const struct inspect_vm *vm, uint32_t gpa, uint32_t *hpa);

// The monitor's mmu= for the guest's memory under vmx: lab 8 runs it on lab 6's shadow page
// tables (no EPT, so lab 8 needs nothing of lab 9), lab 9 on its EPT.
#define VMX_SHADOW "shadow"
#define VMX_EPT    "ept"

// --- the labs' test guests (tests/guests/tguest.h) ---

// An exit counter and the exact count a test expects.
struct vmm_count {
	const char *name;              // "CLI", "IRQ_INJECTED"...
	uint64_t want;
};

// Boots the monitor with the words `words` (its backend and board: "backend=te
// machine=bare", "backend=te machine=pc clock=guest"...) and its test guest running test
// `test`; the nonce goes to the guest as its tag.
int tguest_boot(struct run *r, const char *words, const char *test);

// After the guest's last step: stops where the monitor destroys the VM (its state is final
// then, the guest's lines all printed) and reads the VM.
int tguest_end(struct run *r, struct inspect_vm *vm);

// The guest's summary line: every check of its test passed ("lab4 port-io: passed (nonce)").
int tguest_passed(struct run *r, const char *guest, const char *test);

// tguest_end, then tguest_passed: the guest's run ended with every check passed.
int tguest_ended(struct run *r, const char *guest, const char *test);

// Boots test `test` (tguest_boot), whose last step, at the guest's label, must stop the VM
// there for a reason that contains `why`; every check before it passed.
int tguest_stops(struct run *r, const char *words, const char *guest, const char *test,
		 const char *label, const char *why);

// Fails unless each counter has exactly its count.
int vmm_counts_check(struct run *r, const struct vmm_count *c, int n);

// The monitor's counters between two labels of the test guest: each moves by exactly its
// count (up to VMM_WINDOW_COUNTS of them, the first with a NULL name ends the list).
#define VMM_WINDOW_COUNTS 3
struct vmm_window {
	const char *from, *to;          // the guest's labels
	struct vmm_count c[VMM_WINDOW_COUNTS];
};

// Runs to w->from and reads the counters into n.
int vmm_window_open(struct run *r, const struct vmm_window *w, uint64_t *n);
// Runs to w->to and checks each counter moved by its count since vmm_window_open (n).
int vmm_window_close(struct run *r, const struct vmm_window *w, const uint64_t *n);

// Boots the guest under vmx with mmu (VMX_SHADOW or VMX_EPT) (labs 8, 9); its shell first
// says hello with this run's nonce, then runs the commands of `then` (comma-separated, ""
// for none: the shell waits at its prompt). The machine stays stopped until the test first
// waits: a breakpoint set right after vmx_start is in place before the guest runs, however
// quick its commands are.
int vmx_start(struct run *r, const char *mmu, const char *then);

// Waits for the VM to start on vmx with mmu and the guest's hello (or finds them printed
// already).
int vmx_hello(struct run *r, const char *mmu);

// vmx_start, then vmx_hello.
int vmx_boot(struct run *r, const char *mmu, const char *then);

#endif
