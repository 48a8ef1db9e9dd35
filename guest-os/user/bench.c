// bench.c: nanobenchmarks after Adams & Agesen (ASPLOS 2006): what one operation costs, in
// TSC cycles, for the operations a monitor makes dearer. Each line prints the iterations and
// the cycles per operation (the loop's own cost included).
//
// syscall, call/ret: a loop in user mode. Port I/O, the interrupt flag and a page-table write
// are privileged: the kernel runs their loop (sys_bench) and counts the cycles itself.
// Page fault and divide error: user mode faults on purpose; with catch_faults the kernel
// resumes the program at a label after the faulting instruction instead of killing it, so
// each iteration is one whole round trip, user -> kernel's exception handler -> iret.
#include "guest-os/kernel/layout.h"
#include "guest-os/user/ulib.h"

#define XSTR(x) #x
#define STR(x) XSTR(x)

// void bench_pf_loop(unsigned n): n reads of the never-mapped BENCH_FAULT_VA; each #PF
// resumes at bench_pf_resume (ecx, the count, survives the round trip).
__asm__(".text\n"
	"bench_pf_loop:\n\t"
	"movl 4(%esp), %ecx\n"
	"1:\tmovl " STR(BENCH_FAULT_VA) ", %eax\n"
	"bench_pf_resume:\n\t"
	"decl %ecx\n\t"
	"jnz 1b\n\t"
	"ret\n");
void bench_pf_loop(unsigned n);
void bench_pf_resume(void);

// void bench_de_loop(unsigned n): n divisions by zero; each #DE resumes at bench_de_resume.
__asm__(".text\n"
	"bench_de_loop:\n\t"
	"movl 4(%esp), %ecx\n"
	"1:\txorl %edx, %edx\n\t"
	"movl $1, %eax\n\t"
	"divl %edx\n"
	"bench_de_resume:\n\t"
	"decl %ecx\n\t"
	"jnz 1b\n\t"
	"ret\n");
void bench_de_loop(unsigned n);
void bench_de_resume(void);

static void
report(const char *name, unsigned n, int64_t cycles)
{
	if (cycles < 0)
		printf("bench: %-16s failed: %s\n", name, error_str((int)cycles));
	else
		printf("bench: %-16s %7u iterations %9u cycles/op\n", name, n, (unsigned)cycles);
}

static __attribute__((noipa)) unsigned
callee(unsigned x)
{
	return x + 1;
}

static void
bench_user(void)
{
	unsigned n = 10000, x = 0;
	uint64_t t = rdtsc();

	for (unsigned i = 0; i < n; i++)
		getpid();
	report("syscall", n, (int64_t)((rdtsc() - t) / n));
	n = 100000;
	t = rdtsc();
	for (unsigned i = 0; i < n; i++)
		x = callee(x);
	report("call/ret", n, (int64_t)((rdtsc() - t) / n));
}

// Runs a fault loop with faults caught at resume.
static void
bench_faults(const char *name, void (*loop)(unsigned), void (*resume)(void), unsigned n)
{
	catch_faults(resume);
	uint64_t t = rdtsc();
	loop(n);
	t = rdtsc() - t;
	catch_faults(NULL);
	report(name, n, (int64_t)(t / n));
}

int
main(const char *arg)
{
	(void)arg;
	bench_user();
	report("port I/O", 10000, bench(BENCH_PORTIO, 10000));
	report("cli/sti", 10000, bench(BENCH_IF, 10000));
	report("page-table write", 10000, bench(BENCH_PTE_WRITE, 10000));
	bench_faults("page fault", bench_pf_loop, bench_pf_resume, 1000);
	bench_faults("divide fault", bench_de_loop, bench_de_resume, 1000);
	printf("bench: done\n");
	return 0;
}
