// image.h: the boot disk image and what the loader hands the kernel (shared by the boot sector,
// the loader, the image tool and the kernel).
//
// Disk image, in 512-byte sectors (LBA):
//
//   +-------+--------+----------------+--------------------------+-------------------+
//   | 0     | 1      | 2 .. 63        | 64 ..                    | ..                |
//   | boot  | image  | loader         | files: the kernel ELF,   | zero padding to a |
//   | sector| header | (<= 62 sectors)| then modules (e.g. the   | multiple of 16*63 |
//   |       |        |                | guest OS), sector-aligned| sectors (Bochs)   |
//   +-------+--------+----------------+--------------------------+-------------------+
//
// The boot sector (BIOS, real mode) reads sectors 1..63 to 0x7E00, stores the BIOS memory
// map (E820) at BOOT_E820_ADDR, enables A20, enters protected mode and jumps to the loader.
// The loader (32-bit C) reads the kernel ELF and the modules from the disk by ATA PIO, fills a
// struct bootinfo at BOOTINFO_ADDR and jumps to the kernel's entry with
//   eax = BOOTINFO_MAGIC, ebx = BOOTINFO_ADDR.
#ifndef BOOT_IMAGE_H
#define BOOT_IMAGE_H

#define SECTOR_SIZE          512
#define IMAGE_HEADER_LBA     1
#define IMAGE_LOADER_LBA     2
#define IMAGE_LOADER_SECTORS 62
#define IMAGE_FILES_LBA      64
#define IMAGE_PAD_SECTORS    (16 * 63)   // Bochs derives C/16/63 geometry from the size
#define IMAGE_MAGIC          0x41505544  // "DUPA" in the first four bytes of the header
#define IMAGE_VERSION        1
#define IMAGE_MAX_FILES      4           // files[0] is the kernel; the rest are modules
#define IMAGE_NAME_MAX       24
#define CMDLINE_MAX          256

// Physical addresses during boot.
#define BOOT_STACK_TOP       0x7C00      // real-mode and loader stack grows down from here
#define BOOT_SECTOR_ADDR     0x7C00
#define IMAGE_HEADER_ADDR    0x7E00      // sector 1
#define LOADER_ADDR          0x8000      // sectors 2..63; the loader is linked here
#define BOOT_E820_COUNT_ADDR 0x5FFC      // uint32_t: entries the BIOS returned
#define BOOT_E820_ADDR       0x6000      // struct e820_entry[E820_MAX]
#define BOOTINFO_ADDR        0x5000      // struct bootinfo
#define BOOT_BOUNCE_ADDR     0x10000     // loader's disk buffer
#define BOOT_BOUNCE_SIZE     0x10000
#define KERNEL_LOAD_MIN      0x100000    // no ELF segment may load below 1 MiB
#define IMAGE_LOAD_LIMIT     0x1000000   // the kernel and its modules load below 16 MiB
#define BOOTINFO_MAGIC       0x2BADD0DA

#define E820_MAX             32
#define E820_ENTRY_SIZE      24
#define E820_RAM             1           // usable RAM; other types are reserved

#ifndef __ASSEMBLER__
#include <stdint.h>

struct image_file {
	uint32_t lba;                    // first sector
	uint32_t size;                   // bytes
	char name[IMAGE_NAME_MAX];       // NUL-terminated, e.g. "kernel", "guest-os"
};
_Static_assert(sizeof(struct image_file) == 32, "image_file layout");

struct image_header {
	uint32_t magic;                  // IMAGE_MAGIC
	uint32_t version;                // IMAGE_VERSION
	uint32_t nfiles;                 // 1 .. IMAGE_MAX_FILES
	uint32_t sectors;                // whole image, padding included
	struct image_file files[IMAGE_MAX_FILES];
	char cmdline[CMDLINE_MAX];       // NUL-terminated
	uint8_t reserved[SECTOR_SIZE - 16 - 32 * IMAGE_MAX_FILES - CMDLINE_MAX];
};
_Static_assert(sizeof(struct image_header) == SECTOR_SIZE, "image_header is one sector");

// One entry of the BIOS memory map (int 15h, eax = E820h; ACPI 3.0 extended attributes).
struct e820_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;                   // E820_RAM, or reserved/ACPI/NVS/bad
	uint32_t attrs;
} __attribute__((packed));
_Static_assert(sizeof(struct e820_entry) == E820_ENTRY_SIZE, "e820_entry layout");

struct boot_module {
	uint32_t start;                  // physical address, page-aligned
	uint32_t size;                   // bytes
	char name[IMAGE_NAME_MAX];
};

struct bootinfo {
	uint32_t magic;                  // BOOTINFO_MAGIC
	uint32_t kernel_end;             // first physical byte after the kernel and its modules
	uint32_t nmodules;
	struct boot_module modules[IMAGE_MAX_FILES - 1];
	uint32_t ne820;
	struct e820_entry e820[E820_MAX];
	char cmdline[CMDLINE_MAX];
};
_Static_assert(sizeof(struct bootinfo) <= 0x1000, "bootinfo fits below BOOT_E820 area");
#endif

#endif
