// panic.c: panic with a backtrace, and the end of the run.
#include "guest-os/kernel/console.h"
#include "guest-os/kernel/cpu.h"
#include "guest-os/kernel/layout.h"
#include "guest-os/kernel/panic.h"
#include "pc/pc.h"

// Follows the saved frame pointers (the kernel keeps them: -fno-omit-frame-pointer).
static void
backtrace(void)
{
	uint32_t *fp = (uint32_t *)read_ebp();

	printf("  backtrace:");
	for (int i = 0; i < 12 && (uint32_t)fp >= KERNBASE && ((uint32_t)fp & 3) == 0; i++) {
		printf(" 0x%08x", (unsigned)fp[1]);
		fp = (uint32_t *)fp[0];
	}
	printf("\n");
}

void
panic_at(const char *file, int line, const char *fmt, ...)
{
	static int panicking;
	va_list ap;

	cli();
	if (panicking++)
		machine_exit(0);
	printf("panic: %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	backtrace();
	machine_exit(0);
}

void
machine_exit(int success)
{
	cli();
	printf("duplicata: exit %s\n", success ? "success" : "failure");
	console_drain();
	outb(PORT_DEBUG_EXIT, success ? DEBUG_EXIT_SUCCESS : DEBUG_EXIT_FAILURE);
	for (const char *s = "Shutdown"; *s; s++)
		outb(PORT_BOCHS_SHUTDOWN, *s);
	for (;;)
		hlt();
}
