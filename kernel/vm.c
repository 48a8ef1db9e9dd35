// vm.c: page tables of both formats behind one walk: 2-level (directory, table; 4-byte
// entries) and PAE (PDPT, directory, table; 8-byte entries). Tables are reached through the
// kernel's 1:1 map of RAM, so this code works with paging on or off.
#include "kernel/frame.h"
#include "kernel/tramp.h"
#include "kernel/vm.h"
#include "lib/error.h"
#include "lib/string.h"
#include "x86/paging.h"
#include "x86/regs.h"
#include "x86/x86.h"

struct aspace kernel_aspace;
uint32_t tramp_kernel_cr3 __attribute__((section(".tramp.data")));
static int pae;
static uint32_t tramp_table[2];         // [0]: kernel view (writable), [1]: guest view

enum { TRAMP_KERNEL, TRAMP_GUEST };

// Levels above the leaf table: 1 (directory) or 2 (PDPT, directory).
static int
levels(void)
{
	return pae ? 2 : 1;
}

static unsigned
index_of(uint32_t va, int level)
{
	if (!pae)
		return level ? va >> PD32_SHIFT : (va >> PAGE_SHIFT) & (PT32_ENTRIES - 1);
	if (level == 2)
		return va >> PDPT_SHIFT;
	return (va >> (level ? PDPAE_SHIFT : PAGE_SHIFT)) & (PTPAE_ENTRIES - 1);
}

static uint64_t
entry_get(uint32_t table, unsigned i)
{
	return pae ? ((uint64_t *)table)[i] : ((uint32_t *)table)[i];
}

static void
entry_set(uint32_t table, unsigned i, uint64_t e)
{
	if (pae)
		((volatile uint64_t *)table)[i] = e;
	else
		((volatile uint32_t *)table)[i] = (uint32_t)e;
}

static uint32_t
entry_addr(uint64_t e)
{
	return (uint32_t)(e & (pae ? PTE_PAE_ADDR : PAGE_MASK));
}

// Flags of an entry that points to a table: permissions are decided at the leaf.
static uint32_t
table_flags(int level)
{
	return pae && level == 2 ? PTE_P : PTE_P | PTE_W | PTE_U;
}

static uint32_t
table_alloc(void)
{
	uint32_t pa = frame_alloc();

	if (pa)
		memset((void *)pa, 0, PAGE_SIZE);
	return pa;
}

// Finds the leaf table covering va, creating missing tables if create is set.
// Returns its physical address, or 0 (absent, or no memory).
static uint32_t
walk(uint32_t root, uint32_t va, int create)
{
	uint32_t table = root;

	for (int level = levels(); level > 0; level--) {
		unsigned i = index_of(va, level);
		uint64_t e = entry_get(table, i);
		if (!(e & PTE_P)) {
			uint32_t t = create ? table_alloc() : 0;
			if (!t)
				return 0;
			e = t | table_flags(level);
			entry_set(table, i, e);
		}
		table = entry_addr(e);
	}
	return table;
}

// Makes a trampoline table: the kernel's view (everything writable) or a guest view (read-only
// but the trap stack) whose GDT page is gdt_pa. Returns its physical address, 0 if no memory.
static uint32_t
tramp_table_new(int view, uint32_t gdt_pa)
{
	uint32_t t = table_alloc();

	for (char *va = __tramp_start; t && va < __tramp_end; va += PAGE_SIZE) {
		int writable = view == TRAMP_KERNEL || va >= __tramp_stack;
		uint32_t pa = va == __tramp_start ? gdt_pa : tramp_paddr(va);
		entry_set(t, index_of((uint32_t)va, 0), pa | PTE_P | (writable ? PTE_W : 0));
	}
	return t;
}

uint32_t
tramp_view_create(uint32_t gdt_pa)
{
	return tramp_table_new(TRAMP_GUEST, gdt_pa);
}

// Makes a space whose trampoline slot holds the given trampoline table (none if view is 0).
// In PAE all four directories exist from the start: the CPU caches PDPTEs when CR3 is loaded.
int
aspace_create_view(struct aspace *as, uint32_t view)
{
	as->root = table_alloc();
	if (!as->root)
		return -E_NOMEM;
	for (int i = 0; pae && i < PDPT_ENTRIES; i++) {
		uint32_t d = table_alloc();
		if (!d)
			return -E_NOMEM;
		entry_set(as->root, i, d | table_flags(2));
	}
	uint32_t dir = pae ? entry_addr(entry_get(as->root, index_of(TRAMP_BASE, 2))) : as->root;
	if (view)
		entry_set(dir, index_of(TRAMP_BASE, 1), view | table_flags(1));
	return 0;
}

int
aspace_create(struct aspace *as)
{
	return aspace_create_view(as, tramp_table[TRAMP_GUEST]);
}

int
aspace_map(struct aspace *as, uint32_t va, uint32_t pa, uint32_t flags)
{
	if ((va | pa) & (PAGE_SIZE - 1) || va >= TRAMP_BASE)
		return -E_INVAL;
	uint32_t t = walk(as->root, va, 1);
	if (!t)
		return -E_NOMEM;
	entry_set(t, index_of(va, 0), pa | PTE_P | (flags & 0xFFF));
	return 0;
}

int
aspace_translate(const struct aspace *as, uint32_t va, uint32_t *pa, uint32_t *flags)
{
	uint32_t t = walk(as->root, va, 0);
	uint64_t e = t ? entry_get(t, index_of(va, 0)) : 0;

	if (!(e & PTE_P))
		return -E_NOENT;
	*pa = entry_addr(e) | (va & (PAGE_SIZE - 1));
	*flags = (uint32_t)e & 0xFFF;
	return 0;
}

int
aspace_unmap(struct aspace *as, uint32_t va)
{
	uint32_t t = va < TRAMP_BASE ? walk(as->root, va, 0) : 0;

	if (!t || !(entry_get(t, index_of(va, 0)) & PTE_P))
		return -E_NOENT;
	entry_set(t, index_of(va, 0), 0);
	invlpg(va);
	return 0;
}

// Frees the tables below `table` (a table at `level`, mapping from linear address base on),
// then the table itself; the trampoline's table belongs to no single space and stays.
static void
tables_free(uint32_t table, int level, uint32_t base)
{
	unsigned n = pae ? (level == 2 ? PDPT_ENTRIES : PTPAE_ENTRIES) : PT32_ENTRIES;
	int shift = level == 2 ? PDPT_SHIFT : (pae ? PDPAE_SHIFT : PD32_SHIFT);

	for (unsigned i = 0; level > 0 && i < n; i++) {
		uint32_t va = base + ((uint32_t)i << shift);
		uint64_t e = entry_get(table, i);
		if ((e & PTE_P) && !(level == 1 && va == TRAMP_BASE))
			tables_free(entry_addr(e), level - 1, va);
	}
	frame_free(table);
}

void
aspace_destroy(struct aspace *as)
{
	tables_free(as->root, levels(), 0);
	as->root = 0;
}

void
aspace_switch(const struct aspace *as)
{
	lcr3(as->root);
}

enum paging_mode
vm_mode(void)
{
	return pae ? PAGING_PAE : PAGING_2LEVEL;
}

const char *
vm_mode_name(enum paging_mode mode)
{
	return mode == PAGING_PAE ? "PAE" : "2-level";
}

static int
cpu_has_pae(void)
{
	uint32_t a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	return (d & CPUID1_EDX_PAE) != 0;
}

int
vm_init(enum paging_mode mode, uint32_t ram_top)
{
	if (mode == PAGING_PAE && !cpu_has_pae())
		return -E_NOTSUP;
	pae = mode == PAGING_PAE;
	tramp_table[TRAMP_KERNEL] = tramp_table_new(TRAMP_KERNEL, tramp_paddr(__tramp_start));
	tramp_table[TRAMP_GUEST] = tramp_table_new(TRAMP_GUEST, tramp_paddr(__tramp_start));
	if (!tramp_table[TRAMP_KERNEL] || !tramp_table[TRAMP_GUEST] ||
	    aspace_create_view(&kernel_aspace, tramp_table[TRAMP_KERNEL]) < 0)
		return -E_NOMEM;
	for (uint32_t pa = PAGE_SIZE; pa < ram_top; pa += PAGE_SIZE)
		if (aspace_map(&kernel_aspace, pa, pa, PTE_W) < 0)
			return -E_NOMEM;
	if (pae)
		lcr4(rcr4() | CR4_PAE);
	aspace_switch(&kernel_aspace);
	lcr0(rcr0() | CR0_PG | CR0_WP);
	tramp_kernel_cr3 = kernel_aspace.root;
	return 0;
}
