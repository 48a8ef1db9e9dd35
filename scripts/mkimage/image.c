// image.c: lays out and builds the boot disk image in memory (format: include/boot/image.h).
#include <stdlib.h>
#include <string.h>

#include "mkimage.h"

#define BOOT_SIGNATURE_0 0x55         // bytes 510 and 511 of a bootable sector
#define BOOT_SIGNATURE_1 0xAA

// Sectors needed to hold bytes (a partial last sector counts as one).
static uint64_t
image_sectors_of(uint64_t bytes)
{
	return (bytes + SECTOR_SIZE - 1) / SECTOR_SIZE;
}

// The BIOS loads sector 0 and runs it only if it ends with the signature.
static int
image_check_boot(const struct blob *b, char *msg, size_t n)
{
	if (b->size != SECTOR_SIZE)
		return msg_fail(msg, n, -E_BADIMG,
				"%s: boot sector is %zu bytes; it must be exactly %d (one sector)",
				b->path, b->size, SECTOR_SIZE);
	if (b->data[510] != BOOT_SIGNATURE_0 || b->data[511] != BOOT_SIGNATURE_1)
		return msg_fail(msg, n, -E_BADIMG,
				"%s: boot sector ends with 0x%02x 0x%02x, not the signature 0x55 0xAA "
				"the BIOS needs to boot it", b->path, b->data[510], b->data[511]);
	return 0;
}

// The boot sector reads a fixed run of sectors (1..63) before the loader runs: it must fit.
static int
image_check_loader(const struct blob *b, char *msg, size_t n)
{
	const size_t max = (size_t)IMAGE_LOADER_SECTORS * SECTOR_SIZE;

	if (b->size == 0)
		return msg_fail(msg, n, -E_BADIMG, "%s: loader is empty (0 bytes)", b->path);
	if (b->size > max)
		return msg_fail(msg, n, -E_2BIG,
				"%s: loader is %zu bytes (%llu sectors); the image has room for %d "
				"sectors (%zu bytes) at LBA %d..%d", b->path, b->size,
				(unsigned long long)image_sectors_of(b->size), IMAGE_LOADER_SECTORS,
				max, IMAGE_LOADER_LBA, IMAGE_FILES_LBA - 1);
	return 0;
}

int
image_check_name(const char *name, char *msg, size_t msgsize)
{
	size_t len = strlen(name), i;

	if (len == 0)
		return msg_fail(msg, msgsize, -E_INVAL, "empty module name");
	if (len >= IMAGE_NAME_MAX)
		return msg_fail(msg, msgsize, -E_INVAL,
				"module name '%s' is %zu characters; at most %d fit in the header",
				name, len, IMAGE_NAME_MAX - 1);
	for (i = 0; i < len; i++)
		if (name[i] <= ' ' || name[i] > '~')
			return msg_fail(msg, msgsize, -E_INVAL, "module name '%s' has a space or a "
					"non-printable character (byte 0x%02x at %zu)",
					name, (unsigned char)name[i], i);
	if (strcmp(name, "kernel") == 0)
		return msg_fail(msg, msgsize, -E_INVAL, "module name 'kernel' is taken by the kernel");
	return 0;
}

int
image_check_cmdline(const char *text, char *msg, size_t msgsize)
{
	size_t len = strlen(text), i;

	if (len >= CMDLINE_MAX)
		return msg_fail(msg, msgsize, -E_2BIG,
				"command line is %zu bytes; at most %d fit in the header",
				len, CMDLINE_MAX - 1);
	for (i = 0; i < len; i++)
		if (text[i] < ' ' || text[i] > '~')
			return msg_fail(msg, msgsize, -E_INVAL,
					"command line has a non-printable byte 0x%02x at %zu: "
					"only printable ASCII is allowed", (unsigned char)text[i], i);
	return 0;
}

// Module count, names (valid and distinct) and sizes (not empty, fit the 32-bit size field).
static int
image_check_modules(const struct image_spec *s, char *msg, size_t n)
{
	size_t i, j;
	int err;

	if (s->nmodules > IMAGE_MAX_FILES - 1)
		return msg_fail(msg, n, -E_2BIG, "too many modules (%zu): the header has room for "
				"%d files, the kernel and %d modules", s->nmodules, IMAGE_MAX_FILES,
				IMAGE_MAX_FILES - 1);
	for (i = 0; i < s->nmodules; i++) {
		const struct blob *m = &s->modules[i];

		if ((err = image_check_name(m->name, msg, n)) < 0)
			return err;
		for (j = 0; j < i; j++)
			if (strcmp(s->modules[j].name, m->name) == 0)
				return msg_fail(msg, n, -E_INVAL, "module name '%s' given twice",
						m->name);
		if (m->size == 0)
			return msg_fail(msg, n, -E_BADIMG, "%s: module '%s' is empty (0 bytes)",
					m->path, m->name);
		if (m->size > UINT32_MAX)
			return msg_fail(msg, n, -E_2BIG, "%s: module '%s' is %zu bytes; the header "
					"records sizes in 32 bits", m->path, m->name, m->size);
	}
	return 0;
}

// The loader puts the modules after the kernel, each on a page boundary, as loader.c does:
// all of it must end below IMAGE_LOAD_LIMIT.
static int
image_check_fit(const struct image_spec *s, char *msg, size_t n)
{
	uint64_t end = elf_load_end(s->kernel.data);

	for (size_t i = 0; i < s->nmodules; i++)
		end = ((end + 0xFFF) & ~0xFFFull) + s->modules[i].size;
	if (end > IMAGE_LOAD_LIMIT)
		return msg_fail(msg, n, -E_2BIG, "%s: the kernel and its modules need memory up to "
				"0x%llx, past the 16 MiB (0x%x) the loader fills", s->kernel.path,
				(unsigned long long)end, IMAGE_LOAD_LIMIT);
	return 0;
}

int
image_check(const struct image_spec *spec, char *msg, size_t msgsize)
{
	int err;

	if ((err = image_check_boot(&spec->boot, msg, msgsize)) < 0)
		return err;
	if ((err = image_check_loader(&spec->loader, msg, msgsize)) < 0)
		return err;
	if ((err = elf_check(spec->kernel.data, spec->kernel.size, msg, msgsize)) < 0) {
		msg_prefix(msg, msgsize, spec->kernel.path);
		return err;
	}
	if ((err = image_check_modules(spec, msg, msgsize)) < 0)
		return err;
	if ((err = image_check_fit(spec, msg, msgsize)) < 0)
		return err;
	if (spec->cmdline && (err = image_check_cmdline(spec->cmdline, msg, msgsize)) < 0)
		return err;
	return 0;
}

// Sets files[i] to start at *lba and advances *lba past it.
static void
image_place(struct image_file *f, const struct blob *b, const char *name, uint32_t *lba)
{
	f->lba = *lba;
	f->size = (uint32_t)b->size;
	strncpy(f->name, name, sizeof(f->name) - 1);
	*lba += (uint32_t)image_sectors_of(b->size);
}

size_t
image_layout(const struct image_spec *spec, struct image_header *hdr)
{
	uint32_t lba = IMAGE_FILES_LBA;
	size_t i;

	// Zeroed first: names, cmdline and reserved bytes are NUL-padded.
	memset(hdr, 0, sizeof(*hdr));
	hdr->magic = IMAGE_MAGIC;
	hdr->version = IMAGE_VERSION;
	hdr->nfiles = 1 + (uint32_t)spec->nmodules;
	image_place(&hdr->files[0], &spec->kernel, "kernel", &lba);
	for (i = 0; i < spec->nmodules; i++)
		image_place(&hdr->files[1 + i], &spec->modules[i], spec->modules[i].name, &lba);
	// Bochs takes the disk geometry from the file size: round up to whole cylinders.
	hdr->sectors = (lba + IMAGE_PAD_SECTORS - 1) / IMAGE_PAD_SECTORS * IMAGE_PAD_SECTORS;
	if (spec->cmdline)
		strncpy(hdr->cmdline, spec->cmdline, sizeof(hdr->cmdline) - 1);
	return (size_t)hdr->sectors * SECTOR_SIZE;
}

// The image's total size must fit the header's 32-bit sector count (checked in 64 bits).
static int
image_check_total(const struct image_spec *s, char *msg, size_t n)
{
	uint64_t sectors = IMAGE_FILES_LBA + image_sectors_of(s->kernel.size);
	size_t i;

	for (i = 0; i < s->nmodules; i++)
		sectors += image_sectors_of(s->modules[i].size);
	if (s->kernel.size > UINT32_MAX || sectors + IMAGE_PAD_SECTORS > UINT32_MAX)
		return msg_fail(msg, n, -E_2BIG, "the image would have %llu sectors, too many for "
				"the header's 32-bit fields", (unsigned long long)sectors);
	return 0;
}

int
image_build(const struct image_spec *spec, uint8_t **out, size_t *outsize,
	    char *msg, size_t msgsize)
{
	struct image_header hdr;
	size_t size, i;
	uint8_t *img;
	int err;

	if ((err = image_check(spec, msg, msgsize)) < 0 ||
	    (err = image_check_total(spec, msg, msgsize)) < 0)
		return err;
	size = image_layout(spec, &hdr);
	if (!(img = calloc(1, size)))
		return msg_fail(msg, msgsize, -E_NOMEM, "out of memory for a %zu-byte image", size);
	// calloc'd, so every gap (loader tail, file tails, padding) is already zero.
	memcpy(img, spec->boot.data, SECTOR_SIZE);
	memcpy(img + IMAGE_HEADER_LBA * SECTOR_SIZE, &hdr, sizeof(hdr));
	memcpy(img + IMAGE_LOADER_LBA * SECTOR_SIZE, spec->loader.data, spec->loader.size);
	memcpy(img + (size_t)hdr.files[0].lba * SECTOR_SIZE, spec->kernel.data, spec->kernel.size);
	for (i = 0; i < spec->nmodules; i++)
		memcpy(img + (size_t)hdr.files[1 + i].lba * SECTOR_SIZE, spec->modules[i].data,
		       spec->modules[i].size);
	*out = img;
	*outsize = size;
	return 0;
}
