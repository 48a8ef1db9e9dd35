// run.c: the monitor's loop around a VM: virtual time, console input, interrupt injection,
// idling while the guest halts. The same for every backend.
#include "kernel/console.h"
#include "kernel/panic.h"
#include "kernel/timer.h"
#include "pc/pc.h"
#include "pc/pit.h"
#include "vmm/backend.h"
#include "vmm/prompt.h"
#include "vmm/vm.h"
#include "x86/x86.h"

// Gives the virtual PIT the time that passed on the host timer since the VM started: the
// PIT input clocks (PIT_HZ a second) due by now, less those given already (vm->pit_clocks).
// Hint: host time is timer_ticks() - vm->start_ticks at TIMER_HZ; vpit_advance raises the
// virtual IRQ 0 on the PIC (lab 5 handout, exercise 1).
static void
vm_time_update(struct vm *vm)
{
	// LAB5-SOLUTION-BEGIN
	uint64_t due = (uint64_t)(timer_ticks() - vm->start_ticks) * PIT_HZ / TIMER_HZ;

	if (due > vm->pit_clocks) {
		vpit_advance(&vm->board.pit, (uint32_t)(due - vm->pit_clocks));
		vm->pit_clocks = due;
	}
	// LAB5-STUB
	// (void)vm;
	// panic("vm_time_update: not implemented");
	// LAB5-SOLUTION-END
}

// The escape key pauses the guest for the monitor console; `exit` there stops the VM.
static void
vm_console(struct vm *vm)
{
	int status = prompt_run(1);

	if (status == PROMPT_CONTINUE)
		return;
	vm->exit_status = status == 0 ? DEBUG_EXIT_SUCCESS : DEBUG_EXIT_FAILURE;
	vm_stop(vm, "stopped from the monitor console (exit %d)", status);
}

// What was typed on the real console goes to the guest's COM1 (a bare machine has none),
// but the escape key.
static void
vm_input_update(struct vm *vm)
{
	int c;

	while (vm->state == VM_RUNNING && (c = console_trygetc()) >= 0) {
		uint8_t byte = c;
		if (c == PROMPT_ESCAPE)
			vm_console(vm);
		else if (board_is_pc(&vm->board))
			vuart_input(&vm->board.com1, &byte, 1);
	}
}

// Delivers the virtual PIC's highest-priority request if the guest can take it now (the
// backend's can_inject: its virtual IF). Counts STAT_IRQ_INJECTED; a delivered interrupt
// wakes a halted vCPU.
// Hint: vpic_pending, then vpic_ack for the vector, then the backend's inject (lab 5
// handout, exercise 3).
static void
vm_deliver(struct vcpu *v)
{
	// LAB5-SOLUTION-BEGIN
	struct vm *vm = v->vm;

	if (vpic_pending(&vm->board.pic) < 0 || !vm->backend->can_inject(v))
		return;
	stats_count(&vm->stats, STAT_IRQ_INJECTED);
	vm->backend->inject(v, vpic_ack(&vm->board.pic));
	v->halted = false;
	// LAB5-STUB
	// (void)v;
	// panic("vm_deliver: not implemented");
	// LAB5-SOLUTION-END
}

// A guest that runs past its time (a loop with nothing to exit on) is stopped with a report.
static void
vm_watchdog(struct vm *vm)
{
	uint32_t ran = timer_ticks() - vm->start_ticks;

	if (vm->watchdog_ticks && ran >= vm->watchdog_ticks)
		vm_stop(vm, "watchdog: the guest ran for %u s (vmtimeout) at eip 0x%08x",
			(unsigned)(ran / TIMER_HZ), (unsigned)vm->vcpu.regs.eip);
}

// The vCPU halted with interrupts enabled: idle until the host's next interrupt, which may
// bring the guest one. On a bare machine nothing ever will: the VM stops.
static void
vm_idle(struct vm *vm)
{
	if (!board_is_pc(&vm->board)) {
		vm_stop(vm, "hlt at eip 0x%08x: the guest waits for an interrupt, and its bare "
			"machine has no device to raise one", (unsigned)vm->vcpu.regs.eip);
		return;
	}
	sti_hlt();
	cli();
}

int
vm_run(struct vm *vm)
{
	struct vcpu *v = &vm->vcpu;
	bool pc = board_is_pc(&vm->board);

	vm->start_ticks = timer_ticks();
	while (vm->state == VM_RUNNING) {
		vm_watchdog(vm);
		if (pc && !board_guest_clock(&vm->board))
			vm_time_update(vm);
		vm_input_update(vm);
		if (vm->state != VM_RUNNING)
			break;
		if (pc)
			vm_deliver(v);
		if (v->halted) {
			vm_idle(vm);
			continue;
		}
		if (vm->backend->vcpu_run(v) == RUN_HALT)
			v->halted = true;
		inspect_update(vm);
	}
	return vm->exit_status == DEBUG_EXIT_SUCCESS ? 0 : 1;
}
