// programs.h: the user programs linked into the kernel (embed.S embeds their ELF files;
// the list is GUEST_PROGS in guest-os/guest-os.mk).
#ifndef GUEST_PROGRAMS_H
#define GUEST_PROGRAMS_H

#include <stdint.h>

struct program {
	const char *name;
	const uint8_t *image;          // the ELF file
	uint32_t size;
};

// embed.S: every program, then an entry whose name is NULL.
extern const struct program programs[];

// The program called name, or NULL.
const struct program *program_find(const char *name);

#endif
