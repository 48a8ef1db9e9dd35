// mutate.h: mutation sites in a lab's solution regions, for `make mutants LAB=N`.
//
// A site is one small change to one solution line (marker.h says where those are): an
// operator flipped, a constant off by one, a statement deleted. The path from a file to its
// sites:
//
//	text ──lex_text──> tokens (no comments, no preprocessor lines) ──site_find──> sites
//	                                          each operator of ops.c (C) or asm.c (.S files)
//	                                          looks at the tokens on solution lines; expr.c
//	                                          and stmt.c tell them what a token is part of
//
// Each site has an id that stays the same while its line does (edits elsewhere move it, they
// do not rename it): build/mutate lists sites, and writes one into its file (apply.c).
#ifndef MUTANTS_MUTATE_H
#define MUTANTS_MUTATE_H

#include <stdbool.h>
#include <stddef.h>

enum tok_kind { TOK_IDENT, TOK_NUMBER, TOK_STRING, TOK_CHAR, TOK_PUNCT };

struct token {
	enum tok_kind kind;
	int off, len;           // bytes of the source text
	int line;               // counted from 1
	bool first;             // the first token of its line
	int depth;              // braces open before it
};

enum lang { LANG_C, LANG_ASM };

// One source file, lexed, and which of its lines a mutation may touch.
struct src {
	const char *path;       // as the tree names it
	const char *text;
	size_t len;
	enum lang lang;
	struct token *tok;
	int ntok;
	const signed char *line_lab; // indexed by line: the lab whose solution holds it, or -1
	int nlines;
};

#define SITE_REPL 48
#define SITE_DESC 200
#define SITE_ID   9

struct site {
	const char *path;       // the src's
	int line;
	int lab;                // whose solution it changes
	int off, len;           // the bytes replaced...
	char repl[SITE_REPL];   // ...by these
	const char *op;         // the operator's name ("rel", "delete"...)
	char desc[SITE_DESC];   // "`a < b` -> `a <= b`"
	unsigned key;           // what the id is made of (the file, the line, the change)
	char id[SITE_ID];       // 8 hex digits
};

struct sites {
	struct site *v;
	int n, cap;
};

// lex.c
// Splits text into tokens, leaving out comments and whole preprocessor lines (in .S files,
// '#' comments too). Stores a malloc'ed array in *tok (the caller frees it). Returns the
// number of tokens, or -E_NOMEM.
int lex_text(const char *text, size_t len, struct token **tok);
// True if token i of s is the punctuator or word w.
bool tok_is(const struct src *s, int i, const char *w);
// True if token i is one of the n words.
bool tok_in(const struct src *s, int i, const char *const *words, size_t n);
#define TOK_IN(s, i, list) tok_in(s, i, list, sizeof list / sizeof list[0])
bool tok_is_int(const struct src *s, int i);
bool tok_mutable(const struct src *s, int i);

// expr.c: what a token is part of, within one expression.
// The index of the parenthesis or bracket that matches token i, or -1.
int expr_match(const struct src *s, int i);
// True if token i is the last of an operand (a binary operator may follow it).
bool expr_operand_end(const struct src *s, int i);
// The first token of the operand that ends at token i, or of the one that starts there.
int expr_operand_left(const struct src *s, int i);
int expr_operand_right(const struct src *s, int i);
// The precedence of the binary operator at token i (10: * / %, down to 1: ||, 0: assignments),
// or -1 if it is none (a unary operator, an operand).
int expr_prec(const struct src *s, int i);
// The first token of the expression ending at token i, or the last of the one starting at i,
// with every binary operator of precedence above prec in it: a side of such an operator.
int expr_left(const struct src *s, int i, int prec);
int expr_right(const struct src *s, int i, int prec);

// stmt.c: statements, declarations and functions.
// The token ending (';') the statement that starts at token i, or -1 if none starts there:
// a statement here starts inside a function, after ';', '{', '}', else or a control header,
// and is neither a control statement nor a declaration.
int stmt_simple(const struct src *s, int i);
// True if the statement starting at token i declares something.
bool stmt_is_decl(const struct src *s, int i);
// True if token i is an array size in a declarator (`int a[4]`).
bool stmt_in_array_size(const struct src *s, int i);
enum ret_kind { RET_VOID, RET_BOOL, RET_SCALAR, RET_OTHER };
// What the function around token i returns.
enum ret_kind stmt_return_kind(const struct src *s, int i);

// site.c
// Adds the site replacing bytes [off, off + len) of s by repl; its description shows tokens
// first..last before and after. Returns 0 or -E_NOMEM.
int site_add(struct sites *out, const struct src *s, const char *op, int off, int len,
	     const char *repl, int first, int last);
// The same for deleting tokens first..last ("delete `...`").
int site_add_delete(struct sites *out, const struct src *s, const char *op, int first,
		    int last, const char *repl);
// Finds the sites of lab (lab < 0: every lab) in the file path holding text. path must
// outlive the sites. Returns the number of solution regions of lab in it, or -E_INVAL
// ("LINE: why" in msg) on a malformed marker, or -E_NOMEM.
int site_find(struct sites *out, const char *path, const char *text, size_t len, int lab,
	      char *msg, size_t msgsize);
// Gives every site of list its id; ids depend on the path, the line's text, the change,
// and how many identical sites come before it in the file.
void site_ids(struct sites *list);
// Keeps k sites of list (all of them if k <= 0 or k >= n), chosen by seed, in file order.
void site_sample(struct sites *list, int k, unsigned long seed);
void sites_free(struct sites *list);
// Writes the line `mutate list` prints for st: "ID PATH:LINE: description".
void site_line(const struct site *st, char *buf, size_t size);
#define SITE_LINE (SITE_ID + 256 + SITE_DESC)

// ops.c, asm.c: each adds the sites of its kind on token i. Return 0 or -E_NOMEM.
// ops_int: a constant off by one; the description shows tokens first..last (first < 0: its
// operand and operator).
int ops_int(struct sites *out, const struct src *s, int i, int first, int last);
int ops_c(struct sites *out, const struct src *s, int i);
int ops_asm(struct sites *out, const struct src *s, int i);

// apply.c: at most one mutant in a tree at a time. The tree's .mutant/ directory says which
// (site: its `mutate list` line; path: the file) and keeps the file as it was (original).
// Paths are relative to the current directory, the tree's top.
// Reads a whole file; returns a malloc'ed buffer (NUL after its *len bytes) or NULL (errno).
char *mutant_read(const char *path, size_t *len);
// Reads path as the tree has it without its mutant: the original if the mutant is in path.
char *mutant_source(const char *path, size_t *len);
// Writes st's mutant of text (its file's len bytes) into that file. Returns 0, -E_EXIST if a
// mutant is applied already, or -E_IO; msg says why.
int mutant_apply(const struct site *st, const char *text, size_t len, char *msg, size_t msgsize);
// Puts the file of the applied mutant back as it was. Returns 1, 0 if no mutant is applied,
// or -E_IO (msg says why).
int mutant_restore(char *msg, size_t msgsize);

#endif
