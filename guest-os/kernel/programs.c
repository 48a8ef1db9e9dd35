// programs.c: finds a user program by name.
#include <stddef.h>

#include "guest-os/kernel/programs.h"
#include "lib/string.h"

const struct program *
program_find(const char *name)
{
	for (const struct program *p = programs; p->name != NULL; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}
