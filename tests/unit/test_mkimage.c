// test_mkimage.c: unit tests of the image tool (scripts/mkimage): ELF checks on kernels built
// in memory, image layout, header edits, and one end-to-end run in a temporary directory.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include "../../scripts/mkimage/mkimage.h"

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

static Elf32_Ehdr *
k_eh(struct kernel *k)
{
	return (Elf32_Ehdr *)k->b;
}

static Elf32_Phdr *
k_ph(struct kernel *k, unsigned i)
{
	return (Elf32_Phdr *)(k->b + sizeof(Elf32_Ehdr) + i * sizeof(Elf32_Phdr));
}

static void
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

#define END ((const char *)NULL)  // ends expect_elf's list of words

// Runs elf_check on size bytes of k; checks the result and that msg holds every word given.
static void
expect_elf(struct kernel *k, size_t size, int want, ...)
{
	char msg[MKIMAGE_MSG_MAX] = "";
	const char *word;
	va_list ap;
	int err = elf_check(k->b, size, msg, sizeof(msg));

	print_message("      elf_check -> %d: %s\n", err, msg);
	assert_int_equal(err, want);
	va_start(ap, want);
	while ((word = va_arg(ap, const char *)) != NULL)
		assert_non_null(strstr(msg, word));
	va_end(ap);
}

static void
test_elf_good(void **state)
{
	struct kernel k;

	(void)state;
	k_init(&k);
	expect_elf(&k, KSIZE, 0, END);
	k_ph(&k, 1)->p_memsz = KSIZE - KCODE;   // filesz == memsz is fine too
	expect_elf(&k, KSIZE, 0, END);
}

static void
test_elf_x86_64(void **state)
{
	struct kernel k;

	(void)state;
	k_init(&k);
	k_eh(&k)->e_ident[EI_CLASS] = ELFCLASS64;
	k_eh(&k)->e_machine = EM_X86_64;
	expect_elf(&k, KSIZE, -E_BADIMG, "not an i386 ELF", "e_machine 62", "x86-64", "-m32", END);
}

static void
test_elf_class64(void **state)
{
	struct kernel k;

	(void)state;
	k_init(&k);
	k_eh(&k)->e_ident[EI_CLASS] = ELFCLASS64;
	expect_elf(&k, KSIZE, -E_BADIMG, "not a 32-bit ELF", "ELFCLASS64", END);
}

static void
test_elf_big_endian(void **state)
{
	struct kernel k;

	(void)state;
	k_init(&k);
	k_eh(&k)->e_ident[EI_DATA] = ELFDATA2MSB;
	expect_elf(&k, KSIZE, -E_BADIMG, "not a little-endian ELF", "big-endian", END);
}

static void
test_elf_dyn(void **state)
{
	struct kernel k;

	(void)state;
	k_init(&k);
	k_eh(&k)->e_type = ET_DYN;
	expect_elf(&k, KSIZE, -E_BADIMG, "not an executable", "ET_DYN", "-no-pie", END);
}

static void
test_elf_no_load(void **state)
{
	struct kernel k;

	(void)state;
	k_init(&k);
	k_ph(&k, 1)->p_type = PT_GNU_STACK;
	expect_elf(&k, KSIZE, -E_BADIMG, "no PT_LOAD", END);
}

static void
test_elf_below_1mib(void **state)
{
	struct kernel k;

	(void)state;
	k_init(&k);
	k_ph(&k, 1)->p_paddr = 0x7000;
	expect_elf(&k, KSIZE, -E_BADIMG, "segment 1 loads at 0x00007000, below 1 MiB (0x100000)",
		   "BIOS", END);
}

static void
test_elf_filesz_memsz(void **state)
{
	struct kernel k;

	(void)state;
	k_init(&k);
	k_ph(&k, 1)->p_memsz = 0x10;
	expect_elf(&k, KSIZE, -E_BADIMG, "segment 1", "p_filesz 0x100 > p_memsz 0x10", END);
}

static void
test_elf_truncated_phdrs(void **state)
{
	struct kernel k;

	(void)state;
	k_init(&k);
	expect_elf(&k, sizeof(Elf32_Ehdr) + 40, -E_BADIMG, "program headers outside the file",
		   "truncated", END);
	k_eh(&k)->e_phoff = 0xFFFFFFF0;         // offset + size overflows 32 bits
	expect_elf(&k, KSIZE, -E_BADIMG, "program headers outside the file", END);
}

static void
test_elf_segment_past_eof(void **state)
{
	struct kernel k;

	(void)state;
	k_init(&k);
	expect_elf(&k, KSIZE - 1, -E_BADIMG, "segment 1", "past the end of the file", END);
	k_init(&k);
	k_ph(&k, 1)->p_offset = 0xFFFFFF00;     // offset + filesz overflows 32 bits
	expect_elf(&k, KSIZE, -E_BADIMG, "past the end of the file", END);
}

static void
test_elf_past_load_limit(void **state)
{
	struct kernel k;

	(void)state;
	k_init(&k);
	k_ph(&k, 1)->p_paddr = 0xFFFFF000;              // would wrap past 4 GiB
	k_ph(&k, 1)->p_memsz = 0x2000;
	expect_elf(&k, KSIZE, -E_2BIG, "ends past 16 MiB", "too big or linked too high", END);
	k_init(&k);
	k_ph(&k, 1)->p_memsz = IMAGE_LOAD_LIMIT;         // a huge .bss
	expect_elf(&k, KSIZE, -E_2BIG, "ends past 16 MiB", END);
}

static void
test_elf_entry_outside(void **state)
{
	struct kernel k;

	(void)state;
	k_init(&k);
	k_eh(&k)->e_entry = 0x200000;
	expect_elf(&k, KSIZE, -E_BADIMG, "entry point 0x00200000", "not inside any loaded", END);
	k_eh(&k)->e_entry = KLOAD + 0x800;      // in the zero-filled tail (bss), not loaded code
	expect_elf(&k, KSIZE, -E_BADIMG, "entry point 0x00100800", END);
}

static void
test_elf_entry_virtual(void **state)
{
	struct kernel k;

	(void)state;
	k_init(&k);
	k_ph(&k, 1)->p_vaddr = 0xC0100000;
	k_eh(&k)->e_entry = 0xC0100000;
	expect_elf(&k, KSIZE, -E_BADIMG, "entry point 0xc0100000", "virtual address", END);
}

static void
test_elf_not_elf(void **state)
{
	struct kernel k;

	(void)state;
	memset(&k, 0, sizeof(k));
	memcpy(k.b, "int main(void) { return 0; }\n", 29);
	expect_elf(&k, 29, -E_BADIMG, "not an ELF file", END);
	expect_elf(&k, 2, -E_BADIMG, "not an ELF file", END);
}

static void
test_elf_empty(void **state)
{
	struct kernel k;

	(void)state;
	k_init(&k);
	expect_elf(&k, 0, -E_BADIMG, "empty file", END);
}

static void
test_elf_truncated_header(void **state)
{
	struct kernel k;

	(void)state;
	k_init(&k);
	expect_elf(&k, 10, -E_BADIMG, "truncated ELF header (10 bytes, need 52)", END);
	expect_elf(&k, 40, -E_BADIMG, "truncated ELF header (40 bytes, need 52)", END);
}

static void
test_elf_phentsize(void **state)
{
	struct kernel k;

	(void)state;
	k_init(&k);
	k_eh(&k)->e_phentsize = 56;
	expect_elf(&k, KSIZE, -E_BADIMG, "program header size 56", END);
	k_eh(&k)->e_phnum = 0;
	expect_elf(&k, KSIZE, -E_BADIMG, "no program headers", END);
}

// --- image building ---

#define LOADER_MAX (IMAGE_LOADER_SECTORS * SECTOR_SIZE)

// Inputs for one image: a valid boot sector, loader, kernel and up to 4 modules.
struct inputs {
	uint8_t boot[SECTOR_SIZE + 1];
	uint8_t loader[LOADER_MAX + 1];
	struct kernel kernel;
	struct blob mods[IMAGE_MAX_FILES];
	struct image_spec spec;
};

static uint8_t module_bytes[IMAGE_PAD_SECTORS * SECTOR_SIZE];

static struct inputs *
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

// Builds the image of in (which must succeed) and returns it; *hdr gets a copy of sector 1.
static uint8_t *
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

// Runs image_build on in, expecting err and a message with word in it.
static void
build_fails(struct inputs *in, int want, const char *word)
{
	char msg[MKIMAGE_MSG_MAX] = "";
	uint8_t *img = NULL;
	size_t size = 0;
	int err = image_build(&in->spec, &img, &size, msg, sizeof(msg));

	print_message("      image_build -> %d: %s\n", err, msg);
	assert_int_equal(err, want);
	assert_null(img);
	assert_non_null(strstr(msg, word));
}

static void
test_image_header(void **state)
{
	struct inputs *in = inputs_new(1);
	struct image_header hdr;
	size_t size;
	uint8_t *img = build_ok(in, &size, &hdr);
	char msg[MKIMAGE_MSG_MAX];

	(void)state;
	assert_int_equal(hdr.magic, IMAGE_MAGIC);
	assert_memory_equal(img + SECTOR_SIZE, "DUPA", 4);
	assert_int_equal(hdr.version, IMAGE_VERSION);
	assert_int_equal(hdr.nfiles, 2);
	assert_int_equal(hdr.files[0].lba, IMAGE_FILES_LBA);
	assert_int_equal(hdr.files[0].size, KSIZE);
	assert_string_equal(hdr.files[0].name, "kernel");
	assert_string_equal(hdr.files[1].name, "guest-os");
	assert_int_equal(hdr.files[1].size, 1000);
	assert_string_equal(hdr.cmdline, "test=fault verbose");
	assert_int_equal((size_t)hdr.sectors * SECTOR_SIZE, size);
	assert_int_equal(header_check(&hdr, size, msg, sizeof(msg)), 0);
	free(img);
	free(in);
}

static void
test_image_contents(void **state)
{
	struct inputs *in = inputs_new(1);
	struct image_header hdr;
	size_t size, i;
	uint8_t *img = build_ok(in, &size, &hdr);
	const uint8_t *mod = img + (size_t)hdr.files[1].lba * SECTOR_SIZE;

	(void)state;
	assert_memory_equal(img, in->boot, SECTOR_SIZE);
	assert_memory_equal(img + IMAGE_LOADER_LBA * SECTOR_SIZE, in->loader, 3000);
	assert_int_equal(img[IMAGE_LOADER_LBA * SECTOR_SIZE + 3000], 0);
	assert_memory_equal(img + IMAGE_FILES_LBA * SECTOR_SIZE, in->kernel.b, KSIZE);
	assert_memory_equal(mod, module_bytes, 1000);
	for (i = (size_t)(mod - img) + 1000; i < size; i++)
		if (img[i] != 0)
			fail_msg("padding byte %zu is 0x%02x, expected 0", i, img[i]);
	free(img);
	free(in);
}

static void
test_image_alignment(void **state)
{
	struct inputs *in = inputs_new(3);
	struct image_header hdr;
	size_t size;
	uint8_t *img;

	(void)state;
	in->spec.kernel.size = KSIZE + 1;       // a kernel one byte over a sector: 2 sectors
	in->mods[0].size = 1;
	in->mods[1].size = SECTOR_SIZE;
	img = build_ok(in, &size, &hdr);
	assert_int_equal(hdr.nfiles, 4);
	assert_int_equal(hdr.files[1].lba, IMAGE_FILES_LBA + 2);
	assert_int_equal(hdr.files[2].lba, IMAGE_FILES_LBA + 3);
	assert_int_equal(hdr.files[3].lba, IMAGE_FILES_LBA + 4);
	assert_string_equal(hdr.files[3].name, "m3");
	free(img);
	free(in);
}

static void
test_image_padding(void **state)
{
	struct inputs *in = inputs_new(1);
	struct image_header hdr;
	size_t size;
	uint8_t *img = build_ok(in, &size, &hdr);

	(void)state;
	assert_int_equal(hdr.sectors, IMAGE_PAD_SECTORS);
	assert_int_equal(size % (IMAGE_PAD_SECTORS * SECTOR_SIZE), 0);
	free(img);
	// 64 + 1 + 1008 sectors: rounds up to the next multiple, 2016.
	in->mods[0].size = sizeof(module_bytes);
	img = build_ok(in, &size, &hdr);
	assert_int_equal(hdr.sectors, 2 * IMAGE_PAD_SECTORS);
	assert_int_equal(size, 2 * IMAGE_PAD_SECTORS * SECTOR_SIZE);
	free(img);
	free(in);
}

static void
test_image_boot_sector(void **state)
{
	struct inputs *in = inputs_new(0);

	(void)state;
	in->spec.boot.size = SECTOR_SIZE - 1;
	build_fails(in, -E_BADIMG, "boot.bin: boot sector is 511 bytes; it must be exactly 512");
	in->spec.boot.size = SECTOR_SIZE + 1;
	build_fails(in, -E_BADIMG, "513 bytes");
	in->spec.boot.size = SECTOR_SIZE;
	in->boot[511] = 0x00;
	build_fails(in, -E_BADIMG, "0x55 0xAA");
	free(in);
}

static void
test_image_loader_size(void **state)
{
	struct inputs *in = inputs_new(0);
	struct image_header hdr;
	size_t size;

	(void)state;
	in->spec.loader.size = LOADER_MAX;
	free(build_ok(in, &size, &hdr));
	in->spec.loader.size = LOADER_MAX + 1;
	build_fails(in, -E_2BIG, "loader.bin: loader is 31745 bytes (63 sectors)");
	build_fails(in, -E_2BIG, "room for 62 sectors");
	in->spec.loader.size = 0;
	build_fails(in, -E_BADIMG, "loader is empty");
	free(in);
}

static void
test_image_bad_kernel(void **state)
{
	struct inputs *in = inputs_new(0);

	(void)state;
	k_eh(&in->kernel)->e_machine = EM_X86_64;
	build_fails(in, -E_BADIMG, "k.elf: not an i386 ELF (e_machine 62, x86-64)");
	free(in);
}

static void
test_image_modules(void **state)
{
	struct inputs *in = inputs_new(IMAGE_MAX_FILES);

	(void)state;
	build_fails(in, -E_2BIG, "too many modules (4)");
	in->spec.nmodules = 2;
	in->mods[1].name = "guest-os";
	build_fails(in, -E_INVAL, "'guest-os' given twice");
	in->mods[1].name = "kernel";
	build_fails(in, -E_INVAL, "'kernel' is taken");
	in->mods[1].name = "a-name-of-twenty-four-ch";
	build_fails(in, -E_INVAL, "24 characters; at most 23");
	in->mods[1].name = "a-name-of-twenty-three-";
	in->mods[1].size = 0;
	build_fails(in, -E_BADIMG, "mod.bin: module 'a-name-of-twenty-three-' is empty");
	in->mods[1].name = "with space";
	build_fails(in, -E_INVAL, "space");
	in->mods[1].name = "big";
	in->mods[1].size = IMAGE_LOAD_LIMIT;            // kernel + module no longer fit
	build_fails(in, -E_2BIG, "past the 16 MiB");
	free(in);
}

static void
test_image_cmdline(void **state)
{
	struct inputs *in = inputs_new(0);
	char text[CMDLINE_MAX + 1];
	struct image_header hdr;
	size_t size;

	(void)state;
	memset(text, 'x', CMDLINE_MAX);
	text[CMDLINE_MAX] = '\0';
	in->spec.cmdline = text;
	build_fails(in, -E_2BIG, "command line is 256 bytes; at most 255");
	text[CMDLINE_MAX - 1] = '\0';
	free(build_ok(in, &size, &hdr));
	assert_int_equal(strlen(hdr.cmdline), CMDLINE_MAX - 1);
	in->spec.cmdline = "test=fault\tverbose";
	build_fails(in, -E_INVAL, "non-printable byte 0x09 at 10");
	in->spec.cmdline = NULL;
	free(build_ok(in, &size, &hdr));
	assert_string_equal(hdr.cmdline, "");
	free(in);
}

// --- an existing image's header ---

static void
test_header_rewrite_cmdline(void **state)
{
	struct inputs *in = inputs_new(1);
	struct image_header hdr;
	char msg[MKIMAGE_MSG_MAX] = "";
	size_t size;
	uint8_t *img = build_ok(in, &size, &hdr);
	uint8_t *before = malloc(size);
	struct image_header *h = (struct image_header *)(img + SECTOR_SIZE);

	(void)state;
	assert_non_null(before);
	memcpy(before, img, size);
	assert_int_equal(header_set_cmdline(h, "guest=shell", msg, sizeof(msg)), 0);
	assert_string_equal(h->cmdline, "guest=shell");
	assert_memory_equal(img, before, SECTOR_SIZE);          // sector 0
	assert_memory_equal(img + 2 * SECTOR_SIZE, before + 2 * SECTOR_SIZE, size - 2 * SECTOR_SIZE);
	assert_memory_equal(h, before + SECTOR_SIZE, offsetof(struct image_header, cmdline));
	assert_int_equal(header_check(h, size, msg, sizeof(msg)), 0);
	assert_int_equal(header_set_cmdline(h, "bad\x01", msg, sizeof(msg)), -E_INVAL);
	assert_string_equal(h->cmdline, "guest=shell");         // unchanged on error
	free(before);
	free(img);
	free(in);
}

static void
test_header_check(void **state)
{
	struct inputs *in = inputs_new(1);
	struct image_header hdr, bad;
	char msg[MKIMAGE_MSG_MAX] = "";
	size_t size;

	(void)state;
	free(build_ok(in, &size, &hdr));
	bad = hdr;
	bad.magic = 0x464c457f;                 // an ELF's first bytes
	assert_int_equal(header_check(&bad, size, msg, sizeof(msg)), -E_BADIMG);
	assert_non_null(strstr(msg, "not a duplicata image (magic 0x464c457f"));
	bad = hdr;
	bad.version = 9;
	assert_int_equal(header_check(&bad, size, msg, sizeof(msg)), -E_BADIMG);
	assert_non_null(strstr(msg, "image version 9"));
	assert_int_equal(header_check(&hdr, size - 1, msg, sizeof(msg)), -E_BADIMG);
	assert_non_null(strstr(msg, "truncated image"));
	bad = hdr;
	bad.files[1].lba = 3;
	assert_int_equal(header_check(&bad, size, msg, sizeof(msg)), -E_BADIMG);
	assert_non_null(strstr(msg, "file 1 ('guest-os') at LBA 3"));
	bad = hdr;
	bad.nfiles = 0;
	assert_int_equal(header_check(&bad, size, msg, sizeof(msg)), -E_BADIMG);
	free(in);
}

static void
test_header_print(void **state)
{
	struct inputs *in = inputs_new(1);
	struct image_header hdr;
	char *text = NULL;
	size_t size, len;
	FILE *f;

	(void)state;
	free(build_ok(in, &size, &hdr));
	assert_non_null(f = open_memstream(&text, &len));
	header_print(f, &hdr);
	fclose(f);
	print_message("%s", text);
	assert_non_null(strstr(text, "1008 sectors"));
	assert_non_null(strstr(text, "64       512        kernel"));
	assert_non_null(strstr(text, "65       1000       guest-os"));
	assert_non_null(strstr(text, "cmdline \"test=fault verbose\""));
	free(text);
	free(in);
}

// --- end to end: real files in a temporary directory, through the subcommands ---

enum { F_BOOT, F_LOADER, F_KERNEL, F_GUEST, F_IMG, F_OUT, F_NFILES };

// A temporary directory with the inputs, a good image made from them, and the create args.
struct e2e {
	char dir[64];
	char path[F_NFILES][128];
	const char *names[1], *paths[1];
	struct create_args args;
	uint8_t *img;                   // the good image, as first written
	size_t size;
};

static void
e2e_write(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, size, f), size);
	assert_int_equal(fclose(f), 0);
}

// Runs fn(arg) with stdout or stderr (fd 1 or 2) sent to the file F_OUT; returns what it
// printed (a static buffer) and its exit status in *status.
static const char *
e2e_capture(struct e2e *t, int fd, int (*fn)(void *), void *arg, int *status)
{
	static char out[4096];
	int saved, tmp;
	FILE *f;
	size_t n;

	fflush(stdout);
	fflush(stderr);
	saved = dup(fd);
	tmp = open(t->path[F_OUT], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(saved >= 0 && tmp >= 0);
	dup2(tmp, fd);
	close(tmp);
	*status = fn(arg);
	fflush(fd == 1 ? stdout : stderr);
	dup2(saved, fd);
	close(saved);
	assert_non_null(f = fopen(t->path[F_OUT], "r"));
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	fclose(f);
	if (n > 0)
		print_message("      %s: %s", fd == 1 ? "stdout" : "stderr", out);
	return out;
}

static int
e2e_create(void *arg)
{
	return cmd_create(arg);
}

static int
e2e_info(void *arg)
{
	return cmd_info(arg);
}

struct cmdline_call {
	const char *img, *text;
};

static int
e2e_cmdline(void *arg)
{
	struct cmdline_call *c = arg;

	return cmd_cmdline(c->img, c->text);
}

// Number of entries in dir besides . and .. (a failed run must leave no temporary file).
static int
e2e_count(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

// Reads the image file; checks that it still matches t->img outside sector 1.
static uint8_t *
e2e_read_same(struct e2e *t)
{
	char msg[MKIMAGE_MSG_MAX] = "";
	uint8_t *now;
	size_t size;

	assert_int_equal(file_read(t->path[F_IMG], &now, &size, msg, sizeof(msg)), 0);
	assert_int_equal(size, t->size);
	assert_memory_equal(now, t->img, SECTOR_SIZE);
	assert_memory_equal(now + 2 * SECTOR_SIZE, t->img + 2 * SECTOR_SIZE, size - 2 * SECTOR_SIZE);
	return now;
}

// Setup: writes the inputs, runs create once, keeps the image it wrote.
static int
e2e_setup(void **state)
{
	static const char *files[F_NFILES] = { "boot.bin", "loader.bin", "k.elf", "guest.elf",
					       "disk.img", "out.txt" };
	struct inputs *in = inputs_new(0);
	struct e2e *t = calloc(1, sizeof(*t));
	char dir[] = "/tmp/test_mkimage.XXXXXX";
	char msg[MKIMAGE_MSG_MAX] = "";
	int i, status;

	assert_non_null(t);
	assert_non_null(mkdtemp(dir));
	strcpy(t->dir, dir);
	for (i = 0; i < F_NFILES; i++)
		snprintf(t->path[i], sizeof(t->path[i]), "%s/%s", dir, files[i]);
	e2e_write(t->path[F_BOOT], in->boot, SECTOR_SIZE);
	e2e_write(t->path[F_LOADER], in->loader, 3000);
	e2e_write(t->path[F_KERNEL], in->kernel.b, KSIZE);
	e2e_write(t->path[F_GUEST], module_bytes, 777);
	t->names[0] = "guest-os";
	t->paths[0] = t->path[F_GUEST];
	t->args = (struct create_args){ t->path[F_IMG], t->path[F_BOOT], t->path[F_LOADER],
					t->path[F_KERNEL], t->names, t->paths, 1, "test=e2e" };
	e2e_capture(t, 2, e2e_create, &t->args, &status);
	assert_int_equal(status, 0);
	assert_int_equal(file_read(t->path[F_IMG], &t->img, &t->size, msg, sizeof(msg)), 0);
	free(in);
	*state = t;
	return 0;
}

static int
e2e_teardown(void **state)
{
	struct e2e *t = *state;
	int i;

	for (i = 0; i < F_NFILES; i++)
		unlink(t->path[i]);
	rmdir(t->dir);
	free(t->img);
	free(t);
	return 0;
}

// create wrote a header that file_read_header accepts, with the module's real size.
static void
test_e2e_create(void **state)
{
	struct e2e *t = *state;
	char msg[MKIMAGE_MSG_MAX] = "";
	struct image_header hdr;

	assert_int_equal(file_read_header(t->path[F_IMG], &hdr, msg, sizeof(msg)), 0);
	assert_int_equal(hdr.nfiles, 2);
	assert_int_equal(hdr.files[1].size, 777);
	assert_memory_equal(t->img + (size_t)hdr.files[1].lba * SECTOR_SIZE, module_bytes, 777);
	assert_int_equal(t->size % (IMAGE_PAD_SECTORS * SECTOR_SIZE), 0);
}

// cmdline prints the command line, and rewrites sector 1 only.
static void
test_e2e_cmdline(void **state)
{
	struct e2e *t = *state;
	struct cmdline_call call = { t->path[F_IMG], NULL };
	const char *out;
	uint8_t *now;
	int status;

	out = e2e_capture(t, 1, e2e_cmdline, &call, &status);
	assert_int_equal(status, 0);
	assert_string_equal(out, "test=e2e\n");
	call.text = "test=other";
	e2e_capture(t, 1, e2e_cmdline, &call, &status);
	assert_int_equal(status, 0);
	now = e2e_read_same(t);
	assert_string_equal(((struct image_header *)(now + SECTOR_SIZE))->cmdline, "test=other");
	free(now);
	call.text = NULL;
	out = e2e_capture(t, 1, e2e_cmdline, &call, &status);
	assert_string_equal(out, "test=other\n");
}

// A failing create says why and leaves the good image as it was, with no temp file beside it.
static void
test_e2e_create_fails(void **state)
{
	struct e2e *t = *state;
	struct create_args a = t->args;
	const char *out;
	int status;

	a.cmdline = NULL;
	a.kernel = t->path[F_BOOT];             // the boot sector is no ELF
	out = e2e_capture(t, 2, e2e_create, &a, &status);
	assert_int_equal(status, 1);
	assert_non_null(strstr(out, "mkimage: "));
	assert_non_null(strstr(out, "boot.bin: not an ELF file"));
	a.kernel = "/nonexistent/missing.elf";
	out = e2e_capture(t, 2, e2e_create, &a, &status);
	assert_int_equal(status, 1);
	assert_non_null(strstr(out, "mkimage: /nonexistent/missing.elf: cannot open: No such file"));
	free(e2e_read_same(t));
	assert_int_equal(e2e_count(t->dir), F_NFILES);
}

// cmdline and info on a file that is no image: a clear error, the file untouched.
static void
test_e2e_not_an_image(void **state)
{
	struct e2e *t = *state;
	struct cmdline_call call = { t->path[F_LOADER], "x=1" };
	uint8_t *now;
	size_t size;
	char msg[MKIMAGE_MSG_MAX] = "";
	const char *out;
	int status;

	out = e2e_capture(t, 2, e2e_cmdline, &call, &status);
	assert_int_equal(status, 1);
	assert_non_null(strstr(out, "loader.bin: not a duplicata image (magic 0x1d1d1d1d"));
	assert_int_equal(file_read(t->path[F_LOADER], &now, &size, msg, sizeof(msg)), 0);
	assert_int_equal(size, 3000);
	assert_int_equal(now[SECTOR_SIZE + 0x100], 0x1D);
	free(now);
	out = e2e_capture(t, 2, e2e_info, t->path[F_KERNEL], &status);
	assert_int_equal(status, 1);
	assert_non_null(strstr(out, "k.elf: not a duplicata image (512 bytes, too small"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elf_good),
		cmocka_unit_test(test_elf_x86_64),
		cmocka_unit_test(test_elf_class64),
		cmocka_unit_test(test_elf_big_endian),
		cmocka_unit_test(test_elf_dyn),
		cmocka_unit_test(test_elf_no_load),
		cmocka_unit_test(test_elf_below_1mib),
		cmocka_unit_test(test_elf_filesz_memsz),
		cmocka_unit_test(test_elf_truncated_phdrs),
		cmocka_unit_test(test_elf_segment_past_eof),
		cmocka_unit_test(test_elf_past_load_limit),
		cmocka_unit_test(test_elf_entry_outside),
		cmocka_unit_test(test_elf_entry_virtual),
		cmocka_unit_test(test_elf_not_elf),
		cmocka_unit_test(test_elf_empty),
		cmocka_unit_test(test_elf_truncated_header),
		cmocka_unit_test(test_elf_phentsize),
		cmocka_unit_test(test_image_header),
		cmocka_unit_test(test_image_contents),
		cmocka_unit_test(test_image_alignment),
		cmocka_unit_test(test_image_padding),
		cmocka_unit_test(test_image_boot_sector),
		cmocka_unit_test(test_image_loader_size),
		cmocka_unit_test(test_image_bad_kernel),
		cmocka_unit_test(test_image_modules),
		cmocka_unit_test(test_image_cmdline),
		cmocka_unit_test(test_header_rewrite_cmdline),
		cmocka_unit_test(test_header_check),
		cmocka_unit_test(test_header_print),
	};
	// Each end-to-end test gets a fresh temporary directory with a good image in it.
	const struct CMUnitTest e2e[] = {
		cmocka_unit_test_setup_teardown(test_e2e_create, e2e_setup, e2e_teardown),
		cmocka_unit_test_setup_teardown(test_e2e_cmdline, e2e_setup, e2e_teardown),
		cmocka_unit_test_setup_teardown(test_e2e_create_fails, e2e_setup, e2e_teardown),
		cmocka_unit_test_setup_teardown(test_e2e_not_an_image, e2e_setup, e2e_teardown),
	};
	int failed;

	failed = cmocka_run_group_tests_name("mkimage", tests, NULL, NULL);
	return failed + cmocka_run_group_tests_name("mkimage end to end", e2e, NULL, NULL);
}
