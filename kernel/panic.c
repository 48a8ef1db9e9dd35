// panic.c: panic with a backtrace, and the clean end of a run.
#include "kernel/console.h"
#include "kernel/panic.h"
#include "pc/pc.h"
#include "x86/x86.h"

// Walks the frame-pointer chain (the kernel is built with -fno-omit-frame-pointer).
static void
backtrace(void)
{
	uint32_t *ebp;

	__asm__ volatile("movl %%ebp, %0" : "=r"(ebp));
	printf("  backtrace:");
	for (int depth = 0; ebp && depth < 16; depth++) {
		if ((uint32_t)ebp < 0x1000 || ((uint32_t)ebp & 3))
			break;
		printf(" 0x%08x", (unsigned)ebp[1]);
		ebp = (uint32_t *)ebp[0];
	}
	printf("\n");
}

void
panic_at(const char *file, int line, const char *fmt, ...)
{
	static int nested;
	va_list ap;

	cli();
	if (nested++)
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
