// chaos.c: `kchaos=SEED` on the command line makes the kernel jump into a page of random bytes
// after boot: whatever follows (a panic, a triple fault, a hang) must stop this guest alone
// and never hurt the monitor that runs it.
#include "guest-os/kernel/chaos.h"
#include "guest-os/kernel/console.h"
#include "guest-os/kernel/frame.h"
#include "guest-os/kernel/layout.h"
#include "lib/rand.h"

void
kchaos(uint32_t seed)
{
	uint32_t pa = frame_alloc();
	uint8_t *code = P2V(pa);

	if (!pa)
		return;
	for (int i = 0; i < 4096; i += 4)
		*(uint32_t *)(code + i) = xorshift32(&seed);
	uint32_t at = xorshift32(&seed) % 4000;
	printf("kchaos: the kernel jumps to random bytes at 0x%08x\n", (unsigned)(code + at));
	((void (*)(void))(code + at))();
	printf("kchaos: the random bytes returned\n");
}
