// expr.c: the operands around a token, as far as a mutation's description needs them.
#include <string.h>

#include "scripts/mutants/mutate.h"

// Words that never end an operand (a '-' after them is unary).
static const char *const keywords[] = {
	"return", "case", "sizeof", "if", "while", "for", "switch", "else", "do", "goto",
};

// Words a type name (in a cast) is made of, besides typedef names.
static const char *const type_words[] = {
	"void", "char", "short", "int", "long", "float", "double", "signed", "unsigned",
	"struct", "union", "enum", "const", "volatile", "bool", "_Bool",
};

int
expr_match(const struct src *s, int i)
{
	static const char open[] = "([{", close[] = ")]}";
	if (i < 0 || i >= s->ntok || s->tok[i].kind != TOK_PUNCT || s->tok[i].len != 1)
		return -1;
	char c = s->text[s->tok[i].off];
	const char *o = strchr(open, c), *cl = strchr(close, c);
	if (!c || (!o && !cl))
		return -1;
	int step = o ? 1 : -1, depth = 0;
	char mine = c, other = o ? close[o - open] : open[cl - close];
	for (int j = i; j >= 0 && j < s->ntok; j += step) {
		if (s->tok[j].kind != TOK_PUNCT || s->tok[j].len != 1)
			continue;
		char d = s->text[s->tok[j].off];
		depth += (d == mine) - (d == other);
		if (depth == 0)
			return j;
	}
	return -1;
}

// True if token i is an identifier that names something (not a keyword).
static bool
is_name(const struct src *s, int i)
{
	return i >= 0 && i < s->ntok && s->tok[i].kind == TOK_IDENT && !TOK_IN(s, i, keywords);
}

// True if the ')' at i closes a cast: "(uint32_t)", "(struct x *)", "(const char *)".
static bool
is_cast(const struct src *s, int i)
{
	int open = expr_match(s, i);
	if (!tok_is(s, i, ")") || open < 0 || open + 1 == i || is_name(s, open - 1) ||
	    tok_is(s, open - 1, ")") || tok_is(s, open - 1, "]") || tok_is(s, open - 1, "sizeof"))
		return false;
	bool typeish = TOK_IN(s, open + 1, type_words) || tok_is(s, i - 1, "*");
	for (int j = open + 1; j < i; j++) {
		const struct token *t = &s->tok[j];
		if (t->kind != TOK_IDENT && !tok_is(s, j, "*"))
			return false;
		typeish |= t->kind == TOK_IDENT && t->len > 2 &&
			   memcmp(s->text + t->off + t->len - 2, "_t", 2) == 0;
	}
	return typeish;
}

// True if the ')' at i closes the condition of if, while, for or switch.
static bool
is_control_header(const struct src *s, int i)
{
	int open = expr_match(s, i);
	return open > 0 && (tok_is(s, open - 1, "if") || tok_is(s, open - 1, "while") ||
			    tok_is(s, open - 1, "for") || tok_is(s, open - 1, "switch"));
}

bool
expr_operand_end(const struct src *s, int i)
{
	if (i < 0 || i >= s->ntok)
		return false;
	switch (s->tok[i].kind) {
	case TOK_IDENT:
		return is_name(s, i);
	case TOK_NUMBER: case TOK_STRING: case TOK_CHAR:
		return true;
	case TOK_PUNCT:
		break;
	}
	if (tok_is(s, i, ")"))
		return !is_cast(s, i) && !is_control_header(s, i);
	if (tok_is(s, i, "++") || tok_is(s, i, "--"))
		return expr_operand_end(s, i - 1);
	return tok_is(s, i, "]");
}

// True if token i is a prefix operator (unary, a cast, sizeof) of what follows it.
static bool
is_prefix(const struct src *s, int i)
{
	static const char *const always[] = { "!", "~", "sizeof" };
	static const char *const ambiguous[] = { "-", "+", "*", "&", "++", "--" };

	if (TOK_IN(s, i, always))
		return true;
	if (TOK_IN(s, i, ambiguous))
		return !expr_operand_end(s, i - 1);
	return is_cast(s, i);
}

int
expr_operand_left(const struct src *s, int i)
{
	int j = i;

	while (j > 0) {
		int m = expr_match(s, j);
		if (tok_is(s, j, "]") && m > 0) {
			j = m - 1;                       // a subscript: its array before it
		} else if (tok_is(s, j, ")") && m >= 0) {
			if (!is_name(s, m - 1) && !tok_is(s, m - 1, "sizeof")) {
				j = m;                   // (an expression)
				break;
			}
			j = m - 1;                       // a call: its function before it
		} else if (expr_operand_end(s, j) && (tok_is(s, j, "++") || tok_is(s, j, "--"))) {
			j--;
		} else if (tok_is(s, j - 1, ".") || tok_is(s, j - 1, "->")) {
			j -= 2;
		} else {
			break;
		}
	}
	while (j > 0 && is_prefix(s, j - 1))
		j = is_cast(s, j - 1) ? expr_match(s, j - 1) : j - 1;
	return j;
}

int
expr_operand_right(const struct src *s, int i)
{
	int j = i;

	while (j < s->ntok && is_prefix(s, j) && !tok_is(s, j, "("))
		j++;
	while (j < s->ntok && tok_is(s, j, "(") && is_cast(s, expr_match(s, j)))
		j = expr_match(s, j) + 1;                // casts before the operand
	if (j >= s->ntok)
		return s->ntok - 1;
	if (tok_is(s, j, "("))
		j = expr_match(s, j) < 0 ? j : expr_match(s, j);
	for (;;) {
		if ((tok_is(s, j + 1, "(") || tok_is(s, j + 1, "[")) && expr_match(s, j + 1) > 0)
			j = expr_match(s, j + 1);
		else if ((tok_is(s, j + 1, ".") || tok_is(s, j + 1, "->")) && j + 2 < s->ntok)
			j += 2;
		else if (tok_is(s, j + 1, "++") || tok_is(s, j + 1, "--"))
			j++;
		else
			return j;
	}
}

int
expr_prec(const struct src *s, int i)
{
	static const struct { const char *op; int prec; } ops[] = {
		{ "*", 10 }, { "/", 10 }, { "%", 10 }, { "+", 9 }, { "-", 9 }, { "<<", 8 },
		{ ">>", 8 }, { "<", 7 }, { "<=", 7 }, { ">", 7 }, { ">=", 7 }, { "==", 6 },
		{ "!=", 6 }, { "&", 5 }, { "^", 4 }, { "|", 3 }, { "&&", 2 }, { "||", 1 },
		{ "=", 0 }, { "+=", 0 }, { "-=", 0 }, { "*=", 0 }, { "/=", 0 }, { "%=", 0 },
		{ "&=", 0 }, { "|=", 0 }, { "^=", 0 }, { "<<=", 0 }, { ">>=", 0 },
	};

	if (!expr_operand_end(s, i - 1))
		return -1;                               // unary, or not an operator
	for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
		if (tok_is(s, i, ops[k].op))
			return ops[k].prec;
	return -1;
}

int
expr_left(const struct src *s, int i, int prec)
{
	int j = expr_operand_left(s, i);

	while (j >= 2 && expr_prec(s, j - 1) > prec)
		j = expr_operand_left(s, j - 2);
	return j;
}

int
expr_right(const struct src *s, int i, int prec)
{
	int j = expr_operand_right(s, i);

	while (j + 2 < s->ntok && expr_prec(s, j + 1) > prec)
		j = expr_operand_right(s, j + 2);
	return j;
}
