// inspect.c: keeps vmm_inspect (include/inspect.h) up to date for the grader.
#include "inspect.h"
#include "lib/string.h"
#include "vmm/backend.h"
#include "vmm/vm.h"

_Static_assert(INSPECT_VMS == VM_MAX && INSPECT_MSG == VM_MSG_MAX, "inspect.h matches vm.h");

struct inspect vmm_inspect = { .magic = INSPECT_MAGIC, .version = INSPECT_VERSION };

static void
inspect_vcpu_fill(struct inspect_vcpu *o, const struct vcpu *v)
{
	const struct vcpu_sregs *s = &v->sregs;

	memcpy(o->gpr, v->regs.gpr, sizeof o->gpr);
	o->eip = v->regs.eip, o->eflags = v->regs.eflags;
	for (int i = 0; i < 6; i++)
		o->sel[i] = s->seg[i].sel;
	o->cr0 = s->cr0, o->cr2 = s->cr2, o->cr3 = s->cr3, o->cr4 = s->cr4;
	o->gdtr_base = s->gdtr.base, o->gdtr_limit = s->gdtr.limit;
	o->idtr_base = s->idtr.base, o->idtr_limit = s->idtr.limit;
	o->tr = s->tr.sel;
	o->real_cs = v->real_cs, o->real_cr3 = v->real_cr3;
	o->halted = v->halted;
}

void
inspect_update(struct vm *vm)
{
	struct inspect_vm *o = &vmm_inspect.vm[vm->id];

	vm->backend->sync(&vm->vcpu);
	o->state = vm->state == VM_RUNNING ? INSPECT_RUNNING : INSPECT_STOPPED;
	strlcpy(o->name, vm->name, sizeof o->name);
	strlcpy(o->backend, vm->backend->name, sizeof o->backend);
	o->mem_size = vm->mem.size;
	o->pages = (uint32_t)vm->mem.pages;
	o->exits = (uint32_t)stats_sum(&vm->stats);
	inspect_vcpu_fill(&o->vcpu, &vm->vcpu);
	strlcpy(o->stop_reason, vm->stop_reason, sizeof o->stop_reason);
	if ((uint32_t)vm->id >= vmm_inspect.nvms)
		vmm_inspect.nvms = vm->id + 1;
	vmm_inspect.updates++;
}
