// cmdline.c: lookups in the boot command line, "key=value" words and bare flags.
#include <stdbool.h>

#include "lib/cmdline.h"
#include "lib/error.h"
#include "lib/string.h"

// One word of the command line, pointing into it (nothing is NUL-terminated).
struct cmdline_word {
	const char *key;
	size_t keylen;
	const char *val;	// NULL for a bare flag; "key=" has an empty, non-NULL value
	size_t vallen;
};

// Word separators: spaces, and tabs or line ends that boot loaders may leave in.
static bool
cmdline_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Returns the end of the run of characters at p that are neither spaces nor the NUL
// (nor '=' when stop_at_eq).
static const char *
cmdline_span(const char *p, bool stop_at_eq)
{
	while (*p != '\0' && !cmdline_space(*p) && !(stop_at_eq && *p == '='))
		p++;
	return p;
}

// Reads the word at or after *pos into w and moves *pos past it; false at the end of the line.
static bool
cmdline_next(const char **pos, struct cmdline_word *w)
{
	const char *p = *pos;

	while (cmdline_space(*p))
		p++;
	if (*p == '\0')
		return false;
	w->key = p;
	p = cmdline_span(p, true);
	w->keylen = (size_t)(p - w->key);
	w->val = NULL;
	w->vallen = 0;
	if (*p == '=') {
		w->val = p + 1;
		p = cmdline_span(w->val, false);
		w->vallen = (size_t)(p - w->val);
	}
	*pos = p;
	return true;
}

// Finds the last word whose key is exactly key; false if there is none.
static bool
cmdline_find(const char *cmdline, const char *key, struct cmdline_word *found)
{
	struct cmdline_word w;
	size_t len = strlen(key);
	bool any = false;

	while (cmdline != NULL && cmdline_next(&cmdline, &w)) {
		if (w.keylen == len && memcmp(w.key, key, len) == 0) {
			*found = w;
			any = true;
		}
	}
	return any;
}

// Copies the last value of key into val, truncated to size; returns its length,
// -E_NOENT if absent, -E_2BIG if truncated.
int
cmdline_get(const char *cmdline, const char *key, char *val, size_t size)
{
	struct cmdline_word w;

	if (!cmdline_find(cmdline, key, &w))
		return -E_NOENT;
	if (size > 0) {
		size_t n = w.vallen < size ? w.vallen : size - 1;

		if (n > 0)
			memcpy(val, w.val, n);
		val[n] = '\0';
	}
	return w.vallen < size ? (int)w.vallen : -E_2BIG;
}

// 1 if key is present, as a flag or with a value.
int
cmdline_has(const char *cmdline, const char *key)
{
	struct cmdline_word w;

	return cmdline_find(cmdline, key, &w) ? 1 : 0;
}

// The last value of key as a whole number, or def.
unsigned long
cmdline_uint(const char *cmdline, const char *key, unsigned long def)
{
	struct cmdline_word w;
	unsigned long v;
	char *end;

	if (!cmdline_find(cmdline, key, &w) || w.vallen == 0)
		return def;
	v = strtoul(w.val, &end, 0);	// stops at the space or NUL after the value at the latest
	return end == w.val + w.vallen ? v : def;
}

// Calls fn (if not NULL) on every word in order; returns how many there were.
int
cmdline_each(const char *cmdline, cmdline_word_fn fn, void *arg)
{
	struct cmdline_word w;
	int n = 0;

	while (cmdline != NULL && cmdline_next(&cmdline, &w)) {
		if (fn != NULL)
			fn(w.key, w.keylen, w.val, w.vallen, arg);
		n++;
	}
	return n;
}

const char *
cmdline_split(const char *line, char *own, size_t size)
{
	const char *rest = "";
	size_t n;

	line = line ? line : "";
	n = strlen(line);
	for (const char *p = line; (p = strchr(p, '-')) != NULL; p++)
		if (p[1] == '-' && (p == line || cmdline_space(p[-1])) &&
		    (p[2] == '\0' || cmdline_space(p[2]))) {
			n = p - line;
			rest = p[2] ? p + 3 : p + 2;
			break;
		}
	if (size == 0)
		return rest;
	if (n >= size)
		n = size - 1;
	memcpy(own, line, n);
	own[n] = '\0';
	return rest;
}
