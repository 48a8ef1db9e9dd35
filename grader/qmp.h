// qmp.h: the QEMU Machine Protocol, the JSON lines QEMU and the grader exchange on the QMP
// socket (docs/interop/qmp-spec.txt): a greeting, then one reply per command, and events.
#ifndef GRADER_QMP_H
#define GRADER_QMP_H

#include <stddef.h>

enum qmp_kind {
	QMP_GREETING,           // {"QMP": {...}}
	QMP_RETURN,             // {"return": ...}: text holds the string returned, if one was
	QMP_ERROR,              // {"error": {"class": ..., "desc": ...}}: text holds desc
	QMP_EVENT,              // {"event": "SHUTDOWN", "data": {...}}: name, and text holds
				// data.reason when there is one ("guest-reset", "guest-shutdown")
};

struct qmp_msg {
	enum qmp_kind kind;
	char name[32];          // the event's name
	char *text;             // malloc'd ("" when none); free with qmp_msg_free
};

// Parses one line of QMP. Returns 0, or -E_INVAL when it is not a QMP message.
int qmp_parse(const char *line, struct qmp_msg *msg);
void qmp_msg_free(struct qmp_msg *msg);

// Writes the JSON line (with '\n') that executes command with no arguments, or, when hmp is
// not NULL, the human-monitor-command that runs hmp ("info registers"). Returns a malloc'd
// string, or NULL when out of memory.
char *qmp_command(const char *command, const char *hmp);

#endif
