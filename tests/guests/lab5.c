// lab5.c: lab 5's test guest: the virtual PC devices a monitor gives its guest (8259A, 8254,
// 16550), driven through their ports, and the interrupts they raise, injected by the
// monitor (lab 5 handout). It runs unpaged, so it needs nothing of lab 6.
#include <stddef.h>

#include "tests/guests/lab5.h"
#include "tests/guests/tguest.h"

const char tg_guest[] = "lab5";
const bool tg_console_rep = true;

const struct tg_test tg_tests[] = {
	{ "pic", lab5_pic },
	{ "pit", lab5_pit },
	{ "uart", lab5_uart },
	{ "interrupts", lab5_interrupts },
	{ "virtual-time", lab5_virtual_time },
	{ NULL, NULL },
};
