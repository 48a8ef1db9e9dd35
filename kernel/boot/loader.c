// loader.c: the boot loader's second stage, in 32-bit protected mode. Reads the kernel ELF and
// the modules named by the image header from the disk (ATA PIO, so it never returns to the
// BIOS), fills struct bootinfo and jumps to the kernel. Errors are printed on COM1 and 0xE9.
#include <elf.h>
#include <stdint.h>
#include "boot/image.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "pc/pc.h"
#include "pc/uart.h"
#include "x86/paging.h"
#include "x86/x86.h"

void loader_main(void) __attribute__((noreturn, section(".text.entry")));

#define BLOCK_SECTORS  16                             // sectors per DRQ block, at most
#define BOUNCE_SECTORS (BOOT_BOUNCE_SIZE / SECTOR_SIZE) // sectors per read command

static uint32_t block_sectors = 1;   // the drive's sectors per block (READ MULTIPLE if > 1)

static void
serial_putc(int c, void *arg)
{
	(void)arg;
	for (int i = 0; i < 100000 && !(inb(COM1_PORT + UART_LSR) & UART_LSR_THRE); i++)
		;
	outb(COM1_PORT + UART_THR, c);
	outb(PORT_E9_DEBUG, c);
}

static void
serial_init(void)
{
	outb(COM1_PORT + UART_IER, 0);
	outb(COM1_PORT + UART_LCR, UART_LCR_DLAB);
	outb(COM1_PORT + UART_DLL, 1);          // 115200 baud
	outb(COM1_PORT + UART_DLM, 0);
	outb(COM1_PORT + UART_LCR, UART_LCR_8N1);
	outb(COM1_PORT + UART_FCR, UART_FCR_ENABLE | UART_FCR_CLEAR);
}

// Prints "duplicata boot: <message>" and ends the run as a failure, as the kernel's
// machine_exit does (QEMU isa-debug-exit, then Bochs' shutdown port), else halts.
static void __attribute__((noreturn, format(printf, 1, 2)))
fail(const char *fmt, ...)
{
	va_list ap;

	format(serial_putc, 0, "duplicata boot: ");
	va_start(ap, fmt);
	vformat(serial_putc, 0, fmt, ap);
	va_end(ap);
	format(serial_putc, 0, "\r\nduplicata: exit failure\r\n");
	for (int i = 0; i < 100000 && !(inb(COM1_PORT + UART_LSR) & UART_LSR_TEMT); i++)
		;
	outb(PORT_DEBUG_EXIT, DEBUG_EXIT_FAILURE);
	for (const char *s = "Shutdown"; *s; s++)
		outb(PORT_BOCHS_SHUTDOWN, *s);
	for (;;)
		hlt();
}

// Waits until the drive is ready; returns its status (ATA_ST_ERR or ATA_ST_DF set on failure).
static uint8_t
ata_wait(void)
{
	uint8_t st;

	while ((st = inb(ATA_CMD)) & ATA_ST_BSY)
		;
	return st;
}

// Asks the drive for BLOCK_SECTORS sectors per data block (SET MULTIPLE MODE, which QEMU
// and Bochs take up to 16). Each block is one request of the emulator to its disk file:
// sector by sector, a busy host made the loader wait seconds. A drive that refuses is read
// a sector per block (READ SECTORS).
static void
ata_init(void)
{
	ata_wait();
	outb(ATA_DRIVE, 0xE0);
	outb(ATA_COUNT, BLOCK_SECTORS);
	outb(ATA_CMD, ATA_CMD_SET_MULTIPLE);
	if (!(ata_wait() & (ATA_ST_ERR | ATA_ST_DF)))
		block_sectors = BLOCK_SECTORS;
}

// Reads n sectors (1..BOUNCE_SECTORS) of the boot disk (primary master) from lba into the
// bounce buffer, a data block of block_sectors at a time.
static void
ata_read(uint32_t lba, uint32_t n)
{
	uint32_t *dst = (uint32_t *)BOOT_BOUNCE_ADDR;

	ata_wait();
	outb(ATA_COUNT, n);
	outb(ATA_LBA0, lba);
	outb(ATA_LBA1, lba >> 8);
	outb(ATA_LBA2, lba >> 16);
	outb(ATA_DRIVE, 0xE0 | ((lba >> 24) & 0x0F));
	outb(ATA_CMD, block_sectors > 1 ? ATA_CMD_READ_MULTIPLE : ATA_CMD_READ);
	for (uint32_t done = 0; done < n;) {
		uint8_t st = ata_wait();
		if ((st & (ATA_ST_ERR | ATA_ST_DF)) || !(st & ATA_ST_DRQ))
			fail("disk read of sector %u failed (status 0x%02x, error 0x%02x)",
			     (unsigned)(lba + done), st, inb(ATA_ERROR));
		uint32_t k = n - done < block_sectors ? n - done : block_sectors;
		insl(ATA_DATA, dst, k * SECTOR_SIZE / 4);
		dst += k * SECTOR_SIZE / 4;
		done += k;
	}
}

// Stops with a message unless [start, start + len) lies inside one usable RAM entry of the
// BIOS memory map.
static void
ram_check(uint32_t start, uint32_t len, const char *what)
{
	const struct e820_entry *e = (const struct e820_entry *)BOOT_E820_ADDR;
	uint32_t n = *(volatile uint32_t *)BOOT_E820_COUNT_ADDR;
	uint64_t end = (uint64_t)start + len;

	for (uint32_t i = 0; i < n && i < E820_MAX; i++)
		if (e[i].type == E820_RAM && e[i].base <= start && end <= e[i].base + e[i].length)
			return;
	fail("%s at 0x%08x (%u bytes) does not fit in the machine's RAM", what, (unsigned)start,
	     (unsigned)len);
}

// Copies len bytes at offset off of the file f to physical address dst.
static void
file_read(const struct image_file *f, uint32_t off, void *dst, uint32_t len)
{
	uint8_t *p = dst;

	if (off > f->size || len > f->size - off)
		fail("%s: read of %u bytes at offset %u is past its end (%u bytes)",
		     f->name, (unsigned)len, (unsigned)off, (unsigned)f->size);
	while (len > 0) {
		uint32_t in = off % SECTOR_SIZE;
		uint32_t sectors = (in + len + SECTOR_SIZE - 1) / SECTOR_SIZE;
		if (sectors > BOUNCE_SECTORS)
			sectors = BOUNCE_SECTORS;
		uint32_t n = sectors * SECTOR_SIZE - in < len ? sectors * SECTOR_SIZE - in : len;
		ata_read(f->lba + off / SECTOR_SIZE, sectors);
		memcpy(p, (const uint8_t *)BOOT_BOUNCE_ADDR + in, n);
		p += n;
		off += n;
		len -= n;
	}
}

// Contract: loads the PT_LOAD segments of the kernel ELF f at their physical addresses
// (p_paddr): p_filesz bytes from the file at p_offset, then zeros up to p_memsz (the bss).
// Returns the entry point (e_entry); *end receives the first byte after the highest segment.
// Fails (the run ends) on a file that is not an i386 ELF or a segment below 1 MiB.
// Hint: file_read copies any part of f; the headers are <elf.h>'s Elf32_Ehdr (at offset 0)
// and Elf32_Phdr (e_phnum of them at e_phoff). `make qemu-gdb` and a breakpoint on
// kernel_start tell whether the jump that follows lands in a loaded kernel.
static uint32_t
elf_load(const struct image_file *f, uint32_t *end)
{
	// LAB0-SOLUTION-BEGIN
	Elf32_Ehdr eh;
	Elf32_Phdr ph;

	file_read(f, 0, &eh, sizeof eh);
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_machine != EM_386)
		fail("%s is not an i386 ELF", f->name);
	*end = 0;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		file_read(f, eh.e_phoff + i * sizeof ph, &ph, sizeof ph);
		if (ph.p_type != PT_LOAD)
			continue;
		if (ph.p_paddr < KERNEL_LOAD_MIN)
			fail("%s: segment at 0x%08x is below 1 MiB", f->name, (unsigned)ph.p_paddr);
		ram_check(ph.p_paddr, ph.p_memsz, "a kernel segment");
		file_read(f, ph.p_offset, (void *)ph.p_paddr, ph.p_filesz);
		memset((uint8_t *)ph.p_paddr + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
		if (ph.p_paddr + ph.p_memsz > *end)
			*end = ph.p_paddr + ph.p_memsz;
	}
	return eh.e_entry;
	// LAB0-STUB
	// *end = 0;
	// fail("elf_load: not implemented (loading %s)", f->name);
	// LAB0-SOLUTION-END
}

// Copies the modules (files 1..) to page-aligned addresses from *end on; advances *end.
static void
modules_load(const struct image_header *h, struct bootinfo *bi, uint32_t *end)
{
	bi->nmodules = h->nfiles - 1;
	for (uint32_t i = 1; i < h->nfiles; i++) {
		const struct image_file *f = &h->files[i];
		struct boot_module *m = &bi->modules[i - 1];
		m->start = PAGE_ROUNDUP(*end);
		m->size = f->size;
		memcpy(m->name, f->name, IMAGE_NAME_MAX);
		ram_check(m->start, m->size, f->name);
		file_read(f, 0, (void *)m->start, f->size);
		*end = m->start + f->size;
	}
}

static void
bootinfo_fill(struct bootinfo *bi, const struct image_header *h)
{
	uint32_t n = *(volatile uint32_t *)BOOT_E820_COUNT_ADDR;

	if (n == 0)
		fail("the BIOS returned no memory map (int 15h E820)");
	bi->magic = BOOTINFO_MAGIC;
	bi->ne820 = n > E820_MAX ? E820_MAX : n;
	memcpy(bi->e820, (void *)BOOT_E820_ADDR, bi->ne820 * sizeof bi->e820[0]);
	memcpy(bi->cmdline, h->cmdline, CMDLINE_MAX);
	bi->cmdline[CMDLINE_MAX - 1] = '\0';
}

void
loader_main(void)
{
	const struct image_header *h = (const struct image_header *)IMAGE_HEADER_ADDR;
	struct bootinfo *bi = (struct bootinfo *)BOOTINFO_ADDR;
	uint32_t end;

	serial_init();
	ata_init();
	if (h->magic != IMAGE_MAGIC || h->version != IMAGE_VERSION)
		fail("sector 1 is not a duplicata image header (magic 0x%08x, version %u)",
		     (unsigned)h->magic, (unsigned)h->version);
	if (h->nfiles < 1 || h->nfiles > IMAGE_MAX_FILES)
		fail("image header names %u files (1..%d allowed)", (unsigned)h->nfiles,
		     IMAGE_MAX_FILES);
	memset(bi, 0, sizeof *bi);
	uint32_t entry = elf_load(&h->files[0], &end);
	modules_load(h, bi, &end);
	bi->kernel_end = PAGE_ROUNDUP(end);
	bootinfo_fill(bi, h);
	__asm__ volatile("jmp *%2" : : "a"(BOOTINFO_MAGIC), "b"(bi), "r"(entry));
	__builtin_unreachable();
}
