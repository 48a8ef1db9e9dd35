// lex.c: C (and GNU as) source as tokens, without comments and preprocessor lines.
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/error.h"
#include "scripts/mutants/mutate.h"

struct lexer {
	const char *text, *end, *p;
	int line;
	bool line_has_token;
	int depth;
	struct token *tok;
	int n, cap;
};

// Punctuators of more than one character, longest first.
static const char *const puncts[] = {
	"<<=", ">>=", "...", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "##",
};

// Skips to the end of the line (not past it), and past escaped newlines on the way.
static void
skip_line(struct lexer *lx)
{
	while (lx->p < lx->end && *lx->p != '\n') {
		if (*lx->p == '\\' && lx->p + 1 < lx->end && lx->p[1] == '\n')
			lx->p++, lx->line++;
		lx->p++;
	}
}

// Skips a /* comment */ (p at its '/'), counting the lines it spans.
static void
skip_block_comment(struct lexer *lx)
{
	const char *close = NULL;

	for (const char *q = lx->p + 2; q + 1 < lx->end && !close; q++)
		if (q[0] == '*' && q[1] == '/')
			close = q;
	const char *stop = close ? close + 2 : lx->end;
	for (; lx->p < stop; lx->p++)
		lx->line += *lx->p == '\n';
}

// Skips blanks, newlines and comments. Returns false at the end of the text.
static bool
skip_space(struct lexer *lx)
{
	while (lx->p < lx->end) {
		const char *p = lx->p;
		if (*p == '\n')
			lx->line++, lx->line_has_token = false, lx->p++;
		else if (isspace((unsigned char)*p))
			lx->p++;
		else if (p + 1 < lx->end && p[0] == '/' && p[1] == '/')
			skip_line(lx);
		else if (p + 1 < lx->end && p[0] == '/' && p[1] == '*')
			skip_block_comment(lx);
		else if (*p == '#')      // a directive (C, .S) or a comment (.S)
			skip_line(lx);
		else
			return true;
	}
	return false;
}

// The length of the token starting at p, and its kind.
static size_t
token_len(const struct lexer *lx, enum tok_kind *kind)
{
	const char *p = lx->p, *q = p + 1;

	if (isalpha((unsigned char)*p) || *p == '_') {
		while (q < lx->end && (isalnum((unsigned char)*q) || *q == '_'))
			q++;
		return *kind = TOK_IDENT, q - p;
	}
	if (isdigit((unsigned char)*p) || (*p == '.' && q < lx->end && isdigit((unsigned char)*q))) {
		for (; q < lx->end && (isalnum((unsigned char)*q) || *q == '_' || *q == '.'); q++)
			if (strchr("eEpP", *q) && q + 1 < lx->end && strchr("+-", q[1]))
				q++;
		return *kind = TOK_NUMBER, q - p;
	}
	if (*p == '"' || *p == '\'') {
		while (q < lx->end && *q != *p && *q != '\n')
			q += *q == '\\' ? 2 : 1;
		*kind = *p == '"' ? TOK_STRING : TOK_CHAR;
		return (q < lx->end && *q == *p ? q + 1 : q) - p;
	}
	*kind = TOK_PUNCT;
	for (size_t i = 0; i < sizeof puncts / sizeof puncts[0]; i++) {
		size_t n = strlen(puncts[i]);
		if ((size_t)(lx->end - p) >= n && memcmp(p, puncts[i], n) == 0)
			return n;
	}
	return 1;
}

static int
token_push(struct lexer *lx, enum tok_kind kind, size_t len)
{
	if (lx->n == lx->cap) {
		int cap = lx->cap ? 2 * lx->cap : 256;
		struct token *t = realloc(lx->tok, cap * sizeof *t);
		if (!t)
			return -E_NOMEM;
		lx->tok = t, lx->cap = cap;
	}
	char c = *lx->p;
	lx->depth -= kind == TOK_PUNCT && c == '}';
	lx->tok[lx->n++] = (struct token){ kind, (int)(lx->p - lx->text), (int)len, lx->line,
					   !lx->line_has_token, lx->depth };
	lx->depth += kind == TOK_PUNCT && c == '{';
	lx->line_has_token = true;
	lx->p += len;
	return 0;
}

int
lex_text(const char *text, size_t len, struct token **tok)
{
	struct lexer lx = { .text = text, .end = text + len, .p = text, .line = 1 };
	enum tok_kind kind;

	while (skip_space(&lx))
		if (token_push(&lx, kind, token_len(&lx, &kind)) < 0) {
			free(lx.tok);
			return -E_NOMEM;
		}
	*tok = lx.tok;
	return lx.n;
}

bool
tok_is(const struct src *s, int i, const char *w)
{
	size_t n = strlen(w);

	return i >= 0 && i < s->ntok && (size_t)s->tok[i].len == n &&
	       memcmp(s->text + s->tok[i].off, w, n) == 0;
}

// An integer constant: digits (decimal, octal, 0x hex) and only u/U/l/L after them.
bool
tok_is_int(const struct src *s, int i)
{
	if (i < 0 || i >= s->ntok || s->tok[i].kind != TOK_NUMBER)
		return false;
	const char *p = s->text + s->tok[i].off, *end = p + s->tok[i].len;
	bool hex = end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
	for (p += hex ? 2 : 0; p < end && isxdigit((unsigned char)*p); p++)
		if (!hex && !isdigit((unsigned char)*p))
			return false;
	while (p < end && strchr("uUlL", *p))
		p++;
	return p == end;
}

bool
tok_mutable(const struct src *s, int i)
{
	int line = i >= 0 && i < s->ntok ? s->tok[i].line : 0;

	return line > 0 && line < s->nlines && s->line_lab[line] >= 0;
}

bool
tok_in(const struct src *s, int i, const char *const *words, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (tok_is(s, i, words[k]))
			return true;
	return false;
}
