// msg.c: the image tool's error messages: format one line, put the file's path in front.
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mkimage.h"

int
msg_fail(char *msg, size_t msgsize, int err, const char *fmt, ...)
{
	va_list ap;

	if (msgsize == 0)
		return err;
	va_start(ap, fmt);
	vsnprintf(msg, msgsize, fmt, ap);
	va_end(ap);
	return err;
}

void
msg_prefix(char *msg, size_t msgsize, const char *path)
{
	char tail[MKIMAGE_MSG_MAX];

	if (msgsize == 0)
		return;
	snprintf(tail, sizeof(tail), "%s", msg);
	snprintf(msg, msgsize, "%s: %s", path, tail);
}
