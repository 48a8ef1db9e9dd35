// header.c: reads, checks, edits and prints the image header of an existing image (sector 1).
#include <inttypes.h>
#include <string.h>

#include "mkimage.h"

// Magic and version first, so that a file that is not an image gets one clear message.
static int
header_check_id(const struct image_header *hdr, char *msg, size_t n)
{
	if (hdr->magic != IMAGE_MAGIC)
		return msg_fail(msg, n, -E_BADIMG, "not a duplicata image (magic 0x%08x at byte %d, "
				"expected 0x%08x \"DUPA\"): build one with 'mkimage create'",
				hdr->magic, IMAGE_HEADER_LBA * SECTOR_SIZE, IMAGE_MAGIC);
	if (hdr->version != IMAGE_VERSION)
		return msg_fail(msg, n, -E_BADIMG, "image version %u, this mkimage reads version %d: "
				"rebuild the image", hdr->version, IMAGE_VERSION);
	return 0;
}

// files[i]: a NUL-terminated name, and its sectors inside the files area of the image.
static int
header_check_file(const struct image_header *hdr, unsigned i, char *msg, size_t n)
{
	const struct image_file *f = &hdr->files[i];
	uint64_t end = f->lba + ((uint64_t)f->size + SECTOR_SIZE - 1) / SECTOR_SIZE;

	if (memchr(f->name, '\0', sizeof(f->name)) == NULL)
		return msg_fail(msg, n, -E_BADIMG, "file %u's name is not NUL-terminated", i);
	if (f->lba < IMAGE_FILES_LBA || end > hdr->sectors)
		return msg_fail(msg, n, -E_BADIMG, "file %u ('%s') at LBA %u, %u bytes, is outside "
				"the files area (LBA %d..%u)", i, f->name, f->lba, f->size,
				IMAGE_FILES_LBA, hdr->sectors - 1);
	return 0;
}

int
header_check(const struct image_header *hdr, uint64_t filesize, char *msg, size_t msgsize)
{
	uint64_t need = (uint64_t)hdr->sectors * SECTOR_SIZE;
	unsigned i;
	int err;

	if ((err = header_check_id(hdr, msg, msgsize)) < 0)
		return err;
	if (hdr->nfiles < 1 || hdr->nfiles > IMAGE_MAX_FILES)
		return msg_fail(msg, msgsize, -E_BADIMG, "header lists %u files; expected 1..%d",
				hdr->nfiles, IMAGE_MAX_FILES);
	if (filesize < need)
		return msg_fail(msg, msgsize, -E_BADIMG, "truncated image: the header says %u sectors "
				"(%" PRIu64 " bytes), the file has %" PRIu64 " bytes",
				hdr->sectors, need, filesize);
	for (i = 0; i < hdr->nfiles; i++)
		if ((err = header_check_file(hdr, i, msg, msgsize)) < 0)
			return err;
	if (memchr(hdr->cmdline, '\0', sizeof(hdr->cmdline)) == NULL)
		return msg_fail(msg, msgsize, -E_BADIMG, "the command line is not NUL-terminated");
	return 0;
}

int
header_set_cmdline(struct image_header *hdr, const char *text, char *msg, size_t msgsize)
{
	int err;

	if ((err = image_check_cmdline(text, msg, msgsize)) < 0)
		return err;
	memset(hdr->cmdline, 0, sizeof(hdr->cmdline));
	memcpy(hdr->cmdline, text, strlen(text));
	return 0;
}

void
header_print(FILE *out, const struct image_header *hdr)
{
	unsigned i;

	fprintf(out, "image version %u, %u sectors (%llu bytes), %u file%s\n", hdr->version,
		hdr->sectors, (unsigned long long)hdr->sectors * SECTOR_SIZE, hdr->nfiles,
		hdr->nfiles == 1 ? "" : "s");
	fprintf(out, "  %-8s %-10s %s\n", "lba", "bytes", "name");
	for (i = 0; i < hdr->nfiles && i < IMAGE_MAX_FILES; i++)
		fprintf(out, "  %-8u %-10u %.*s\n", hdr->files[i].lba, hdr->files[i].size,
			IMAGE_NAME_MAX, hdr->files[i].name);
	fprintf(out, "cmdline \"%.*s\"\n", CMDLINE_MAX, hdr->cmdline);
}
