// mkimage_fixture.c: the in-memory kernel and image inputs of the image tool's tests
// (mkimage_fixture.h).
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tests/unit/mkimage_fixture.h"

Elf32_Ehdr *
k_eh(struct kernel *k)
{
	return (Elf32_Ehdr *)k->b;
}

Elf32_Phdr *
k_ph(struct kernel *k, unsigned i)
{
	return (Elf32_Phdr *)(k->b + sizeof(Elf32_Ehdr) + i * sizeof(Elf32_Phdr));
}

void
k_init(struct kernel *k)
{
	Elf32_Ehdr *eh;
	Elf32_Phdr *load;

	memset(k, 0, sizeof(*k));
	eh = k_eh(k);
	load = k_ph(k, 1);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_386;
	eh->e_version = EV_CURRENT;
	eh->e_entry = KLOAD + 0x10;
	eh->e_phoff = sizeof(Elf32_Ehdr);
	eh->e_ehsize = sizeof(Elf32_Ehdr);
	eh->e_phentsize = sizeof(Elf32_Phdr);
	eh->e_phnum = KPHNUM;
	k_ph(k, 0)->p_type = PT_NOTE;
	load->p_type = PT_LOAD;
	load->p_offset = KCODE;
	load->p_vaddr = load->p_paddr = KLOAD;
	load->p_filesz = KSIZE - KCODE;
	load->p_memsz = 0x1000;
	memset(k->b + KCODE, 0x90, KSIZE - KCODE);      // nop
}

uint8_t module_bytes[IMAGE_PAD_SECTORS * SECTOR_SIZE];

struct inputs *
inputs_new(size_t nmodules)
{
	static const char *names[] = { "guest-os", "m2", "m3", "m4" };
	struct inputs *in = calloc(1, sizeof(*in));
	size_t i;

	assert_non_null(in);
	memset(in->boot, 0xB0, sizeof(in->boot));
	in->boot[510] = 0x55;
	in->boot[511] = 0xAA;
	memset(in->loader, 0x1D, sizeof(in->loader));
	k_init(&in->kernel);
	for (i = 0; i < IMAGE_MAX_FILES; i++)
		in->mods[i] = (struct blob){ "mod.bin", names[i], module_bytes, 1000 + i };
	memset(module_bytes, 0x3C, sizeof(module_bytes));
	in->spec = (struct image_spec){
		.boot = { "boot.bin", NULL, in->boot, SECTOR_SIZE },
		.loader = { "loader.bin", NULL, in->loader, 3000 },
		.kernel = { "k.elf", "kernel", in->kernel.b, KSIZE },
		.modules = in->mods,
		.nmodules = nmodules,
		.cmdline = "test=fault verbose",
	};
	return in;
}

uint8_t *
build_ok(struct inputs *in, size_t *size, struct image_header *hdr)
{
	char msg[MKIMAGE_MSG_MAX] = "";
	uint8_t *img = NULL;
	int err = image_build(&in->spec, &img, size, msg, sizeof(msg));

	if (err)
		print_error("image_build: %d %s\n", err, msg);
	assert_int_equal(err, 0);
	memcpy(hdr, img + SECTOR_SIZE, sizeof(*hdr));
	return img;
}
