// qemu.h: the QEMU driver's state, shared by qemu.c (process, event loop) and qemuctl.c
// (commands over QMP and the gdbstub).
#ifndef GRADER_QEMU_H
#define GRADER_QEMU_H

#include "grader/machine.h"
#include "grader/rsp.h"

#define QEMU_REPLY_MS 5000      // longest wait for a reply to one command

struct qemu {
	int qmp, gdb;                   // Unix sockets in the run directory
	char qmpbuf[65536];             // bytes of QMP not yet split into lines
	size_t qmplen;
	char *qmp_reply;                // the last command's reply (malloc'd), or NULL
	int qmp_error;                  // that reply was an error
	char gdbbuf[2 * RSP_MAX];
	size_t gdblen;
	char gdb_reply[RSP_MAX];        // the last packet that was not a stop reply
	int gdb_have;
	int gdb_running;                // sent 'c': the next stop reply means stopped
};

// Reads everything the emulator says for at most timeout_ms (machine_ops.pump).
int qemu_pump(struct machine *m, int timeout_ms);

// Runs a QMP command (or, with hmp, a human monitor command) and waits for its reply:
// returns 0 with *reply malloc'd (the returned string, "" if none), or -E_IO.
int qemu_qmp(struct machine *m, const char *command, const char *hmp, char **reply);

// Sends one gdbstub packet and waits for its reply (copied into reply). 0 or -E_IO.
int qemu_gdb(struct machine *m, const char *payload, char *reply, size_t size);

// Writes all n bytes to fd, pumping while the emulator is not ready for them. 0 or -E_IO.
int qemu_send(struct machine *m, int fd, const char *data, size_t n);

// The machine_ops of qemuctl.c (see machine.h for their contracts).
int qemu_cont(struct machine *m);
int qemu_stop(struct machine *m);
int qemu_set_break(struct machine *m, uint32_t addr, int on);
int qemu_regs(struct machine *m, struct regs *r);
int qemu_read_phys(struct machine *m, uint64_t pa, void *buf, size_t n);
int qemu_write_serial(struct machine *m, const char *data, size_t n);
int qemu_dead_halt(struct machine *m);

#endif
