// text.h: a growing string, for verdicts and reports.
#ifndef GRADER_TEXT_H
#define GRADER_TEXT_H

#include <stddef.h>

struct text {
	char *buf;              // NUL-terminated; NULL until the first append
	size_t len, cap;
};

// Appends formatted text (as printf). On out-of-memory the text stays as it was.
void text_printf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

// Appends n bytes of s.
void text_append(struct text *t, const char *s, size_t n);

// The text so far ("" when empty). Valid until the next append.
const char *text_str(const struct text *t);

// Replaces every occurrence of from (not empty) by to: a run's nonce and temporary
// directory never reach a report, so two grades of one submission read the same.
void text_replace(struct text *t, const char *from, const char *to);

void text_free(struct text *t);

#endif
