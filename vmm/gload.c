// gload.c: loads a guest kernel's ELF image into guest-physical memory and writes its bootinfo.
#include <elf.h>
#include "boot/image.h"
#include "lib/error.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "vmm/gload.h"

#define BIOS_AREA 0x9F000u        // guest RAM below it is usable, as on a PC (then ROM and holes)

static int __attribute__((format(printf, 3, 4)))
bad(char *msg, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, n, fmt, ap);
	va_end(ap);
	return -E_BADIMG;
}

// Reads program header i; returns 0 or -E_BADIMG if it is outside the file.
static int
gload_phdr(const uint8_t *elf, size_t size, const Elf32_Ehdr *eh, unsigned i, Elf32_Phdr *ph)
{
	uint64_t off = eh->e_phoff + (uint64_t)i * sizeof *ph;

	if (off + sizeof *ph > size)
		return -E_BADIMG;
	memcpy(ph, elf + off, sizeof *ph);
	return 0;
}

// Loads one PT_LOAD; returns 0 or -E_BADIMG (outside the file or guest RAM, below 1 MiB).
static int
gload_segment(struct gmem *m, const uint8_t *elf, size_t size, const Elf32_Phdr *ph,
	      char *msg, size_t n)
{
	static const uint8_t zero[256];

	if ((uint64_t)ph->p_offset + ph->p_filesz > size || ph->p_filesz > ph->p_memsz)
		return bad(msg, n, "segment at 0x%08x: bytes outside the file (%u)",
			   (unsigned)ph->p_paddr, (unsigned)ph->p_filesz);
	if (ph->p_paddr < KERNEL_LOAD_MIN || (uint64_t)ph->p_paddr + ph->p_memsz > m->size)
		return bad(msg, n, "segment at 0x%08x (%u bytes) is not in guest RAM above 1 MiB",
			   (unsigned)ph->p_paddr, (unsigned)ph->p_memsz);
	gmem_write(m, ph->p_paddr, elf + ph->p_offset, ph->p_filesz);
	for (uint32_t a = ph->p_filesz; a < ph->p_memsz; a += sizeof zero) {
		uint32_t k = ph->p_memsz - a < sizeof zero ? ph->p_memsz - a : sizeof zero;
		gmem_write(m, ph->p_paddr + a, zero, k);
	}
	return 0;
}

// The guest's memory map: low RAM, the BIOS area, RAM from 1 MiB to the end.
static void
gload_bootinfo(struct gmem *m, const char *cmdline)
{
	static struct bootinfo bi;

	memset(&bi, 0, sizeof bi);
	bi.magic = BOOTINFO_MAGIC;
	bi.ne820 = 3;
	bi.e820[0] = (struct e820_entry){ 0, BIOS_AREA, E820_RAM, 1 };
	bi.e820[1] = (struct e820_entry){ BIOS_AREA, KERNEL_LOAD_MIN - BIOS_AREA, 2, 1 };
	bi.e820[2] = (struct e820_entry){ KERNEL_LOAD_MIN, m->size - KERNEL_LOAD_MIN, E820_RAM, 1 };
	strlcpy(bi.cmdline, cmdline ? cmdline : "", sizeof bi.cmdline);
	gmem_write(m, BOOTINFO_ADDR, &bi, sizeof bi);
}

int
gload_elf(struct gmem *m, const uint8_t *elf, size_t size, const char *cmdline,
	  struct guest_entry *e, char *msg, size_t n)
{
	Elf32_Ehdr eh;
	Elf32_Phdr ph;
	int entry_ok = 0;

	if (size < sizeof eh || memcmp(elf, ELFMAG, SELFMAG) != 0)
		return bad(msg, n, "not an ELF file (%zu bytes)", size);
	memcpy(&eh, elf, sizeof eh);
	if (eh.e_ident[EI_CLASS] != ELFCLASS32 || eh.e_machine != EM_386 || eh.e_type != ET_EXEC)
		return bad(msg, n, "not an i386 executable (e_machine %u, e_type %u)", eh.e_machine,
				   eh.e_type);
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		if (gload_phdr(elf, size, &eh, i, &ph) < 0)
			return bad(msg, n, "program header %u is outside the file", i);
		if (ph.p_type != PT_LOAD)
			continue;
		int err = gload_segment(m, elf, size, &ph, msg, n);
		if (err < 0)
			return err;
		entry_ok |= eh.e_entry - ph.p_paddr < ph.p_filesz;
	}
	if (!entry_ok)
		return bad(msg, n, "entry point 0x%08x is not in a loaded segment",
			   (unsigned)eh.e_entry);
	gload_bootinfo(m, cmdline);
	*e = (struct guest_entry){ eh.e_entry, BOOTINFO_MAGIC, BOOTINFO_ADDR };
	return 0;
}
