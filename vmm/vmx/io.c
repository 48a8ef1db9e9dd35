// io.c: port I/O exits, sent to the VM's devices (the same models as te's). Every in and
// out exits ("unconditional I/O exiting"); the exit qualification decodes the instruction
// for the monitor (SDM 3C §28.2.1, table 28-5).
#include "kernel/panic.h"
#include "vmm/vmx/vmx.h"
#include "x86/insn.h"

// The low `size` bytes of a register (al, ax, eax).
static uint32_t
io_mask(int size)
{
	return size == 4 ? 0xFFFFFFFF : (1u << (size * 8)) - 1;
}

// Hint: IOQ_PORT, IOQ_SIZE, IOQ_IN and IOQ_STRING decode the qualification (include/x86/
// vmx.h); vm_io_in and vm_io_out reach the devices and count the exit; an in changes only
// the low `size` bytes of eax (io_mask); skip the instruction (lab 8 handout, exercise 4).
enum run_result
vmx_exit_io(struct vcpu *v)
{
	// LAB8-SOLUTION-BEGIN
	uint32_t q = vmx(v)->exit_qual;
	uint32_t *eax = &v->regs.gpr[REG_EAX];
	uint16_t port = IOQ_PORT(q);
	int size = IOQ_SIZE(q);

	if (q & IOQ_STRING) {
		stats_count(&v->vm->stats, STAT_IO_STRING);
		vm_stop(v->vm, "%s%s at eip 0x%08x (port 0x%x): string I/O is not emulated by the "
			"vmx backend", q & IOQ_REP ? "rep " : "", q & IOQ_IN ? "ins" : "outs",
			(unsigned)v->regs.eip, port);
		return RUN_STOP;
	}
	if (q & IOQ_IN)
		*eax = (*eax & ~io_mask(size)) | (vm_io_in(v->vm, port, size) & io_mask(size));
	else
		vm_io_out(v->vm, port, size, *eax & io_mask(size));
	vmx_skip(v);
	return v->vm->state == VM_RUNNING ? RUN_AGAIN : RUN_STOP;
	// LAB8-STUB
	// (void)io_mask;
	// panic("vmx_exit_io: not implemented (qualification 0x%x)", (unsigned)vmx(v)->exit_qual);
	// LAB8-SOLUTION-END
}
