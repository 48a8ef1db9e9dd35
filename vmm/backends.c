// backends.c: the backends this monitor offers, by name.
#include "lib/string.h"
#include "vmm/backend.h"

static const struct backend *const backends[] = { &backend_te, &backend_vmx };

const struct backend *
backend_find(const char *name)
{
	for (unsigned i = 0; i < sizeof backends / sizeof backends[0]; i++)
		if (strcmp(backends[i]->name, name) == 0)
			return backends[i];
	return NULL;
}
