// lab4.c: lab 4's test guest: each test exercises one family of the instructions a
// trap-and-emulate monitor emulates for a guest kernel that runs at ring 1 (lab 4 handout).
// It runs on a bare machine (machine=bare): the debug ports, no device to interrupt it.
#include <stddef.h>

#include "tests/guests/lab4.h"
#include "tests/guests/tguest.h"

const char tg_guest[] = "lab4";
const bool tg_console_rep = false;          // string I/O is this lab's exercise 1

const struct tg_test tg_tests[] = {
	{ "port-io", lab4_port_io },
	{ "virtual-if", lab4_virtual_if },
	{ "hlt-disabled", lab4_hlt_disabled },
	{ "system-registers", lab4_system_registers },
	{ "returns", lab4_returns },
	{ "reflection", lab4_reflection },
	{ "triple-fault", lab4_triple_fault },
	{ "tss-fault", lab4_tss_fault },
	{ NULL, NULL },
};
