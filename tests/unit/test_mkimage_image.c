// test_mkimage_image.c: building an image (scripts/mkimage/image.c) from inputs in memory:
// the header and layout it writes, sector alignment and padding, and the inputs it refuses.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tests/unit/mkimage_fixture.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_image_header),
		cmocka_unit_test(test_image_contents),
		cmocka_unit_test(test_image_alignment),
		cmocka_unit_test(test_image_padding),
		cmocka_unit_test(test_image_boot_sector),
		cmocka_unit_test(test_image_loader_size),
		cmocka_unit_test(test_image_bad_kernel),
		cmocka_unit_test(test_image_modules),
		cmocka_unit_test(test_image_cmdline),
	};
	return cmocka_run_group_tests_name("mkimage image building", tests, NULL, NULL);
}
