// vm.c: creating and stopping VMs, and the port I/O every backend sends to their devices.
#include "kernel/console.h"
#include "kernel/frame.h"
#include "lib/error.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "pc/pc.h"
#include "vmm/backend.h"
#include "vmm/vm.h"

struct vm vms[VM_MAX];

static const struct {
	const char *name, *what;
} mmus[] = {
	[VM_MMU_SHADOW] = { "shadow", "shadow paging" },
	[VM_MMU_EPT] = { "ept", "EPT" },
};

const char *
vm_mmu_name(enum vm_mmu mmu)
{
	return mmus[mmu].name;
}

const char *
vm_mmu_what(enum vm_mmu mmu)
{
	return mmus[mmu].what;
}

int
vm_mmu_lookup(const char *name)
{
	for (unsigned i = 0; i < sizeof mmus / sizeof mmus[0]; i++)
		if (strcmp(mmus[i].name, name) == 0)
			return i;
	return -E_NOENT;
}

static void *
vm_page_alloc(void)
{
	return (void *)frame_alloc();           // RAM is mapped 1:1 in the kernel's space
}

static void
vm_page_free(void *page)
{
	frame_free((uint32_t)page);
}

// The guest's COM1 and debug console are the console's: what it writes appears on the real
// serial line.
static void
vm_console_out(void *arg, uint8_t byte)
{
	(void)arg;
	console_putc(byte);
}

static struct vm *
vm_slot(void)
{
	for (int i = 0; i < VM_MAX; i++)
		if (vms[i].state == VM_OFF)
			return &vms[i];
	return NULL;
}

struct vm *
vm_create(const char *name, const struct vm_config *c, const uint8_t *elf, uint32_t size,
	  const char *cmdline, char *msg, size_t msgsize)
{
	const struct backend *backend = c->backend;
	struct vm *vm = vm_slot();
	struct guest_entry e;
	int err;

	if (!vm) {
		snprintf(msg, msgsize, "%s: no free VM slot (at most %d VMs)", name, VM_MAX);
		return NULL;
	}
	memset(vm, 0, sizeof *vm);
	vm->id = vm - vms;
	strlcpy(vm->name, name, sizeof vm->name);
	vm->backend = backend;
	vm->mmu = c->mmu;
	vm->vcpu.vm = vm;
	if ((err = gmem_init(&vm->mem, c->mem_size, vm_page_alloc, vm_page_free)) < 0) {
		snprintf(msg, msgsize, "%s: %u KiB of guest RAM: %s", name,
			 (unsigned)(c->mem_size >> 10), error_str(err));
		return NULL;
	}
	if ((err = board_init(&vm->board, c->machine, vm_console_out, vm)) == 0 &&
	    (!c->guest_clock || (err = board_clock_guest(&vm->board)) == 0) &&
	    (err = gload_elf(&vm->mem, elf, size, cmdline, &e, msg, msgsize)) == 0 &&
	    (err = backend->vm_init(vm, &e)) < 0)
		snprintf(msg, msgsize, "%s: backend %s: %s", name, backend->name, error_str(err));
	if (err < 0) {
		gmem_free(&vm->mem);
		return NULL;
	}
	vm->state = VM_RUNNING;
	return vm;
}

void
vm_destroy(struct vm *vm)
{
	vm->backend->vm_destroy(vm);
	gmem_free(&vm->mem);
	vm->state = VM_OFF;
}

void
vm_stop(struct vm *vm, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vm->stop_reason, sizeof vm->stop_reason, fmt, ap);
	va_end(ap);
	vm->state = VM_STOPPED;
	printf("\nduplicata: vm %d (%s) stopped: %s\n", vm->id, vm->name, vm->stop_reason);
}

uint32_t
vm_io_in(struct vm *vm, uint16_t port, int size)
{
	stats_count(&vm->stats, STAT_IO_IN);
	return iobus_read(&vm->board.bus, port, size);
}

void
vm_io_out(struct vm *vm, uint16_t port, int size, uint32_t value)
{
	stats_count(&vm->stats, STAT_IO_OUT);
	if (port == PORT_DEBUG_EXIT) {                // the guest ends its run, as under QEMU
		vm->exit_status = value;
		vm_stop(vm, "the guest exited with %s (code 0x%x)",
			value == DEBUG_EXIT_SUCCESS ? "success" : "failure", (unsigned)value);
		return;
	}
	iobus_write(&vm->board.bus, port, size, value);
}
