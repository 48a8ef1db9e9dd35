// qemuctl.c: commanding QEMU: QMP for registers, the gdbstub for breakpoints, running and
// stopping, and physical memory.
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "grader/qemu.h"
#include "grader/qemuregs.h"
#include "grader/qmp.h"
#include "lib/error.h"
#include "x86/regs.h"

int
qemu_send(struct machine *m, int fd, const char *data, size_t n)
{
	long long deadline = clock_ms() + QEMU_REPLY_MS;

	while (n > 0 && deadline_left(deadline) > 0) {
		ssize_t k = send(fd, data, n, MSG_NOSIGNAL);
		if (k < 0 && errno == ENOTSOCK)
			k = write(fd, data, n);
		if (k < 0 && errno != EAGAIN && errno != EINTR)
			return -E_IO;
		if (k > 0)
			data += k, n -= k;
		else if (qemu_pump(m, 10) < 0)
			return -E_IO;
	}
	return n == 0 ? 0 : -E_IO;
}

int
qemu_qmp(struct machine *m, const char *command, const char *hmp, char **reply)
{
	struct qemu *q = m->drv;
	char *line = qmp_command(command, hmp);
	long long deadline = clock_ms() + QEMU_REPLY_MS;
	int err = line ? qemu_send(m, q->qmp, line, strlen(line)) : -E_NOMEM;

	free(line);
	free(q->qmp_reply);
	q->qmp_reply = NULL;
	while (err == 0 && !q->qmp_reply && deadline_left(deadline) > 0)
		err = qemu_pump(m, 50);
	if (err == 0 && (!q->qmp_reply || q->qmp_error)) {
		snprintf(m->why, sizeof m->why, "QMP %s: %s", hmp ? hmp : command,
			 q->qmp_reply ? q->qmp_reply : "no reply");
		err = -E_IO;
	}
	*reply = err == 0 ? q->qmp_reply : NULL;
	if (err == 0)
		q->qmp_reply = NULL;
	return err;
}

int
qemu_gdb(struct machine *m, const char *payload, char *reply, size_t size)
{
	struct qemu *q = m->drv;
	char frame[RSP_MAX + 8];
	long long deadline = clock_ms() + QEMU_REPLY_MS;
	int n = rsp_frame(payload, frame, sizeof frame), err;

	if (n < 0)
		return n;
	q->gdb_have = 0;
	err = qemu_send(m, q->gdb, frame, n);
	while (err == 0 && !q->gdb_have && deadline_left(deadline) > 0)
		err = qemu_pump(m, 50);
	if (err == 0 && !q->gdb_have) {
		snprintf(m->why, sizeof m->why, "gdbstub: no reply to %.40s", payload);
		err = -E_IO;
	}
	if (err == 0)
		snprintf(reply, size, "%s", q->gdb_reply);
	return err;
}

int
qemu_cont(struct machine *m)
{
	struct qemu *q = m->drv;
	char frame[16];
	int n = rsp_frame("c", frame, sizeof frame);

	q->gdb_running = 1;
	m->stopped = 0;
	return qemu_send(m, q->gdb, frame, n);
}

int
qemu_stop(struct machine *m)
{
	struct qemu *q = m->drv;
	long long deadline = clock_ms() + QEMU_REPLY_MS;

	if (m->stopped || !q->gdb_running)
		return 0;
	if (qemu_send(m, q->gdb, "\x03", 1) < 0)    // the interrupt byte, not a packet
		return -E_IO;
	while (!m->stopped && deadline_left(deadline) > 0)
		if (qemu_pump(m, 50) < 0)
			return -E_IO;
	return m->stopped ? 0 : -E_IO;
}

int
qemu_set_break(struct machine *m, uint32_t addr, int on)
{
	char cmd[40], reply[64];

	snprintf(cmd, sizeof cmd, "%c1,%x,1", on ? 'Z' : 'z', (unsigned)addr);
	if (qemu_gdb(m, cmd, reply, sizeof reply) < 0)
		return -E_IO;
	if (strcmp(reply, "OK") != 0) {
		snprintf(m->why, sizeof m->why, "gdbstub refused %s: %s", cmd, reply);
		return -E_IO;
	}
	return 0;
}

int
qemu_regs(struct machine *m, struct regs *r)
{
	char *text;
	int err = qemu_qmp(m, NULL, "info registers", &text);

	if (err < 0)
		return err;
	err = qemuregs_parse(text, r, m->why, sizeof m->why);
	free(text);
	return err < 0 ? -E_IO : 0;
}

int
qemu_read_phys(struct machine *m, uint64_t pa, void *buf, size_t n)
{
	char cmd[64], reply[RSP_MAX];

	while (n > 0) {
		size_t chunk = n > 1024 ? 1024 : n;
		snprintf(cmd, sizeof cmd, "m%llx,%zx", (unsigned long long)pa, chunk);
		if (qemu_gdb(m, cmd, reply, sizeof reply) < 0)
			return -E_IO;
		if (reply[0] == 'E')
			return -E_FAULT;
		if (rsp_hex_decode(reply, buf, chunk) < 0)
			return -E_IO;
		pa += chunk;
		buf = (char *)buf + chunk;
		n -= chunk;
	}
	return 0;
}

int
qemu_write_serial(struct machine *m, const char *data, size_t n)
{
	return qemu_send(m, m->proc.in, data, n);
}

int
qemu_dead_halt(struct machine *m)
{
	struct regs r;

	if (qemu_regs(m, &r) < 0)
		return 0;
	return r.halted == 1 && !(r.eflags & FL_IF);
}
