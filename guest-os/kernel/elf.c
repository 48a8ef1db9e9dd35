// elf.c: the checks an ELF executable must pass before the kernel loads it.
#include <elf.h>

#include "guest-os/kernel/elf.h"
#include "lib/error.h"
#include "lib/string.h"

// The header: an i386 little-endian executable whose program headers are in the file.
static int
elf_check_header(const Elf32_Ehdr *eh, size_t size)
{
	if (size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS32 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_machine != EM_386 || eh->e_type != ET_EXEC ||
	    eh->e_phentsize != sizeof(Elf32_Phdr))
		return -E_BADIMG;
	if (eh->e_phoff > size || eh->e_phnum > (size - eh->e_phoff) / sizeof(Elf32_Phdr))
		return -E_BADIMG;
	return 0;
}

// One PT_LOAD: memory in [lo, hi), file bytes inside the file, no more bytes than memory.
static int
elf_check_seg(const Elf32_Phdr *ph, size_t size, uint32_t lo, uint32_t hi)
{
	if (ph->p_filesz > ph->p_memsz || ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
		return -E_BADIMG;
	if (ph->p_vaddr < lo || ph->p_vaddr > hi || ph->p_memsz > hi - ph->p_vaddr)
		return -E_BADIMG;
	return 0;
}

static int
elf_entry_loaded(const struct elf_prog *out)
{
	for (int i = 0; i < out->nsegs; i++)
		if (out->entry - out->segs[i].vaddr < out->segs[i].filesz)
			return 1;
	return 0;
}

int
elf_parse(const void *img, size_t size, uint32_t lo, uint32_t hi, struct elf_prog *out)
{
	const Elf32_Ehdr *eh = img;
	Elf32_Phdr ph;

	if (elf_check_header(eh, size) < 0)
		return -E_BADIMG;
	out->entry = eh->e_entry;
	out->nsegs = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		memcpy(&ph, (const char *)img + eh->e_phoff + i * sizeof ph, sizeof ph);
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (elf_check_seg(&ph, size, lo, hi) < 0)
			return -E_BADIMG;
		if (out->nsegs == ELF_MAX_SEGS)
			return -E_2BIG;
		out->segs[out->nsegs++] = (struct elf_seg){ ph.p_vaddr, ph.p_memsz, ph.p_offset,
							    ph.p_filesz, (ph.p_flags & PF_W) != 0 };
	}
	return out->nsegs > 0 && elf_entry_loaded(out) ? 0 : -E_BADIMG;
}
