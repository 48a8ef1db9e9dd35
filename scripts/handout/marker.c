// marker.c: finds solution regions line by line and writes the handout's version of a file.
#define _GNU_SOURCE                 // memmem
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/error.h"
#include "scripts/handout/marker.h"

enum mark { MARK_NONE, MARK_BEGIN, MARK_STUB, MARK_END };
enum state { OUTSIDE, IN_SOLUTION, IN_STUB };

struct line {
	const char *s;      // start of the line
	size_t len;         // without the newline
	size_t full;        // with it
};

struct scan {
	enum state state;
	int lab;            // of the open region
	int begin_line;     // where it opened
	int last_hint;      // last line holding "Hint:" (0: none)
	int regions;
	struct marker_region *regs; // where to record them (NULL: nowhere)
	int maxregs;
	char *msg;
	size_t msgsize;
};

static int
fail(struct scan *sc, int line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(sc->msg, sc->msgsize, "%d: ", line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < sc->msgsize)
		vsnprintf(sc->msg + n, sc->msgsize - n, fmt, ap);
	va_end(ap);
	return -E_INVAL;
}

// Skips blanks and one comment leader ("//" or "#"); returns the text after it, or NULL.
static const char *
comment_body(const struct line *l)
{
	const char *p = l->s, *end = l->s + l->len;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p >= 2 && p[0] == '/' && p[1] == '/')
		return p + 2;
	if (p < end && *p == '#')
		return p + 1;
	return NULL;
}

// Recognises "LAB<n>-SOLUTION-BEGIN", "LAB<n>-STUB", "LAB<n>-SOLUTION-END" as a whole comment.
// Returns MARK_NONE for other lines; -1 (with msg) for a line that looks like a marker but
// is not one (no lab number, misspelt, trailing text).
static int
marker_parse(struct scan *sc, const struct line *l, int lineno, int *lab)
{
	static const struct { const char *word; enum mark m; } words[] = {
		{ "-SOLUTION-BEGIN", MARK_BEGIN }, { "-STUB", MARK_STUB }, { "-SOLUTION-END", MARK_END },
	};
	const char *p = comment_body(l), *end = l->s + l->len;

	if (!p)
		return MARK_NONE;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	size_t rest = end - p;
	// Prose may mention markers; a comment that starts like one must be one.
	int looks = (rest >= 3 && strncasecmp(p, "LAB", 3) == 0) ||
		    (rest >= 8 && strncasecmp(p, "SOLUTION", 8) == 0);
	looks = looks && (memmem(p, rest, "SOLUTION-", 9) || memmem(p, rest, "-STUB", 5));
	if (rest < 4 || strncmp(p, "LAB", 3) != 0 || !isdigit((unsigned char)p[3]))
		return looks ? fail(sc, lineno, "a marker must start with LAB<n>, e.g. "
				    "LAB1-SOLUTION-BEGIN: %.*s", (int)l->len, l->s) : MARK_NONE;
	*lab = (int)strtol(p + 3, (char **)&p, 10);
	if (p == end || *p != '-')               // "LAB4 is about..." is prose
		return looks ? fail(sc, lineno, "malformed marker: %.*s", (int)l->len, l->s)
			     : MARK_NONE;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if ((size_t)(end - p) == strlen(words[i].word) && memcmp(p, words[i].word, end - p) == 0)
			return words[i].m;
	return fail(sc, lineno, "unknown marker (LAB%d-SOLUTION-BEGIN, LAB%d-STUB or "
		    "LAB%d-SOLUTION-END): %.*s", *lab, *lab, *lab, (int)l->len, l->s);
}

// Records the line of marker m in the region being scanned, if the caller asked where they are.
static void
region_note(struct scan *sc, enum mark m, int lineno)
{
	struct marker_region *r = sc->regs + sc->regions;

	if (!sc->regs || sc->regions >= sc->maxregs)
		return;
	if (m == MARK_BEGIN)
		r->lab = sc->lab, r->begin = lineno;
	else if (m == MARK_STUB)
		r->stub = lineno;
	else
		r->end = lineno;
}

// Moves the region state machine; returns 0 or -E_INVAL.
static int
marker_step(struct scan *sc, enum mark m, int lab, int lineno)
{
	if (m == MARK_BEGIN) {
		if (sc->state != OUTSIDE)
			return fail(sc, lineno, "LAB%d-SOLUTION-BEGIN inside the LAB%d region opened "
				    "at line %d: regions do not nest", lab, sc->lab, sc->begin_line);
		if (!sc->last_hint || lineno - sc->last_hint > HINT_LINES)
			return fail(sc, lineno, "no \"Hint:\" in the %d lines above this region",
				    HINT_LINES);
		sc->state = IN_SOLUTION, sc->lab = lab, sc->begin_line = lineno;
		region_note(sc, m, lineno);
		return 0;
	}
	const char *name = m == MARK_STUB ? "STUB" : "SOLUTION-END";
	if (sc->state == OUTSIDE)
		return fail(sc, lineno, "LAB%d-%s without a LAB%d-SOLUTION-BEGIN before it", lab,
			    name, lab);
	if (lab != sc->lab)
		return fail(sc, lineno, "LAB%d-%s closes the LAB%d region opened at line %d", lab,
			    name, sc->lab, sc->begin_line);
	if (m == MARK_STUB && sc->state == IN_STUB)
		return fail(sc, lineno, "a second LAB%d-STUB in the region opened at line %d", lab,
			    sc->begin_line);
	if (m == MARK_END && sc->state != IN_STUB)
		return fail(sc, lineno, "the region opened at line %d has no LAB%d-STUB part",
			    sc->begin_line, lab);
	sc->state = m == MARK_STUB ? IN_STUB : OUTSIDE;
	region_note(sc, m, lineno);
	sc->regions += m == MARK_END;
	return 0;
}

// Appends line l to the handout as the state says: as is, uncommented (a stub), or not at all.
// With out NULL it only checks the line.
static int
emit(struct scan *sc, const struct line *l, int lab, int lineno, char *out, size_t *n)
{
	int keep_solution = sc->state == IN_SOLUTION && sc->lab < lab;
	int use_stub = sc->state == IN_STUB && sc->lab >= lab;

	if (!out && sc->state != IN_STUB)
		return 0;
	if (sc->state == OUTSIDE || keep_solution) {
		memcpy(out + *n, l->s, l->full);
		*n += l->full;
	} else if (sc->state == IN_STUB) {
		const char *body = comment_body(l);
		if (!body)
			return fail(sc, lineno, "stub lines must be comments (they must not compile "
				    "in the solution): %.*s", (int)l->len, l->s);
		if (!use_stub || !out)
			return 0;
		size_t indent = strspn(l->s, " \t");
		if (body < l->s + l->len && *body == ' ')
			body++;
		memcpy(out + *n, l->s, indent);
		*n += indent;
		memcpy(out + *n, body, l->s + l->full - body);
		*n += l->s + l->full - body;
	}
	return 0;
}

static int
scan_line(struct scan *sc, const struct line *l, int lineno, int lab, char *out, size_t *n)
{
	int mlab = 0, m = marker_parse(sc, l, lineno, &mlab);

	if (m < 0)
		return m;
	if (m != MARK_NONE)
		return marker_step(sc, m, mlab, lineno);
	if (sc->state == OUTSIDE && memmem(l->s, l->len, "Hint:", 5))
		sc->last_hint = lineno;
	return emit(sc, l, lab, lineno, out, n);
}

// Scans every line of text, writing lab's handout to buf (unless NULL) and counting regions.
static int
marker_scan(struct scan *sc, const char *text, size_t len, int lab, char *buf, size_t *n)
{
	int lineno = 0, err = 0;

	for (const char *p = text; p < text + len && err == 0;) {
		const char *nl = memchr(p, '\n', text + len - p);
		struct line l = { p, (nl ? nl : text + len) - p, (nl ? nl + 1 : text + len) - p };
		err = scan_line(sc, &l, ++lineno, lab, buf, n);
		p += l.full;
	}
	if (err == 0 && sc->state != OUTSIDE)
		err = fail(sc, sc->begin_line, "LAB%d region is never closed "
			   "(LAB%d-SOLUTION-END missing)", sc->lab, sc->lab);
	return err;
}

int
marker_apply(const char *text, size_t len, int lab, char **out, size_t *outlen, int *regions,
	     char *msg, size_t msgsize)
{
	struct scan sc = { .msg = msg, .msgsize = msgsize };
	char *buf = malloc(len + 1);             // a handout is never longer than its source
	size_t n = 0;

	if (!buf)
		return -E_NOMEM;
	int err = marker_scan(&sc, text, len, lab, buf, &n);
	if (err < 0 || lab < 0 || !out)
		free(buf);
	else
		*out = buf, *outlen = n;
	if (err == 0)
		*regions = sc.regions;
	return err;
}

int
marker_regions(const char *text, size_t len, struct marker_region *regs, int max, int *nregs,
	       char *msg, size_t msgsize)
{
	struct scan sc = { .msg = msg, .msgsize = msgsize, .regs = regs, .maxregs = max };
	size_t n = 0;
	int err = marker_scan(&sc, text, len, -1, NULL, &n);

	if (err == 0)
		*nregs = sc.regions;
	return err;
}
