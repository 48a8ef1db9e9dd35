// prompt.c: the monitor console: a command prompt on the serial line, with line editing
// (backspace, Ctrl-U), that lists VMs, shows a vCPU's registers and exit counters, and resumes.
#include "kernel/console.h"
#include "kernel/frame.h"
#include "kernel/kernel.h"
#include "kernel/selftest.h"
#include "kernel/timer.h"
#include "kernel/vm.h"
#include "lib/string.h"
#include "vmm/backend.h"
#include "vmm/prompt.h"
#include "vmm/vm.h"
#include "x86/insn.h"
#include "x86/paging.h"

#define LINE_MAX 128
#define PROMPT_AGAIN (-2)            // a command's result: read the next one

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
	return PROMPT_AGAIN;
}

static int
cmd_test(const char *arg)
{
	selftest_run(*arg ? arg : "?");
	return PROMPT_AGAIN;
}

static int
cmd_exit(const char *arg)
{
	return *arg ? (int)strtoul(arg, 0, 0) & 0xFF : 0;
}

static int paused;

static int
cmd_continue(const char *arg)
{
	(void)arg;
	if (paused)
		return PROMPT_CONTINUE;
	printf("no guest is paused\n");
	return PROMPT_AGAIN;
}

static int
cmd_vms(const char *arg)
{
	static const char *const states[] = { "off", "running", "stopped" };

	(void)arg;
	for (int i = 0; i < VM_MAX; i++)
		if (vms[i].state != VM_OFF)
			printf("  vm %d  %-10s %-4s %5u KiB  %-8s %llu exits  %s\n", i, vms[i].name,
			       vms[i].backend->name, (unsigned)(vms[i].mem.size >> 10),
			       states[vms[i].state], (unsigned long long)stats_sum(&vms[i].stats),
			       vms[i].stop_reason);
	return PROMPT_AGAIN;
}

// The VM an argument names (its number; the first VM by default), or NULL with a message.
static struct vm *
vm_arg(const char *arg)
{
	unsigned long id = *arg ? strtoul(arg, 0, 0) : 0;

	if (id < VM_MAX && vms[id].state != VM_OFF)
		return &vms[id];
	printf("no vm %s (see vms)\n", *arg ? arg : "0");
	return NULL;
}

static int
cmd_regs(const char *arg)
{
	static const char *const gpr[8] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
	static const char *const sreg[SREG_COUNT] = { "es", "cs", "ss", "ds", "fs", "gs" };
	struct vm *vm = vm_arg(arg);

	if (!vm)
		return PROMPT_AGAIN;
	struct vcpu *v = &vm->vcpu;
	vm->backend->sync(v);
	for (int i = 0; i < 8; i++)
		printf("  %s 0x%08x%s", gpr[i], (unsigned)v->regs.gpr[i], i % 4 == 3 ? "\n" : "");
	printf("  eip 0x%08x  eflags 0x%08x  (the guest's view; real cs 0x%04x)\n",
	       (unsigned)v->regs.eip, (unsigned)v->regs.eflags, (unsigned)v->real_cs);
	for (int i = 0; i < SREG_COUNT; i++)
		printf("  %s 0x%04x", sreg[i], v->sregs.seg[i].sel);
	printf("\n  cr0 0x%08x  cr2 0x%08x  cr3 0x%08x  cr4 0x%08x  (shadow cr3 0x%08x)\n",
	       (unsigned)v->sregs.cr0, (unsigned)v->sregs.cr2, (unsigned)v->sregs.cr3,
	       (unsigned)v->sregs.cr4, (unsigned)v->real_cr3);
	printf("  gdtr 0x%08x/0x%x  idtr 0x%08x/0x%x  tr 0x%04x\n", (unsigned)v->sregs.gdtr.base,
	       v->sregs.gdtr.limit, (unsigned)v->sregs.idtr.base, v->sregs.idtr.limit,
	       v->sregs.tr.sel);
	return PROMPT_AGAIN;
}

static void
prompt_sink(int c, void *arg)
{
	(void)arg;
	console_putc(c);
}

static int
cmd_stats(const char *arg)
{
	struct vm *vm = vm_arg(arg);

	if (vm)
		stats_print(&vm->stats, prompt_sink, 0);
	return PROMPT_AGAIN;
}

static const struct {
	const char *name;
	const char *help;
	int (*fn)(const char *arg);     // returns PROMPT_AGAIN to keep prompting, else what prompt_run returns
} cmds[] = {
	{ "help", "list the commands", cmd_help },
	{ "info", "command line, paging mode, free memory, timer ticks", cmd_info },
	{ "vms", "list the virtual machines", cmd_vms },
	{ "regs", "regs [N]: vm N's vCPU registers, as its guest sees them", cmd_regs },
	{ "stats", "stats [N]: vm N's exits by reason", cmd_stats },
	{ "test", "test NAME: run a self-test of the host kernel (boot, fault, world)", cmd_test },
	{ "continue", "resume the paused guest", cmd_continue },
	{ "exit", "exit [STATUS]: end the run (QEMU and Bochs exit)", cmd_exit },
};

static int
cmd_help(const char *arg)
{
	(void)arg;
	for (unsigned i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		printf("  %-6s %s\n", cmds[i].name, cmds[i].help);
	return PROMPT_AGAIN;
}

// Runs one line; returns PROMPT_AGAIN to go on, or what prompt_run returns.
static int
prompt_exec(char *line)
{
	while (*line == ' ')
		line++;
	char *arg = strchr(line, ' ');
	if (arg)
		*arg++ = '\0';
	if (*line == '\0')
		return PROMPT_AGAIN;
	for (unsigned i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(line, cmds[i].name) == 0)
			return cmds[i].fn(arg ? arg : "");
	printf("unknown command '%s': type help\n", line);
	return PROMPT_AGAIN;
}

int
prompt_run(int is_paused)
{
	char line[LINE_MAX];
	int status;

	paused = is_paused;
	printf("%stype help for the commands\n", paused ? "\nduplicata: guest paused; " : "");
	do {
		printf("duplicata> ");
		prompt_readline(line, sizeof line);
		status = prompt_exec(line);
	} while (status == PROMPT_AGAIN);
	return status;
}
