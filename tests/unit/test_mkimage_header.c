// test_mkimage_header.c: editing and checking an existing image's header
// (scripts/mkimage/header.c): a new command line, the checks on a damaged header, the listing.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/mkimage_fixture.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_rewrite_cmdline),
		cmocka_unit_test(test_header_check),
		cmocka_unit_test(test_header_print),
	};
	return cmocka_run_group_tests_name("mkimage header", tests, NULL, NULL);
}
