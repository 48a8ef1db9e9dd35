// qemu.c: the QEMU driver: starting qemu-system-i386 (TCG, deterministic), its event loop
// (serial output, QMP events, gdbstub stop replies), ending it, explaining its end.
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "grader/files.h"
#include "grader/qemu.h"
#include "grader/qemulog.h"
#include "grader/qmp.h"
#include "lib/error.h"
#include "pc/pc.h"

#define QEMU_CONNECT_MS 5000

// Connects to the Unix socket QEMU creates at path, retrying until it appears.
static int
qemu_connect(struct machine *m, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	long long deadline = clock_ms() + QEMU_CONNECT_MS;

	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
	while (deadline_left(deadline) > 0 && !proc_poll(&m->proc)) {
		int fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
			fd_prepare(fd);
			return fd;
		}
		if (fd >= 0)
			close(fd);
		usleep(10000);
	}
	snprintf(m->why, sizeof m->why, "QEMU did not open %s (see qemu.err)", path);
	return -E_IO;
}

// The command line: stopped at the first instruction (-S), deterministic (-icount), kept
// alive after a triple fault (-no-reboot -no-shutdown), QMP and gdbstub on Unix sockets.
static int
qemu_spawn(struct machine *m)
{
	char drive[600], qmp[600], gdb[600], log[600], err[600];
	const char *dir = m->cfg.dir;

	snprintf(drive, sizeof drive, "file=%s,format=raw,if=ide", m->disk);
	snprintf(qmp, sizeof qmp, "unix:%s/qmp.sock,server=on,wait=off", dir);
	snprintf(gdb, sizeof gdb, "unix:%s/gdb.sock,server=on,wait=off", dir);
	snprintf(log, sizeof log, "%s/qemu.log", dir);
	snprintf(err, sizeof err, "%s/qemu.err", dir);
	char *argv[] = { "qemu-system-i386", "-m", "128", "-drive", drive, "-device",
			 "isa-debug-exit,iobase=0xf4,iosize=4", "-no-reboot", "-no-shutdown",
			 "-display", "none", "-monitor", "none", "-serial", "stdio", "-icount",
			 "shift=0,sleep=off", "-rtc", "clock=vm", "-S", "-qmp", qmp, "-gdb", gdb,
			 "-d", "int,cpu_reset", "-D", log, NULL };
	return proc_start(&m->proc, argv, NULL, 1, 1, err);
}

static int
qemu_start(struct machine *m)
{
	struct qemu *q = calloc(1, sizeof *q);
	char path[600], *reply;

	if (!q)
		return -E_NOMEM;
	q->qmp = q->gdb = -1;
	m->drv = q;
	if (qemu_spawn(m) < 0)
		return snprintf(m->why, sizeof m->why, "cannot start qemu-system-i386"), -E_IO;
	snprintf(path, sizeof path, "%s/qmp.sock", m->cfg.dir);
	if ((q->qmp = qemu_connect(m, path)) < 0)
		return -E_IO;
	snprintf(path, sizeof path, "%s/gdb.sock", m->cfg.dir);
	if ((q->gdb = qemu_connect(m, path)) < 0)
		return -E_IO;
	if (qemu_qmp(m, "qmp_capabilities", NULL, &reply) < 0)
		return -E_IO;
	free(reply);
	// QEMU's own packet: 'm' then reads physical memory (the grader walks page tables).
	if (qemu_gdb(m, "Qqemu.PhyMemMode:1", path, sizeof path) < 0)
		return -E_IO;
	m->stopped = 1;
	return 0;
}

// The process has exited, or is about to: reap it and say how the run ended.
static void
qemu_exited(struct machine *m)
{
	long long deadline = clock_ms() + 2000;

	while (!proc_poll(&m->proc) && deadline_left(deadline) > 0)
		usleep(5000);
	if (m->end != END_NONE)
		return;
	int st = m->proc.status;
	int code = st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	m->end = code == QEMU_STATUS(DEBUG_EXIT_SUCCESS)   ? END_SUCCESS
		 : code == QEMU_STATUS(DEBUG_EXIT_FAILURE) ? END_FAILURE
							   : END_DIED;
	m->stopped = 1;
}

static void
qemu_event(struct machine *m, const struct qmp_msg *msg)
{
	if (strcmp(msg->name, "SHUTDOWN") == 0 && m->end == END_NONE)
		m->end = strcmp(msg->text, "guest-reset") == 0 ? END_TRIPLE_FAULT : END_DIED;
	if (strcmp(msg->name, "STOP") == 0 || strcmp(msg->name, "SHUTDOWN") == 0)
		m->stopped = 1;
}

// Splits the QMP bytes into lines: events change the state, replies wait in q->qmp_reply.
static void
qemu_qmp_lines(struct machine *m, struct qemu *q)
{
	char *line = q->qmpbuf, *eol;
	struct qmp_msg msg;

	while ((eol = memchr(line, '\n', q->qmplen - (line - q->qmpbuf)))) {
		*eol = '\0';
		if (qmp_parse(line, &msg) == 0) {
			if (msg.kind == QMP_EVENT)
				qemu_event(m, &msg);
			if (msg.kind == QMP_RETURN || msg.kind == QMP_ERROR) {
				free(q->qmp_reply);
				q->qmp_reply = msg.text;
				q->qmp_error = msg.kind == QMP_ERROR;
				msg.text = NULL;
			}
			qmp_msg_free(&msg);
		}
		line = eol + 1;
	}
	q->qmplen -= line - q->qmpbuf;
	memmove(q->qmpbuf, line, q->qmplen);
	if (q->qmplen == sizeof q->qmpbuf)
		q->qmplen = 0;                 // a line longer than the buffer: drop it
}

// Takes the gdbstub's packets: stop replies stop the machine, others wait in q->gdb_reply.
static void
qemu_gdb_packets(struct machine *m, struct qemu *q)
{
	char payload[RSP_MAX];
	size_t used;
	int got;

	while ((got = rsp_take(q->gdbbuf, q->gdblen, &used, payload, sizeof payload)) != 0) {
		q->gdblen -= used;
		memmove(q->gdbbuf, q->gdbbuf + used, q->gdblen);
		if (got < 0)
			continue;
		send(q->gdb, "+", 1, MSG_NOSIGNAL);
		if (q->gdb_running && rsp_parse_stop(payload) >= 0) {
			q->gdb_running = 0;
			m->stopped = 1;
		} else {
			snprintf(q->gdb_reply, sizeof q->gdb_reply, "%s", payload);
			q->gdb_have = 1;
		}
	}
	if (q->gdblen == sizeof q->gdbbuf)
		q->gdblen = 0;
}

// Reads what fd has into buf (*len bytes used of size). Returns 0, or -1 at end of file.
static int
qemu_read(int fd, char *buf, size_t *len, size_t size)
{
	ssize_t n = read(fd, buf + *len, size - *len);

	if (n > 0)
		*len += n;
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) ? -1 : 0;
}

int
qemu_pump(struct machine *m, int timeout_ms)
{
	struct qemu *q = m->drv;
	struct pollfd pf[3] = { { m->proc.out, POLLIN, 0 }, { q->qmp, POLLIN, 0 },
				{ q->gdb, POLLIN, 0 } };
	char buf[65536];
	size_t n = 0;
	int gone = 0;

	if (poll(pf, 3, timeout_ms) < 0)
		return errno == EINTR ? 0 : -E_IO;
	if (pf[0].revents) {
		gone |= qemu_read(m->proc.out, buf, &n, sizeof buf);
		serial_add(&m->serial, buf, n);
	}
	if (pf[1].revents) {
		gone |= qemu_read(q->qmp, q->qmpbuf, &q->qmplen, sizeof q->qmpbuf);
		qemu_qmp_lines(m, q);
	}
	if (pf[2].revents) {
		gone |= qemu_read(q->gdb, q->gdbbuf, &q->gdblen, sizeof q->gdbbuf);
		qemu_gdb_packets(m, q);
	}
	if (gone) {
		qemu_exited(m);
		return -E_IO;
	}
	return 0;
}

static void
qemu_explain(struct machine *m, struct text *out)
{
	char path[600];
	char *log;

	snprintf(path, sizeof path, "%s/qemu.log", m->cfg.dir);
	if ((log = files_read_tail(path, 65536))) {
		qemulog_triple(log, out);
		free(log);
	}
	snprintf(path, sizeof path, "%s/qemu.err", m->cfg.dir);
	if ((log = files_read_tail(path, 2048)) && *log)
		text_printf(out, "  QEMU said: %s%s", log, log[strlen(log) - 1] == '\n' ? "" : "\n");
	free(log);
}

static void
qemu_kill(struct machine *m)
{
	struct qemu *q = m->drv;

	proc_kill(&m->proc);
	if (!q)
		return;
	if (q->qmp >= 0)
		close(q->qmp);
	if (q->gdb >= 0)
		close(q->gdb);
	free(q->qmp_reply);
	free(q);
	m->drv = NULL;
}

const struct machine_ops qemu_ops = {
	.start = qemu_start, .pump = qemu_pump, .cont = qemu_cont, .stop = qemu_stop,
	.set_break = qemu_set_break, .regs = qemu_regs, .read_phys = qemu_read_phys,
	.write_serial = qemu_write_serial, .dead_halt = qemu_dead_halt,
	.explain = qemu_explain, .kill = qemu_kill,
};
