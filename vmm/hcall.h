// hcall.h: the monitor's side of the paravirtual ABI of include/hypercall.h, shared by
// the backends: each decodes its own instruction (vmcall, vmmcall, int $0x82) and calls
// hcall_run.
#ifndef VMM_HCALL_H
#define VMM_HCALL_H

#include "vmm/backend.h"

// Runs the hypercall that v->regs describe (eax = number, ebx, ecx, edx, esi = arguments)
// and puts its result in eax: HC_VERSION, HC_IN, HC_OUT and HC_EXIT here; -E_NOTSUP for
// the others, which need the backend's own state. Returns RUN_STOP if the VM stopped
// (HC_EXIT), RUN_AGAIN otherwise.
enum run_result hcall_run(struct vcpu *v);

#endif
