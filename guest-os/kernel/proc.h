// proc.h: processes: the table, creation from an ELF program, exit and wait (lab 3).
#ifndef GUEST_PROC_H
#define GUEST_PROC_H

#include <stdint.h>
#include "guest-os/abi.h"

#define NPROC       16
#define KSTACK_SIZE 8192

// Why a P_BLOCKED process waits; the scheduler checks the condition (sched.c).
enum block_on { BLOCK_NONE, BLOCK_SLEEP, BLOCK_READ, BLOCK_WAIT };

// The registers swtch saves on a kernel stack (the others are the caller's to save).
struct context {
	uint32_t edi, esi, ebx, ebp, eip;
};

struct proc {
	int pid;                        // from 1 up, never reused
	enum proc_state state;
	char name[PROC_NAME_MAX];
	struct proc *parent;            // NULL for the first process and for orphans
	uint32_t pgdir;                 // its address space (physical address of the directory)
	struct context *ctx;            // where swtch left its kernel stack, when not running
	enum block_on block;
	uint32_t wake_tick;             // BLOCK_SLEEP: runnable again once ticks reaches it
	struct proc *wait_for;          // BLOCK_WAIT: the child it waits for
	int status;                     // P_ZOMBIE: the exit status
	uint32_t catch_eip;             // nonzero: user faults resume here (sys_catch_faults)
	uint32_t alarm_at;              // nonzero: at this tick, user mode resumes at catch_eip
};

// Read by graders by symbol: the table, and the process on the CPU (NULL while idle).
extern struct proc proc_table[NPROC];
extern struct proc *current;

// Starts program name with the string arg (its main's argument) as a child of parent
// (NULL: none; the first process). Returns the pid, -E_NOENT (no such program),
// -E_NOMEM (no free slot or frames), -E_BADIMG (a bad ELF image), -E_2BIG (arg too long).
int proc_spawn(const char *name, const char *arg, struct proc *parent);
// Ends the current process with status: frees its memory, orphans its children, and lets
// its parent's wait return status. When the first process ends, the machine stops.
void proc_exit(int status) __attribute__((noreturn));
// Waits until the current process's child pid ends; returns its exit status, or -E_NOENT if
// pid is not a child.
int proc_wait(int pid);
// Fills out with up to max live processes; returns how many.
int proc_list(struct procinfo *out, int max);
// The top of p's kernel stack: where a trap from its user mode starts.
uint32_t proc_kstack_top(const struct proc *p);

#endif
