// bench.c: the kernel side of the bench program: the nanobenchmarks of Adams & Agesen (2006)
// that user mode may not run itself. Each loop does one operation per iteration.
#include "guest-os/kernel/cpu.h"
#include "guest-os/kernel/layout.h"
#include "guest-os/kernel/proc.h"
#include "guest-os/kernel/syscall.h"
#include "guest-os/kernel/vm.h"
#include "lib/error.h"
#include "pc/pc.h"
#include "x86/paging.h"

static void
bench_portio(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		inb(PORT_POST);
}

// A trap gate brought us here with interrupts on: they are on again after each pair.
static void
bench_if(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		cli();
		sti();
	}
}

// Flips the writable bit of the entry mapping BENCH_PTE_VA, and flushes the stale
// translation, as a kernel does when it write-protects a page.
static void
bench_pte_write(uint32_t *pte, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		*(volatile uint32_t *)pte ^= PTE_W;
		invlpg(BENCH_PTE_VA);
	}
}

// The entry of BENCH_PTE_VA in the current process, mapped to a fresh page the first time.
static uint32_t *
bench_pte(void)
{
	uint32_t *pte = vm_pte(current->pgdir, BENCH_PTE_VA, 0);

	if (pte && (*pte & PTE_P))
		return pte;
	if (vm_alloc(current->pgdir, BENCH_PTE_VA, PAGE_SIZE, PTE_U | PTE_W) < 0)
		return NULL;
	return vm_pte(current->pgdir, BENCH_PTE_VA, 0);
}

int
bench_run(uint32_t op, uint32_t n)
{
	uint32_t *pte = NULL;

	if (n == 0 || op >= BENCH_COUNT)
		return -E_INVAL;
	if (op == BENCH_PTE_WRITE && (pte = bench_pte()) == NULL)
		return -E_NOMEM;
	uint64_t start = rdtsc();
	if (op == BENCH_PORTIO)
		bench_portio(n);
	else if (op == BENCH_IF)
		bench_if(n);
	else
		bench_pte_write(pte, n);
	uint64_t per_op = (rdtsc() - start) / n;
	return per_op > 0x7FFFFFFF ? 0x7FFFFFFF : (int)per_op;
}
