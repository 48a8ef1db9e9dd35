// hcall.c: the hypercalls every backend answers the same way (include/hypercall.h).
#include "hypercall.h"
#include "lib/error.h"
#include "pc/pc.h"
#include "vmm/hcall.h"
#include "x86/insn.h"

static bool
io_size_ok(uint32_t size)
{
	return size == 1 || size == 2 || size == 4;
}

enum run_result
hcall_run(struct vcpu *v)
{
	uint32_t *r = v->regs.gpr;
	uint32_t a1 = r[REG_EBX], a2 = r[REG_ECX], a3 = r[REG_EDX];
	int ret = 0;

	stats_count(&v->vm->stats, STAT_HYPERCALL);
	switch (r[REG_EAX]) {
	case HC_VERSION:
		ret = HV_ABI_VERSION;
		break;
	case HC_OUT:                                   // port, value, size
		if (!io_size_ok(a3) || a1 > 0xFFFF)
			ret = -E_INVAL;
		else
			vm_io_out(v->vm, a1, a3, a2);
		break;
	case HC_IN:                                    // port, size
		ret = io_size_ok(a2) && a1 <= 0xFFFF ? (int)vm_io_in(v->vm, a1, a2) : -E_INVAL;
		break;
	case HC_EXIT:                                  // status: 0 is success
		v->vm->exit_status = a1 == 0 ? DEBUG_EXIT_SUCCESS : DEBUG_EXIT_FAILURE;
		vm_stop(v->vm, "the guest exited with %s by hypercall (status %u)",
			a1 == 0 ? "success" : "failure", (unsigned)a1);
		return RUN_STOP;
	default:
		ret = -E_NOTSUP;
	}
	r[REG_EAX] = (uint32_t)ret;
	return v->vm->state == VM_RUNNING ? RUN_AGAIN : RUN_STOP;
}
