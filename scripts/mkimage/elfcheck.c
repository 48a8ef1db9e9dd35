// elfcheck.c: decides whether a kernel file is an i386 ELF that the boot loader can load.
//
// The loader copies each PT_LOAD's p_filesz bytes from the file to physical address p_paddr,
// zeroes the rest up to p_memsz, and jumps to e_entry with paging off. Each check below
// rejects a file on which one of those steps would go wrong, and says how to fix the build.
#include <elf.h>
#include <string.h>

#include "mkimage.h"

#define EHDR_SIZE sizeof(Elf32_Ehdr)
#define PHDR_SIZE sizeof(Elf32_Phdr)

// Names of the e_machine values a student is likely to hand us by mistake.
static const char *
elf_machine_name(unsigned machine)
{
	switch (machine) {
	case EM_386:     return "i386";
	case EM_X86_64:  return "x86-64";
	case EM_ARM:     return "ARM";
	case EM_AARCH64: return "AArch64";
	case EM_RISCV:   return "RISC-V";
	case EM_MIPS:    return "MIPS";
	case EM_PPC:     return "PowerPC";
	case EM_PPC64:   return "PowerPC64";
	default:         return "unknown machine";
	}
}

// e_type, with what to do about it.
static const char *
elf_type_name(unsigned type)
{
	switch (type) {
	case ET_NONE: return "ET_NONE, no file type";
	case ET_REL:  return "ET_REL, an object file: link it";
	case ET_DYN:  return "ET_DYN, a shared object or PIE: link it with -static -no-pie";
	case ET_CORE: return "ET_CORE, a core dump";
	default:      return "unknown type";
	}
}

// e_ident: the magic, then 32-bit little-endian, then the machine (read before the class so
// that an x86-64 file is named as such). Needs only the first 20 bytes.
static int
elf_check_ident(const uint8_t *buf, size_t size, char *msg, size_t n)
{
	uint16_t machine;

	if (size == 0)
		return msg_fail(msg, n, -E_BADIMG, "empty file (0 bytes), expected an i386 ELF kernel");
	if (size < SELFMAG || memcmp(buf, ELFMAG, SELFMAG) != 0)
		return msg_fail(msg, n, -E_BADIMG,
				"not an ELF file (it does not start with 0x7f 'E' 'L' 'F'): "
				"give the linked kernel, not a raw binary or a source file");
	if (size < EI_NIDENT + 4)
		return msg_fail(msg, n, -E_BADIMG, "truncated ELF header (%zu bytes, need %zu)",
				size, EHDR_SIZE);
	if (buf[EI_DATA] != ELFDATA2LSB)
		return msg_fail(msg, n, -E_BADIMG,
				"not a little-endian ELF (EI_DATA %u%s): the loader reads i386 ELF only",
				buf[EI_DATA], buf[EI_DATA] == ELFDATA2MSB ? ", big-endian" : "");
	memcpy(&machine, buf + offsetof(Elf32_Ehdr, e_machine), sizeof(machine));
	if (machine != EM_386)
		return msg_fail(msg, n, -E_BADIMG, "not an i386 ELF (e_machine %u, %s): build it with -m32",
				machine, elf_machine_name(machine));
	if (buf[EI_CLASS] != ELFCLASS32)
		return msg_fail(msg, n, -E_BADIMG,
				"not a 32-bit ELF (EI_CLASS %u%s): build it with -m32 and link with -m elf_i386",
				buf[EI_CLASS], buf[EI_CLASS] == ELFCLASS64 ? ", ELFCLASS64" : "");
	return 0;
}

// The rest of the ELF header: the file type and where the program header table is.
static int
elf_check_header(const Elf32_Ehdr *eh, size_t size, char *msg, size_t n)
{
	uint64_t phend = (uint64_t)eh->e_phoff + (uint64_t)eh->e_phnum * PHDR_SIZE;

	if (eh->e_type != ET_EXEC)
		return msg_fail(msg, n, -E_BADIMG, "not an executable (e_type %u, %s)",
				eh->e_type, elf_type_name(eh->e_type));
	if (eh->e_phnum == 0)
		return msg_fail(msg, n, -E_BADIMG, "no program headers (e_phnum 0): nothing to load");
	if (eh->e_phentsize != PHDR_SIZE)
		return msg_fail(msg, n, -E_BADIMG, "program header size %u, expected %zu for ELF32",
				eh->e_phentsize, PHDR_SIZE);
	if (phend > size)
		return msg_fail(msg, n, -E_BADIMG,
				"program headers outside the file (%u headers at offset %u end at byte "
				"%llu, the file has %zu bytes): truncated file?",
				eh->e_phnum, eh->e_phoff, (unsigned long long)phend, size);
	return 0;
}

// One PT_LOAD: where it goes (at or above 1 MiB, below 4 GiB) and where its bytes come from.
static int
elf_check_segment(const Elf32_Phdr *ph, unsigned i, size_t size, char *msg, size_t n)
{
	uint64_t fileend = (uint64_t)ph->p_offset + ph->p_filesz;
	uint64_t memend = (uint64_t)ph->p_paddr + ph->p_memsz;

	// ld -Ttext moves .text only: the segment holding the ELF headers stays just below it.
	if (ph->p_paddr < KERNEL_LOAD_MIN)
		return msg_fail(msg, n, -E_BADIMG,
				"segment %u loads at 0x%08x, below 1 MiB (0x%x), where the BIOS and the "
				"loader live: link the kernel at 0x%x or above%s",
				i, ph->p_paddr, KERNEL_LOAD_MIN, KERNEL_LOAD_MIN, ph->p_offset == 0 ?
				" (this segment maps the ELF headers: use a linker script or "
				"-Ttext-segment, not -Ttext)" : "");
	if (ph->p_filesz > ph->p_memsz)
		return msg_fail(msg, n, -E_BADIMG,
				"segment %u has p_filesz 0x%x > p_memsz 0x%x: more bytes in the file "
				"than in memory", i, ph->p_filesz, ph->p_memsz);
	if (fileend > size)
		return msg_fail(msg, n, -E_BADIMG,
				"segment %u's bytes (offset 0x%x + 0x%x) go past the end of the file "
				"(%zu bytes): truncated file?", i, ph->p_offset, ph->p_filesz, size);
	if (memend > IMAGE_LOAD_LIMIT)
		return msg_fail(msg, n, -E_2BIG,
				"segment %u at 0x%08x + 0x%x bytes ends past 16 MiB (0x%x), the memory "
				"the loader fills: the kernel is too big or linked too high", i,
				ph->p_paddr, ph->p_memsz, IMAGE_LOAD_LIMIT);
	return 0;
}

// Copies program header i out of buf (which need not be aligned); e_phoff is checked.
static void
elf_phdr(const uint8_t *buf, const Elf32_Ehdr *eh, unsigned i, Elf32_Phdr *ph)
{
	memcpy(ph, buf + eh->e_phoff + (size_t)i * PHDR_SIZE, sizeof(*ph));
}

// Every PT_LOAD, and at least one of them.
static int
elf_check_segments(const uint8_t *buf, const Elf32_Ehdr *eh, size_t size, char *msg, size_t n)
{
	unsigned i, nload = 0;
	Elf32_Phdr ph;
	int err;

	for (i = 0; i < eh->e_phnum; i++) {
		elf_phdr(buf, eh, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		nload++;
		if ((err = elf_check_segment(&ph, i, size, msg, n)) < 0)
			return err;
	}
	if (nload == 0)
		return msg_fail(msg, n, -E_BADIMG, "no PT_LOAD segment among %u program headers: "
				"nothing to load", eh->e_phnum);
	return 0;
}

// The loader jumps to e_entry with paging off: it must be a physical address inside the
// loaded bytes of a PT_LOAD (not in its zero-filled tail).
static int
elf_check_entry(const uint8_t *buf, const Elf32_Ehdr *eh, char *msg, size_t n)
{
	const char *hint = "";
	Elf32_Phdr ph;
	unsigned i;

	for (i = 0; i < eh->e_phnum; i++) {
		elf_phdr(buf, eh, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		if (eh->e_entry - ph.p_paddr < ph.p_filesz)
			return 0;
		if (eh->e_entry - ph.p_vaddr < ph.p_filesz)
			hint = " (it is a virtual address: the loader jumps with paging off, so the "
			       "entry must be the physical one)";
	}
	return msg_fail(msg, n, -E_BADIMG,
			"entry point 0x%08x is not inside any loaded segment%s", eh->e_entry, hint);
}

uint32_t
elf_load_end(const uint8_t *buf)
{
	Elf32_Ehdr eh;
	Elf32_Phdr ph;
	uint32_t end = 0;

	memcpy(&eh, buf, sizeof(eh));
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		elf_phdr(buf, &eh, i, &ph);
		if (ph.p_type == PT_LOAD && ph.p_paddr + ph.p_memsz > end)
			end = ph.p_paddr + ph.p_memsz;
	}
	return end;
}

int
elf_check(const uint8_t *buf, size_t size, char *msg, size_t msgsize)
{
	Elf32_Ehdr eh;
	int err;

	if ((err = elf_check_ident(buf, size, msg, msgsize)) < 0)
		return err;
	if (size < EHDR_SIZE)
		return msg_fail(msg, msgsize, -E_BADIMG, "truncated ELF header (%zu bytes, need %zu)",
				size, EHDR_SIZE);
	memcpy(&eh, buf, sizeof(eh));
	if ((err = elf_check_header(&eh, size, msg, msgsize)) < 0)
		return err;
	if ((err = elf_check_segments(buf, &eh, size, msg, msgsize)) < 0)
		return err;
	return elf_check_entry(buf, &eh, msg, msgsize);
}
