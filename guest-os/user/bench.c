// bench.c: nanobenchmarks after Adams & Agesen (ASPLOS 2006): what one operation costs, in
// TSC cycles, for the operations a monitor makes dearer. Each line prints the iterations and
// the cycles per operation (the loop's own cost included).
//
// syscall, call/ret: a loop in user mode. Port I/O, the interrupt flag and a page-table write
// are privileged: the kernel runs their loop (sys_bench) and counts the cycles itself.
// Page fault and divide error: user mode faults on purpose; with catch_faults the kernel
// resumes the program at a label after the faulting instruction instead of killing it, so
// each iteration is one whole round trip, user -> kernel's exception handler -> iret.
//
// `bench` runs them all; `bench KEY` runs one (keys in the table at the end), `bench none`
// none (a baseline: make bench subtracts its exit counters from each benchmark's), and
// `bench loop` a calibration loop of exactly 5 instructions per iteration: with QEMU's
// -icount shift=0 the TSC counts instructions, so it must report 5 cycles/op.
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

// void bench_nop_loop(unsigned n): n iterations of 5 instructions (3 nops, dec, jnz).
__asm__(".text\n"
	"bench_nop_loop:\n\t"
	"movl 4(%esp), %ecx\n"
	"1:\tnop\n\t"
	"nop\n\t"
	"nop\n\t"
	"decl %ecx\n\t"
	"jnz 1b\n\t"
	"ret\n");
void bench_nop_loop(unsigned n);

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
bench_loop(void)
{
	unsigned n = 100000;
	uint64_t t = rdtsc();

	bench_nop_loop(n);
	report("loop", n, (int64_t)((rdtsc() - t) / n));
}

static void
bench_syscall(void)
{
	unsigned n = 10000;
	uint64_t t = rdtsc();

	for (unsigned i = 0; i < n; i++)
		getpid();
	report("syscall", n, (int64_t)((rdtsc() - t) / n));
}

static void
bench_callret(void)
{
	unsigned n = 100000, x = 0;
	uint64_t t = rdtsc();

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

static void bench_portio(void) { report("port I/O", 10000, bench(BENCH_PORTIO, 10000)); }
static void bench_if(void) { report("cli/sti", 10000, bench(BENCH_IF, 10000)); }
static void bench_ptw(void) { report("page-table write", 10000, bench(BENCH_PTE_WRITE, 10000)); }
static void bench_pf(void) { bench_faults("page fault", bench_pf_loop, bench_pf_resume, 1000); }
static void bench_de(void) { bench_faults("divide fault", bench_de_loop, bench_de_resume, 1000); }

// The benchmarks by key, in the order `bench` runs them; all = 0 runs only when named.
static const struct {
	const char *key;
	void (*run)(void);
	int all;
} benches[] = {
	{ "loop", bench_loop, 0 },
	{ "syscall", bench_syscall, 1 },
	{ "callret", bench_callret, 1 },
	{ "portio", bench_portio, 1 },
	{ "clisti", bench_if, 1 },
	{ "ptwrite", bench_ptw, 1 },
	{ "pagefault", bench_pf, 1 },
	{ "divfault", bench_de, 1 },
};

int
main(const char *arg)
{
	int ran = 0;

	for (unsigned i = 0; i < sizeof benches / sizeof benches[0]; i++) {
		if (*arg ? strcmp(arg, benches[i].key) == 0 : benches[i].all) {
			benches[i].run();
			ran = 1;
		}
	}
	// none prints a line as long as a benchmark's, so that subtracting its exit counters
	// from a benchmark's also takes away the console output of the result line.
	if (strcmp(arg, "none") == 0)
		report("none", 0, 0);
	else if (!ran) {
		printf("bench: no benchmark '%s' (none, loop", arg);
		for (unsigned i = 1; i < sizeof benches / sizeof benches[0]; i++)
			printf(", %s", benches[i].key);
		printf(")\n");
		return 1;
	}
	printf("bench: done\n");
	return 0;
}
