// panic.h: broken invariants, and the end of the machine's run.
#ifndef GUEST_PANIC_H
#define GUEST_PANIC_H

// Prints "panic: FILE:LINE: message" and a backtrace, then stops the machine as a failure.
#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)
void panic_at(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

// Prints "duplicata: exit success|failure" (what scripts/run-image looks for), then stops
// QEMU (isa-debug-exit) or Bochs (port 0x8900); halts for good if neither is listening.
void machine_exit(int success) __attribute__((noreturn));

#endif
