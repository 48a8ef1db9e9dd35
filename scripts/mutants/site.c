// site.c: the list of mutation sites of a file: found, described, named, sampled.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/error.h"
#include "scripts/handout/marker.h"
#include "scripts/mutants/mutate.h"

#define MAX_REGIONS 64          // in one file
#define SNIPPET     72          // characters of code a description shows, at most

// FNV-1a, 32 bits: ids that do not depend on the machine.
static uint32_t
fnv(uint32_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

#define FNV_INIT 2166136261u

static uint32_t
fnv_str(uint32_t h, const char *s)
{
	return fnv(h, s, strlen(s) + 1);
}

// Writes text[from, to) on one line, blanks squeezed, with [off, off + len) replaced by repl
// (repl NULL: unchanged); a longer text shows its SNIPPET characters around off, with "...".
static void
snippet(char *buf, size_t size, const char *text, int from, int to, int off, int len,
	const char *repl)
{
	char out[512];
	size_t n = 0, at = 0;               // at: where the change starts in out

	for (int p = from; p < to && n + SITE_REPL + 1 < sizeof out; p++) {
		if (p == off)
			at = n;
		if (p == off && repl) {
			n += snprintf(out + n, sizeof out - n, "%s", repl);
			p += len - 1;
			continue;
		}
		char c = text[p];
		bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
		if (!blank || (n > 0 && out[n - 1] != ' '))
			out[n++] = blank ? ' ' : c;
	}
	out[n] = '\0';
	size_t start = n > SNIPPET && at > SNIPPET / 2 ? at - SNIPPET / 2 : 0;
	start = n > SNIPPET && start + SNIPPET > n ? n - SNIPPET : start;
	snprintf(buf, size, "%s%.*s%s", start ? "..." : "", SNIPPET, out + start,
		 start + SNIPPET < n ? "..." : "");
}

static struct site *
site_push(struct sites *out)
{
	if (out->n == out->cap) {
		int cap = out->cap ? 2 * out->cap : 64;
		struct site *v = realloc(out->v, cap * sizeof *v);
		if (!v)
			return NULL;
		out->v = v, out->cap = cap;
	}
	memset(&out->v[out->n], 0, sizeof out->v[0]);
	return &out->v[out->n++];
}

// Fills in what every site has: where, the change, its key. Returns the site or NULL.
static struct site *
site_new(struct sites *out, const struct src *s, const char *op, int off, int len,
	 const char *repl)
{
	struct site *st = site_push(out);
	int line = 1, bol = 0;

	if (!st)
		return NULL;
	for (int p = 0; p < off; p++)
		if (s->text[p] == '\n')
			line++, bol = p + 1;
	int eol = bol;
	while ((size_t)eol < s->len && s->text[eol] != '\n')
		eol++;
	while (bol < off && (s->text[bol] == ' ' || s->text[bol] == '\t'))
		bol++;
	*st = (struct site){ .path = s->path, .line = line, .lab = s->line_lab[line], .off = off,
			     .len = len, .op = op };
	snprintf(st->repl, sizeof st->repl, "%s", repl);
	uint32_t h = fnv_str(fnv_str(fnv_str(FNV_INIT, s->path), op), repl);
	h = fnv(h, s->text + bol, eol - bol);            // the line, indentation left out
	h = fnv(h, s->text + off, len);
	int col = off - bol;
	st->key = fnv(h, &(uint32_t){ (uint32_t)col }, 4);
	return st;
}

static void
clamp(const struct src *s, int *first, int *last)
{
	*first = *first < 0 ? 0 : *first;
	*last = *last >= s->ntok ? s->ntok - 1 : *last;
}

int
site_add(struct sites *out, const struct src *s, const char *op, int off, int len,
	 const char *repl, int first, int last)
{
	struct site *st = site_new(out, s, op, off, len, repl);
	char before[SNIPPET + 8], after[SNIPPET + 8];

	if (!st)
		return -E_NOMEM;
	clamp(s, &first, &last);
	int from = s->tok[first].off, to = s->tok[last].off + s->tok[last].len;
	from = off < from ? off : from;
	to = off + len > to ? off + len : to;
	snippet(before, sizeof before, s->text, from, to, off, len, NULL);
	snippet(after, sizeof after, s->text, from, to, off, len, repl);
	snprintf(st->desc, sizeof st->desc, "`%s` -> `%s`", before, after);
	return 0;
}

int
site_add_delete(struct sites *out, const struct src *s, const char *op, int first, int last,
		const char *repl)
{
	clamp(s, &first, &last);
	int off = s->tok[first].off, len = s->tok[last].off + s->tok[last].len - off;
	struct site *st = site_new(out, s, op, off, len, repl);
	char what[SNIPPET + 8];

	if (!st)
		return -E_NOMEM;
	snippet(what, sizeof what, s->text, off, off + len, off, len, NULL);
	snprintf(st->desc, sizeof st->desc, "delete `%s`", what);
	return 0;
}

// Which lab's solution holds each line of text: a malloc'ed array indexed by line (-1: none),
// filled in for lab only (lab < 0: every lab). Returns it, with the regions of lab in *mine.
static signed char *
line_labs(const struct marker_region *regs, int n, int lab, int nlines, int *mine)
{
	signed char *ll = malloc(nlines + 1);

	if (!ll)
		return NULL;
	memset(ll, -1, nlines + 1);
	*mine = 0;
	for (int r = 0; r < n; r++) {
		if (lab >= 0 && regs[r].lab != lab)
			continue;
		++*mine;
		for (int l = regs[r].begin + 1; l < regs[r].stub && l <= nlines; l++)
			ll[l] = (signed char)regs[r].lab;
	}
	return ll;
}

static bool
src_lang(const char *path, enum lang *lang)
{
	const char *dot = strrchr(path, '.');

	*lang = dot && strcmp(dot, ".S") == 0 ? LANG_ASM : LANG_C;
	return dot && (strcmp(dot, ".c") == 0 || strcmp(dot, ".h") == 0 || strcmp(dot, ".S") == 0);
}

// Runs the operators of s's language on every token of s.
static int
src_sites(struct sites *out, struct src *s)
{
	int err = lex_text(s->text, s->len, &s->tok);

	if (err < 0)
		return err;
	s->ntok = err;
	err = 0;
	for (int i = 0; i < s->ntok && err == 0; i++)
		err = s->lang == LANG_C ? ops_c(out, s, i) : ops_asm(out, s, i);
	free(s->tok);
	return err;
}

int
site_find(struct sites *out, const char *path, const char *text, size_t len, int lab,
	  char *msg, size_t msgsize)
{
	struct marker_region regs[MAX_REGIONS];
	int n, mine, nlines = 1;
	int err = marker_regions(text, len, regs, MAX_REGIONS, &n, msg, msgsize);

	if (err < 0)
		return err;
	if (n > MAX_REGIONS)
		return snprintf(msg, msgsize, "1: more than %d solution regions", MAX_REGIONS), -E_2BIG;
	for (size_t p = 0; p < len; p++)
		nlines += text[p] == '\n';
	struct src s = { .path = path, .text = text, .len = len, .nlines = nlines + 1 };
	signed char *ll = line_labs(regs, n, lab, nlines, &mine);
	if (!ll)
		return -E_NOMEM;
	s.line_lab = ll;
	if (mine > 0)
		err = src_lang(path, &s.lang) ? src_sites(out, &s) : -E_NOTSUP;
	free(ll);
	return err < 0 ? err : mine;
}

void
site_ids(struct sites *list)
{
	for (int i = 0; i < list->n; i++) {
		struct site *st = &list->v[i];
		uint32_t same = 0;              // identical sites before it in its file
		for (int j = 0; j < i; j++)
			same += list->v[j].key == st->key && strcmp(list->v[j].path, st->path) == 0;
		snprintf(st->id, sizeof st->id, "%08x", (unsigned)fnv(st->key, &same, sizeof same));
	}
}

static uint32_t sample_seed;

static uint32_t
sample_rank(const struct site *st)
{
	return fnv(fnv(FNV_INIT, &sample_seed, sizeof sample_seed), st->id, strlen(st->id));
}

static int
sample_cmp(const void *a, const void *b)
{
	uint32_t ra = sample_rank(*(struct site *const *)a), rb = sample_rank(*(struct site *const *)b);

	return ra < rb ? -1 : ra > rb;
}

void
site_sample(struct sites *list, int k, unsigned long seed)
{
	struct site **order;
	int kept = 0;

	if (k <= 0 || k >= list->n || !(order = malloc(list->n * sizeof *order)))
		return;
	sample_seed = (uint32_t)seed;
	for (int i = 0; i < list->n; i++)
		order[i] = &list->v[i];
	qsort(order, list->n, sizeof *order, sample_cmp);
	uint32_t cut = sample_rank(order[k - 1]);
	for (int i = 0; i < list->n; i++)   // the k of lowest rank, in file order
		if (sample_rank(&list->v[i]) <= cut && kept < k)
			list->v[kept++] = list->v[i];
	list->n = kept;
	free(order);
}

void
sites_free(struct sites *list)
{
	free(list->v);
	*list = (struct sites){ 0 };
}

void
site_line(const struct site *st, char *buf, size_t size)
{
	snprintf(buf, size, "%s %s:%d: %s", st->id, st->path, st->line, st->desc);
}
