// labs.c: the one place labs are registered. A new lab is one file in grader/labs/ that
// defines `const struct lab labN`, plus its line here.
#include "grader/grade.h"

extern const struct lab lab0, lab1, lab2, lab3, lab4, lab5, lab6, lab8, lab9;

const struct lab *const lab_registry[] = {
	&lab0,
	&lab1,
	&lab2,
	&lab3,
	&lab4,
	&lab5,
	&lab6,
	&lab8,
	&lab9,
	NULL,
};
