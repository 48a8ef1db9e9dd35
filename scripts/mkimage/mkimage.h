// mkimage.h: the image tool's internal API: ELF checks, image layout, header edits, file I/O.
//
// Every function that can fail returns 0 or a negative error code from lib/error.h and, on
// failure, writes one line of explanation into msg (msgsize bytes, always NUL-terminated), e.g.
//   "build/kernel.elf: not an i386 ELF (e_machine 62, x86-64): build it with -m32".
// The caller prints it after "mkimage: ". Only the cmd_ functions print; nothing exits.
#ifndef MKIMAGE_H
#define MKIMAGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "boot/image.h"
#include "lib/error.h"

#define MKIMAGE_MSG_MAX 512           // room for any message below

// One input: the bytes of a file, where they came from, and their name inside the image.
struct blob {
	const char *path;             // for messages: "build/kernel.elf"
	const char *name;             // files[] name: "kernel", "guest-os" (unused for boot/loader)
	const uint8_t *data;
	size_t size;
};

// Everything that goes into an image.
struct image_spec {
	struct blob boot;             // exactly one sector, ends with 0x55 0xAA
	struct blob loader;           // at most IMAGE_LOADER_SECTORS sectors
	struct blob kernel;           // i386 ELF, becomes files[0] "kernel"
	const struct blob *modules;   // stored raw as files[1..]
	size_t nmodules;
	const char *cmdline;          // NULL means empty
};

// --- msg.c ---

// Formats a message into msg and returns err, so a check can `return msg_fail(...)`.
int msg_fail(char *msg, size_t msgsize, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

// Puts "path: " in front of the message already in msg (truncating the end if it must).
void msg_prefix(char *msg, size_t msgsize, const char *path);

// --- elfcheck.c ---

// Checks that buf is an i386 ELF executable that the loader can load: 32-bit little-endian
// EM_386 ET_EXEC, program headers inside the file, at least one PT_LOAD, every PT_LOAD at or
// above KERNEL_LOAD_MIN, inside the file and ending below IMAGE_LOAD_LIMIT, and the entry
// point inside one. Returns 0, or -E_BADIMG / -E_2BIG with the reason in msg (without the
// file's path).
int elf_check(const uint8_t *buf, size_t size, char *msg, size_t msgsize);

// Returns the first physical address past every PT_LOAD of an ELF that passed elf_check.
uint32_t elf_load_end(const uint8_t *buf);

// --- image.c ---

// Checks every input of spec (boot sector, loader size, kernel ELF, module names and count,
// command line). Returns 0, or -E_BADIMG / -E_2BIG / -E_INVAL with "path: reason" in msg.
int image_check(const struct image_spec *spec, char *msg, size_t msgsize);

// Fills hdr for spec (magic, version, files[] with their LBAs, total sectors, cmdline).
// spec must have passed image_check. Returns the image size in bytes.
size_t image_layout(const struct image_spec *spec, struct image_header *hdr);

// Checks spec and builds the whole image in a new malloc'd buffer (*out, *outsize bytes;
// the caller frees it). Returns 0, an error of image_check, or -E_NOMEM.
int image_build(const struct image_spec *spec, uint8_t **out, size_t *outsize,
		char *msg, size_t msgsize);

// Checks a module name: 1..IMAGE_NAME_MAX-1 printable characters, not "kernel".
// Returns 0 or -E_INVAL (msg: the reason, without a path).
int image_check_name(const char *name, char *msg, size_t msgsize);

// Checks a command line: shorter than CMDLINE_MAX bytes, printable ASCII only.
// Returns 0, -E_2BIG or -E_INVAL (msg: the reason).
int image_check_cmdline(const char *text, char *msg, size_t msgsize);

// --- header.c ---

// Checks an image header read from sector 1 of a file of filesize bytes: magic first (a file
// that is not a duplicata image), then version, nfiles, sectors against the file size, every
// file inside the image, NUL-terminated names and cmdline. Returns 0 or -E_BADIMG.
int header_check(const struct image_header *hdr, uint64_t filesize, char *msg, size_t msgsize);

// Replaces the command line in hdr by text (checked as image_check_cmdline does), zeroing the
// rest of the field. Touches nothing else. Returns 0, -E_2BIG or -E_INVAL.
int header_set_cmdline(struct image_header *hdr, const char *text, char *msg, size_t msgsize);

// Prints hdr for a person: version, size, one line per file (lba, size, name), cmdline.
void header_print(FILE *out, const struct image_header *hdr);

// --- fileio.c ---

// Reads a whole file into a new malloc'd buffer (*data, *size; never NULL, even when empty).
// Returns 0, or -E_IO with "path: what failed: strerror" in msg.
int file_read(const char *path, uint8_t **data, size_t *size, char *msg, size_t msgsize);

// Writes data to path through a temporary file in the same directory and rename(2), so path
// is either its old self or complete. Returns 0, or -E_IO (the temporary file is removed).
int file_write_atomic(const char *path, const uint8_t *data, size_t size,
		      char *msg, size_t msgsize);

// Reads sector 1 of the image at path into hdr and checks it (header_check).
// Returns 0, -E_IO or -E_BADIMG.
int file_read_header(const char *path, struct image_header *hdr, char *msg, size_t msgsize);

// Rewrites the command line of the image at path: only sector 1 is written.
// Returns 0, -E_IO, -E_BADIMG, -E_2BIG or -E_INVAL.
int file_set_cmdline(const char *path, const char *text, char *msg, size_t msgsize);

// --- cmd.c: the subcommands; each prints its own errors and returns the exit status ---

struct create_args {
	const char *out;
	const char *boot;
	const char *loader;
	const char *kernel;
	const char **module_names;    // NAME of each --module NAME=FILE
	const char **module_paths;    // FILE of each
	size_t nmodules;
	const char *cmdline;          // NULL: empty
};

// Reads the inputs, builds the image and writes it atomically to args->out.
// Returns 0 on success, 1 on any error (message on stderr).
int cmd_create(const struct create_args *args);

// Prints the command line of the image at path (text NULL), or rewrites it. Returns 0 or 1.
int cmd_cmdline(const char *path, const char *text);

// Prints the header of the image at path. Returns 0 or 1.
int cmd_info(const char *path);

#endif
