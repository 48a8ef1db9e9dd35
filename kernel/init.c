// init.c: brings the host kernel up, then runs the program's main (vmm/main.c).
#include "kernel/console.h"
#include "kernel/frame.h"
#include "kernel/kernel.h"
#include "kernel/memmap.h"
#include "kernel/panic.h"
#include "kernel/pic.h"
#include "kernel/seg.h"
#include "kernel/timer.h"
#include "kernel/tramp.h"
#include "kernel/trap.h"
#include "kernel/vm.h"
#include "lib/cmdline.h"
#include "lib/error.h"
#include "lib/string.h"
#include "x86/paging.h"
#include "x86/x86.h"

void kernel_start(uint32_t magic, const struct bootinfo *bi);

struct bootinfo boot_info;

// Frees usable RAM in the frame allocator; returns the top of RAM to map 1:1.
static uint32_t
memory_init(void)
{
	struct mem_range r[MEMMAP_MAX];
	int n = memmap_usable(boot_info.e820, boot_info.ne820, FRAME_LIMIT, r, MEMMAP_MAX);

	if (n == 0)
		panic("memory_init: no usable RAM in the BIOS map (%u entries)",
		      (unsigned)boot_info.ne820);
	frame_init(r, n);
	frame_reserve(0, KERNEL_LOAD_MIN);             // BIOS data, boot code, bootinfo
	frame_reserve(KERNEL_LOAD_MIN, boot_info.kernel_end);
	return (uint32_t)r[n - 1].end;
}

static enum paging_mode
paging_mode_wanted(void)
{
	char own[CMDLINE_MAX], v[16];

	cmdline_split(boot_info.cmdline, own, sizeof own);   // the guest's words are not ours
	if (cmdline_get(own, "paging", v, sizeof v) < 0 || strcmp(v, "2level") == 0)
		return PAGING_2LEVEL;
	if (strcmp(v, "pae") == 0)
		return PAGING_PAE;
	printf("warning: paging=%s unknown (2level or pae); using 2level\n", v);
	return PAGING_2LEVEL;
}

void
kernel_start(uint32_t magic, const struct bootinfo *bi)
{
	console_init();
	printf("\nduplicata host kernel: booting\n");
	if (magic != BOOTINFO_MAGIC)
		panic("kernel_start: entered with eax 0x%08x, not BOOTINFO_MAGIC 0x%08x",
		      (unsigned)magic, BOOTINFO_MAGIC);
	boot_info = *bi;
	uint32_t ram_top = memory_init();
	enum paging_mode mode = paging_mode_wanted();
	int err = vm_init(mode, ram_top);
	if (err < 0)
		panic("kernel_start: %s paging: %s", vm_mode_name(mode), error_str(err));
	seg_init();
	trap_init();
	pic_init();
	timer_init();
	console_irq_init();
	sti();
	machine_exit(main() == 0);
}
