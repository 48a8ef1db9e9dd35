// lab8.c: lab 8's test guest: each test makes the exits one family of lab 8's handlers
// serves (port I/O, CPUID, control registers, interrupts and their window, hlt, hypercalls)
// and checks their effect from inside, with the guest at ring 0 in VMX non-root mode.
#include <stddef.h>

#include "tests/guests/lab8.h"
#include "tests/guests/tguest.h"

const char tg_guest[] = "lab8";
const bool tg_console_rep = false;          // the vmx backend emulates no string I/O

const struct tg_test tg_tests[] = {
	{ "io", lab8_io },
	{ "cpuid", lab8_cpuid },
	{ "control-registers", lab8_control_registers },
	{ "interrupts", lab8_interrupts },
	{ "exceptions", lab8_exceptions },
	{ "triple-fault", lab8_triple_fault },
	{ "hlt-disabled", lab8_hlt_disabled },
	{ "string-io", lab8_string_io },
	{ NULL, NULL },
};
