// error.h: the error codes of every image, from one list. Functions return -E_xxx on failure.
#ifndef LIB_ERROR_H
#define LIB_ERROR_H

// X(name, message): the only place an error code is defined. Codes count up from 1.
#define ERROR_LIST(X)                                        \
	X(E_INVAL,   "invalid argument")                     \
	X(E_NOENT,   "no such entry")                        \
	X(E_NOMEM,   "out of memory")                        \
	X(E_RANGE,   "value out of range")                   \
	X(E_2BIG,    "does not fit")                         \
	X(E_EXIST,   "already exists")                       \
	X(E_FAULT,   "bad address")                          \
	X(E_NOTSUP,  "not supported")                        \
	X(E_IO,      "input/output error")                   \
	X(E_BADIMG,  "malformed image")                      \
	X(E_BADINSN, "invalid instruction")                  \
	X(E_TRUNC,   "input ends too soon")

enum error_code {
	E_NONE = 0,
#define ERROR_ENUM(name, msg) name,
	ERROR_LIST(ERROR_ENUM)
#undef ERROR_ENUM
	E_COUNT
};

// Returns the message for an error code, positive or negative ("out of memory" for -E_NOMEM
// and E_NOMEM, "no error" for 0), or "unknown error" for any other value.
const char *error_str(int err);
// Returns the name for an error code, positive or negative ("E_NOMEM", "E_NONE" for 0),
// or "E_?" for any other value.
const char *error_name(int err);

#endif
