// error.c: names and messages of the error codes, both tables generated from ERROR_LIST.
#include <stddef.h>

#include "lib/error.h"

// Indexed by code: designated initializers put each row at its enum value, so the
// tables cannot drift from the list.
static const char *const error_msgs[E_COUNT] = {
	[E_NONE] = "no error",
#define ERROR_MSG(name, msg) [name] = msg,
	ERROR_LIST(ERROR_MSG)
#undef ERROR_MSG
};

static const char *const error_names[E_COUNT] = {
	[E_NONE] = "E_NONE",
#define ERROR_NAME(name, msg) [name] = #name,
	ERROR_LIST(ERROR_NAME)
#undef ERROR_NAME
};

// Index of err in the tables (E_NONE..E_COUNT-1), or -1. Computed in unsigned so that
// -INT_MIN does not overflow.
static int
error_index(int err)
{
	unsigned mag = err < 0 ? 0u - (unsigned)err : (unsigned)err;

	return mag < E_COUNT ? (int)mag : -1;
}

// Message of err or -err; "unknown error" outside the list.
const char *
error_str(int err)
{
	int i = error_index(err);

	return i < 0 ? "unknown error" : error_msgs[i];
}

// Name of err or -err ("E_NOMEM"); "E_?" outside the list.
const char *
error_name(int err)
{
	int i = error_index(err);

	return i < 0 ? "E_?" : error_names[i];
}
