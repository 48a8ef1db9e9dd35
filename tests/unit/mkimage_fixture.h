// mkimage_fixture.h: what the image tool's tests (tests/unit/test_mkimage_*.c) build their
// inputs from: a small i386 kernel made in memory, and a boot sector, loader and modules
// around it, ready for image_build.
#ifndef TESTS_UNIT_MKIMAGE_FIXTURE_H
#define TESTS_UNIT_MKIMAGE_FIXTURE_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

#include "scripts/mkimage/mkimage.h"

// --- a small i386 kernel, built in memory ---
//
//   0x000 Elf32_Ehdr, 0x034 Elf32_Phdr[KPHNUM], 0x100 code (KCODE bytes, loaded at 1 MiB)

#define KSIZE   0x200
#define KCODE   0x100
#define KPHNUM  2               // phdr 0: PT_NOTE, phdr 1: PT_LOAD
#define KLOAD   0x100000

struct kernel {
	_Alignas(8) uint8_t b[KSIZE + 1];       // one spare byte for test_image_alignment
};

// The ELF header of k, and its program header number i (both inside k->b).
Elf32_Ehdr *k_eh(struct kernel *k);
Elf32_Phdr *k_ph(struct kernel *k, unsigned i);

// Fills k with a kernel that elf_check accepts: entry at KLOAD + 0x10, one PT_LOAD of nops.
void k_init(struct kernel *k);

// --- the inputs of one image ---

#define LOADER_MAX (IMAGE_LOADER_SECTORS * SECTOR_SIZE)

// Inputs for one image: a valid boot sector, loader, kernel and up to 4 modules.
struct inputs {
	uint8_t boot[SECTOR_SIZE + 1];
	uint8_t loader[LOADER_MAX + 1];
	struct kernel kernel;
	struct blob mods[IMAGE_MAX_FILES];
	struct image_spec spec;
};

// The bytes every module's blob points at (0x3C each, refilled by inputs_new).
extern uint8_t module_bytes[IMAGE_PAD_SECTORS * SECTOR_SIZE];

// Returns inputs (calloc'd: the caller frees them) whose spec holds a good boot sector, a
// 3000-byte loader, the kernel of k_init, nmodules modules ("guest-os" first, 1000 bytes)
// and the command line "test=fault verbose".
struct inputs *inputs_new(size_t nmodules);

// Builds the image of in (which must succeed) and returns it (malloc'd); *hdr gets a copy
// of sector 1.
uint8_t *build_ok(struct inputs *in, size_t *size, struct image_header *hdr);

#endif
