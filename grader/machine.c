// machine.c: what every driver shares: the disk copy, waiting with deadlines, the page walk.
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "grader/files.h"
#include "grader/machine.h"
#include "grader/walk.h"
#include "lib/error.h"
#include "scripts/mkimage/mkimage.h"

#define PUMP_SLICE_MS 50        // longest wait for the emulator before looking at the clock
#define QUIET_MS      500       // no output for this long: is the CPU halted for good?

int
machine_create(struct machine *m, const struct machine_config *cfg)
{
	memset(m, 0, sizeof *m);
	m->cfg = *cfg;
	m->ops = cfg->host == HOST_BOCHS ? &bochs_ops : &qemu_ops;
	m->proc.pid = -1;
	m->proc.in = m->proc.out = -1;
	m->stopped = 1;
	return serial_init(&m->serial, cfg->serial_cap ? cfg->serial_cap : SERIAL_CAP_DEFAULT);
}

// Copies the image into the run directory and writes the command line into the copy. The
// image is checked where it is first, so that a message names it, not the copy.
static int
machine_disk(struct machine *m)
{
	char msg[MKIMAGE_MSG_MAX];
	struct image_header hdr;
	int err;

	snprintf(m->disk, sizeof m->disk, "%s/disk.img", m->cfg.dir);
	if (access(m->cfg.image, R_OK) < 0) {
		snprintf(m->why, sizeof m->why, "cannot read the image %s (was it built?)",
			 m->cfg.image);
		return -E_IO;
	}
	if ((err = file_read_header(m->cfg.image, &hdr, msg, sizeof msg)) < 0) {
		snprintf(m->why, sizeof m->why, "%.200s", msg);
		return err;
	}
	if (files_copy(m->cfg.image, m->disk) < 0) {
		snprintf(m->why, sizeof m->why, "grader: cannot copy the image to %.200s", m->disk);
		return -E_IO;
	}
	err = file_set_cmdline(m->disk, m->cfg.cmdline ? m->cfg.cmdline : "", msg, sizeof msg);
	if (err < 0)                    // the command line itself (too long, say)
		snprintf(m->why, sizeof m->why, "%.200s", msg);
	return err;
}

int
machine_start(struct machine *m)
{
	int err = machine_disk(m);

	return err < 0 ? err : m->ops->start(m);
}

int
machine_continue(struct machine *m)
{
	if (m->end != END_NONE || !m->stopped)
		return 0;
	return m->ops->cont(m);
}

int
machine_stop(struct machine *m)
{
	if (m->stopped)                 // drivers set it when the emulator exits, too
		return 0;
	return m->ops->stop(m);
}

// One slice of waiting: lets the emulator talk, then notices floods, dead halts, deadlines.
// Returns 1 while the wait may go on, 0 when the run ended or the deadline passed.
static int
machine_step(struct machine *m, long long deadline, long long *quiet_since)
{
	size_t before = m->serial.len;

	if (m->end == END_NONE && m->ops->pump(m, PUMP_SLICE_MS) < 0 && m->end == END_NONE)
		m->end = END_DIED;
	if (m->end == END_NONE && m->serial.flooded) {
		m->end = END_FLOOD;
		m->ops->stop(m);
	}
	if (m->serial.len != before)
		*quiet_since = clock_ms();
	if (m->end == END_NONE && !m->stopped && clock_ms() - *quiet_since > QUIET_MS) {
		*quiet_since = clock_ms();
		if (m->ops->dead_halt(m) == 1) {
			m->end = END_HALTED;
			m->ops->stop(m);
		}
	}
	if (m->end == END_NONE && deadline_left(deadline) == 0)
		m->end = END_TIMEOUT;
	return m->end == END_NONE;
}

int
machine_wait_line(struct machine *m, const char *text, long long deadline)
{
	long long quiet = clock_ms();

	m->ops->pump(m, 0);
	if (serial_find(&m->serial, text))
		return 1;                      // already printed: a stopped machine stays stopped
	if (machine_continue(m) < 0)
		return 0;
	do {
		if (serial_find(&m->serial, text))
			return 1;
	} while (machine_step(m, deadline, &quiet));
	m->ops->pump(m, 0);                    // the last bytes may hold the line
	return serial_find(&m->serial, text);
}

int
machine_wait_break(struct machine *m, uint32_t addr, long long deadline)
{
	long long quiet = clock_ms();
	int hit = 0;

	// Breakpoints are set on a stopped machine (QEMU's gdbstub ignores packets while running).
	if (machine_stop(m) < 0 || m->ops->set_break(m, addr, 1) < 0 || machine_continue(m) < 0)
		return 0;
	while (machine_step(m, deadline, &quiet))
		if (m->stopped) {
			hit = 1;
			break;
		}
	if (m->end == END_NONE || m->end == END_TIMEOUT)
		m->ops->set_break(m, addr, 0);
	return hit;
}

enum machine_end
machine_wait_end(struct machine *m, long long deadline)
{
	long long quiet = clock_ms();

	if (machine_continue(m) == 0)
		while (machine_step(m, deadline, &quiet))
			;
	return m->end;
}

int
machine_regs(struct machine *m, struct regs *r)
{
	int err = machine_stop(m);

	return err < 0 ? err : m->ops->regs(m, r);
}

int
machine_read_phys(struct machine *m, uint64_t pa, void *buf, size_t n)
{
	return m->ops->read_phys(m, pa, buf, n);
}

static int
machine_phys_reader(void *ctx, uint64_t pa, void *buf, size_t n)
{
	return machine_read_phys(ctx, pa, buf, n);
}

int
machine_translate(struct machine *m, const struct regs *r, uint32_t va, uint64_t *pa,
		  uint32_t *flags, char *why, size_t whysize)
{
	return walk_translate(r->cr0, r->cr3, r->cr4, va, machine_phys_reader, m, pa, flags, why,
			      whysize);
}

int
machine_read_virt(struct machine *m, const struct regs *r, uint32_t va, void *buf, size_t n,
		  char *why, size_t whysize)
{
	while (n > 0) {
		uint64_t pa;
		uint32_t flags, chunk = 0x1000 - (va & 0xFFF);
		int err = machine_translate(m, r, va, &pa, &flags, why, whysize);
		if (chunk > n)
			chunk = n;
		if (err < 0 || (err = machine_read_phys(m, pa, buf, chunk)) < 0)
			return err;
		va += chunk;
		buf = (char *)buf + chunk;
		n -= chunk;
	}
	return 0;
}

int
machine_write_serial(struct machine *m, const char *text)
{
	return m->ops->write_serial(m, text, strlen(text));
}

void
machine_explain(struct machine *m, struct text *out)
{
	m->ops->explain(m, out);
}

void
machine_destroy(struct machine *m)
{
	if (m->ops)
		m->ops->kill(m);
	serial_free(&m->serial);
}

const char *
machine_end_name(enum machine_end end)
{
	static const char *const names[] = {
		[END_NONE] = "still running", [END_SUCCESS] = "exit success",
		[END_FAILURE] = "exit failure", [END_TRIPLE_FAULT] = "triple fault",
		[END_HALTED] = "halted with interrupts off", [END_FLOOD] = "serial flood",
		[END_DIED] = "emulator stopped", [END_TIMEOUT] = "timeout",
	};
	return names[end];
}
