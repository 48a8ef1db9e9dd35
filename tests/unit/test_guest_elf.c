// test_guest_elf.c: unit tests of the guest OS's ELF checks (guest-os/kernel/elf.c), on
// programs built in memory.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <elf.h>
#include <string.h>

#include "guest-os/kernel/elf.h"
#include "lib/error.h"

#define LO     0x00400000u
#define HI     0xBFFFC000u
#define NPH    3                   // text, data, a PT_NOTE that must be skipped
#define SIZE   0x300

struct prog {
	_Alignas(8) uint8_t b[SIZE];
};

static Elf32_Ehdr *
eh(struct prog *p)
{
	return (Elf32_Ehdr *)p->b;
}

static Elf32_Phdr *
ph(struct prog *p, int i)
{
	return (Elf32_Phdr *)(p->b + sizeof(Elf32_Ehdr)) + i;
}

static void
phdr(struct prog *p, int i, uint32_t type, uint32_t vaddr, uint32_t off, uint32_t filesz,
     uint32_t memsz, uint32_t flags)
{
	*ph(p, i) = (Elf32_Phdr){ .p_type = type, .p_offset = off, .p_vaddr = vaddr,
				  .p_paddr = vaddr, .p_filesz = filesz, .p_memsz = memsz,
				  .p_flags = flags, .p_align = 0x1000 };
}

// Text at LO (file bytes 0x100..0x1FF), data and bss at LO + 0x1000, entry at LO.
static void
prog_init(struct prog *p)
{
	memset(p, 0, sizeof *p);
	memcpy(eh(p)->e_ident, ELFMAG, SELFMAG);
	eh(p)->e_ident[EI_CLASS] = ELFCLASS32;
	eh(p)->e_ident[EI_DATA] = ELFDATA2LSB;
	eh(p)->e_ident[EI_VERSION] = EV_CURRENT;
	eh(p)->e_type = ET_EXEC;
	eh(p)->e_machine = EM_386;
	eh(p)->e_version = EV_CURRENT;
	eh(p)->e_entry = LO;
	eh(p)->e_phoff = sizeof(Elf32_Ehdr);
	eh(p)->e_ehsize = sizeof(Elf32_Ehdr);
	eh(p)->e_phentsize = sizeof(Elf32_Phdr);
	eh(p)->e_phnum = NPH;
	phdr(p, 0, PT_LOAD, LO, 0x100, 0x100, 0x100, PF_R | PF_X);
	phdr(p, 1, PT_LOAD, LO + 0x1000, 0x200, 0x80, 0x2000, PF_R | PF_W);
	phdr(p, 2, PT_NOTE, 0, 0x280, 0x10, 0x10, PF_R);
}

static int
parse(struct prog *p, struct elf_prog *out)
{
	return elf_parse(p->b, SIZE, LO, HI, out);
}

static void
test_elf_valid(void **state)
{
	struct prog p;
	struct elf_prog out;

	(void)state;
	prog_init(&p);
	assert_int_equal(parse(&p, &out), 0);
	assert_int_equal(out.entry, LO);
	assert_int_equal(out.nsegs, 2);
	assert_int_equal(out.segs[0].vaddr, LO);
	assert_int_equal(out.segs[0].offset, 0x100);
	assert_int_equal(out.segs[0].writable, 0);
	assert_int_equal(out.segs[1].memsz, 0x2000);
	assert_int_equal(out.segs[1].filesz, 0x80);
	assert_int_equal(out.segs[1].writable, 1);
}

// Each change to a valid program that the loader must refuse.
static void
test_elf_bad_headers(void **state)
{
	struct prog p;
	struct elf_prog out;

	(void)state;
	prog_init(&p), p.b[0] = 0;
	assert_int_equal(parse(&p, &out), -E_BADIMG);
	prog_init(&p), eh(&p)->e_machine = EM_X86_64;
	assert_int_equal(parse(&p, &out), -E_BADIMG);
	prog_init(&p), eh(&p)->e_type = ET_DYN;
	assert_int_equal(parse(&p, &out), -E_BADIMG);
	prog_init(&p), eh(&p)->e_ident[EI_CLASS] = ELFCLASS64;
	assert_int_equal(parse(&p, &out), -E_BADIMG);
	prog_init(&p), eh(&p)->e_phnum = 40;                // past the end of the file
	assert_int_equal(parse(&p, &out), -E_BADIMG);
	prog_init(&p), eh(&p)->e_phoff = 0xFFFFFFF0;
	assert_int_equal(parse(&p, &out), -E_BADIMG);
	prog_init(&p), eh(&p)->e_entry = LO + 0x1000 + 0x100;  // in the bss, not in code
	assert_int_equal(parse(&p, &out), -E_BADIMG);
	assert_int_equal(elf_parse(p.b, 20, LO, HI, &out), -E_BADIMG);   // truncated
}

static void
test_elf_bad_segments(void **state)
{
	struct prog p;
	struct elf_prog out;

	(void)state;
	prog_init(&p), ph(&p, 0)->p_filesz = 0x200;         // more in the file than in memory
	assert_int_equal(parse(&p, &out), -E_BADIMG);
	prog_init(&p), ph(&p, 1)->p_offset = SIZE - 0x10;   // bytes past the end of the file
	assert_int_equal(parse(&p, &out), -E_BADIMG);
	prog_init(&p), ph(&p, 1)->p_offset = 0xFFFFFFF0;    // offset + size wraps around
	assert_int_equal(parse(&p, &out), -E_BADIMG);
	prog_init(&p), ph(&p, 1)->p_vaddr = LO - 0x1000;    // below user programs
	assert_int_equal(parse(&p, &out), -E_BADIMG);
	prog_init(&p), ph(&p, 1)->p_vaddr = HI - 0x1000;    // runs into the stack
	assert_int_equal(parse(&p, &out), -E_BADIMG);
	prog_init(&p), ph(&p, 1)->p_memsz = 0xFFFFF000;     // vaddr + memsz wraps around
	assert_int_equal(parse(&p, &out), -E_BADIMG);
	prog_init(&p), ph(&p, 0)->p_type = PT_NULL, ph(&p, 1)->p_type = PT_NULL;
	assert_int_equal(parse(&p, &out), -E_BADIMG);       // nothing to load
}

static void
test_elf_too_many_segments(void **state)
{
	struct prog p;
	struct elf_prog out;

	(void)state;
	prog_init(&p);
	eh(&p)->e_phnum = ELF_MAX_SEGS + 1;
	for (int i = 0; i <= ELF_MAX_SEGS; i++)
		phdr(&p, i, PT_LOAD, LO + i * 0x1000, 0x100, 0x10, 0x10, PF_R | PF_X);
	assert_int_equal(parse(&p, &out), -E_2BIG);
	ph(&p, ELF_MAX_SEGS)->p_memsz = 0;                  // empty: skipped
	ph(&p, ELF_MAX_SEGS)->p_filesz = 0;
	assert_int_equal(parse(&p, &out), 0);
	assert_int_equal(out.nsegs, ELF_MAX_SEGS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elf_valid),
		cmocka_unit_test(test_elf_bad_headers),
		cmocka_unit_test(test_elf_bad_segments),
		cmocka_unit_test(test_elf_too_many_segments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
