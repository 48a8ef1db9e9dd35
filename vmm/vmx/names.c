// names.c: names for reports: VM-instruction errors, exit reasons, VMCS fields, all
// generated from the lists of x86/vmx.h.
#include "lib/fmt.h"
#include "vmm/vmx/vmx.h"

static const char *const error_names[] = {
#define ERROR_NAME(nr, msg) [nr] = msg,
	VMX_ERROR_LIST(ERROR_NAME)
#undef ERROR_NAME
};

static const char *const exit_names[EXIT_REASON_MAX] = {
#define EXIT_NAME(nr, name, what) [nr] = what,
	EXIT_REASON_LIST(EXIT_NAME)
#undef EXIT_NAME
};

static const struct {
	uint32_t encoding;
	const char *name;
} fields[] = {
#define FIELD_NAME(name, enc, type) { enc, #name },
	VMCS_FIELDS(FIELD_NAME)
#undef FIELD_NAME
};

const char *
vmx_error_name(uint32_t error)
{
	const char *s = error < sizeof error_names / sizeof error_names[0] ? error_names[error] :
		NULL;

	return s ? s : "unknown error";
}

const char *
vmx_exit_name(uint32_t basic_reason)
{
	const char *s = basic_reason < EXIT_REASON_MAX ? exit_names[basic_reason] : NULL;

	return s ? s : "unknown exit reason";
}

const char *
vmcs_field_name(uint32_t encoding)
{
	for (unsigned i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (fields[i].encoding == encoding)
			return fields[i].name;
	return "?";
}

const char *
vmx_status_str(int status, uint32_t error, char *buf, size_t n)
{
	if (status == VMX_FAIL_VALID)
		snprintf(buf, n, "VMfailValid (%u: %s)", (unsigned)error, vmx_error_name(error));
	else if (status == VMX_FAIL_INVALID)
		snprintf(buf, n, "VMfailInvalid (no current VMCS)");
	else
		snprintf(buf, n, "VMsucceed");
	return buf;
}
