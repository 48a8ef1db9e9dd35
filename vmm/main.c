// main.c: the program the host kernel runs. Until the monitor arrives, it runs the kernel's
// self-tests (test=NAME on the boot command line) or a small prompt on the serial console.
#include "kernel/console.h"
#include "kernel/frame.h"
#include "kernel/kernel.h"
#include "kernel/selftest.h"
#include "kernel/vm.h"
#include "lib/cmdline.h"
#include "version.h"
#include "vmm/prompt.h"
#include "x86/paging.h"

int
main(void)
{
	char test[32];

	printf("duplicata %s: host kernel ready (%s paging, %u KiB free)\n", DUPLICATA_VERSION,
	       vm_mode_name(vm_mode()), (unsigned)frame_free_count() * (PAGE_SIZE / 1024));
	if (cmdline_get(boot_info.cmdline, "test", test, sizeof test) >= 0)
		return selftest_run(test) == 0 ? 0 : 1;
	return prompt_run();
}
