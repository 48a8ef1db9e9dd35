// labs.c: the one place labs are registered. A new lab is one file in grader/labs/ that
// defines `const struct lab labN`, plus its line here.
#include "grader/grade.h"

extern const struct lab lab0;
extern const struct lab lab1;
extern const struct lab lab2;
extern const struct lab lab3;

const struct lab *const lab_registry[] = {
	&lab0,
	&lab1,
	&lab2,
	&lab3,
	NULL,
};
