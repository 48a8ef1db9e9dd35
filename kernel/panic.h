// panic.h: broken invariants and the end of a run.
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

// Prints "panic: FILE:LINE: message" and a backtrace, then ends the run as a failure.
#define panic(...) panic_at(__FILE__, __LINE__, __VA_ARGS__)
void panic_at(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

// Ends the run: prints "duplicata: exit success|failure", drains the UART, then exits QEMU
// through isa-debug-exit (status 33 on success, 35 on failure) and Bochs by writing
// "Shutdown" to port 0x8900. Halts if neither emulator is listening.
void machine_exit(int success) __attribute__((noreturn));

#endif
