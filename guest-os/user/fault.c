// fault.c: a program that writes through a NULL pointer: the kernel must kill it, report
// the page fault, and keep everything else running.
#include "guest-os/user/ulib.h"

int
main(const char *arg)
{
	volatile int *volatile p = NULL;  // volatile: the compiler may not drop the store

	(void)arg;
	printf("fault: pid %d writes to address 0\n", getpid());
	*p = 1;
	printf("fault: still alive after writing to address 0\n");
	return 1;
}
