// selftest.c: self-tests of the host kernel, run by the boot tests (test=boot, test=fault).
#include "kernel/console.h"
#include "kernel/frame.h"
#include "kernel/kernel.h"
#include "kernel/memmap.h"
#include "kernel/seg.h"
#include "kernel/selftest.h"
#include "kernel/timer.h"
#include "kernel/tramp.h"
#include "kernel/trap.h"
#include "kernel/vm.h"
#include "lib/cmdline.h"
#include "lib/error.h"
#include "lib/string.h"
#include "x86/paging.h"
#include "x86/regs.h"
#include "x86/x86.h"

#define TEST_VA   0xE0000000u      // above RAM: free for a test mapping
#define UNMAPPED  0xDEAD0000u      // never mapped

static int failures;

void
check(int ok, const char *what)
{
	printf("check %s: %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

static void
print_word(const char *key, size_t klen, const char *val, size_t vlen, void *arg)
{
	(void)arg;
	printf("cmdline: %.*s = %.*s\n", (int)klen, key, (int)vlen, val ? val : "(flag)");
}

static void
show_boot_info(void)
{
	cmdline_each(boot_info.cmdline, print_word, 0);
	for (uint32_t i = 0; i < boot_info.ne820; i++) {
		const struct e820_entry *e = &boot_info.e820[i];
		printf("memory: 0x%09llx-0x%09llx %s\n", (unsigned long long)e->base,
		       (unsigned long long)(e->base + e->length), memmap_type_name(e->type));
	}
	for (uint32_t i = 0; i < boot_info.nmodules; i++)
		printf("module: %s at 0x%08x, %u bytes\n", boot_info.modules[i].name,
		       (unsigned)boot_info.modules[i].start, (unsigned)boot_info.modules[i].size);
	printf("frames: %u free (%u KiB)\n", (unsigned)frame_free_count(),
	       (unsigned)frame_free_count() * (PAGE_SIZE / 1024));
}

static void
check_cpu_tables(void)
{
	struct pseudo_desc g, i;
	uint32_t want = vm_mode() == PAGING_PAE ? CR4_PAE : 0;

	sgdt(&g);
	sidt(&i);
	printf("paging: %s, cr0 0x%08x, cr3 0x%08x, cr4 0x%08x\n", vm_mode_name(vm_mode()),
	       (unsigned)rcr0(), (unsigned)rcr3(), (unsigned)rcr4());
	printf("tables: gdt 0x%08x/0x%x, idt 0x%08x/0x%x, cs 0x%04x\n", (unsigned)g.base, g.limit,
	       (unsigned)i.base, i.limit, read_cs());
	check((rcr0() & (CR0_PG | CR0_WP)) == (CR0_PG | CR0_WP), "paging on with CR0.WP");
	check((rcr4() & CR4_PAE) == want, "CR4.PAE matches the paging mode");
	check(g.base == TRAMP_BASE && i.base > TRAMP_BASE, "gdt and idt in the trampoline");
	check(read_cs() == KCODE_SEL, "cs is the kernel code selector");
}

// Maps a fresh frame at TEST_VA, writes through it, unmaps it, and expects a #PF after.
static void
check_map_unmap(void)
{
	uint32_t pa = frame_alloc(), got = 0, flags = 0;

	check(pa != 0, "frame_alloc");
	check(aspace_map(&kernel_aspace, TEST_VA, pa, PTE_W) == 0, "map a page");
	*(volatile uint32_t *)TEST_VA = 0xD0D0CACA;
	check(*(volatile uint32_t *)pa == 0xD0D0CACA, "write through the mapping reaches the frame");
	check(aspace_translate(&kernel_aspace, TEST_VA + 4, &got, &flags) == 0 && got == pa + 4 &&
		      (flags & PTE_W), "translate the mapping");
	check(aspace_unmap(&kernel_aspace, TEST_VA) == 0, "unmap the page");
	trap_expect(T_PF, (uint32_t)fault_read_resume);
	fault_read(TEST_VA);
	check(trap_expect_met(), "unmapped page faults");
	check(frame_free(pa) == 0 && frame_free(pa) == -E_INVAL, "frame_free, then a double free refused");
}

// A guest-view space reaches the trampoline read-only, the trap stack writable, nothing else.
static void
check_guest_view(void)
{
	struct aspace as;
	uint32_t before = frame_free_count(), pa, flags;

	check(aspace_create(&as) == 0, "create a guest-view space");
	check(aspace_translate(&as, TRAMP_BASE, &pa, &flags) == 0 &&
		      pa == tramp_paddr(__tramp_start) && !(flags & PTE_W),
	      "guest view: trampoline tables read-only");
	check(aspace_translate(&as, (uint32_t)__tramp_stack, &pa, &flags) == 0 && (flags & PTE_W),
	      "guest view: trap stack writable");
	check(aspace_translate(&as, KERNEL_LOAD_MIN, &pa, &flags) == -E_NOENT,
	      "guest view: kernel memory unreachable");
	check(aspace_map(&as, TRAMP_BASE, pa, 0) == -E_INVAL, "guest view: trampoline slot refused");
	aspace_destroy(&as);
	check(frame_free_count() == before, "destroy returns every table");
	check(aspace_create_view(&as, 0) == 0 &&
		      aspace_translate(&as, TRAMP_BASE, &pa, &flags) == -E_NOENT,
	      "a space without a view: nothing in the trampoline's slot");
	aspace_destroy(&as);
	check(frame_free_count() == before, "destroy returns every table of it");
}

static void
check_timer(void)
{
	uint32_t t0 = timer_ticks();

	timer_sleep(5);
	uint32_t t1 = timer_ticks();
	printf("timer: %u ticks at %d Hz\n", (unsigned)(t1 - t0), TIMER_HZ);
	check(t1 - t0 >= 5, "timer ticks advance");
}

static void
test_boot(void)
{
	show_boot_info();
	check_cpu_tables();
	check_map_unmap();
	check_guest_view();
	check_timer();
}

static void
test_fault(void)
{
	trap_expect(T_PF, (uint32_t)fault_read_resume);
	fault_read(UNMAPPED);
	check(trap_expect_met(), "page fault reported and recovered");
	trap_expect(T_GP, (uint32_t)fault_load_ds_resume);
	fault_load_ds(0x1230);                   // GDT index 582: past its 512 entries
	check(trap_expect_met(), "general protection fault reported and recovered");
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "boot", test_boot },
	{ "fault", test_fault },
	{ "world", selftest_world },
};

int
selftest_run(const char *name)
{
	for (unsigned i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		if (strcmp(name, tests[i].name) != 0)
			continue;
		failures = 0;
		printf("cmdline: \"%s\"\n", boot_info.cmdline);   // ties the output to this boot
		tests[i].fn();
		printf("selftest %s: %s\n", name, failures ? "FAILED" : "passed");
		return failures ? -E_INVAL : 0;
	}
	printf("selftest: no test named '%s'; known:", name);
	for (unsigned i = 0; i < sizeof tests / sizeof tests[0]; i++)
		printf(" %s", tests[i].name);
	printf("\n");
	return -E_NOENT;
}
