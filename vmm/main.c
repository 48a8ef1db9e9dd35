// main.c: the program the host kernel runs: the monitor. It boots the guest OS (the image's
// "guest-os" module, or the module guest= names) in a VM on the backend the command line
// names, or runs the kernel's self-tests (test=NAME), or a small prompt when there is no
// guest (or with `prompt`).
//
// Command line: [test=NAME] [backend=te|vmx] [mmu=shadow|ept] [mem=MIB] [machine=pc|bare]
//               [clock=host|guest] [vmtimeout=SECONDS] [prompt] [paging=pae] [stats]
//               [guest=MODULE]
//               [eptcheck tag=TAG] [-- GUEST COMMAND LINE]
// mmu: how the guest's memory is virtualized: shadow page tables (te's only way; vmx without
// EPT) or EPT (vmx's default). machine: the guest's board (vmm/dev/board.h): a PC, or only
// the debug ports. paging: the host kernel's own page tables (kernel/init.c).
// stats: print the VM's counters (vmm/stats.h) and the cycles it ran when it stops.
// eptcheck: check the EPT tables' code on this machine (vmm/eptcheck.h) instead of a guest.
#include "kernel/console.h"
#include "kernel/frame.h"
#include "kernel/kernel.h"
#include "kernel/selftest.h"
#include "kernel/timer.h"
#include "kernel/vm.h"
#include "lib/cmdline.h"
#include "lib/error.h"
#include "lib/string.h"
#include "version.h"
#include "vmm/backend.h"
#include "vmm/eptcheck.h"
#include "vmm/prompt.h"
#include "x86/paging.h"
#include "x86/x86.h"

#define GUEST_MODULE "guest-os"
#define GUEST_MEM_MIB 16

static const struct boot_module *
module_find(const char *name)
{
	for (uint32_t i = 0; i < boot_info.nmodules; i++)
		if (strcmp(boot_info.modules[i].name, name) == 0)
			return &boot_info.modules[i];
	return NULL;
}

// The command line's two parts: the monitor's words, and the guest's after " -- ".
static char monitor_words[CMDLINE_MAX];
static const char *guest_words = "";

static void
console_sink(int c, void *arg)
{
	(void)arg;
	console_putc(c);
}

// The VM's counters, one line per reason that occurred (the exits or traps, and the
// interrupts injected), and the TSC cycles it ran for: in Bochs, instructions executed,
// the monitor's included.
static void
stats_report(const struct vm *vm, uint64_t cycles)
{
	printf("duplicata: vm %d counters (%s):\n", vm->id, vm->backend->name);
	stats_print(&vm->stats, console_sink, NULL);
	printf("%-20s %llu\n", "TSC_CYCLES", (unsigned long long)cycles);
}

// The board machine= names; -1, with the reason printed, for an unknown one.
static int
machine_find(enum board_kind *kind)
{
	char name[16] = "pc";

	cmdline_get(monitor_words, "machine", name, sizeof name);
	if (strcmp(name, "pc") == 0 || strcmp(name, "bare") == 0) {
		*kind = name[0] == 'p' ? BOARD_PC : BOARD_BARE;
		return 0;
	}
	printf("duplicata: machine=%s: no such machine (pc, bare)\n", name);
	return -1;
}

// clock=host (the default: the PIT follows the host's timer) or clock=guest (a PC whose PIT
// counts only what the guest gives it at PORT_TESTDEV_CLOCK: exact timer tests).
static int
clock_find(struct vm_config *c)
{
	char name[16] = "host";

	cmdline_get(monitor_words, "clock", name, sizeof name);
	c->guest_clock = strcmp(name, "guest") == 0;
	if ((c->guest_clock && c->machine == BOARD_PC) || strcmp(name, "host") == 0)
		return 0;
	printf("duplicata: clock=%s: no such clock (host; guest, on a pc machine)\n", name);
	return -1;
}

// The VM the command line asks for (backend=, mmu=, mem=, machine=), on a CPU that can run
// it. Returns 0, or -1 with the reason printed.
static int
monitor_config(struct vm_config *c)
{
	char name[16] = "te", mmu[16], msg[VM_MSG_MAX];
	int m;

	cmdline_get(monitor_words, "backend", name, sizeof name);
	if (!(c->backend = backend_find(name))) {
		printf("duplicata: backend %s: no such backend (te)\n", name);
		return -1;
	}
	c->mmu = c->backend->mmu;
	if (cmdline_get(monitor_words, "mmu", mmu, sizeof mmu) != -E_NOENT) {
		if ((m = vm_mmu_lookup(mmu)) < 0) {
			printf("duplicata: mmu=%s: unknown (shadow or ept)\n", mmu);
			return -1;
		}
		c->mmu = m;
	}
	if (c->backend->probe(c->mmu, msg, sizeof msg) < 0) {
		printf("duplicata: backend %s: %s\n", name, msg);
		return -1;
	}
	c->mem_size = cmdline_uint(monitor_words, "mem", GUEST_MEM_MIB) << 20;
	if (machine_find(&c->machine) < 0 || clock_find(c) < 0)
		return -1;
	return 0;
}

// Boots the guest module in a VM and runs it to its end; returns the guest's exit status.
static int
monitor_run(const struct boot_module *guest, const char *name)
{
	char msg[VM_MSG_MAX];
	struct vm_config c;

	if (monitor_config(&c) < 0)
		return 1;
	uint32_t free_before = frame_free_count();
	struct vm *vm = vm_create(name, &c, (const uint8_t *)guest->start, guest->size,
				  guest_words, msg, sizeof msg);
	if (!vm) {
		printf("duplicata: cannot start the guest: %s\n", msg);
		return 1;
	}
	vm->watchdog_ticks = cmdline_uint(monitor_words, "vmtimeout", 0) * TIMER_HZ;
	printf("duplicata: vm %d: %s on %s with %s, %u MiB%s\n", vm->id, vm->name,
	       c.backend->name, vm_mmu_what(c.mmu), (unsigned)(c.mem_size >> 20),
	       c.machine == BOARD_BARE ? ", bare machine" : "");
	uint64_t start = rdtsc();
	int status = vm_run(vm);
	if (cmdline_has(monitor_words, "stats"))
		stats_report(vm, rdtsc() - start);
	vm_destroy(vm);
	uint32_t lost = free_before - frame_free_count();
	printf("duplicata: vm destroyed: %s\n", lost ? "frames leaked" : "all its memory returned");
	if (lost)
		printf("duplicata: %u frames (%u KiB) not returned\n", (unsigned)lost,
		       (unsigned)lost * (PAGE_SIZE / 1024));
	return status;
}

int
main(void)
{
	char test[32], name[VM_NAME_MAX] = GUEST_MODULE;

	guest_words = cmdline_split(boot_info.cmdline, monitor_words, sizeof monitor_words);
	printf("duplicata %s: host kernel ready (%s paging, %u KiB free)\n", DUPLICATA_VERSION,
	       vm_mode_name(vm_mode()), (unsigned)frame_free_count() * (PAGE_SIZE / 1024));
	if (cmdline_get(monitor_words, "test", test, sizeof test) >= 0)
		return selftest_run(test) == 0 ? 0 : 1;
	if (cmdline_has(monitor_words, "eptcheck")) {
		cmdline_get(monitor_words, "tag", test, sizeof test);
		return eptcheck_run(test) == 0 ? 0 : 1;
	}
	cmdline_get(monitor_words, "guest", name, sizeof name);
	const struct boot_module *guest = module_find(name);
	if (!guest || cmdline_has(monitor_words, "prompt"))
		return prompt_run(0);
	return monitor_run(guest, name);
}
