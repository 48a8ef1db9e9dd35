// test_gload.c: guest-physical memory and loading a guest kernel into it.
#include <elf.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "boot/image.h"
#include "lib/error.h"
#include "vmm/gload.h"

#define MIB (1u << 20)

static int pages_live, pages_budget = -1;
static struct gmem mem;
static char msg[256];

static void *
page_alloc(void)
{
	if (pages_budget == 0)
		return NULL;
	pages_budget--;
	pages_live++;
	return aligned_alloc(4096, 4096);
}

static void
page_free(void *p)
{
	pages_live--;
	free(p);
}

static int
setup(void **state)
{
	(void)state;
	pages_budget = -1;
	return gmem_init(&mem, 2 * MIB, page_alloc, page_free);
}

static int
teardown(void **state)
{
	(void)state;
	gmem_free(&mem);
	assert_int_equal(pages_live, 0);
	return 0;
}

static void
test_gmem_copies_across_pages(void **state)
{
	(void)state;
	char in[6000], out[6000];
	for (size_t i = 0; i < sizeof in; i++)
		in[i] = (char)(i * 7);
	assert_int_equal(gmem_write(&mem, 4000, in, sizeof in), 0);
	assert_int_equal(gmem_read(&mem, 4000, out, sizeof out), 0);
	assert_memory_equal(in, out, sizeof in);
	assert_int_equal(((char *)gmem_page(&mem, 4096))[0], in[96]);
	assert_int_equal(gmem_read(&mem, 2 * MIB - 2, out, 4), -E_FAULT);
	assert_int_equal(gmem_write(&mem, 0xFFFFFFFF, in, 2), -E_FAULT);
	assert_null(gmem_page(&mem, 2 * MIB));
}

static void
test_gmem_sizes_and_exhaustion(void **state)
{
	(void)state;
	struct gmem m;
	assert_int_equal(gmem_init(&m, 0, page_alloc, page_free), -E_INVAL);
	assert_int_equal(gmem_init(&m, GMEM_MAX + 1, page_alloc, page_free), -E_INVAL);
	int before = pages_live;
	pages_budget = 10;
	assert_int_equal(gmem_init(&m, MIB, page_alloc, page_free), -E_NOMEM);
	assert_int_equal(pages_live, before);          // what it got is given back
	pages_budget = -1;
}

// A guest kernel: text at 1 MiB (entry inside), data + bss at 1 MiB + 8 KiB.
static uint8_t elf[4096];

static Elf32_Phdr *
make_elf(void)
{
	Elf32_Ehdr *eh = (Elf32_Ehdr *)elf;
	Elf32_Phdr *ph = (Elf32_Phdr *)(elf + sizeof *eh);

	memset(elf, 0, sizeof elf);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_386;
	eh->e_entry = MIB + 4;
	eh->e_phoff = sizeof *eh;
	eh->e_phnum = 2;
	ph[0] = (Elf32_Phdr){ .p_type = PT_LOAD, .p_offset = 1024, .p_paddr = MIB, .p_filesz = 16,
			      .p_memsz = 16 };
	ph[1] = (Elf32_Phdr){ .p_type = PT_LOAD, .p_offset = 2048, .p_paddr = MIB + 8192,
			      .p_filesz = 8, .p_memsz = 5000 };
	memset(elf + 1024, 0x90, 16);
	memset(elf + 2048, 0xAB, 8);
	return ph;
}

static int
load(void)
{
	struct guest_entry e = { 0, 0, 0 };
	int err = gload_elf(&mem, elf, sizeof elf, "test=boot", &e, msg, sizeof msg);
	if (err == 0) {
		assert_int_equal(e.eip, MIB + 4);
		assert_int_equal(e.eax, BOOTINFO_MAGIC);
		assert_int_equal(e.ebx, BOOTINFO_ADDR);
	}
	return err;
}

static void
test_gload_places_segments_and_bootinfo(void **state)
{
	(void)state;
	uint8_t junk[5000], b[5000];
	memset(junk, 0x55, sizeof junk);
	gmem_write(&mem, MIB + 8192, junk, sizeof junk);      // bss must come out zeroed
	make_elf();
	assert_int_equal(load(), 0);
	assert_int_equal(gmem_read(&mem, MIB, b, 16), 0);
	assert_int_equal(b[0], 0x90);
	assert_int_equal(gmem_read(&mem, MIB + 8192, b, 5000), 0);
	assert_int_equal(b[7], 0xAB);
	assert_int_equal(b[8], 0);
	assert_int_equal(b[4999], 0);
	struct bootinfo bi;
	assert_int_equal(gmem_read(&mem, BOOTINFO_ADDR, &bi, sizeof bi), 0);
	assert_int_equal(bi.magic, BOOTINFO_MAGIC);
	assert_string_equal(bi.cmdline, "test=boot");
	assert_int_equal(bi.ne820, 3);
	assert_int_equal(bi.e820[2].base, MIB);
	assert_int_equal(bi.e820[2].base + bi.e820[2].length, 2 * MIB);
	assert_int_equal(bi.e820[2].type, E820_RAM);
}

static void
test_gload_refuses_bad_kernels(void **state)
{
	(void)state;
	Elf32_Phdr *ph = make_elf();
	((Elf32_Ehdr *)elf)->e_machine = EM_X86_64;
	assert_int_equal(load(), -E_BADIMG);
	assert_non_null(strstr(msg, "not an i386 executable (e_machine 62"));
	ph = make_elf();
	ph[1].p_memsz = 2 * MIB;                              // past the end of guest RAM
	assert_int_equal(load(), -E_BADIMG);
	assert_non_null(strstr(msg, "is not in guest RAM"));
	ph = make_elf();
	ph[0].p_paddr = 0x7000;
	assert_int_equal(load(), -E_BADIMG);
	ph = make_elf();
	((Elf32_Ehdr *)elf)->e_entry = MIB + 100;             // past the loaded bytes
	assert_int_equal(load(), -E_BADIMG);
	assert_non_null(strstr(msg, "entry point 0x00100064"));
	ph = make_elf();
	ph[0].p_offset = sizeof elf - 4;
	assert_int_equal(load(), -E_BADIMG);
	memset(elf, 0, 4);
	assert_int_equal(load(), -E_BADIMG);
	assert_non_null(strstr(msg, "not an ELF file"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_gmem_copies_across_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gmem_sizes_and_exhaustion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gload_places_segments_and_bootinfo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gload_refuses_bad_kernels, setup, teardown),
	};
	return cmocka_run_group_tests_name("guest memory and loading", tests, NULL, NULL);
}
