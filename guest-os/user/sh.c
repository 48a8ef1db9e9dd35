// sh.c: the shell, the first process. Runs programs by name and waits for them; `help` lists
// the builtins and the programs. Its argument (the boot command line's run=) is a script run
// first: commands separated by commas, '+' standing for a space ("run=hello,sleep+5,ps").
#include "guest-os/user/lineedit.h"
#include "guest-os/user/ulib.h"

#define PROMPT "guest$ "

static int sh_help(const char *arg);

static int
sh_exit(const char *arg)
{
	exit((int)strtoul(arg, NULL, 10));
}

static int
sh_uptime(const char *arg)
{
	(void)arg;
	printf("uptime: %u ticks\n", uptime());
	return 0;
}

static int
sh_sleep(const char *arg)
{
	return sleep(strtoul(arg, NULL, 10));
}

static const struct {
	const char *name, *help;
	int (*fn)(const char *arg);
} builtins[] = {
	{ "help", "list the commands", sh_help },
	{ "uptime", "timer ticks since boot", sh_uptime },
	{ "sleep", "sleep N: wait N ticks", sh_sleep },
	{ "exit", "exit [STATUS]: end the shell (the first one stops the machine)", sh_exit },
};
#define NBUILTINS (sizeof builtins / sizeof builtins[0])

static int
sh_help(const char *arg)
{
	char name[PROC_NAME_MAX];

	(void)arg;
	for (unsigned i = 0; i < NBUILTINS; i++)
		printf("  %-8s %s\n", builtins[i].name, builtins[i].help);
	printf("programs:");
	for (int i = 0; progname(i, name, sizeof name) == 0; i++)
		printf(" %s", name);
	printf("\n");
	return 0;
}

// Starts program name with arg and waits for it; says how it ended if not with status 0.
static void
sh_spawn(const char *name, const char *arg)
{
	int pid = spawn(name, arg), status;

	if (pid < 0) {
		printf("sh: %s: %s (type help)\n", name, pid == -E_NOENT ? "no such program"
							      : error_str(pid));
		return;
	}
	status = wait(pid);
	if (status >= EXIT_KILLED)
		printf("sh: %s (pid %d) was killed by %s\n", name, pid,
		       exception_mnemonic(status - EXIT_KILLED));
	else if (status != 0)
		printf("sh: %s (pid %d) exited with status %d\n", name, pid, status);
}

// Runs one command line: NAME [ARG], ARG being the rest of the line.
static void
sh_run(char *line)
{
	while (*line == ' ')
		line++;
	char *arg = strchr(line, ' ');
	if (arg)
		*arg++ = '\0';
	if (*line == '\0')
		return;
	for (unsigned i = 0; i < NBUILTINS; i++)
		if (strcmp(line, builtins[i].name) == 0) {
			builtins[i].fn(arg ? arg : "");
			return;
		}
	sh_spawn(line, arg ? arg : "");
}

// Runs the script's commands as if typed at the prompt.
static void
sh_script(const char *script)
{
	char line[LINE_MAX];
	size_t n = 0;

	for (const char *p = script;; p++) {
		if (*p != ',' && *p != '\0' && n + 1 < sizeof line) {
			line[n++] = *p == '+' ? ' ' : *p;
			continue;
		}
		line[n] = '\0';
		printf(PROMPT "%s\n", line);
		sh_run(line);
		n = 0;
		if (*p == '\0')
			return;
	}
}

// The next key typed; keys typed ahead wait in a buffer.
static char
sh_getkey(void)
{
	static char keys[32];
	static int pos, len;

	while (pos == len) {
		len = read(keys, sizeof keys);
		pos = 0;
		if (len < 0)
			exit(1);
	}
	return keys[pos++];
}

// Reads keys until a whole line is in le->buf, echoing as the editor says.
static void
sh_readline(struct lineedit *le)
{
	char echo[LINEEDIT_ECHO_MAX];
	size_t n;
	int done;

	do {
		done = lineedit_key(le, sh_getkey(), echo, &n);
		write(echo, n);
	} while (!done);
}

int
main(const char *arg)
{
	static struct lineedit le;

	if (*arg)
		sh_script(arg);
	printf("type help for the commands\n");
	for (;;) {
		printf(PROMPT);
		sh_readline(&le);
		sh_run(le.buf);
	}
}
