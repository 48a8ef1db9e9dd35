// abi.h: the guest kernel's interface to its programs: system calls and what they exchange.
//
// A system call is int $0x80 (a trap gate of DPL 3: the kernel runs it with interrupts on):
//   eax = SYS_xxx number   ebx, ecx, edx, esi = arguments 1..4   result in eax
//   a negative result is -E_xxx from lib/error.h; other registers are preserved.
// (The hypercalls of include/hypercall.h use the same registers.)
#ifndef GUEST_ABI_H
#define GUEST_ABI_H

// X(number, name, signature, what it does) -- the only place a system call is defined.
#define SYSCALL_LIST(X)                                                                     \
	X(0,  exit,     "void exit(int status)",              "ends the calling process")  \
	X(1,  write,    "int write(const void *buf, int n)",  "writes to the console")     \
	X(2,  read,     "int read(void *buf, int n)",         "waits for input; reads up to n bytes") \
	X(3,  getpid,   "int getpid(void)",                   "the caller's pid")          \
	X(4,  yield,    "int yield(void)",                    "lets the other processes run") \
	X(5,  sleep,    "int sleep(unsigned ticks)",          "waits ticks timer ticks")   \
	X(6,  uptime,   "unsigned uptime(void)",              "timer ticks since boot")    \
	X(7,  spawn,    "int spawn(const char *name, const char *arg)", "starts a child; its pid") \
	X(8,  wait,     "int wait(int pid)",                  "waits for a child; its exit status") \
	X(9,  ps,       "int ps(struct procinfo *p, int max)", "lists the processes; how many") \
	X(10, progname, "int progname(int i, char *buf, int size)", "name of program i")   \
	X(11, catch_faults, "int catch_faults(void *resume)", "resume user faults at resume") \
	X(12, bench,    "int bench(int op, unsigned n)",      "cycles per kernel operation") \
	X(13, alarm,    "int alarm(unsigned ticks)",          "after ticks, resume at the catch address")

enum syscall_nr {
#define SYSCALL_ENUM(nr, name, sig, doc) SYS_##name = nr,
	SYSCALL_LIST(SYSCALL_ENUM)
#undef SYSCALL_ENUM
	SYS_COUNT
};

// X(state, name): the states of a process, as ps shows them.
#define PROC_STATE_LIST(X)            \
	X(P_UNUSED,   "unused")       \
	X(P_RUNNABLE, "runnable")     \
	X(P_RUNNING,  "running")      \
	X(P_BLOCKED,  "blocked")      \
	X(P_ZOMBIE,   "zombie")

enum proc_state {
#define PROC_STATE_ENUM(state, name) state,
	PROC_STATE_LIST(PROC_STATE_ENUM)
#undef PROC_STATE_ENUM
};

#define PROC_NAME_MAX 16
#define SPAWN_ARG_MAX 128              // bytes of spawn's arg, its NUL included

// One line of ps.
struct procinfo {
	int pid, ppid;                 // ppid 0: no parent
	int state;                     // enum proc_state
	char name[PROC_NAME_MAX];
};

// The exit status of a process killed by exception v is EXIT_KILLED + v.
#define EXIT_KILLED 256

// What bench(op, n) repeats n times inside the kernel.
enum bench_op {
	BENCH_PORTIO,                  // inb from port 0x80 (the POST port: reading it is harmless)
	BENCH_IF,                      // cli; sti
	BENCH_PTE_WRITE,               // rewrite the entry of BENCH_PTE_VA, then invlpg
	BENCH_COUNT
};

#endif
