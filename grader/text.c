// text.c: a growing string.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader/text.h"

// Makes room for n more bytes and the NUL. Returns 0 or -1.
static int
text_reserve(struct text *t, size_t n)
{
	if (t->len + n + 1 <= t->cap)
		return 0;
	size_t cap = t->cap ? t->cap : 256;
	while (cap < t->len + n + 1)
		cap *= 2;
	char *p = realloc(t->buf, cap);
	if (!p)
		return -1;
	t->buf = p;
	t->cap = cap;
	return 0;
}

void
text_append(struct text *t, const char *s, size_t n)
{
	if (text_reserve(t, n) < 0)
		return;
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

void
text_printf(struct text *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || text_reserve(t, n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(t->buf + t->len, n + 1, fmt, ap);
	va_end(ap);
	t->len += n;
}

const char *
text_str(const struct text *t)
{
	return t->buf ? t->buf : "";
}

void
text_replace(struct text *t, const char *from, const char *to)
{
	struct text out = { 0 };
	size_t n = strlen(from);
	const char *p = text_str(t), *hit;

	if (n == 0 || !strstr(p, from))
		return;
	while ((hit = strstr(p, from))) {
		text_append(&out, p, hit - p);
		text_printf(&out, "%s", to);
		p = hit + n;
	}
	text_printf(&out, "%s", p);
	text_free(t);
	*t = out;
}

void
text_free(struct text *t)
{
	free(t->buf);
	t->buf = NULL;
	t->len = t->cap = 0;
}
