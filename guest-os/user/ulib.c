// ulib.c: the start of every user program, printf, and names for numbers.
#include "guest-os/user/ulib.h"
#include "x86/trap.h"

// The kernel starts a program as if _start(arg) had been called (proc.c, setup_stack).
void _start(const char *arg) __attribute__((noreturn));

void
_start(const char *arg)
{
	exit(main(arg));
}

// probe.h: a faulting probe resumes here, and returns to the probe's caller.
__asm__(".text\n.globl probe_resume\nprobe_resume:\n\tret\n");

struct outbuf {
	char buf[256];
	int len;
};

static void
outbuf_putc(int c, void *arg)
{
	struct outbuf *o = arg;

	if (o->len == (int)sizeof o->buf) {
		write(o->buf, o->len);
		o->len = 0;
	}
	o->buf[o->len++] = (char)c;
}

int
printf(const char *fmt, ...)
{
	struct outbuf o;
	va_list ap;

	o.len = 0;
	va_start(ap, fmt);
	int n = vformat(outbuf_putc, &o, fmt, ap);
	va_end(ap);
	write(o.buf, o.len);
	return n;
}

const char *
exception_mnemonic(int vector)
{
#define MNEMONIC(v, mn, name, err) [v] = mn,
	static const char *const mnemonics[T_EXCEPTIONS] = { EXCEPTION_LIST(MNEMONIC) };

	return vector >= 0 && vector < T_EXCEPTIONS && mnemonics[vector] ? mnemonics[vector] : "#??";
}

const char *
proc_state_name(int state)
{
#define STATE_NAME(state, name) [state] = name,
	static const char *const names[] = { PROC_STATE_LIST(STATE_NAME) };

	return state >= 0 && state < (int)(sizeof names / sizeof names[0]) ? names[state] : "?";
}
