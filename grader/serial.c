// serial.c: the capped serial log of a run and the searches tests make in it.
#include <stdlib.h>
#include <string.h>

#include "grader/serial.h"
#include "grader/text.h"
#include "lib/error.h"

int
serial_init(struct serial *s, size_t cap)
{
	memset(s, 0, sizeof *s);
	s->cap = cap;
	s->buf = malloc(cap + 1);
	if (!s->buf)
		return -E_NOMEM;
	s->buf[0] = '\0';
	return 0;
}

void
serial_free(struct serial *s)
{
	free(s->buf);
	s->buf = NULL;
}

void
serial_add(struct serial *s, const char *data, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (data[i] == '\r')
			continue;
		if (s->len == s->cap) {
			s->flooded = 1;
			break;
		}
		// A NUL would end the text early: show it as a visible byte.
		s->buf[s->len++] = data[i] ? data[i] : '?';
	}
	s->buf[s->len] = '\0';
}

int
serial_find(struct serial *s, const char *text)
{
	char *hit = strstr(s->buf + s->scan, text);
	char *eol = hit ? strchr(hit, '\n') : NULL;

	if (!eol)
		return 0;               // not there, or its line is not finished yet
	s->scan = eol + 1 - s->buf;
	return 1;
}

// Appends line (n bytes) to out as "  | line", control bytes shown as '.'.
static void
tail_line(struct text *out, const char *line, size_t n)
{
	text_printf(out, "  | ");
	for (size_t i = 0; i < n; i++) {
		char c = (line[i] >= ' ' && line[i] < 0x7F) || line[i] == '\t' ? line[i] : '.';
		text_append(out, &c, 1);
	}
}

int
serial_tail(const struct serial *s, size_t at, int lines, struct text *out)
{
	size_t start;
	int n = 0;

	if (at > s->len)
		at = s->len;
	// Walk back over `lines` line starts (an unfinished last line counts as one).
	start = at;
	for (int seen = 0; start > 0; start--) {
		if (s->buf[start - 1] == '\n' && start != at && ++seen == lines)
			break;
	}
	while (start < at) {
		const char *eol = memchr(s->buf + start, '\n', at - start);
		size_t len = eol ? (size_t)(eol - (s->buf + start)) : at - start;
		size_t take = len > 160 ? 160 : len;   // a flood line is long: cut it
		tail_line(out, s->buf + start, take);
		text_printf(out, "%s%s\n", take < len ? "..." : "",
			    eol ? "" : " <- no newline: output stopped here");
		start += len + (eol ? 1 : 0);
		n++;
	}
	return n;
}
