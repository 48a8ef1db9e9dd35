// asm.c: the mutation operators of GNU as code (.S files): a conditional jump negated
// ("rel"), a constant off by one ("int", as in C), an instruction deleted ("delete").
#include "scripts/mutants/mutate.h"

static const char *const jumps[][2] = {
	{ "je", "jne" }, { "jz", "jnz" }, { "jl", "jge" }, { "jle", "jg" },
	{ "jb", "jae" }, { "jbe", "ja" }, { "js", "jns" }, { "jc", "jnc" },
};

// True if token i names a label: "name:" or "1:".
static bool
is_label(const struct src *s, int i)
{
	return i >= 0 && (s->tok[i].kind == TOK_IDENT || s->tok[i].kind == TOK_NUMBER) &&
	       tok_is(s, i + 1, ":") && s->tok[i + 1].line == s->tok[i].line;
}

// True if an instruction or directive may start at token i: first on its line, or after
// ';' or a label.
static bool
after_boundary(const struct src *s, int i)
{
	return s->tok[i].first || tok_is(s, i - 1, ";") || (tok_is(s, i - 1, ":") && is_label(s, i - 2));
}

// The first token of the instruction or directive around token i.
static int
insn_start(const struct src *s, int i)
{
	int j = i;

	while (!after_boundary(s, j))
		j--;
	return j;
}

// The last token of the instruction or directive around token i (its line, up to a ';').
static int
insn_end(const struct src *s, int i)
{
	int j = i;

	while (j + 1 < s->ntok && s->tok[j + 1].line == s->tok[i].line && !tok_is(s, j + 1, ";"))
		j++;
	return j;
}

static int
op_jump(struct sites *out, const struct src *s, int i)
{
	for (size_t k = 0; k < sizeof jumps / sizeof jumps[0]; k++)
		for (int side = 0; side < 2; side++)
			if (tok_is(s, i, jumps[k][side]))
				return site_add(out, s, "rel", s->tok[i].off, s->tok[i].len,
						jumps[k][!side], i, insn_end(s, i));
	return 0;
}

int
ops_asm(struct sites *out, const struct src *s, int i)
{
	int err = 0;

	if (!tok_mutable(s, i) || is_label(s, i))
		return 0;
	if (tok_is_int(s, i))
		err = ops_int(out, s, i, insn_start(s, i), insn_end(s, i));
	if (err || s->tok[i].kind != TOK_IDENT || !after_boundary(s, i) || tok_is(s, i + 1, "="))
		return err;
	err = op_jump(out, s, i);
	return err ? err : site_add_delete(out, s, "delete", i, insn_end(s, i), "");
}
