// test_mkimage_cli.c: the image tool end to end (scripts/mkimage/cmd.c, fileio.c): real
// files in a temporary directory, through the create, cmdline and info subcommands.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/unit/mkimage_fixture.h"

enum { F_BOOT, F_LOADER, F_KERNEL, F_GUEST, F_IMG, F_OUT, F_NFILES };

// A temporary directory with the inputs, a good image made from them, and the create args.
struct e2e {
	char dir[64];
	char path[F_NFILES][128];
	const char *names[1], *paths[1];
	struct create_args args;
	uint8_t *img;                   // the good image, as first written
	size_t size;
};

static void
e2e_write(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, size, f), size);
	assert_int_equal(fclose(f), 0);
}

// Runs fn(arg) with stdout or stderr (fd 1 or 2) sent to the file F_OUT; returns what it
// printed (a static buffer) and its exit status in *status.
static const char *
e2e_capture(struct e2e *t, int fd, int (*fn)(void *), void *arg, int *status)
{
	static char out[4096];
	int saved, tmp;
	FILE *f;
	size_t n;

	fflush(stdout);
	fflush(stderr);
	saved = dup(fd);
	tmp = open(t->path[F_OUT], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(saved >= 0 && tmp >= 0);
	dup2(tmp, fd);
	close(tmp);
	*status = fn(arg);
	fflush(fd == 1 ? stdout : stderr);
	dup2(saved, fd);
	close(saved);
	assert_non_null(f = fopen(t->path[F_OUT], "r"));
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	fclose(f);
	if (n > 0)
		print_message("      %s: %s", fd == 1 ? "stdout" : "stderr", out);
	return out;
}

static int
e2e_create(void *arg)
{
	return cmd_create(arg);
}

static int
e2e_info(void *arg)
{
	return cmd_info(arg);
}

struct cmdline_call {
	const char *img, *text;
};

static int
e2e_cmdline(void *arg)
{
	struct cmdline_call *c = arg;

	return cmd_cmdline(c->img, c->text);
}

// Number of entries in dir besides . and .. (a failed run must leave no temporary file).
static int
e2e_count(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

// Reads the image file; checks that it still matches t->img outside sector 1.
static uint8_t *
e2e_read_same(struct e2e *t)
{
	char msg[MKIMAGE_MSG_MAX] = "";
	uint8_t *now;
	size_t size;

	assert_int_equal(file_read(t->path[F_IMG], &now, &size, msg, sizeof(msg)), 0);
	assert_int_equal(size, t->size);
	assert_memory_equal(now, t->img, SECTOR_SIZE);
	assert_memory_equal(now + 2 * SECTOR_SIZE, t->img + 2 * SECTOR_SIZE, size - 2 * SECTOR_SIZE);
	return now;
}

// Setup: writes the inputs, runs create once, keeps the image it wrote.
static int
e2e_setup(void **state)
{
	static const char *files[F_NFILES] = { "boot.bin", "loader.bin", "k.elf", "guest.elf",
					       "disk.img", "out.txt" };
	struct inputs *in = inputs_new(0);
	struct e2e *t = calloc(1, sizeof(*t));
	char dir[] = "/tmp/test_mkimage_cli.XXXXXX";
	char msg[MKIMAGE_MSG_MAX] = "";
	int i, status;

	assert_non_null(t);
	assert_non_null(mkdtemp(dir));
	strcpy(t->dir, dir);
	for (i = 0; i < F_NFILES; i++)
		snprintf(t->path[i], sizeof(t->path[i]), "%s/%s", dir, files[i]);
	e2e_write(t->path[F_BOOT], in->boot, SECTOR_SIZE);
	e2e_write(t->path[F_LOADER], in->loader, 3000);
	e2e_write(t->path[F_KERNEL], in->kernel.b, KSIZE);
	e2e_write(t->path[F_GUEST], module_bytes, 777);
	t->names[0] = "guest-os";
	t->paths[0] = t->path[F_GUEST];
	t->args = (struct create_args){ t->path[F_IMG], t->path[F_BOOT], t->path[F_LOADER],
					t->path[F_KERNEL], t->names, t->paths, 1, "test=e2e" };
	e2e_capture(t, 2, e2e_create, &t->args, &status);
	assert_int_equal(status, 0);
	assert_int_equal(file_read(t->path[F_IMG], &t->img, &t->size, msg, sizeof(msg)), 0);
	free(in);
	*state = t;
	return 0;
}

static int
e2e_teardown(void **state)
{
	struct e2e *t = *state;
	int i;

	for (i = 0; i < F_NFILES; i++)
		unlink(t->path[i]);
	rmdir(t->dir);
	free(t->img);
	free(t);
	return 0;
}

// create wrote a header that file_read_header accepts, with the module's real size.
static void
test_e2e_create(void **state)
{
	struct e2e *t = *state;
	char msg[MKIMAGE_MSG_MAX] = "";
	struct image_header hdr;

	assert_int_equal(file_read_header(t->path[F_IMG], &hdr, msg, sizeof(msg)), 0);
	assert_int_equal(hdr.nfiles, 2);
	assert_int_equal(hdr.files[1].size, 777);
	assert_memory_equal(t->img + (size_t)hdr.files[1].lba * SECTOR_SIZE, module_bytes, 777);
	assert_int_equal(t->size % (IMAGE_PAD_SECTORS * SECTOR_SIZE), 0);
}

// cmdline prints the command line, and rewrites sector 1 only.
static void
test_e2e_cmdline(void **state)
{
	struct e2e *t = *state;
	struct cmdline_call call = { t->path[F_IMG], NULL };
	const char *out;
	uint8_t *now;
	int status;

	out = e2e_capture(t, 1, e2e_cmdline, &call, &status);
	assert_int_equal(status, 0);
	assert_string_equal(out, "test=e2e\n");
	call.text = "test=other";
	e2e_capture(t, 1, e2e_cmdline, &call, &status);
	assert_int_equal(status, 0);
	now = e2e_read_same(t);
	assert_string_equal(((struct image_header *)(now + SECTOR_SIZE))->cmdline, "test=other");
	free(now);
	call.text = NULL;
	out = e2e_capture(t, 1, e2e_cmdline, &call, &status);
	assert_string_equal(out, "test=other\n");
}

// A failing create says why and leaves the good image as it was, with no temp file beside it.
static void
test_e2e_create_fails(void **state)
{
	struct e2e *t = *state;
	struct create_args a = t->args;
	const char *out;
	int status;

	a.cmdline = NULL;
	a.kernel = t->path[F_BOOT];             // the boot sector is no ELF
	out = e2e_capture(t, 2, e2e_create, &a, &status);
	assert_int_equal(status, 1);
	assert_non_null(strstr(out, "mkimage: "));
	assert_non_null(strstr(out, "boot.bin: not an ELF file"));
	a.kernel = "/nonexistent/missing.elf";
	out = e2e_capture(t, 2, e2e_create, &a, &status);
	assert_int_equal(status, 1);
	assert_non_null(strstr(out, "mkimage: /nonexistent/missing.elf: cannot open: No such file"));
	free(e2e_read_same(t));
	assert_int_equal(e2e_count(t->dir), F_NFILES);
}

// cmdline and info on a file that is no image: a clear error, the file untouched.
static void
test_e2e_not_an_image(void **state)
{
	struct e2e *t = *state;
	struct cmdline_call call = { t->path[F_LOADER], "x=1" };
	uint8_t *now;
	size_t size;
	char msg[MKIMAGE_MSG_MAX] = "";
	const char *out;
	int status;

	out = e2e_capture(t, 2, e2e_cmdline, &call, &status);
	assert_int_equal(status, 1);
	assert_non_null(strstr(out, "loader.bin: not a duplicata image (magic 0x1d1d1d1d"));
	assert_int_equal(file_read(t->path[F_LOADER], &now, &size, msg, sizeof(msg)), 0);
	assert_int_equal(size, 3000);
	assert_int_equal(now[SECTOR_SIZE + 0x100], 0x1D);
	free(now);
	out = e2e_capture(t, 2, e2e_info, t->path[F_KERNEL], &status);
	assert_int_equal(status, 1);
	assert_non_null(strstr(out, "k.elf: not a duplicata image (512 bytes, too small"));
}

int
main(void)
{
	// Each end-to-end test gets a fresh temporary directory with a good image in it.
	const struct CMUnitTest e2e[] = {
		cmocka_unit_test_setup_teardown(test_e2e_create, e2e_setup, e2e_teardown),
		cmocka_unit_test_setup_teardown(test_e2e_cmdline, e2e_setup, e2e_teardown),
		cmocka_unit_test_setup_teardown(test_e2e_create_fails, e2e_setup, e2e_teardown),
		cmocka_unit_test_setup_teardown(test_e2e_not_an_image, e2e_setup, e2e_teardown),
	};

	return cmocka_run_group_tests_name("mkimage end to end", e2e, NULL, NULL);
}
