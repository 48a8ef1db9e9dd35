// test_vmx_names.c: the VMCS field encodings of x86/vmx.h (each one's width and type bits
// agree with the list it is in and the type it is given), and the names reports use.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "vmm/vmx/vmx.h"
#include "x86/insn.h"

struct field {
	const char *name;
	uint32_t enc, type, width;
};

#define F16(name, enc, type) { #name, enc, type, VMCS_WIDTH_16 },
#define F64(name, enc, type) { #name, enc, type, VMCS_WIDTH_64 },
#define F32(name, enc, type) { #name, enc, type, VMCS_WIDTH_32 },
#define FNAT(name, enc, type) { #name, enc, type, VMCS_WIDTH_NATURAL },
static const struct field fields[] = {
	VMCS_FIELDS_16(F16) VMCS_FIELDS_64(F64) VMCS_FIELDS_32(F32) VMCS_FIELDS_NATURAL(FNAT)
};
#define NFIELDS (sizeof fields / sizeof fields[0])

// SDM 3C §25.11.2: width in bits 14:13, type in 11:10, bit 12 reserved, bit 0 "high" (0 for
// every field named here: the high halves are addressed as encoding + 1).
static void
test_encoding_bits_match_lists(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];
		if (VMCS_ENC_WIDTH(f->enc) != f->width || VMCS_ENC_TYPE(f->enc) != f->type ||
		    f->enc & (VMCS_ENC_RESERVED | VMCS_ENC_HIGH) || f->enc > 0x7FFF)
			fail_msg("%s = 0x%04x: width %u type %u, listed as width %u type %u",
				 f->name, f->enc, VMCS_ENC_WIDTH(f->enc), VMCS_ENC_TYPE(f->enc),
				 f->width, f->type);
	}
}

static void
test_encodings_unique(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NFIELDS; i++)
		for (unsigned j = i + 1; j < NFIELDS; j++)
			if (fields[i].enc == fields[j].enc)
				fail_msg("%s and %s share 0x%04x", fields[i].name, fields[j].name,
					 fields[i].enc);
}

// Fields of one kind sit at consecutive indexes, ES to TR: setup.c steps through them.
static void
test_segment_fields_in_sreg_order(void **state)
{
	(void)state;
	assert_int_equal(GUEST_SS_SELECTOR, GUEST_ES_SELECTOR + VMCS_SEG_STRIDE * SREG_SS);
	assert_int_equal(GUEST_GS_BASE, GUEST_ES_BASE + VMCS_SEG_STRIDE * SREG_GS);
	assert_int_equal(GUEST_TR_LIMIT, GUEST_ES_LIMIT + VMCS_SEG_STRIDE * (SREG_COUNT + 1));
	assert_int_equal(GUEST_LDTR_AR_BYTES, GUEST_ES_AR_BYTES + VMCS_SEG_STRIDE * SREG_COUNT);
	assert_int_equal(VMCS_ENC_INDEX(GUEST_CS_SELECTOR), 1);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(vmcs_field_name(GUEST_CS_AR_BYTES), "GUEST_CS_AR_BYTES");
	assert_string_equal(vmcs_field_name(HOST_RIP), "HOST_RIP");
	assert_string_equal(vmcs_field_name(0x7FFE), "?");
	assert_string_equal(vmx_error_name(8), "VM entry with invalid host-state field(s)");
	assert_string_equal(vmx_error_name(14), "unknown error");
	assert_string_equal(vmx_error_name(1000), "unknown error");
	assert_string_equal(vmx_exit_name(EXIT_REASON_HLT), "HLT");
	assert_string_equal(vmx_exit_name(EXIT_REASON_INVALID_GUEST_STATE),
			    "VM-entry failure: invalid guest state");
	assert_string_equal(vmx_exit_name(35), "unknown exit reason");
	assert_string_equal(vmx_exit_name(0xFFFF), "unknown exit reason");
}

static void
test_status_strings(void **state)
{
	char buf[96];

	(void)state;
	assert_string_equal(vmx_status_str(VMX_FAIL_VALID, 7, buf, sizeof buf),
			    "VMfailValid (7: VM entry with invalid control field(s))");
	assert_string_equal(vmx_status_str(VMX_FAIL_INVALID, 0, buf, sizeof buf),
			    "VMfailInvalid (no current VMCS)");
	assert_string_equal(vmx_status_str(VMX_OK, 0, buf, sizeof buf), "VMsucceed");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoding_bits_match_lists),
		cmocka_unit_test(test_encodings_unique),
		cmocka_unit_test(test_segment_fields_in_sreg_order),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_status_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
