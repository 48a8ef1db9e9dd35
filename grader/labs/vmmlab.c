// vmmlab.c: reading the monitor's published state and the guest's memory from outside
// (vmmlab.h), for the tests of labs 4-9.
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "grader/labs/vmmlab.h"
#include "grader/walk.h"
#include "x86/paging.h"

#define STAT_NAME_MAX 32

// Reads the monitor's variable `symbol` (n bytes) at its 1:1 physical address.
static int
monitor_read(struct run *r, const char *symbol, uint32_t offset, void *buf, uint32_t n)
{
	uint32_t addr;

	if (run_symbol(r, symbol, &addr) < 0)
		return -1;
	return run_read_phys(r, addr + offset, buf, n);
}

int
vmm_read_vm(struct run *r, struct inspect_vm *vm)
{
	struct inspect head;

	if (monitor_read(r, "vmm_inspect", 0, &head, offsetof(struct inspect, vm)) < 0)
		return -1;
	if (head.magic != INSPECT_MAGIC || head.version != INSPECT_VERSION)
		return run_fail(r, "vmm_inspect: expected magic 0x%08x version %d, found 0x%08x "
				"version %u (is inspect.c linked, and include/inspect.h unchanged?)",
				INSPECT_MAGIC, INSPECT_VERSION, head.magic, head.version);
	if (head.nvms == 0)
		return run_fail(r, "vmm_inspect: no VM published yet (inspect_update is called "
				"after every exit the monitor handles: did the guest start?)");
	if (monitor_read(r, "vmm_inspect", offsetof(struct inspect, vm), vm, sizeof *vm) < 0)
		return -1;
	return 0;
}

// The name of exit reason i, read through the pointer table stats_names.
static int
stat_name(struct run *r, uint32_t i, char *name)
{
	uint32_t at;

	if (monitor_read(r, "stats_names", i * 4, &at, 4) < 0 ||
	    run_read_phys(r, at, name, STAT_NAME_MAX) < 0)
		return -1;
	name[STAT_NAME_MAX - 1] = '\0';
	return 0;
}

int
vmm_read_stat(struct run *r, const char *name, uint64_t *count)
{
	uint32_t n;
	char got[STAT_NAME_MAX];

	if (monitor_read(r, "stats_nreasons", 0, &n, 4) < 0)
		return -1;
	for (uint32_t i = 0; i < n && i < 256; i++) {
		if (stat_name(r, i, got) < 0)
			return -1;
		if (strcmp(got, name) == 0)
			return monitor_read(r, "stats_total", i * 8, count, 8);
	}
	return run_fail(r, "the monitor's counters (stats_names) have no reason called %s", name);
}

int
vmm_read_u32(struct run *r, const char *symbol, uint32_t *value)
{
	return monitor_read(r, symbol, 0, value, 4);
}

int
vmm_monitor_cr3(struct run *r, uint32_t *cr3)
{
	return monitor_read(r, "kernel_aspace", 0, cr3, 4);
}

int
guest_host_page(struct run *r, const struct inspect_vm *vm, uint32_t gpa, uint32_t *hpa)
{
	if (gpa >= vm->mem_size)
		return run_fail(r, "guest-physical 0x%08x is outside the VM's %u KiB of RAM", gpa,
				vm->mem_size >> 10);
	return run_read_phys(r, vm->pages + (gpa >> PAGE_SHIFT) * 4, hpa, 4);
}

int
guest_read_phys(struct run *r, const struct inspect_vm *vm, uint32_t gpa, void *buf, uint32_t n)
{
	uint8_t *out = buf;

	while (n > 0) {
		uint32_t hpa, chunk = PAGE_SIZE - (gpa & (PAGE_SIZE - 1));
		if (chunk > n)
			chunk = n;
		if (guest_host_page(r, vm, gpa, &hpa) < 0 ||
		    run_read_phys(r, (hpa & PAGE_MASK) | (gpa & (PAGE_SIZE - 1)), out, chunk) < 0)
			return -1;
		gpa += chunk, out += chunk, n -= chunk;
	}
	return 0;
}

struct guest_ctx {
	struct run *r;
	const struct inspect_vm *vm;
};

static int
guest_phys_reader(void *ctx, uint64_t pa, void *buf, size_t n)
{
	struct guest_ctx *g = ctx;

	return guest_read_phys(g->r, g->vm, (uint32_t)pa, buf, (uint32_t)n);
}

int
guest_translate(struct run *r, const struct inspect_vm *vm, uint32_t gva, uint32_t *gpa,
		uint32_t *flags, char *why, size_t whysize)
{
	struct guest_ctx g = { r, vm };
	const struct inspect_vcpu *c = &vm->vcpu;
	uint64_t pa;

	if (walk_translate(c->cr0, c->cr3, c->cr4, gva, guest_phys_reader, &g, &pa, flags, why,
			   whysize) < 0)
		return -1;
	*gpa = (uint32_t)pa;
	return 0;
}

int
guest_read(struct run *r, const struct inspect_vm *vm, uint32_t gva, void *buf, uint32_t n)
{
	uint8_t *out = buf;
	char why[200] = "";

	while (n > 0) {
		uint32_t gpa, flags, chunk = PAGE_SIZE - (gva & (PAGE_SIZE - 1));
		if (chunk > n)
			chunk = n;
		if (guest_translate(r, vm, gva, &gpa, &flags, why, sizeof why) < 0)
			return run_fail(r, "guest-linear 0x%08x does not translate through the "
					"guest's tables (guest cr3 0x%08x): %s", gva, vm->vcpu.cr3,
					why);
		if (guest_read_phys(r, vm, gpa, out, chunk) < 0)
			return -1;
		gva += chunk, out += chunk, n -= chunk;
	}
	return 0;
}

int
guest_read_u32(struct run *r, const struct inspect_vm *vm, const char *symbol, uint32_t *value)
{
	uint32_t addr;

	if (run_guest_symbol(r, symbol, &addr) < 0)
		return -1;
	return guest_read(r, vm, addr, value, 4);
}

int
vmx_start(struct run *r, const char *mmu, const char *then)
{
	return run_boot(r, "backend=vmx mmu=%s -- run=hello+%s%s%s", mmu, run_nonce(r),
			*then ? "," : "", then);
}

int
vmx_hello(struct run *r, const char *mmu)
{
	const char *what = strcmp(mmu, VMX_EPT) == 0 ? "EPT" : "shadow paging";

	return run_expect(r, "duplicata: vm 0: guest-os on vmx with %s", what) < 0 ||
	       run_expect(r, "hello from pid 2: %s", run_nonce(r)) < 0 ? -1 : 0;
}

int
vmx_boot(struct run *r, const char *mmu, const char *then)
{
	return vmx_start(r, mmu, then) < 0 ? -1 : vmx_hello(r, mmu);
}

int
tguest_boot(struct run *r, const char *words, const char *test)
{
	return run_boot_test(r, "%s tag=%s -- test=%s tag=%s", words, run_nonce(r), test,
			     run_nonce(r));
}

int
tguest_end(struct run *r, struct inspect_vm *vm)
{
	return run_break(r, "vm_destroy") < 0 ? -1 : vmm_read_vm(r, vm);
}

int
tguest_ended(struct run *r, const char *guest, const char *test)
{
	struct inspect_vm vm;

	if (tguest_end(r, &vm) < 0 || tguest_passed(r, guest, test) < 0)
		return -1;
	return run_check(r, vm.state == INSPECT_STOPPED, "the VM should have ended");
}

int
tguest_passed(struct run *r, const char *guest, const char *test)
{
	return run_expect(r, "%s %s: passed (%s)", guest, test, run_nonce(r));
}

int
vmm_counts_check(struct run *r, const struct vmm_count *c, int n)
{
	uint64_t got;

	for (int i = 0; i < n; i++) {
		if (vmm_read_stat(r, c[i].name, &got) < 0)
			return -1;
		if (run_check(r, got == c[i].want, "the counter %s is %" PRIu64 ", expected %" PRIu64
			      ": the test's guest executed that many; is each emulated once, and "
			      "counted with stats_count?", c[i].name, got, c[i].want) < 0)
			return -1;
	}
	return 0;
}

static int
window_counts(struct run *r, const struct vmm_window *w, uint64_t *n)
{
	for (int i = 0; i < VMM_WINDOW_COUNTS && w->c[i].name; i++)
		if (vmm_read_stat(r, w->c[i].name, &n[i]) < 0)
			return -1;
	return 0;
}

int
vmm_window_open(struct run *r, const struct vmm_window *w, uint64_t *n)
{
	return run_break_guest(r, w->from) < 0 ? -1 : window_counts(r, w, n);
}

int
vmm_window_close(struct run *r, const struct vmm_window *w, const uint64_t *before)
{
	uint64_t after[VMM_WINDOW_COUNTS];

	if (run_break_guest(r, w->to) < 0 || window_counts(r, w, after) < 0)
		return -1;
	for (int i = 0; i < VMM_WINDOW_COUNTS && w->c[i].name; i++)
		if (run_check(r, after[i] - before[i] == w->c[i].want, "from %s to %s the monitor "
			      "should count %llu %s, it counted %llu", w->from, w->to,
			      (unsigned long long)w->c[i].want, w->c[i].name,
			      (unsigned long long)(after[i] - before[i])) < 0)
			return -1;
	return 0;
}

int
tguest_stops(struct run *r, const char *words, const char *guest, const char *test,
	     const char *label, const char *why)
{
	struct inspect_vm vm;
	uint32_t at;

	if (tguest_boot(r, words, test) < 0 || tguest_end(r, &vm) < 0 ||
	    tguest_passed(r, guest, test) < 0 || run_guest_symbol(r, label, &at) < 0)
		return -1;
	if (run_check(r, vm.state == INSPECT_STOPPED && vm.vcpu.eip == at, "the guest at %s "
		      "(0x%08x) must stop the VM there; the vCPU shows state %u, eip 0x%08x",
		      label, at, vm.state, vm.vcpu.eip) < 0)
		return -1;
	run_note(r, "stopped: %s", vm.stop_reason);
	return run_check(r, strstr(vm.stop_reason, why) != NULL, "the VM's stop reason should "
			 "say \"%s\"; it says \"%s\"", why, vm.stop_reason);
}
