// lab6-os.c: lab 6's tests of the whole guest OS under trap-and-emulate, which shadow paging
// lets run at last: its kernel deprivileged to ring 1, its programs' privileged instructions
// refused, its vCPU as the monitor publishes it against the guest's own memory, and the
// monitor's exit counters after a benchmark. Labs 4 and 5 checked each mechanism on its own
// test guest; this is where they meet.
#include <inttypes.h>

#include "grader/labs/lab6.h"
#include "x86/regs.h"

#define SAMPLES 40                 // stops of a running guest in the deprivileging test
#define SAMPLE_MS 10
#define PROC_PGDIR 28              // offsetof(struct proc, pgdir) in the i386 guest
				   // (guest-os/kernel/proc.h: pid, state, name[16], parent)
#define STRESS_SCRIPT "stress,stress,stress,stress"
#define PRIVTEST_LINE "privtest: 26 of 26 privileged instructions faulted"

// Boots the monitor (te) with the guest running the shell script `script` (run= syntax).
static int
os_boot(struct run *r, const char *script)
{
	return run_boot(r, "backend=te tag=%s -- run=%s", run_nonce(r), script);
}

// True when the stopped CPU runs guest code: the guest's shadow space in CR3 and an EIP
// below the trampoline (the monitor runs on its own CR3; its stubs at 0xFFC00000 and up).
static int
in_guest(const struct regs *g, uint32_t monitor_cr3)
{
	return g->cr3 != monitor_cr3 && g->eip < VMMLAB_TRAMP_BASE;
}

// Checks one sample of the CPU: guest code never at CPL 0; counts kernel and user samples.
static int
sample_check(struct run *r, int i, const struct regs *g, uint32_t monitor_cr3, int *ring1,
	     int *ring3)
{
	struct inspect_vm vm;

	if (!in_guest(g, monitor_cr3))
		return 0;
	if (run_check(r, g->cpl != 0, "sample %d: the CPU ran guest code (eip 0x%08x, cr3 0x%08x, "
		      "not the monitor's 0x%08x) at CPL 0: the guest kernel must run at ring 1 "
		      "(its selectors with RPL 1 in the real CS)", i, g->eip, g->cr3, monitor_cr3) < 0)
		return -1;
	if (vmm_read_vm(r, &vm) < 0)
		return -1;
	if (run_check(r, g->cr3 == vm.vcpu.real_cr3, "sample %d: the guest ran on cr3 0x%08x but "
		      "vmm_inspect says its shadow root (real_cr3) is 0x%08x", i, g->cr3,
		      vm.vcpu.real_cr3) < 0)
		return -1;
	*(g->cpl == 3 ? ring3 : ring1) += 1;
	return 0;
}

// Guest kernel functions the deprivileging test stops at: each must run at ring 1.
static const char *const kernel_stops[] = { "trap", "syscall", "timer_irq", "sched" };

// Breaks at each of the guest kernel's kernel_stops, rounds times: CPL 1 at every one.
static int
kernel_breaks(struct run *r, int rounds)
{
	struct regs g;
	int n = sizeof kernel_stops / sizeof kernel_stops[0];

	for (int i = 0; i < rounds * n; i++) {
		const char *fn = kernel_stops[i % n];
		if (run_break_guest(r, fn) < 0 || run_regs(r, &g) < 0)
			return -1;
		if (run_check(r, g.cpl == 1, "at the guest kernel's %s (eip 0x%08x) the CPU ran at "
			      "CPL %d, cs 0x%04x: the guest kernel must run deprivileged, at ring 1",
			      fn, g.eip, g.cpl, g.cs.sel) < 0)
			return -1;
	}
	run_note(r, "the guest kernel ran at ring 1 at %d breakpoints (%s, %s, %s, %s)",
		 rounds * n, kernel_stops[0], kernel_stops[1], kernel_stops[2], kernel_stops[3]);
	return 0;
}

// Stops the running guest SAMPLES times: its code never runs at CPL 0.
static int
random_samples(struct run *r, uint32_t monitor_cr3)
{
	struct regs g;
	int ring1 = 0, ring3 = 0, monitor = 0;

	for (int i = 0; i < SAMPLES; i++) {
		if (run_run(r, SAMPLE_MS) < 0 || run_regs(r, &g) < 0 ||
		    sample_check(r, i, &g, monitor_cr3, &ring1, &ring3) < 0)
			return -1;
		monitor += !in_guest(&g, monitor_cr3);
	}
	run_note(r, "%d samples: guest kernel at ring 1: %d, guest programs at ring 3: %d, "
		 "monitor: %d", SAMPLES, ring1, ring3, monitor);
	return 0;
}

// The guest under `stress` (computing processes, system calls, timer preemption).
int
test_deprivileged(struct run *r)
{
	uint32_t monitor_cr3;

	if (os_boot(r, STRESS_SCRIPT) < 0 || run_expect(r, "memory:") < 0 ||
	    vmm_monitor_cr3(r, &monitor_cr3) < 0)
		return -1;
	return kernel_breaks(r, 3) < 0 ? -1 : random_samples(r, monitor_cr3);
}

// privtest at ring 3 under te: every privileged instruction must fault for the guest's
// program, as on a real CPU: the monitor reflects each #GP to the guest kernel.
int
test_privtest(struct run *r)
{
	uint64_t reflected;

	if (os_boot(r, "privtest") < 0 || run_expect(r, PRIVTEST_LINE) < 0 ||
	    run_expect(r, "type help") < 0 || vmm_read_stat(r, "EXCEPTION_REFLECTED", &reflected) < 0)
		return -1;
	if (run_check(r, reflected >= 26, "privtest's 26 faults must reach the guest through the "
		      "monitor (counter EXCEPTION_REFLECTED), but it counts %" PRIu64, reflected) < 0)
		return -1;
	run_note(r, "EXCEPTION_REFLECTED: %" PRIu64, reflected);
	return run_send(r, "exit\n") < 0 ? -1 : run_expect_end(r, END_SUCCESS);
}

// The guest's CR3 as it believes it is: its current process's page directory.
static int
guest_current_pgdir(struct run *r, const struct inspect_vm *vm, uint32_t *pgdir)
{
	uint32_t cur;

	if (guest_read_u32(r, vm, "current", &cur) < 0)
		return -1;
	if (run_check(r, cur != 0, "the guest ran a program but its `current` is NULL") < 0)
		return -1;
	return guest_read(r, vm, cur + PROC_PGDIR, pgdir, 4);
}

// Checks the published vCPU of a guest stopped in its program (ring 3).
static int
vcpu_check(struct run *r, const struct inspect_vm *vm)
{
	const struct inspect_vcpu *c = &vm->vcpu;
	uint32_t pgdir, want0 = CR0_PG | CR0_WP | CR0_PE;

	if (run_check(r, (c->cr0 & want0) == want0, "vmm_inspect: the guest turned paging on "
		      "with CR0.PG|WP|PE, but its vCPU shows cr0 0x%08x", c->cr0) < 0 ||
	    guest_current_pgdir(r, vm, &pgdir) < 0)
		return -1;
	if (run_check(r, c->cr3 == pgdir, "vmm_inspect: the guest's cr3 should be its current "
		      "process's page directory 0x%08x (guest memory), but the vCPU shows 0x%08x",
		      pgdir, c->cr3) < 0)
		return -1;
	if (run_check(r, (c->real_cs & 3) == 3 && (c->sel[1] & 3) == 3, "in a guest program: "
		      "expected real CS and the vCPU's CS with RPL 3, found 0x%04x and 0x%04x",
		      c->real_cs, c->sel[1]) < 0)
		return -1;
	return run_check(r, (c->eflags & FL_IF) != 0, "in a guest program the guest's IF is "
			 "always 1, but the vCPU's eflags are 0x%08x", c->eflags);
}

// Stops the guest in its program (CPL 3: stress's main) and compares the vCPU with
// the guest's own view.
int
test_vcpu_view(struct run *r)
{
	struct inspect_vm vm;
	struct regs g;

	if (os_boot(r, STRESS_SCRIPT) < 0 || run_break_program(r, "stress", "main") < 0 ||
	    run_regs(r, &g) < 0)
		return -1;
	if (run_check(r, g.cpl == 3, "in stress's main() (eip 0x%08x) the CPU ran at CPL %d: "
		      "guest programs run at ring 3", g.eip, g.cpl) < 0 ||
	    vmm_read_vm(r, &vm) < 0 || vcpu_check(r, &vm) < 0)
		return -1;
	run_note(r, "in stress's main(): cr0 0x%08x, cr3 0x%08x = current->pgdir, real cs 0x%04x, "
		 "guest cs 0x%04x", vm.vcpu.cr0, vm.vcpu.cr3, vm.vcpu.real_cs, vm.vcpu.sel[1]);
	return 0;
}

// Each of bench's loops of privileged operations runs BENCH_OPS times (the iterations it
// prints; guest-os/user/bench.c): syscall, port I/O (in), cli/sti.
#define BENCH_OPS 10000

// cli, sti, in and the guest's system calls trap once per operation, and the guest kernel's
// iret to itself (a frame with its RPL 0 selectors) traps: after bench, every operation of
// its loops is counted.
int
test_counters(struct run *r)
{
	static const struct {
		const char *name;
		uint64_t min;
	} want[] = {
		{ "CLI", BENCH_OPS }, { "STI", BENCH_OPS }, { "IO_IN", BENCH_OPS },
		{ "SYSCALL_REFLECTED", BENCH_OPS }, { "IRET", 1 },
	};
	uint64_t n;

	// Read at the VM's end (a breakpoint on vm_stop, set at boot), when every operation of
	// bench is counted.
	if (os_boot(r, "bench,exit") < 0 || run_break(r, "vm_stop") < 0 ||
	    run_expect(r, "bench: cli/sti") < 0)
		return -1;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		if (vmm_read_stat(r, want[i].name, &n) < 0)
			return -1;
		if (run_check(r, n >= want[i].min, "after bench the counter %s is %" PRIu64 ", "
			      "expected at least %" PRIu64 ": is every one emulated, and counted "
			      "with stats_count?", want[i].name, n, want[i].min) < 0)
			return -1;
		run_note(r, "%s: %" PRIu64, want[i].name, n);
	}
	return 0;
}

// Types commands at the guest's shell: each character goes through the virtual UART's
// receive interrupt, each answer through its transmit register.
int
test_shell(struct run *r)
{
	if (run_boot(r, "backend=te tag=%s", run_nonce(r)) < 0 || run_expect(r, "type help") < 0 ||
	    run_send(r, "hello\n") < 0 || run_expect(r, "hello from pid") < 0 ||
	    run_send(r, "ps\n") < 0 || run_expect(r, "sh") < 0)
		return -1;
	run_note(r, "the guest's shell ran hello and ps typed through the virtual UART");
	return run_send(r, "exit\n") < 0 ? -1 : run_expect_end(r, END_SUCCESS);
}
