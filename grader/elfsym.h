// elfsym.h: the symbol table of an i386 ELF image, so tests name symbols, never addresses.
#ifndef GRADER_ELFSYM_H
#define GRADER_ELFSYM_H

#include <stddef.h>
#include <stdint.h>

struct elfsym {
	char *name;
	uint32_t addr, size;
};

struct elfsyms {
	struct elfsym *syms;    // functions and objects, sorted by address
	size_t n;
};

// Reads the symbol table (.symtab) of the ELF32 file at path. Returns 0, -E_IO (cannot read),
// -E_BADIMG (not an ELF32 file, or no symbol table: built with -s?) or -E_NOMEM.
int elfsym_load(struct elfsyms *t, const char *path);

// Same, from an ELF file already in memory (size bytes).
int elfsym_parse(struct elfsyms *t, const uint8_t *data, size_t size);

void elfsym_free(struct elfsyms *t);

// Address of the symbol called name. Returns 0 or -E_NOENT.
int elfsym_addr(const struct elfsyms *t, const char *name, uint32_t *addr);

// Writes "name+0xOFF" (or "name") for addr into out when a symbol covers it (or is the
// nearest one below has no size and is within 4 KiB), else "?". Returns out.
const char *elfsym_name(const struct elfsyms *t, uint32_t addr, char *out, size_t size);

#endif
