// vmcs.c: the current VMCS and its fields, with every failure named.
#include "kernel/panic.h"
#include "vmm/vmx/insn.h"
#include "vmm/vmx/vmx.h"

static struct vmx_vcpu *vmcs_current;      // whose VMCS VMPTRLD made current

int
vmcs_load(struct vmx_vcpu *x)
{
	if (vmcs_current == x)
		return VMX_OK;
	int st = vmptrld((uint32_t)x->vmcs);
	if (st == VMX_OK)
		vmcs_current = x;
	return st;
}

int
vmcs_clear(struct vmx_vcpu *x)
{
	int st = vmclear((uint32_t)x->vmcs);

	if (vmcs_current == x)
		vmcs_current = NULL;
	x->launched = false;
	return st;
}

uint32_t
vmcs_error(void)
{
	uint32_t error = 0;

	return vmread(VM_INSTRUCTION_ERROR, &error) == VMX_OK ? error : 0;
}

static void __attribute__((noreturn))
vmcs_fail(const char *who, enum vmcs_field f, uint32_t value, int st)
{
	char msg[96];

	panic("%s: %s (0x%04x) value 0x%x: %s", who, vmcs_field_name(f), (unsigned)f,
	      (unsigned)value, vmx_status_str(st, vmcs_error(), msg, sizeof msg));
}

uint32_t
vmcs_read(enum vmcs_field f)
{
	uint32_t value = 0;
	int st = vmread(f, &value);

	if (st != VMX_OK)
		vmcs_fail("vmcs_read", f, 0, st);
	return value;
}

void
vmcs_write(enum vmcs_field f, uint32_t value)
{
	int st = vmwrite(f, value);

	if (st != VMX_OK)
		vmcs_fail("vmcs_write", f, value, st);
}

void
vmcs_write64(enum vmcs_field f, uint64_t value)
{
	vmcs_write(f, (uint32_t)value);
	vmcs_write(f | VMCS_ENC_HIGH, (uint32_t)(value >> 32));
}

uint64_t
vmcs_read64(enum vmcs_field f)
{
	return vmcs_read(f) | (uint64_t)vmcs_read(f | VMCS_ENC_HIGH) << 32;
}
