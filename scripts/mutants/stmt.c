// stmt.c: statements, declarations and the function around a token.
#include <string.h>

#include "scripts/mutants/mutate.h"

// Words that start a declaration.
static const char *const decl_words[] = {
	"void", "char", "short", "int", "long", "float", "double", "signed", "unsigned",
	"struct", "union", "enum", "const", "volatile", "static", "extern", "register",
	"typedef", "inline", "bool", "_Bool", "auto",
};

// Words that start a control statement (not one a mutation deletes whole).
static const char *const control_words[] = {
	"if", "for", "while", "switch", "do", "else", "case", "default",
};

static bool
is_ident(const struct src *s, int i)
{
	return i >= 0 && i < s->ntok && s->tok[i].kind == TOK_IDENT;
}

bool
stmt_is_decl(const struct src *s, int i)
{
	if (TOK_IN(s, i, decl_words))
		return true;
	if (!is_ident(s, i) || TOK_IN(s, i, control_words) || tok_is(s, i, "return"))
		return false;
	if (is_ident(s, i + 1))                      // uint32_t x
		return true;
	return tok_is(s, i + 1, "*") && is_ident(s, i + 2) &&       // struct_t *p = ...
	       (tok_is(s, i + 3, "=") || tok_is(s, i + 3, ",") || tok_is(s, i + 3, ";") ||
		tok_is(s, i + 3, "["));
}

// True if a statement may start at token i: inside a function, after the end of another
// statement, a block's brace, else, do or a control header.
static bool
stmt_starts(const struct src *s, int i)
{
	if (i <= 0 || s->tok[i].depth < 1)
		return false;
	if (tok_is(s, i - 1, ";") || tok_is(s, i - 1, "{") || tok_is(s, i - 1, "}") ||
	    tok_is(s, i - 1, "else") || tok_is(s, i - 1, "do"))
		return true;
	int open = tok_is(s, i - 1, ")") ? expr_match(s, i - 1) : -1;
	return open > 0 && (tok_is(s, open - 1, "if") || tok_is(s, open - 1, "while") ||
			    tok_is(s, open - 1, "for") || tok_is(s, open - 1, "switch"));
}

int
stmt_simple(const struct src *s, int i)
{
	if (!stmt_starts(s, i) || TOK_IN(s, i, control_words) || stmt_is_decl(s, i))
		return -1;
	int parens = 0;
	for (int j = i; j < s->ntok; j++) {
		if (tok_is(s, j, "(") || tok_is(s, j, "["))
			parens++;
		else if (tok_is(s, j, ")") || tok_is(s, j, "]"))
			parens--;
		else if (parens == 0 && (tok_is(s, j, "{") || tok_is(s, j, "}")))
			return -1;               // a block, an initializer: more than a statement
		else if (parens == 0 && tok_is(s, j, ";"))
			return j;
	}
	return -1;
}

bool
stmt_in_array_size(const struct src *s, int i)
{
	int open = -1;
	for (int j = i - 1, depth = 0; j >= 0 && open < 0; j--) {
		depth += tok_is(s, j, "]") - tok_is(s, j, "[");
		if (depth < 0)
			open = j;
	}
	if (open < 1 || !is_ident(s, open - 1))
		return false;
	for (int k = open - 2; k >= 0; k--) {
		if (tok_is(s, k, ")") || tok_is(s, k, "]")) {
			k = expr_match(s, k);
			if (k < 0)
				return false;
		} else if (tok_is(s, k, "(") || tok_is(s, k, "[") || tok_is(s, k, "=")) {
			return false;            // in a call, a subscript or an initializer
		} else if (tok_is(s, k, ";") || tok_is(s, k, "{") || tok_is(s, k, "}")) {
			return stmt_is_decl(s, k + 1);
		}
	}
	return stmt_is_decl(s, 0);
}

// The '{' opening the body of the function around token i, or -1 (outside functions).
static int
function_body(const struct src *s, int i)
{
	for (int k = i - 1; k >= 0; k--)
		if (s->tok[k].depth == 0 && tok_is(s, k, "{"))
			return k;
	return -1;
}

enum ret_kind
stmt_return_kind(const struct src *s, int i)
{
	int body = function_body(s, i);
	int open = body > 0 && tok_is(s, body - 1, ")") ? expr_match(s, body - 1) : -1;
	if (open < 2 || !is_ident(s, open - 1))
		return RET_OTHER;
	enum ret_kind kind = RET_SCALAR;
	bool pointer = false;
	for (int k = open - 2; k >= 0 && (is_ident(s, k) || tok_is(s, k, "*")); k--) {
		pointer |= tok_is(s, k, "*");
		if (tok_is(s, k, "void"))
			kind = RET_VOID;
		else if (tok_is(s, k, "bool") || tok_is(s, k, "_Bool"))
			kind = RET_BOOL;
		else if (tok_is(s, k, "struct") || tok_is(s, k, "union"))
			kind = RET_OTHER;
	}
	return pointer ? RET_SCALAR : kind;
}
