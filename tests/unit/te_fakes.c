// te_fakes.c: host fakes of the kernel services and monitor functions the te emulators call
// (te_fakes.h).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "kernel/frame.h"
#include "kernel/panic.h"
#include "kernel/seg.h"
#include "kernel/vm.h"
#include "lib/error.h"
#include "tests/unit/te_fakes.h"
#include "x86/paging.h"
#include "x86/regs.h"

struct fakes fakes;
struct seg_desc gdt[GDT_ENTRIES];          // the kernel's GDT: the shadow GDT starts as it
static uint32_t next_root = 0x1000;

void *
fake_page(void)
{
	void *p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static void
fake_page_free(void *p)
{
	munmap(p, PAGE_SIZE);
}

uint32_t
frame_alloc(void)
{
	return (uint32_t)(uintptr_t)fake_page();
}

int
frame_free(uint32_t pa)
{
	fake_page_free((void *)(uintptr_t)pa);
	return 0;
}

uint32_t
tramp_view_create(uint32_t gdt_pa)
{
	return gdt_pa ? 0x7000 : 0;
}

int
aspace_create_view(struct aspace *as, uint32_t view)
{
	(void)view;
	as->root = next_root += PAGE_SIZE;
	return 0;
}

void
aspace_destroy(struct aspace *as)
{
	for (int i = 0; i < fakes.nmaps; i++)
		if (fakes.maps[i].root == as->root)
			fakes.maps[i].root = 0;
	as->root = 0;
}

// The mapping of va in the space root, or NULL.
static struct fake_map *
fake_find(uint32_t root, uint32_t va)
{
	for (int i = 0; root && i < fakes.nmaps; i++)
		if (fakes.maps[i].root == root && fakes.maps[i].va == va)
			return &fakes.maps[i];
	return NULL;
}

int
aspace_map(struct aspace *as, uint32_t va, uint32_t pa, uint32_t flags)
{
	struct fake_map *m = fake_find(as->root, va);

	if ((va | pa) & (PAGE_SIZE - 1))
		return -E_INVAL;
	for (int i = 0; !m && i < fakes.nmaps; i++)
		if (fakes.maps[i].root == 0)
			m = &fakes.maps[i];
	if (!m && fakes.nmaps == FAKE_MAPS)
		return -E_NOMEM;
	if (!m)
		m = &fakes.maps[fakes.nmaps++];
	*m = (struct fake_map){ as->root, va, pa, flags | PTE_P };
	return 0;
}

int
aspace_translate(const struct aspace *as, uint32_t va, uint32_t *pa, uint32_t *flags)
{
	const struct fake_map *m = fake_find(as->root, va & PAGE_MASK);

	if (!m)
		return -E_NOENT;
	*pa = m->pa | (va & (PAGE_SIZE - 1));
	*flags = m->flags;
	return 0;
}

int
aspace_unmap(struct aspace *as, uint32_t va)
{
	struct fake_map *m = fake_find(as->root, va);

	if (!m)
		return -E_NOENT;
	m->root = 0;
	fakes.unmaps++;
	return 0;
}

const struct fake_map *
fake_lookup(struct vcpu *v, uint32_t va)
{
	return fake_find(v->shadow.space.root, va & PAGE_MASK);
}

void
vm_stop(struct vm *vm, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vm->stop_reason, sizeof vm->stop_reason, fmt, ap);
	va_end(ap);
	vm->state = VM_STOPPED;
	fakes.stops++;
}

uint32_t
vm_io_in(struct vm *vm, uint16_t port, int size)
{
	stats_count(&vm->stats, STAT_IO_IN);
	fakes.io_port = port, fakes.io_size = size, fakes.io_ins++;
	return fakes.io_in_value;
}

void
vm_io_out(struct vm *vm, uint16_t port, int size, uint32_t value)
{
	stats_count(&vm->stats, STAT_IO_OUT);
	fakes.io_port = port, fakes.io_size = size, fakes.io_outs++;
	fakes.io_out_value = value;
}

static struct te_vcpu fake_te;

struct vcpu *
fake_vcpu(uint32_t mem)
{
	struct vm *vm = calloc(1, sizeof *vm);
	struct vcpu *v = &vm->vcpu;

	memset(&fakes, 0, sizeof fakes);
	memset(&fake_te, 0, sizeof fake_te);
	if (gmem_init(&vm->mem, mem, fake_page, fake_page_free) < 0)
		abort();
	vm->state = VM_RUNNING;
	v->vm = vm;
	v->backend_data = &fake_te;
	v->sregs.cr0 = CR0_PE | CR0_ET;
	fake_te.tf.cs = SEL(1, TE_RPL);
	fake_te.tf.ds = fake_te.tf.es = fake_te.tf.ss = SEL(2, TE_RPL);
	fake_te.tf.eflags = FL_1 | FL_IF;
	if (te_gdt_init(v) < 0 || shadow_init(v, fake_te.view) < 0)
		abort();
	fake_te.tf.cr3 = v->shadow.space.root;
	return v;
}

void
fake_vcpu_free(struct vcpu *v)
{
	struct vm *vm = v->vm;

	shadow_destroy(v);
	frame_free(te(v)->gdt_pa);
	gmem_free(&vm->mem);
	free(vm);
}
