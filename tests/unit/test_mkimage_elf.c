// test_mkimage_elf.c: the image tool's ELF checks (scripts/mkimage/elfcheck.c) on kernels
// built in memory: what elf_check accepts, and the message it gives for each way a kernel
// can be wrong.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <elf.h>
#include <string.h>

#include "tests/unit/mkimage_fixture.h"

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
	};
	return cmocka_run_group_tests_name("mkimage ELF checks", tests, NULL, NULL);
}
