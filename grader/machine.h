// machine.h: one emulated PC, whichever emulator runs it (QEMU or Bochs), seen from outside.
//
// A driver (qemu.c, bochs.c) fills struct machine_ops; tests and the framework call the
// machine_ functions below, which share the waiting, the serial log and the page walk.
//
//   machine_start ──> running ──machine_stop/breakpoint──> stopped ──machine_continue──> running
//        │                 │
//        │                 └── the run ends: exit port, triple fault, emulator died ──> ended
//        └── every wait takes a deadline; machine_kill ends everything, at any time
#ifndef GRADER_MACHINE_H
#define GRADER_MACHINE_H

#include <stddef.h>
#include <stdint.h>

#include "grader/proc.h"
#include "grader/serial.h"
#include "grader/text.h"

enum host { HOST_QEMU, HOST_BOCHS };

struct seg {
	uint16_t sel;
	uint32_t base, limit;
	uint32_t attr;          // access rights: descriptor bits 8..23 as the emulator shows them
};

struct dtr {
	uint32_t base;
	uint32_t limit;
};

// The CPU state a test can inspect.
struct regs {
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp, esp, eip, eflags;
	struct seg es, cs, ss, ds, fs, gs, ldt, tr;
	struct dtr gdt, idt;
	uint32_t cr0, cr2, cr3, cr4;
	uint64_t efer;
	int cpl;                // current privilege level (CS.RPL in protected mode)
	int halted;             // 1 when the CPU sits in HLT, -1 when the emulator cannot say
};

// How a run ended (or why a wait gave up).
enum machine_end {
	END_NONE,               // still running (or stopped by the grader)
	END_SUCCESS,            // the kernel reported success (QEMU exit 33; Bochs: exit line)
	END_FAILURE,            // the kernel reported failure
	END_TRIPLE_FAULT,       // the CPU shut down: no handler could take an exception
	END_HALTED,             // halted with interrupts off: it can never wake up
	END_FLOOD,              // more serial output than the cap
	END_DIED,               // the emulator exited on its own, without a verdict
	END_TIMEOUT,            // the time limit passed
};

struct machine_config {
	enum host host;
	const char *image;      // disk image: copied into dir with cmdline written in it
	const char *cmdline;
	const char *dir;        // the run's own temporary directory (sockets, logs, disk copy)
	size_t serial_cap;      // bytes
};

struct machine;

struct machine_ops {
	// Starts the emulator stopped at the first instruction. 0 or -E_IO (msg in m->why).
	int (*start)(struct machine *m);
	// Reads whatever the emulator has to say for at most timeout_ms: serial output,
	// events; updates m->stopped and m->end. Returns 0 or -E_IO.
	int (*pump)(struct machine *m, int timeout_ms);
	int (*cont)(struct machine *m);
	// Stops a running machine (the stop is complete on return). 0 or -E_IO.
	int (*stop)(struct machine *m);
	// Hardware breakpoint at a linear address (insert or remove). 0 or -E_IO.
	int (*set_break)(struct machine *m, uint32_t addr, int on);
	// The registers of a stopped machine. 0 or -E_IO.
	int (*regs)(struct machine *m, struct regs *r);
	// Physical memory of a stopped machine. 0, -E_IO or -E_FAULT.
	int (*read_phys)(struct machine *m, uint64_t pa, void *buf, size_t n);
	// Bytes for the serial port's input. 0, -E_IO or -E_NOTSUP.
	int (*write_serial)(struct machine *m, const char *data, size_t n);
	// 1 when the CPU is halted with interrupts off (it can never wake up), 0 when not,
	// -E_NOTSUP when the emulator cannot tell while running.
	int (*dead_halt)(struct machine *m);
	// Appends what the emulator's own logs say about the end of the run (triple fault
	// chain, Bochs error lines) to out, one "  " indented line each.
	void (*explain)(struct machine *m, struct text *out);
	void (*kill)(struct machine *m);
};

struct machine {
	const struct machine_ops *ops;
	struct machine_config cfg;
	struct serial serial;
	struct proc proc;
	int stopped;            // 1 while stopped (at start, at a breakpoint, by machine_stop)
	enum machine_end end;
	char disk[512];         // the run's copy of the image, with its command line
	char why[256];          // the reason of the last driver failure
	void *drv;              // the driver's own state
};

// Creates the machine for cfg (does not start it). Returns 0 or -E_NOMEM.
int machine_create(struct machine *m, const struct machine_config *cfg);

// Writes the disk copy with the command line, starts the emulator, leaves it stopped at the
// first instruction. Returns 0 or a negative error (m->why says what failed).
int machine_start(struct machine *m);

// Lets a stopped machine run. Returns 0 or -E_IO.
int machine_continue(struct machine *m);

// Stops a running machine (also one whose wait timed out). Returns 0 (also when it had
// stopped or its emulator exited) or -E_IO.
int machine_stop(struct machine *m);

// Runs until a complete serial line holding text appears after the last match; a machine
// that has already printed it is not resumed. Returns 1 when it did, 0 when the run ended or
// the deadline passed first (m->end says which).
int machine_wait_line(struct machine *m, const char *text, long long deadline);

// Runs until the CPU reaches addr (a hardware breakpoint, removed after). Returns 1 when it
// did (the machine is then stopped there), 0 when the run ended or the deadline passed first.
int machine_wait_break(struct machine *m, uint32_t addr, long long deadline);

// Runs until the run ends or the deadline passes; returns m->end.
enum machine_end machine_wait_end(struct machine *m, long long deadline);

// Reads registers: stops the machine if needed (and leaves it stopped). 0 or -E_IO.
int machine_regs(struct machine *m, struct regs *r);

// Reads physical memory of a stopped machine. 0, -E_IO or -E_FAULT.
int machine_read_phys(struct machine *m, uint64_t pa, void *buf, size_t n);

// Translates the linear address va through the page tables of r (see walk_translate).
// Returns 0 with *pa and *flags, -E_FAULT (the walk explained in why) or -E_IO.
int machine_translate(struct machine *m, const struct regs *r, uint32_t va, uint64_t *pa,
		      uint32_t *flags, char *why, size_t whysize);

// Reads linear memory through the page tables of r (CR3, CR4.PAE; no paging when CR0.PG is
// clear), page by page. Returns 0, -E_FAULT (not mapped: the walk is in why, if not NULL),
// or -E_IO.
int machine_read_virt(struct machine *m, const struct regs *r, uint32_t va, void *buf,
		      size_t n, char *why, size_t whysize);

// Sends text to the serial port. Returns 0, -E_IO or -E_NOTSUP.
int machine_write_serial(struct machine *m, const char *text);

// Appends the emulator's own explanation of the end of the run (see machine_ops.explain).
void machine_explain(struct machine *m, struct text *out);

// Kills the emulator and frees everything.
void machine_destroy(struct machine *m);

// "success", "triple fault"...: the words for an end.
const char *machine_end_name(enum machine_end end);

extern const struct machine_ops qemu_ops, bochs_ops;

#endif
