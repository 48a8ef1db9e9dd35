// elf.h: checks a user program's ELF image and lists what to load (pure: unit-tested).
#ifndef GUEST_ELF_H
#define GUEST_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGS 4

struct elf_seg {
	uint32_t vaddr, memsz;          // where, and how much memory (the rest is zero)
	uint32_t offset, filesz;        // the bytes of the file to copy there
	int writable;
};

struct elf_prog {
	uint32_t entry;
	int nsegs;
	struct elf_seg segs[ELF_MAX_SEGS];
};

// Fills out from the i386 executable of size bytes at img. Every PT_LOAD must lie in
// [lo, hi) and its bytes in the file, and the entry inside a loaded segment.
// Returns 0, -E_2BIG if it has more than ELF_MAX_SEGS segments, -E_BADIMG otherwise.
int elf_parse(const void *img, size_t size, uint32_t lo, uint32_t hi, struct elf_prog *out);

#endif
