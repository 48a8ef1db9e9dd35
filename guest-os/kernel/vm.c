// vm.c: page directories and tables of the kernel and of processes (lab 3).
// Tables are reached through the kernel's map of RAM: table at pa is P2V(pa).
#include "guest-os/kernel/cpu.h"
#include "guest-os/kernel/frame.h"
#include "guest-os/kernel/layout.h"
#include "guest-os/kernel/panic.h"
#include "guest-os/kernel/vm.h"
#include "lib/error.h"
#include "lib/string.h"
#include "x86/paging.h"

#define PDX(va)  ((va) >> PD32_SHIFT)                          // directory index
#define PTX(va)  (((va) >> PAGE_SHIFT) & (PT32_ENTRIES - 1))    // table index
#define KERNEL_PDX_FIRST PDX(KERNBASE)
#define KERNEL_PDX_END   PDX(MONITOR_BASE)                     // never reached: the monitor's

uint32_t kernel_pgdir;
static uint32_t mapped_top;             // RAM mapped at KERNBASE: [0, mapped_top)

// A zeroed frame for a page table or directory, or 0. Until vm_init is done only the boot
// map of entry.S exists, so a table must come from below BOOT_MAP_SIZE.
static uint32_t
table_alloc(void)
{
	uint32_t pa = frame_alloc();

	if (pa == 0)
		return 0;
	if (pa + PAGE_SIZE > (mapped_top ? mapped_top : BOOT_MAP_SIZE))
		panic("table_alloc: frame 0x%08x is not mapped yet", (unsigned)pa);
	memset(P2V(pa), 0, PAGE_SIZE);
	return pa;
}

// Contract: walks the directory; a missing table is made (user-accessible and writable: the
// leaf entry decides) when create is set. Returns the entry's kernel address or NULL.
uint32_t *
vm_pte(uint32_t pgdir, uint32_t va, int create)
{
	uint32_t *pde = (uint32_t *)P2V(pgdir) + PDX(va);

	if (!(*pde & PTE_P)) {
		uint32_t t = create ? table_alloc() : 0;
		if (t == 0)
			return NULL;
		*pde = t | PTE_P | PTE_W | PTE_U;
	}
	return (uint32_t *)P2V(*pde & PAGE_MASK) + PTX(va);
}

// Maps the page va to frame pa with flags; -E_NOMEM if no table could be made.
static int
vm_map(uint32_t pgdir, uint32_t va, uint32_t pa, uint32_t flags)
{
	uint32_t *pte = vm_pte(pgdir, va, 1);

	if (pte == NULL)
		return -E_NOMEM;
	*pte = pa | flags | PTE_P;
	return 0;
}

// Contract: a fresh directory maps RAM [0, ram_top) at KERNBASE + pa (supervisor, writable)
// and nothing else; then CR3 holds it. The kernel's page tables are all made here, so
// copying its directory entries shares them with every process for good.
void
vm_init(uint32_t ram_top)
{
	kernel_pgdir = table_alloc();
	if (kernel_pgdir == 0)
		panic("vm_init: no frame for the kernel's page directory");
	for (uint32_t pa = 0; pa < ram_top; pa += PAGE_SIZE)
		if (vm_map(kernel_pgdir, KERNBASE + pa, pa, PTE_W) < 0)
			panic("vm_init: out of frames mapping 0x%08x", (unsigned)pa);
	mapped_top = ram_top;
	vm_switch(kernel_pgdir);
}

void
vm_switch(uint32_t pgdir)
{
	lcr3(pgdir);
}

// Contract (vm.h): a new page directory (physical address) whose kernel part, KERNBASE up to
// the monitor's 4 MiB, is the kernel's: the same page tables, shared, so the kernel is
// mapped (supervisor only) in every process. The user part is empty; 0 if memory is short.
// Hint: table_alloc gives a zeroed frame; a directory entry covers 4 MiB (PDX); the kernel's
// directory is kernel_pgdir; reach both through P2V. Leave entry PDX(MONITOR_BASE) empty.
uint32_t
vm_create(void)
{
	// LAB3-SOLUTION-BEGIN
	uint32_t pgdir = table_alloc();

	if (pgdir != 0)
		for (uint32_t i = KERNEL_PDX_FIRST; i < KERNEL_PDX_END; i++)
			((uint32_t *)P2V(pgdir))[i] = ((uint32_t *)P2V(kernel_pgdir))[i];
	return pgdir;
	// LAB3-STUB
	// panic("vm_create: not implemented");
	// LAB3-SOLUTION-END
}

void
vm_destroy(uint32_t pgdir)
{
	uint32_t *dir = P2V(pgdir);

	for (uint32_t i = 0; i < KERNEL_PDX_FIRST; i++) {
		if (!(dir[i] & PTE_P))
			continue;
		uint32_t *table = P2V(dir[i] & PAGE_MASK);
		for (uint32_t j = 0; j < PT32_ENTRIES; j++)
			if (table[j] & PTE_P)
				frame_free(table[j] & PAGE_MASK);
		frame_free(dir[i] & PAGE_MASK);
	}
	frame_free(pgdir);
}

// Contract (vm.h): maps each page of [va, va + len) to a fresh zeroed frame with flags (the
// caller's PTE_U, PTE_W; PTE_P is added). -E_INVAL for a range outside user space, -E_NOMEM
// when frames or page tables run out (the pages mapped so far stay: vm_destroy frees them).
// Hint: table_alloc gives a zeroed frame; vm_map makes the table that is missing.
int
vm_alloc(uint32_t pgdir, uint32_t va, uint32_t len, uint32_t flags)
{
	if (va % PAGE_SIZE || va >= USER_TOP || len > USER_TOP - va)
		return -E_INVAL;
	// LAB3-SOLUTION-BEGIN
	for (uint32_t a = va; a < va + len; a += PAGE_SIZE) {
		uint32_t pa = table_alloc();       // a zeroed frame
		if (pa == 0 || vm_map(pgdir, a, pa, flags) < 0) {
			if (pa)
				frame_free(pa);
			return -E_NOMEM;
		}
	}
	return 0;
	// LAB3-STUB
	// panic("vm_alloc: not implemented (pgdir 0x%08x, flags 0x%x)", (unsigned)pgdir,
	//       (unsigned)flags);
	// LAB3-SOLUTION-END
}

int
vm_copy_out(uint32_t pgdir, uint32_t va, const void *src, uint32_t n)
{
	const char *s = src;

	while (n > 0) {
		uint32_t *pte = vm_pte(pgdir, va, 0);
		uint32_t off = va % PAGE_SIZE, chunk = PAGE_SIZE - off < n ? PAGE_SIZE - off : n;
		if (pte == NULL || !(*pte & PTE_P))
			return -E_FAULT;
		memcpy((char *)P2V(*pte & PAGE_MASK) + off, s, chunk);
		s += chunk;
		va += chunk;
		n -= chunk;
	}
	return 0;
}

// Contract: every page of the range must be below USER_TOP, present, user, and writable
// when write is set: what the CPU itself would demand of user code.
int
vm_check_user(uint32_t pgdir, uint32_t va, uint32_t n, int write)
{
	uint32_t need = PTE_P | PTE_U | (write ? PTE_W : 0);

	if (va >= USER_TOP || n > USER_TOP - va)
		return -E_FAULT;
	for (uint32_t page = PAGE_ROUNDDOWN(va); n > 0 && page < va + n; page += PAGE_SIZE) {
		uint32_t *pte = vm_pte(pgdir, page, 0);
		if (pte == NULL || (*pte & need) != need)
			return -E_FAULT;
	}
	return 0;
}

int
vm_fetch_str(uint32_t pgdir, uint32_t va, char *dst, uint32_t size)
{
	for (uint32_t i = 0; i < size; i++) {
		if ((i == 0 || (va + i) % PAGE_SIZE == 0) && vm_check_user(pgdir, va + i, 1, 0) < 0)
			return -E_FAULT;
		dst[i] = *(const char *)(uintptr_t)(va + i);
		if (dst[i] == '\0')
			return (int)i;
	}
	return -E_2BIG;
}
