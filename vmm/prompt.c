// prompt.c: a small command prompt on the serial console, with line editing (backspace).
#include "kernel/console.h"
#include "kernel/frame.h"
#include "kernel/kernel.h"
#include "kernel/selftest.h"
#include "kernel/timer.h"
#include "kernel/vm.h"
#include "lib/string.h"
#include "vmm/prompt.h"
#include "x86/paging.h"

#define LINE_MAX 128

// Reads one line into buf, echoing; backspace and DEL erase, Ctrl-U erases the line.
static void
prompt_readline(char *buf, size_t size)
{
	size_t n = 0;

	for (;;) {
		int c = console_getc();
		if (c == '\r' || c == '\n') {
			printf("\n");
			buf[n] = '\0';
			return;
		} else if ((c == '\b' || c == 0x7F) && n > 0) {
			n--;
			printf("\b \b");
		} else if (c == 0x15) {
			for (; n > 0; n--)
				printf("\b \b");
		} else if (c >= ' ' && c < 0x7F && n + 1 < size) {
			buf[n++] = c;
			console_putc(c);
		}
	}
}

static int cmd_help(const char *arg);

static int
cmd_info(const char *arg)
{
	(void)arg;
	printf("cmdline: \"%s\"\n", boot_info.cmdline);
	printf("paging: %s; frames free: %u (%u KiB); ticks: %u at %d Hz\n",
	       vm_mode_name(vm_mode()), (unsigned)frame_free_count(),
	       (unsigned)frame_free_count() * (PAGE_SIZE / 1024), (unsigned)timer_ticks(),
	       TIMER_HZ);
	return -1;
}

static int
cmd_test(const char *arg)
{
	selftest_run(*arg ? arg : "?");
	return -1;
}

static int
cmd_exit(const char *arg)
{
	(void)arg;
	return 0;
}

static const struct {
	const char *name;
	const char *help;
	int (*fn)(const char *arg);     // returns -1 to keep prompting, else an exit status
} cmds[] = {
	{ "help", "list the commands", cmd_help },
	{ "info", "command line, paging mode, free memory, timer ticks", cmd_info },
	{ "test", "test NAME: run a self-test (boot, fault)", cmd_test },
	{ "exit", "end the run (QEMU and Bochs exit)", cmd_exit },
};

static int
cmd_help(const char *arg)
{
	(void)arg;
	for (unsigned i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		printf("  %-6s %s\n", cmds[i].name, cmds[i].help);
	return -1;
}

// Runs one line; returns -1 to go on, or an exit status.
static int
prompt_exec(char *line)
{
	while (*line == ' ')
		line++;
	char *arg = strchr(line, ' ');
	if (arg)
		*arg++ = '\0';
	if (*line == '\0')
		return -1;
	for (unsigned i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(line, cmds[i].name) == 0)
			return cmds[i].fn(arg ? arg : "");
	printf("unknown command '%s': type help\n", line);
	return -1;
}

int
prompt_run(void)
{
	char line[LINE_MAX];
	int status;

	printf("type help for the commands\n");
	do {
		printf("duplicata> ");
		prompt_readline(line, sizeof line);
		status = prompt_exec(line);
	} while (status < 0);
	return status;
}
