// ops.c: the mutation operators of C code. Each looks at one token of a solution line:
//
//	rel     a comparison moved by one (< <=) or negated (< >=)   == !=
//	logic   && ||                   arith   + -, += -=, ++ --
//	bit     & |, &= |=              bool    true false
//	not     a ! removed             int     a constant off by one (0 -> 1, 1 -> 0 and 2)
//	delete  a statement (not a declaration) that starts a line, replaced by {}
//	return  `return X;` returning 0 instead (true and false in a bool function)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/error.h"
#include "scripts/mutants/mutate.h"

#define CALL_SHOWN 60            // characters: a call longer than this shows only some arguments

struct swap {
	const char *op, *from, *to;
	bool binary;            // only between two operands (not unary - or &)
};

static const struct swap swaps[] = {
	{ "rel", "<", "<=", false },    { "rel", "<", ">=", false },
	{ "rel", "<=", "<", false },    { "rel", "<=", ">", false },
	{ "rel", ">", ">=", false },    { "rel", ">", "<=", false },
	{ "rel", ">=", ">", false },    { "rel", ">=", "<", false },
	{ "rel", "==", "!=", false },   { "rel", "!=", "==", false },
	{ "logic", "&&", "||", false }, { "logic", "||", "&&", false },
	{ "arith", "+", "-", true },    { "arith", "-", "+", true },
	{ "arith", "+=", "-=", false }, { "arith", "-=", "+=", false },
	{ "arith", "++", "--", false }, { "arith", "--", "++", false },
	{ "bit", "&", "|", true },      { "bit", "|", "&", false },
	{ "bit", "&=", "|=", false },   { "bit", "|=", "&=", false },
	{ "bool", "true", "false", false }, { "bool", "false", "true", false },
};

static bool
opens(const struct src *s, int i)
{
	return tok_is(s, i, "(") || tok_is(s, i, "[");
}

static bool
closes(const struct src *s, int i)
{
	return tok_is(s, i, ")") || tok_is(s, i, "]");
}

// The last token, going from token i towards stop (dir: +1 or -1), before the second comma
// outside brackets: the argument at i and the one next to it.
static int
argument_edge(const struct src *s, int i, int stop, int dir)
{
	int commas = 0, j = i;

	for (int k = i + dir; k != stop; k += dir) {
		if ((dir < 0 ? closes(s, k) : opens(s, k)) && expr_match(s, k) >= 0)
			k = expr_match(s, k);
		else if (tok_is(s, k, ",") && ++commas == 2)
			break;
		j = k;
	}
	return j;
}

// The call or subscript `f(...)` around the argument at token i if it is short, else the
// arguments next to it: `a, 0, b`. Leaves first and last alone outside calls.
static void
argument_context(const struct src *s, int i, int *first, int *last)
{
	int open = -1;

	for (int j = i - 1, depth = 0; j >= 0 && open < 0; j--) {
		depth += closes(s, j) - opens(s, j);
		open = depth < 0 ? j : -1;
	}
	int close = open > 0 && s->tok[open - 1].kind == TOK_IDENT ? expr_match(s, open) : -1;
	if (close < 0)
		return;
	if (s->tok[close].off - s->tok[open - 1].off <= CALL_SHOWN)
		*first = open - 1, *last = close;
	else
		*first = argument_edge(s, i, open, -1), *last = argument_edge(s, i, close, 1);
}

// The tokens a description shows around the operand at token i: the binary expression it
// is a side of, its return statement, its call, or itself with its unary operators.
static void
operand_context(const struct src *s, int i, int *first, int *last)
{
	int p;

	*first = expr_operand_left(s, i), *last = i;
	if ((p = expr_prec(s, i - 1)) >= 0)
		*first = expr_left(s, i - 2, p), *last = expr_right(s, i, p);
	else if ((p = expr_prec(s, i + 1)) >= 0)
		*last = expr_right(s, i + 2, p);
	else if (tok_is(s, i - 1, "return"))
		*first = i - 1;
	else
		argument_context(s, i, first, last);
}

// The tokens a description shows around the operator at token i: its operands.
static void
operator_context(const struct src *s, int i, int *first, int *last)
{
	bool postfix = expr_operand_end(s, i - 1);
	int p = expr_prec(s, i);

	if (tok_is(s, i, "++") || tok_is(s, i, "--")) {
		*first = postfix ? expr_operand_left(s, i - 1) : i;
		*last = postfix ? i : expr_operand_right(s, i + 1);
	} else if (p >= 0) {
		*first = expr_left(s, i - 1, p), *last = expr_right(s, i + 1, p);
	} else {
		operand_context(s, i, first, last);
	}
}

static int
op_swap(struct sites *out, const struct src *s, int i)
{
	int first, last, err = 0;

	for (size_t k = 0; k < sizeof swaps / sizeof swaps[0] && err == 0; k++) {
		if (!tok_is(s, i, swaps[k].from) || (swaps[k].binary && !expr_operand_end(s, i - 1)))
			continue;
		operator_context(s, i, &first, &last);
		err = site_add(out, s, swaps[k].op, s->tok[i].off, s->tok[i].len, swaps[k].to,
			       first, last);
	}
	return err;
}

static int
op_not(struct sites *out, const struct src *s, int i)
{
	if (!tok_is(s, i, "!"))
		return 0;
	return site_add(out, s, "not", s->tok[i].off, 1, "", i, expr_operand_right(s, i + 1));
}

// Writes value v as the literal lit was written (hex or octal, its digits' case, its suffix).
static void
int_format(char *buf, size_t size, const char *lit, const char *suffix, unsigned long long v)
{
	bool hex = lit[0] == '0' && (lit[1] == 'x' || lit[1] == 'X');
	bool upper = hex && strpbrk(lit + 2, "ABCDEF") != NULL;

	if (hex)
		snprintf(buf, size, "0%c%llX%s", lit[1], v, suffix);
	else if (lit[0] == '0' && lit[1] >= '0' && lit[1] <= '7')
		snprintf(buf, size, "0%llo%s", v, suffix);
	else
		snprintf(buf, size, "%llu%s", v, suffix);
	for (char *p = buf + 2; hex && !upper && *p; p++)
		*p = *p >= 'A' && *p <= 'F' ? *p - 'A' + 'a' : *p;
}

int
ops_int(struct sites *out, const struct src *s, int i, int first, int last)
{
	const struct token *t = &s->tok[i];
	char lit[32], repl[40], *suffix;

	if (!tok_is_int(s, i) || t->len >= (int)sizeof lit)
		return 0;
	memcpy(lit, s->text + t->off, t->len);
	lit[t->len] = '\0';
	unsigned long long v = strtoull(lit, &suffix, 0);
	if (first < 0)
		operand_context(s, i, &first, &last);
	int err = 0;
	if (!stmt_in_array_size(s, i) || v == 0) {     // a larger array would change nothing
		int_format(repl, sizeof repl, lit, suffix, v + 1);
		err = site_add(out, s, "int", t->off, t->len, repl, first, last);
	}
	if (v > 0 && err == 0) {
		int_format(repl, sizeof repl, lit, suffix, v - 1);
		err = site_add(out, s, "int", t->off, t->len, repl, first, last);
	}
	return err;
}

static int
op_int(struct sites *out, const struct src *s, int i)
{
	return ops_int(out, s, i, -1, -1);
}

static int
op_delete(struct sites *out, const struct src *s, int i)
{
	int end = s->tok[i].first ? stmt_simple(s, i) : -1;

	if (end < 0 || !tok_mutable(s, end))
		return 0;
	if (tok_is(s, i, "return") && tok_is(s, end + 1, "}") && s->tok[end + 1].depth == 0)
		return 0;                // a function's last return: no build, or no change
	return site_add_delete(out, s, "delete", i, end, "{}");
}

// True if token i is a constant already: a number, true, false, NULL, an ALL_CAPS name.
static bool
is_constant(const struct src *s, int i)
{
	const struct token *t = &s->tok[i];

	if (t->kind == TOK_NUMBER || tok_is(s, i, "true") || tok_is(s, i, "false"))
		return true;
	for (int k = 0; t->kind == TOK_IDENT && k < t->len; k++)
		if (s->text[t->off + k] >= 'a' && s->text[t->off + k] <= 'z')
			return false;
	return t->kind == TOK_IDENT;
}

static int
op_return(struct sites *out, const struct src *s, int i)
{
	int end = tok_is(s, i, "return") ? stmt_simple(s, i) : -1;

	if (end <= i + 1 || !tok_mutable(s, end) || (end == i + 2 && is_constant(s, i + 1)))
		return 0;
	enum ret_kind kind = stmt_return_kind(s, i);
	int off = s->tok[i + 1].off, len = s->tok[end - 1].off + s->tok[end - 1].len - off;
	if (kind == RET_SCALAR)
		return site_add(out, s, "return", off, len, "0", i, end);
	if (kind != RET_BOOL)
		return 0;
	int err = site_add(out, s, "return", off, len, "false", i, end);
	return err ? err : site_add(out, s, "return", off, len, "true", i, end);
}

int
ops_c(struct sites *out, const struct src *s, int i)
{
	static int (*const ops[])(struct sites *, const struct src *, int) = {
		op_swap, op_not, op_int, op_delete, op_return,
	};
	int err = 0;

	for (size_t k = 0; k < sizeof ops / sizeof ops[0] && err == 0 && tok_mutable(s, i); k++)
		err = ops[k](out, s, i);
	return err;
}
