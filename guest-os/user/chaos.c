// chaos.c: executes random bytes in user mode, over and over: `chaos SEED`. Whatever the bytes
// do must hurt nobody but this program: not the guest kernel, not the monitor below it.
//
// Each run starts at a random offset of a page of random bytes, with every register zero and
// a stack page of its own, so the bytes' stores rarely reach this program's state. A fault,
// or the alarm two ticks later (a loop), resumes at chaos_resume (catch_faults), which takes
// back the saved stack and goes on with the next run.
#include "guest-os/user/ulib.h"
#include "lib/rand.h"

#define RUNS 500

// The bytes' stack sits right below them: stores above its top land in the bytes themselves.
static struct {
	uint8_t stack[4096];
	uint8_t code[4096];
} area __attribute__((aligned(4096)));
uint32_t chaos_esp;                 // the stack chaos_run left, for chaos_resume

// uint32_t chaos_run(void *at, void *stack_top): jumps to at with all registers zero on the
// given stack; comes back with the vector of the fault (or the timer's, for the alarm).
__asm__(".text\n"
	"chaos_run:\n\t"
	"movl 4(%esp), %eax\n\t"
	"movl 8(%esp), %ecx\n\t"
	"pushal\n\t"
	"movl %esp, chaos_esp\n\t"
	"movl %ecx, %esp\n\t"
	"xorl %ebx, %ebx\n\t"
	"xorl %ecx, %ecx\n\t"
	"xorl %edx, %edx\n\t"
	"xorl %esi, %esi\n\t"
	"xorl %edi, %edi\n\t"
	"xorl %ebp, %ebp\n\t"
	"jmp *%eax\n"
	"chaos_resume:\n\t"
	"movw %ss, %dx\n\t"             // the bytes may have loaded another data segment
	"movw %dx, %ds\n\t"
	"movw %dx, %es\n\t"
	"movl chaos_esp, %esp\n\t"
	"movl %eax, 28(%esp)\n\t"       // popal then returns it in eax
	"popal\n\t"
	"ret\n");
uint32_t chaos_run(void *at, void *stack_top);
void chaos_resume(void);

int
main(const char *arg)
{
	uint32_t seed = strtoul(arg, 0, 0), seen[33] = { 0 };

	printf("chaos: pid %d, seed %u, %d runs of random bytes\n", getpid(), (unsigned)seed, RUNS);
	catch_faults(chaos_resume);
	for (int run = 0; run < RUNS; run++) {
		for (unsigned i = 0; i < sizeof area.code; i += 4)
			*(uint32_t *)(area.code + i) = xorshift32(&seed);
		alarm(2);
		uint32_t v = chaos_run(area.code + xorshift32(&seed) % (sizeof area.code - 16),
				       area.code);
		alarm(0);
		seen[v < 32 ? v : 32]++;
	}
	printf("chaos: survived; runs ended by vector:");
	for (int v = 0; v < 33; v++)
		if (seen[v])
			printf(" %d:%u", v, (unsigned)seen[v]);
	printf("\n");
	return 0;
}
