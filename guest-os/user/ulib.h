// ulib.h: what user programs of the guest OS have: system calls and a little libc.
#ifndef GUEST_ULIB_H
#define GUEST_ULIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "guest-os/abi.h"
#include "lib/error.h"
#include "lib/fmt.h"
#include "lib/string.h"

// Every program defines main; arg is the string its parent gave spawn ("" if none). The
// value main returns is the exit status.
int main(const char *arg);

// int $0x80 with eax = nr and up to four arguments (guest-os/abi.h).
static inline int
syscall4(int nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
	int ret;

	__asm__ volatile("int $0x80" : "=a"(ret)
			 : "a"(nr), "b"(a1), "c"(a2), "d"(a3), "S"(a4) : "memory");
	return ret;
}

#define SYSCALL(nr, a1, a2, a3) syscall4((nr), (uint32_t)(a1), (uint32_t)(a2), (uint32_t)(a3), 0)

static inline __attribute__((noreturn)) void
exit(int status)
{
	SYSCALL(SYS_exit, status, 0, 0);
	__builtin_unreachable();
}

static inline int write(const void *buf, int n) { return SYSCALL(SYS_write, buf, n, 0); }
static inline int read(void *buf, int n) { return SYSCALL(SYS_read, buf, n, 0); }
static inline int getpid(void) { return SYSCALL(SYS_getpid, 0, 0, 0); }
static inline int yield(void) { return SYSCALL(SYS_yield, 0, 0, 0); }
static inline int sleep(unsigned ticks) { return SYSCALL(SYS_sleep, ticks, 0, 0); }
static inline unsigned uptime(void) { return SYSCALL(SYS_uptime, 0, 0, 0); }
static inline int spawn(const char *name, const char *arg) { return SYSCALL(SYS_spawn, name, arg, 0); }
static inline int wait(int pid) { return SYSCALL(SYS_wait, pid, 0, 0); }
static inline int ps(struct procinfo *p, int max) { return SYSCALL(SYS_ps, p, max, 0); }
static inline int progname(int i, char *buf, int size) { return SYSCALL(SYS_progname, i, buf, size); }
static inline int catch_faults(void (*resume)(void)) { return SYSCALL(SYS_catch_faults, resume, 0, 0); }
static inline int alarm(unsigned ticks) { return SYSCALL(SYS_alarm, ticks, 0, 0); }
static inline int bench(int op, unsigned n) { return SYSCALL(SYS_bench, op, n, 0); }

static inline uint64_t
rdtsc(void)
{
	uint64_t v;

	__asm__ volatile("rdtsc" : "=A"(v));
	return v;
}

// printf to the console, in one write when the text fits in 256 bytes.
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
// "#PF" for 14; "#??" for what is not an exception.
const char *exception_mnemonic(int vector);
// The state's name, as ps shows it.
const char *proc_state_name(int state);

#endif
