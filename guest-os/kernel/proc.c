// proc.c: the process table; processes made from ELF programs, their exit and wait (lab 3).
#include "guest-os/kernel/console.h"
#include "guest-os/kernel/cpu.h"
#include "guest-os/kernel/elf.h"
#include "guest-os/kernel/frame.h"
#include "guest-os/kernel/layout.h"
#include "guest-os/kernel/panic.h"
#include "guest-os/kernel/programs.h"
#include "guest-os/kernel/sched.h"
#include "guest-os/kernel/seg.h"
#include "guest-os/kernel/trap.h"
#include "guest-os/kernel/vm.h"
#include "lib/error.h"
#include "lib/string.h"
#include "x86/paging.h"
#include "x86/regs.h"

struct proc proc_table[NPROC];
struct proc *current;
static uint8_t kstacks[NPROC][KSTACK_SIZE] __attribute__((aligned(16)));
static int next_pid = 1;

uint32_t
proc_kstack_top(const struct proc *p)
{
	return (uint32_t)kstacks[p - proc_table] + KSTACK_SIZE;
}

// Contract: copies each segment's file bytes to its pages, fresh and zeroed (so the bss is
// zero), writable only if the segment is. Returns 0 or a negative error.
static int
load_program(uint32_t pgdir, const struct program *prog, uint32_t *entry)
{
	struct elf_prog elf;
	int err = elf_parse(prog->image, prog->size, USER_BASE, USTACK_TOP - USTACK_SIZE, &elf);

	if (err < 0)
		return err;
	for (int i = 0; err == 0 && i < elf.nsegs; i++) {
		const struct elf_seg *s = &elf.segs[i];
		uint32_t start = PAGE_ROUNDDOWN(s->vaddr);
		uint32_t flags = PTE_U | (s->writable ? PTE_W : 0);
		err = vm_alloc(pgdir, start, PAGE_ROUNDUP(s->vaddr + s->memsz) - start, flags);
		if (err == 0)
			err = vm_copy_out(pgdir, s->vaddr, prog->image + s->offset, s->filesz);
	}
	*entry = elf.entry;
	return err;
}

// Contract: maps the user stack and lays out main's argument on it, as a call would:
//   USTACK_TOP: [the string arg] [pointer to it] [return address 0] <- *esp
static int
setup_stack(uint32_t pgdir, const char *arg, uint32_t *esp)
{
	uint32_t len = strlen(arg) + 1;
	uint32_t str = (USTACK_TOP - len) & ~3u;
	uint32_t frame[2] = { 0, str };
	int err = vm_alloc(pgdir, USTACK_TOP - USTACK_SIZE, USTACK_SIZE, PTE_U | PTE_W);

	if (err == 0)
		err = vm_copy_out(pgdir, str, arg, len);
	if (err == 0)
		err = vm_copy_out(pgdir, str - sizeof frame, frame, sizeof frame);
	*esp = str - sizeof frame;
	return err;
}

// Contract: builds p's first kernel stack: a trap frame that "returns" to user mode at eip
// with stack esp and interrupts on, under a context whose swtch returns into trapret.
static void
setup_kstack(struct proc *p, uint32_t eip, uint32_t esp)
{
	struct trapframe *tf = (struct trapframe *)proc_kstack_top(p) - 1;

	memset(tf, 0, sizeof *tf);
	tf->ds = tf->es = tf->fs = tf->gs = tf->ss = UDATA_SEL;
	tf->cs = UCODE_SEL;
	tf->eip = eip;
	tf->esp = esp;
	tf->eflags = FL_1 | FL_IF;
	p->ctx = (struct context *)tf - 1;
	memset(p->ctx, 0, sizeof *p->ctx);
	p->ctx->eip = (uint32_t)trapret;
}

static struct proc *
proc_alloc(void)
{
	for (struct proc *p = proc_table; p < proc_table + NPROC; p++)
		if (p->state == P_UNUSED) {
			memset(p, 0, sizeof *p);
			p->pid = next_pid++;
			return p;
		}
	return NULL;
}

int
proc_spawn(const char *name, const char *arg, struct proc *parent)
{
	const struct program *prog = program_find(name);
	uint32_t entry = 0, esp = 0;
	struct proc *p;
	int err;

	if (prog == NULL)
		return -E_NOENT;
	if (strlen(arg) >= SPAWN_ARG_MAX)
		return -E_2BIG;
	if ((p = proc_alloc()) == NULL || (p->pgdir = vm_create()) == 0)
		return -E_NOMEM;               // a slot without pgdir stays P_UNUSED
	err = load_program(p->pgdir, prog, &entry);
	if (err == 0)
		err = setup_stack(p->pgdir, arg, &esp);
	if (err < 0) {
		vm_destroy(p->pgdir);
		return err;
	}
	strlcpy(p->name, name, sizeof p->name);
	p->parent = parent;
	setup_kstack(p, entry, esp);
	sched_ready(p);
	return p->pid;
}

void
proc_exit(int status)
{
	struct proc *p = current;

	cli();
	vm_switch(kernel_pgdir);        // the process's directory is about to be freed
	vm_destroy(p->pgdir);
	if (p->pid == 1) {
		printf("%s (pid 1) exited with status %d: stopping, %u KiB free\n", p->name,
		       status, (unsigned)(frame_free_count() * 4));
		machine_exit(status == 0);
	}
	for (struct proc *c = proc_table; c < proc_table + NPROC; c++) {
		if (c->parent == p && c->state == P_ZOMBIE)
			c->state = P_UNUSED;    // nobody will wait for it now
		if (c->parent == p)
			c->parent = NULL;
	}
	p->status = status;
	p->state = p->parent ? P_ZOMBIE : P_UNUSED;
	sched();
	panic("proc_exit: pid %d ran again", p->pid);
}

int
proc_wait(int pid)
{
	struct proc *c = proc_table;

	while (c < proc_table + NPROC && !(c->pid == pid && c->parent == current &&
					   c->state != P_UNUSED))
		c++;
	if (c == proc_table + NPROC)
		return -E_NOENT;
	while (c->state != P_ZOMBIE) {
		current->wait_for = c;
		block(BLOCK_WAIT);
	}
	c->state = P_UNUSED;
	return c->status;
}

int
proc_list(struct procinfo *out, int max)
{
	int n = 0;

	for (struct proc *p = proc_table; p < proc_table + NPROC && n < max; p++) {
		if (p->state == P_UNUSED)
			continue;
		out[n] = (struct procinfo){ p->pid, p->parent ? p->parent->pid : 0, p->state, "" };
		strlcpy(out[n++].name, p->name, PROC_NAME_MAX);
	}
	return n;
}
