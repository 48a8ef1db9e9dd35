// mutate_fixture.c: code in a lab region, and its mutation sites (mutate_fixture.h).
#include <stdio.h>
#include <string.h>

#include "tests/unit/mutate_fixture.h"

struct sites found;
char found_text[4096];
static char msg[256];

int
find_in(const char *path, const char *text)
{
	snprintf(found_text, sizeof found_text, "%s", text);
	sites_free(&found);
	int r = site_find(&found, path, found_text, strlen(found_text), 1, msg, sizeof msg);
	site_ids(&found);
	return r;
}

int
find_code(const char *code)
{
	char text[4096];

	snprintf(text, sizeof text, "// Hint: what f does.\nint\nf(int a, int b, int *p)\n{\n"
		 "\t// LAB1-SOLUTION-BEGIN\n%s\t// LAB1-STUB\n\t// return a < b;\n"
		 "\t// LAB1-SOLUTION-END\n}\n", code);
	return find_in("f.c", text);
}

// The number of sites of operator op (NULL: any) whose description is desc (NULL: any).
static int
count_sites(const char *op, const char *desc)
{
	int n = 0;

	for (int i = 0; i < found.n; i++)
		n += (!op || strcmp(found.v[i].op, op) == 0) &&
		     (!desc || strcmp(found.v[i].desc, desc) == 0);
	return n;
}

int
with_desc(const char *desc)
{
	return count_sites(NULL, desc);
}

int
of_op(const char *op)
{
	return count_sites(op, NULL);
}
