// hello.c: the smallest program: says hello with its pid.
#include "guest-os/user/ulib.h"

int
main(const char *arg)
{
	printf("hello from pid %d%s%s\n", getpid(), *arg ? ": " : "", arg);
	return 0;
}
