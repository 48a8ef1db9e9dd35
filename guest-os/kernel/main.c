// main.c: brings the guest OS up in order, then starts the first process: the shell.
// The order follows the labs, so that each lab's work runs (and can be graded) before the
// next lab's: traps (1), then paging of the kernel, the timer and the UART (2), then processes (3).
#include "boot/image.h"
#include "guest-os/kernel/chaos.h"
#include "guest-os/kernel/console.h"
#include "guest-os/kernel/frame.h"
#include "guest-os/kernel/kmon.h"
#include "guest-os/kernel/layout.h"
#include "guest-os/kernel/panic.h"
#include "guest-os/kernel/pic.h"
#include "guest-os/kernel/proc.h"
#include "guest-os/kernel/sched.h"
#include "guest-os/kernel/seg.h"
#include "guest-os/kernel/timer.h"
#include "guest-os/kernel/trap.h"
#include "guest-os/kernel/vm.h"
#include "lib/cmdline.h"
#include "lib/error.h"
#include "version.h"

void kmain(uint32_t magic) __attribute__((noreturn));

// entry.S copies the loader's (or the monitor's) bootinfo here, bootinfo_size bytes.
struct bootinfo boot_info;
const uint32_t bootinfo_size = sizeof boot_info;

// Frees the RAM of the E820 map to the frame allocator but for the first MiB (BIOS, boot
// code) and the kernel; then maps it all at KERNBASE.
static void
mem_init(void)
{
	int n = boot_info.ne820 < E820_MAX ? (int)boot_info.ne820 : E820_MAX;
	uint32_t top = frame_init(boot_info.e820, n, KMAP_MAX);
	uint32_t kend = V2P(__kernel_end);

	if (top <= kend)
		panic("mem_init: no usable RAM above the kernel in the E820 map (%d entries)", n);
	frame_reserve(0, kend > boot_info.kernel_end ? kend : boot_info.kernel_end);
	vm_init(top);
	printf("memory: %u KiB of RAM, %u KiB free\n", (unsigned)(top / 1024),
	       (unsigned)(frame_free_count() * 4));
}

// The first process: the shell, given the boot command line's run= list as its argument.
static void
start_shell(void)
{
	char script[SPAWN_ARG_MAX] = "";
	int pid;

	if (cmdline_get(boot_info.cmdline, "run", script, sizeof script) == -E_2BIG)
		printf("warning: run= is longer than %d bytes: cut to '%s'\n", SPAWN_ARG_MAX - 1,
		       script);
	if ((pid = proc_spawn("sh", script, NULL)) != 1)
		panic("start_shell: spawn sh: %s (%d)", error_str(pid), pid);
}

// Echoes the boot word tag=WORD as "tag WORD": the grader puts a fresh secret there, so the
// lines after it are known to come from this run.
static void
boot_tag(void)
{
	char tag[40];

	if (cmdline_get(boot_info.cmdline, "tag", tag, sizeof tag) > 0)
		printf("tag %s\n", tag);
}

// The deliberate kernel fault of the boot word `kfault`: a read of an address no kernel page
// maps, made as soon as paging is complete and before any lab 2 or 3 code runs, so the
// exception report of lab 1 can be seen on its own.
static void
kfault(void)
{
	printf("kfault: the kernel reads 0x%08x\n", BENCH_FAULT_VA);
	(void)*(volatile uint32_t *)BENCH_FAULT_VA;
}

void
kmain(uint32_t magic)
{
	seg_init();                     // our own GDT and IDT before anything can trap
	trap_init();
	console_init();
	printf("\nduplicata guest-os %s\n", DUPLICATA_VERSION);
	boot_tag();
	if (magic != BOOTINFO_MAGIC)
		panic("kmain: entered with eax 0x%08x, not BOOTINFO_MAGIC", (unsigned)magic);
	mem_init();
	if (cmdline_has(boot_info.cmdline, "kfault"))
		kfault();
	pic_init();
	timer_init();
	console_irq_init();
	if (cmdline_has(boot_info.cmdline, "kmon"))
		kmon();
	start_shell();
	if (cmdline_has(boot_info.cmdline, "kchaos"))
		kchaos(cmdline_uint(boot_info.cmdline, "kchaos", 1));
	scheduler();
}
