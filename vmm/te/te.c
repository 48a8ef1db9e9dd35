// te.c: the trap-and-emulate backend: runs the guest through world_switch and sorts each
// trap: a host interrupt, an instruction to emulate, a page fault for the shadow tables, or
// an event that belongs to the guest.
#include "kernel/frame.h"
#include "kernel/panic.h"
#include "kernel/world.h"
#include "lib/error.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "vmm/backend.h"
#include "vmm/te/te.h"
#include "x86/insn.h"
#include "x86/regs.h"
#include "x86/x86.h"

#define LOADER_CS SEL(1, TE_RPL)    // the boot loader's flat selectors, at RPL 1
#define LOADER_DS SEL(2, TE_RPL)

static struct te_vcpu te_vcpus[VM_MAX];

// Any i386 with paging will do; its memory is virtualized by shadow paging alone.
static int
te_probe(enum vm_mmu mmu, char *why, size_t n)
{
	if (mmu == VM_MMU_SHADOW)
		return 0;
	snprintf(why, n, "mmu=%s: te runs its guests on shadow page tables only (mmu=shadow)",
		 vm_mmu_name(mmu));
	return -E_NOTSUP;
}

static int
te_vm_init(struct vm *vm, const struct guest_entry *e)
{
	struct vcpu *v = &vm->vcpu;
	struct te_vcpu *t = &te_vcpus[vm->id];

	memset(t, 0, sizeof *t);
	v->backend_data = t;
	v->sregs.cr0 = CR0_PE | CR0_ET;
	t->tf.eip = e->eip, t->tf.eax = e->eax, t->tf.ebx = e->ebx;
	t->tf.cs = LOADER_CS;
	t->tf.ds = t->tf.es = t->tf.fs = t->tf.gs = t->tf.ss = LOADER_DS;
	t->tf.esp = BOOT_STACK_TOP;
	t->tf.eflags = FL_1 | FL_IF;     // the real IF; the guest's (t->vif) starts clear
	int err = te_gdt_init(v);
	if (err < 0 || (err = shadow_init(v, t->view)) < 0)
		return err;
	t->tf.cr3 = v->shadow.space.root;
	return 0;
}

static void
te_vm_destroy(struct vm *vm)
{
	struct te_vcpu *t = te(&vm->vcpu);

	shadow_destroy(&vm->vcpu);
	if (t->view)
		frame_free(t->view);
	if (t->gdt_pa)
		frame_free(t->gdt_pa);
}

// A #PF of the guest's at linear address cr2 (the CPU's error code in the trap frame): fixed
// in the shadow (counted STAT_PAGE_FAULT_SHADOW), or the guest's own, reflected through its
// IDT with its own error code and CR2 (STAT_PAGE_FAULT_GUEST). Returns RUN_AGAIN, or
// RUN_STOP once the VM was stopped.
// Hint: shadow_fault decides; te_reflect delivers (lab 6 handout, exercise 2).
static enum run_result
te_page_fault(struct vcpu *v, uint32_t cr2)
{
	// LAB6-SOLUTION-BEGIN
	struct te_vcpu *t = te(v);
	uint32_t pferr;

	if (shadow_fault(v, t->tf.eip, cr2, t->tf.err, &pferr)) {
		stats_count(&v->vm->stats, STAT_PAGE_FAULT_SHADOW);
		return RUN_AGAIN;
	}
	if (v->vm->state != VM_RUNNING)
		return RUN_STOP;
	stats_count(&v->vm->stats, STAT_PAGE_FAULT_GUEST);
	v->sregs.cr2 = cr2;
	te_reflect(v, T_PF, pferr, 0);
	return v->vm->state == VM_RUNNING ? RUN_AGAIN : RUN_STOP;
	// LAB6-STUB
	// panic("te_page_fault: not implemented (cr2 0x%08x, error 0x%x)", (unsigned)cr2,
	//       (unsigned)te(v)->tf.err);
	// LAB6-SOLUTION-END
}

// Exceptions the guest caused and must handle itself (a divide error, #UD...). Its int3,
// int n and into reach the monitor as #GP (the real IDT's gates have DPL 0): te_emulate.
static enum run_result
te_exception(struct vcpu *v)
{
	struct te_vcpu *t = te(v);
	uint32_t vector = t->tf.vector;

	if (vector == T_DF || vector == T_NMI || vector == 18) {
		stats_count(&v->vm->stats, STAT_UNEXPECTED);
		vm_stop(v->vm, "unexpected %s at eip 0x%08x", trap_mnemonic(vector),
			(unsigned)t->tf.eip);
		return RUN_STOP;
	}
	stats_count(&v->vm->stats, STAT_EXCEPTION_REFLECTED);
	int err = trap_has_error(vector) ? (int)t->tf.err : TE_NO_ERROR;
	te_reflect(v, vector, err, 0);
	return v->vm->state == VM_RUNNING ? RUN_AGAIN : RUN_STOP;
}

static enum run_result
te_exit(struct vcpu *v, uint32_t cr2)
{
	struct te_vcpu *t = te(v);
	uint32_t vector = t->tf.vector;

	if (vector >= T_IRQ0 && vector < T_IRQ0 + 16) {
		stats_count(&v->vm->stats, STAT_IRQ_HOST);
		trap(&t->tf);                      // the kernel's handler, and its EOI
		return RUN_AGAIN;
	}
	if (vector == T_GP)
		return te_emulate(v, t->tf.err);
	if (vector == T_PF)
		return te_page_fault(v, cr2);
	if (vector < T_EXCEPTIONS)
		return te_exception(v);
	stats_count(&v->vm->stats, STAT_UNEXPECTED);
	vm_stop(v->vm, "unexpected trap %u at eip 0x%08x", (unsigned)vector, (unsigned)t->tf.eip);
	return RUN_STOP;
}

static enum run_result
te_run(struct vcpu *v)
{
	struct te_vcpu *t = te(v);

	world_switch(&t->tf);
	uint32_t cr2 = rcr2();
	if (world_escaped(&t->tf)) {
		stats_count(&v->vm->stats, STAT_UNEXPECTED);
		vm_stop(v->vm, "the guest left protected mode's rules: a task switch or virtual-8086 "
			"mode (eflags 0x%08x, cs 0x%04x, eip 0x%08x); te supports neither",
			(unsigned)t->tf.eflags, t->tf.cs, (unsigned)t->tf.eip);
		return RUN_STOP;
	}
	t->sti_shadow = false;
	if (!te_guest_kernel(t))
		t->vif = true;                     // the guest's programs run with IF set
	return te_exit(v, cr2);
}

// True when the guest would take an interrupt now: its programs always can; its kernel when
// its virtual IF is set, but not right after an sti.
// Hint: the real IF says nothing here (always 1 while the guest runs); lab 5 handout,
// exercise 2.
static bool
te_can_inject(const struct vcpu *v)
{
	// LAB5-SOLUTION-BEGIN
	const struct te_vcpu *t = v->backend_data;

	return ((t->tf.cs & 3) == 3 || t->vif) && !t->sti_shadow;
	// LAB5-STUB
	// (void)v;
	// panic("te_can_inject: not implemented");
	// LAB5-SOLUTION-END
}

static void
te_inject(struct vcpu *v, int vector)
{
	te_reflect(v, vector, TE_NO_ERROR, 0);
}

// The guest's view: its kernel's selectors with RPL 0, its own IF.
static void
te_sync(struct vcpu *v)
{
	struct te_vcpu *t = te(v);
	const struct trapframe *f = &t->tf;
	uint32_t gpr[8] = { f->eax, f->ecx, f->edx, f->ebx, f->esp, f->ebp, f->esi, f->edi };
	uint16_t sel[SREG_COUNT] = { f->es, f->cs, f->ss, f->ds, f->fs, f->gs };

	memcpy(v->regs.gpr, gpr, sizeof gpr);
	v->regs.eip = f->eip;
	v->regs.eflags = (f->eflags & ~FL_IF) | (t->vif ? FL_IF : 0);
	for (int i = 0; i < SREG_COUNT; i++) {
		v->sregs.seg[i].sel = SEL_RPL(sel[i]) == TE_RPL ? sel[i] & ~3u : sel[i];
		v->sregs.seg[i].base = te_seg_base(v, sel[i]);
	}
	v->real_cs = f->cs;
	v->real_cr3 = v->shadow.space.root;
}

const struct backend backend_te = {
	.name = "te",
	.mmu = VM_MMU_SHADOW,
	.probe = te_probe,
	.vm_init = te_vm_init,
	.vm_destroy = te_vm_destroy,
	.vcpu_run = te_run,
	.can_inject = te_can_inject,
	.inject = te_inject,
	.sync = te_sync,
};
