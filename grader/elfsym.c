// elfsym.c: reading the symbol table of an ELF32 image (System V ABI, ELF chapter).
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader/elfsym.h"
#include "lib/error.h"

static int
elfsym_cmp(const void *a, const void *b)
{
	const struct elfsym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

// The section header i, if the table lies inside the file.
static const Elf32_Shdr *
elf_section(const uint8_t *data, size_t size, unsigned i)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)data;
	size_t off = eh->e_shoff + (size_t)i * sizeof(Elf32_Shdr);

	if (i >= eh->e_shnum || off + sizeof(Elf32_Shdr) > size)
		return NULL;
	return (const Elf32_Shdr *)(data + off);
}

// Copies the named symbols of type FUNC, OBJECT or NOTYPE from symtab into t.
static int
elfsym_take(struct elfsyms *t, const uint8_t *data, const Elf32_Shdr *symtab,
	    const Elf32_Shdr *strtab)
{
	size_t n = symtab->sh_size / sizeof(Elf32_Sym);
	const Elf32_Sym *s = (const Elf32_Sym *)(data + symtab->sh_offset);

	t->syms = calloc(n ? n : 1, sizeof *t->syms);
	if (!t->syms)
		return -E_NOMEM;
	for (size_t i = 0; i < n; i++) {
		int type = ELF32_ST_TYPE(s[i].st_info);
		if (s[i].st_name == 0 || s[i].st_name >= strtab->sh_size || s[i].st_shndx == SHN_UNDEF ||
		    s[i].st_shndx == SHN_ABS ||
		    (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE))
			continue;
		const char *name = (const char *)data + strtab->sh_offset + s[i].st_name;
		t->syms[t->n].name = strndup(name, strtab->sh_size - s[i].st_name);
		t->syms[t->n].addr = s[i].st_value;
		t->syms[t->n].size = s[i].st_size;
		if (t->syms[t->n].name)
			t->n++;
	}
	qsort(t->syms, t->n, sizeof *t->syms, elfsym_cmp);
	return 0;
}

int
elfsym_parse(struct elfsyms *t, const uint8_t *data, size_t size)
{
	const Elf32_Ehdr *eh = (const Elf32_Ehdr *)data;

	memset(t, 0, sizeof *t);
	if (size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS32)
		return -E_BADIMG;
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		const Elf32_Shdr *sh = elf_section(data, size, i);
		if (!sh || sh->sh_type != SHT_SYMTAB)
			continue;
		const Elf32_Shdr *str = elf_section(data, size, sh->sh_link);
		if (!str || sh->sh_offset + (size_t)sh->sh_size > size ||
		    str->sh_offset + (size_t)str->sh_size > size)
			return -E_BADIMG;
		return elfsym_take(t, data, sh, str);
	}
	return -E_BADIMG;
}

int
elfsym_load(struct elfsyms *t, const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	long size;
	int err;

	memset(t, 0, sizeof *t);
	if (!f)
		return errno == ENOENT ? -E_NOENT : -E_IO;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	data = size > 0 ? malloc(size) : NULL;
	if (size <= 0)
		err = -E_BADIMG;                // empty: no ELF header at all
	else if (!data)
		err = -E_NOMEM;
	else
		err = fread(data, 1, size, f) == (size_t)size ? elfsym_parse(t, data, size) : -E_IO;
	free(data);
	fclose(f);
	return err;
}

void
elfsym_free(struct elfsyms *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->syms[i].name);
	free(t->syms);
	t->syms = NULL;
	t->n = 0;
}

int
elfsym_addr(const struct elfsyms *t, const char *name, uint32_t *addr)
{
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->syms[i].name, name) == 0) {
			*addr = t->syms[i].addr;
			return 0;
		}
	}
	return -E_NOENT;
}

const char *
elfsym_name(const struct elfsyms *t, uint32_t addr, char *out, size_t size)
{
	const struct elfsym *best = NULL;

	for (size_t i = 0; i < t->n && t->syms[i].addr <= addr; i++)
		best = &t->syms[i];
	if (!best || addr - best->addr >= (best->size ? best->size : 0x1000))
		snprintf(out, size, "?");
	else if (addr == best->addr)
		snprintf(out, size, "%s", best->name);
	else
		snprintf(out, size, "%s+0x%x", best->name, (unsigned)(addr - best->addr));
	return out;
}
