// syscall.c: the system calls (lab 3). Each handler reads its arguments from the trap frame
// (ebx, ecx, edx, esi) and returns the result for eax. User pointers are checked against the
// caller's page tables before the kernel touches them.
#include "guest-os/kernel/console.h"
#include "guest-os/kernel/layout.h"
#include "guest-os/kernel/panic.h"
#include "guest-os/kernel/proc.h"
#include "guest-os/kernel/programs.h"
#include "guest-os/kernel/sched.h"
#include "guest-os/kernel/syscall.h"
#include "guest-os/kernel/timer.h"
#include "guest-os/kernel/vm.h"
#include "lib/error.h"
#include "lib/string.h"

typedef int (*syscall_fn)(const struct trapframe *tf);

static int
user_range(uint32_t va, uint32_t n, int write)
{
	return (int32_t)n < 0 ? -E_INVAL : vm_check_user(current->pgdir, va, n, write);
}

static int
sys_exit(const struct trapframe *tf)
{
	proc_exit((int)tf->ebx);
}

// Contract: write(buf, n) (ebx, ecx): writes n bytes at user address buf to the console.
// Returns n, or -E_FAULT when a byte of the buffer is not the caller's to read.
// Hint: check the range with user_range before the kernel touches it (the kernel could read
// its own memory through a pointer a process chose); then console_write.
static int
sys_write(const struct trapframe *tf)
{
	// LAB3-SOLUTION-BEGIN
	int err = user_range(tf->ebx, tf->ecx, 0);

	if (err < 0)
		return err;
	console_write((const char *)tf->ebx, tf->ecx);
	return (int)tf->ecx;
	// LAB3-STUB
	// panic("sys_write: not implemented (buf 0x%08x, n %u)", (unsigned)tf->ebx,
	//       (unsigned)tf->ecx);
	// LAB3-SOLUTION-END
}

// Contract: blocks until at least one byte has arrived, then returns up to n of them.
static int
sys_read(const struct trapframe *tf)
{
	int err = user_range(tf->ebx, tf->ecx, 1);
	size_t got;

	if (err < 0 || tf->ecx == 0)
		return err;
	while ((got = console_read((char *)tf->ebx, tf->ecx)) == 0)
		block(BLOCK_READ);
	return (int)got;
}

// Contract: getpid(): the caller's process id.
// Hint: current (proc.h) is the process that trapped.
static int
sys_getpid(const struct trapframe *tf)
{
	(void)tf;
	// LAB3-SOLUTION-BEGIN
	return current->pid;
	// LAB3-STUB
	// panic("sys_getpid: not implemented");
	// LAB3-SOLUTION-END
}

static int
sys_yield(const struct trapframe *tf)
{
	(void)tf;
	yield();
	return 0;
}

static int
sys_sleep(const struct trapframe *tf)
{
	current->wake_tick = ticks + tf->ebx;
	block(BLOCK_SLEEP);
	return 0;
}

static int
sys_uptime(const struct trapframe *tf)
{
	(void)tf;
	return (int)ticks;
}

// Contract: name and arg are user strings (arg may be NULL: empty); the child's parent is
// the caller. Returns its pid, or an error of vm_fetch_str or proc_spawn.
static int
sys_spawn(const struct trapframe *tf)
{
	char name[PROC_NAME_MAX], arg[SPAWN_ARG_MAX] = "";
	int err = vm_fetch_str(current->pgdir, tf->ebx, name, sizeof name);

	if (err >= 0 && tf->ecx != 0)
		err = vm_fetch_str(current->pgdir, tf->ecx, arg, sizeof arg);
	return err < 0 ? err : proc_spawn(name, arg, current);
}

static int
sys_wait(const struct trapframe *tf)
{
	return proc_wait((int)tf->ebx);
}

static int
sys_ps(const struct trapframe *tf)
{
	uint32_t max = tf->ecx < NPROC ? tf->ecx : NPROC;
	int err = user_range(tf->ebx, max * sizeof(struct procinfo), 1);

	return err < 0 ? err : proc_list((struct procinfo *)tf->ebx, (int)max);
}

// Contract: copies the name of program i into buf (size bytes); -E_NOENT past the last one.
static int
sys_progname(const struct trapframe *tf)
{
	const struct program *p = programs;
	uint32_t size = tf->edx;
	int err = user_range(tf->ecx, size, 1);

	if (err < 0)
		return err;
	for (uint32_t i = tf->ebx; p->name != NULL && i > 0; i--)
		p++;
	if (p->name == NULL)
		return -E_NOENT;
	return strlcpy((char *)tf->ecx, p->name, size) < size ? 0 : -E_2BIG;
}

// Contract: from now on an exception in the caller's user mode resumes at the address in ebx
// with the vector in eax, instead of killing it (trap.c); 0 restores the default.
static int
sys_catch_faults(const struct trapframe *tf)
{
	if (tf->ebx >= USER_TOP)
		return -E_FAULT;
	current->catch_eip = tf->ebx;
	return 0;
}

// Contract: after tf->ebx timer ticks in user mode, the caller resumes at its catch address
// with T_IRQ0 in eax (as if the timer were a fault it caught); 0 cancels. Needs catch_faults.
static int
sys_alarm(const struct trapframe *tf)
{
	if (!current->catch_eip && tf->ebx)
		return -E_INVAL;
	current->alarm_at = tf->ebx ? ticks + tf->ebx : 0;
	return 0;
}

static int
sys_bench(const struct trapframe *tf)
{
	return bench_run(tf->ebx, tf->ecx);
}

static const syscall_fn handlers[SYS_COUNT] = {
#define SYSCALL_HANDLER(nr, name, sig, doc) [nr] = sys_##name,
	SYSCALL_LIST(SYSCALL_HANDLER)
#undef SYSCALL_HANDLER
};

void
syscall(struct trapframe *tf)
{
	uint32_t nr = tf->eax;

	tf->eax = nr < SYS_COUNT ? (uint32_t)handlers[nr](tf) : (uint32_t)-E_NOTSUP;
}
