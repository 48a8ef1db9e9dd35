// qemulog.c: finding the exception chain of a triple fault in QEMU's interrupt log.
#include <stdio.h>
#include <string.h>

#include "grader/qemulog.h"
#include "x86/trap.h"

const char *
exception_describe(unsigned vector)
{
	static char buf[64];

#define DESCRIBE(v, mn, name, err) \
	if (vector == v)           \
		return mn " (" name ")";
	EXCEPTION_LIST(DESCRIBE)
#undef DESCRIBE
	snprintf(buf, sizeof buf, "vector 0x%02x", vector);
	return buf;
}

static int
exception_has_error(unsigned vector)
{
#define HAS_ERROR(v, mn, name, err) \
	if (vector == v)            \
		return err;
	EXCEPTION_LIST(HAS_ERROR)
#undef HAS_ERROR
	return 0;
}

// Appends one exception of the chain, from its log line " v=0d e=0032 i=0 cpl=0 IP=0008:..".
static int
qemulog_step(const char *line, struct text *out)
{
	unsigned v, err, cpl, cs, eip;

	if (sscanf(line, " v=%x e=%x i=%*d cpl=%u IP=%x:%x", &v, &err, &cpl, &cs, &eip) != 5)
		return -1;
	text_printf(out, "    %s", exception_describe(v));
	if (exception_has_error(v) && v != T_DF) {
		text_printf(out, " error 0x%04x", err);
		if (v != T_PF && err)     // a selector error: which descriptor was at fault
			text_printf(out, " (%s %u)", err & 2 ? "IDT vector" : err & 4 ? "LDT index" :
				    "GDT index", err >> 3);
	}
	text_printf(out, " at %04x:%08x, cpl %u\n", cs, eip, cpl);
	return 0;
}

// The CS:EIP of an exception's log line, or 0.
static unsigned long long
qemulog_ip(const char *line)
{
	unsigned cs, eip;

	return sscanf(line, " v=%*x e=%*x i=%*d cpl=%*u IP=%x:%x", &cs, &eip) == 2
		       ? (unsigned long long)cs << 32 | eip : 0;
}

int
qemulog_triple(const char *log, struct text *out)
{
	const char *end = NULL, *p, *chain[8];
	int n = 0;

	for (p = strstr(log, "Triple fault"); p; p = strstr(p + 1, "Triple fault"))
		end = p;
	if (!end)
		return 0;
	// The exceptions logged last before the shutdown; the chain is those at the same CS:EIP
	// (each one raised while the CPU tried to deliver the one before).
	for (p = strstr(log, " v="); p && p < end; p = strstr(p + 3, " v=")) {
		if (n == 8)
			memmove(chain, chain + 1, --n * sizeof *chain);
		chain[n++] = p;
	}
	int first = n;
	while (first > 0 && qemulog_ip(chain[first - 1]) == qemulog_ip(chain[n - 1]))
		first--;
	text_printf(out, "  triple fault: each exception below happened while delivering the one "
		    "before it,\n  and the last could not be delivered at all, so the CPU shut down:\n");
	for (int i = first; i < n; i++)
		qemulog_step(chain[i], out);
	return 1;
}
