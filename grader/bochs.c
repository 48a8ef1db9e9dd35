// bochs.c: the Bochs 2.7 driver: its internal debugger driven over a pipe (commands on stdin,
// answers and the prompt on stdout), COM1 on a pseudo-terminal the grader holds.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "grader/bochsparse.h"
#include "grader/files.h"
#include "grader/machine.h"
#include "lib/error.h"

#define BOCHS_REPLY_MS  10000       // a command, or the boot up to the first prompt
#define BOCHS_STOP_MS   2500        // a SIGINT not answered by then is sent once more
#define BOCHS_KEEP      8192        // debugger text kept while the machine runs

struct bochs {
	int pty;                        // master side of COM1
	struct text out;                // debugger text since the last command
	int breaks;                     // breakpoints created (Bochs numbers them from 1)
	uint32_t break_addr[16];
};

// Writes bochsrc into the run directory: the disk copy, COM1 on the pty, no display, time
// from the instruction count (sync=none: reproducible), the CPU of the VT-x labs. Info
// messages are off: Bochs' SIGINT handler logs one, taking the log's lock, and deadlocks
// when the signal lands while the CPU is logging an error (as it does for every #GP of a
// guest kernel at ring 1); with info ignored the handler takes no lock. The CPU's own
// info messages stay: bochs_dead_halt reads one.
static int
bochs_config(struct machine *m, const char *pty, char *path, size_t size)
{
	FILE *f;

	snprintf(path, size, "%s/bochsrc", m->cfg.dir);
	if (!(f = fopen(path, "w")))
		return -E_IO;
	fprintf(f, "megs: 128\nromimage: file=/usr/share/bochs/BIOS-bochs-latest\n"
		"vgaromimage: file=/usr/share/vgabios/vgabios.bin\n"
		"ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14\n"
		"ata0-master: type=disk, path=\"%s\", mode=flat\nboot: disk\n"
		"display_library: term\n"
		"cpu: model=corei7_skylake_x, reset_on_triple_fault=0, ips=50000000\n"
		"clock: sync=none, time0=1\ncom1: enabled=1, mode=term, dev=%s\n"
		"log: %s/bochs.log\npanic: action=fatal\nerror: action=report\n"
		"info: action=ignore, cpu0=report\n"
		"magic_break: enabled=1\n", m->disk, pty, m->cfg.dir);
	return fclose(f) == 0 ? 0 : -E_IO;
}

// A pseudo-terminal pair in raw mode; returns the master, the slave's name in name.
static int
bochs_pty(char *name, size_t size)
{
	int fd = posix_openpt(O_RDWR | O_NOCTTY);
	struct termios t;

	if (fd < 0 || grantpt(fd) < 0 || unlockpt(fd) < 0 || !ptsname(fd))
		return -E_IO;
	snprintf(name, size, "%s", ptsname(fd));
	if (tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
	fd_prepare(fd);
	return fd;
}

static void
bochs_output(struct machine *m, struct bochs *b, const char *data, size_t n)
{
	text_append(&b->out, data, n);
	if (!m->stopped && b->out.len > BOCHS_KEEP) {         // keep the tail only
		struct text tail = { 0 };
		text_append(&tail, b->out.buf + b->out.len - BOCHS_KEEP / 2, BOCHS_KEEP / 2);
		text_free(&b->out);
		b->out = tail;
	}
	if (!m->stopped && bochs_prompt_at_end(b->out.buf, b->out.len))
		m->stopped = 1;
}

// Bochs has exited: say how the run ended, from its last message (on stderr, in
// bochs.err) and the serial log.
static void
bochs_exited(struct machine *m)
{
	char path[600], *msg;

	proc_kill(&m->proc);
	m->stopped = 1;
	if (m->end != END_NONE)
		return;
	snprintf(path, sizeof path, "%s/bochs.err", m->cfg.dir);
	msg = files_read_tail(path, 4096);
	if (msg && strstr(msg, "exception with no resolution"))
		m->end = END_TRIPLE_FAULT;
	else if (msg && strstr(msg, "shutdown requested") &&
		 strstr(m->serial.buf, "duplicata: exit success\n"))
		m->end = END_SUCCESS;
	else if (msg && strstr(msg, "shutdown requested") &&
		 strstr(m->serial.buf, "duplicata: exit failure\n"))
		m->end = END_FAILURE;
	else
		m->end = END_DIED;
	free(msg);
}

static int
bochs_pump(struct machine *m, int timeout_ms)
{
	struct bochs *b = m->drv;
	struct pollfd pf[2] = { { b->pty, POLLIN, 0 }, { m->proc.out, POLLIN, 0 } };
	char buf[65536];
	ssize_t n;

	if (m->proc.out < 0)
		return -E_IO;
	if (poll(pf, 2, timeout_ms) < 0)
		return errno == EINTR ? 0 : -E_IO;
	while ((n = read(b->pty, buf, sizeof buf)) > 0)
		serial_add(&m->serial, buf, n);
	if (!pf[1].revents)
		return 0;
	n = read(m->proc.out, buf, sizeof buf);
	if (n > 0)
		bochs_output(m, b, buf, n);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		while ((n = read(b->pty, buf, sizeof buf)) > 0)
			serial_add(&m->serial, buf, n);
		bochs_exited(m);
		return -E_IO;
	}
	return 0;
}

// Waits up to ms until the debugger prompt is back. Returns 0 or -E_IO.
static int
bochs_wait_prompt(struct machine *m, int ms)
{
	struct bochs *b = m->drv;
	long long deadline = clock_ms() + ms;

	while (!bochs_prompt_at_end(text_str(&b->out), b->out.len) && deadline_left(deadline) > 0)
		if (bochs_pump(m, 50) < 0)
			return -E_IO;
	if (bochs_prompt_at_end(text_str(&b->out), b->out.len))
		return 0;
	snprintf(m->why, sizeof m->why, "the Bochs debugger did not answer");
	return -E_IO;
}

// Runs one debugger command on the stopped machine; its answer is left in b->out.
static int
bochs_cmd(struct machine *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
bochs_cmd(struct machine *m, const char *fmt, ...)
{
	struct bochs *b = m->drv;
	char line[128];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	line[n++] = '\n';
	text_free(&b->out);
	if (m->proc.in < 0 || write(m->proc.in, line, n) != n)
		return -E_IO;
	return bochs_wait_prompt(m, BOCHS_REPLY_MS);
}

static int
bochs_start(struct machine *m)
{
	struct bochs *b = calloc(1, sizeof *b);
	char pty[128], rc[600], err[600];
	char *argv[] = { "bochs", "-q", "-f", rc, NULL };
	char *env[] = { "TERM=dumb", NULL };     // the term display needs one (HOSTS.md)

	if (!b)
		return -E_NOMEM;
	m->drv = b;
	if ((b->pty = bochs_pty(pty, sizeof pty)) < 0 || bochs_config(m, pty, rc, sizeof rc) < 0)
		return snprintf(m->why, sizeof m->why, "cannot prepare Bochs' terminal"), -E_IO;
	snprintf(err, sizeof err, "%s/bochs.err", m->cfg.dir);
	if (proc_start(&m->proc, argv, env, 1, 1, err) < 0)
		return snprintf(m->why, sizeof m->why, "cannot start bochs"), -E_IO;
	m->stopped = 0;                          // until the first prompt
	if (bochs_wait_prompt(m, BOCHS_REPLY_MS) < 0)
		return snprintf(m->why, sizeof m->why, "Bochs did not reach its debugger prompt "
				"(see bochs.err)"), -E_IO;
	m->stopped = 1;
	return 0;
}

static int
bochs_cont(struct machine *m)
{
	struct bochs *b = m->drv;

	text_free(&b->out);
	m->stopped = 0;
	return write(m->proc.in, "c\n", 2) == 2 ? 0 : -E_IO;
}

// SIGINT to Bochs itself (not its group) stops the simulation at the prompt (with info
// messages off: see bochs_config). On a loaded machine Bochs may answer late: it gets a
// second SIGINT and as long again; one that answers neither is ended.
static int
bochs_stop(struct machine *m)
{
	if (m->stopped)
		return 0;
	kill(m->proc.pid, SIGINT);
	int answered = bochs_wait_prompt(m, BOCHS_STOP_MS) == 0;
	if (!answered) {
		kill(m->proc.pid, SIGINT);
		answered = bochs_wait_prompt(m, BOCHS_STOP_MS) == 0;
	}
	if (!answered) {
		proc_kill(&m->proc);
		m->stopped = 1;
		return -E_IO;
	}
	m->stopped = 1;
	return 0;
}

static int
bochs_set_break(struct machine *m, uint32_t addr, int on)
{
	struct bochs *b = m->drv;

	if (on) {
		if (b->breaks == 16)
			return -E_2BIG;
		b->break_addr[b->breaks++] = addr;
		return bochs_cmd(m, "lb 0x%x", (unsigned)addr);
	}
	for (int i = 0; i < b->breaks; i++)
		if (b->break_addr[i] == addr) {
			b->break_addr[i] = 0;
			return bochs_cmd(m, "d %d", i + 1);
		}
	return 0;
}

static int
bochs_regs(struct machine *m, struct regs *r)
{
	struct bochs *b = m->drv;
	char *out[3] = { NULL, NULL, NULL };
	static const char *const cmds[] = { "r", "sreg", "creg" };
	int err = 0;

	for (int i = 0; i < 3 && err == 0; i++)
		if ((err = bochs_cmd(m, "%s", cmds[i])) == 0)
			out[i] = strdup(text_str(&b->out));
	if (err == 0 && bochs_parse_regs(out[0], out[1], out[2], r, m->why, sizeof m->why) < 0)
		err = -E_IO;
	for (int i = 0; i < 3; i++)
		free(out[i]);
	return err;
}

static int
bochs_read_phys(struct machine *m, uint64_t pa, void *buf, size_t n)
{
	struct bochs *b = m->drv;

	while (n > 0) {
		size_t chunk = n > 256 ? 256 : n;
		if (bochs_cmd(m, "xp /%zubx 0x%llx", chunk, (unsigned long long)pa) < 0)
			return -E_IO;
		if (bochs_parse_xp(text_str(&b->out), buf, chunk) < 0)
			return -E_FAULT;
		pa += chunk;
		buf = (char *)buf + chunk;
		n -= chunk;
	}
	return 0;
}

static int
bochs_write_serial(struct machine *m, const char *data, size_t n)
{
	struct bochs *b = m->drv;
	long long deadline = clock_ms() + BOCHS_REPLY_MS;

	while (n > 0 && deadline_left(deadline) > 0) {
		ssize_t k = write(b->pty, data, n);
		if (k > 0)
			data += k, n -= k;
		else if (bochs_pump(m, 10) < 0)
			return -E_IO;
	}
	return n == 0 ? 0 : -E_IO;
}

// Bochs cannot be asked while it runs, but it logs "HLT instruction with IF=0".
static int
bochs_dead_halt(struct machine *m)
{
	char path[600], *log;
	int dead;

	snprintf(path, sizeof path, "%s/bochs.log", m->cfg.dir);
	log = files_read_tail(path, 4096);
	dead = log && strstr(log, "HLT instruction with IF=0");
	free(log);
	return dead;
}

static void
bochs_explain(struct machine *m, struct text *out)
{
	char path[600];
	char *log;

	snprintf(path, sizeof path, "%s/bochs.log", m->cfg.dir);
	if ((log = files_read_tail(path, 65536))) {
		bochs_log_errors(log, 8, out);
		free(log);
	}
}

static void
bochs_kill(struct machine *m)
{
	struct bochs *b = m->drv;

	proc_kill(&m->proc);
	if (!b)
		return;
	if (b->pty >= 0)
		close(b->pty);
	text_free(&b->out);
	free(b);
	m->drv = NULL;
}

const struct machine_ops bochs_ops = {
	.start = bochs_start, .pump = bochs_pump, .cont = bochs_cont, .stop = bochs_stop,
	.set_break = bochs_set_break, .regs = bochs_regs, .read_phys = bochs_read_phys,
	.write_serial = bochs_write_serial, .dead_halt = bochs_dead_halt,
	.explain = bochs_explain, .kill = bochs_kill,
};
