// cmd.c: the mkimage subcommands (create, cmdline, info): read the files, call the image
// code, print the result or the error.
#include <stdio.h>
#include <stdlib.h>

#include "mkimage.h"

// Prints "mkimage: msg" on stderr; returns the exit status of an error.
static int
cmd_error(const char *msg)
{
	fprintf(stderr, "mkimage: %s\n", msg);
	return 1;
}

// Reads path into b (b->data is malloc'd; the caller frees it).
static int
cmd_load(struct blob *b, const char *path, const char *name, char *msg, size_t n)
{
	uint8_t *data;

	b->path = path;
	b->name = name;
	b->data = NULL;
	b->size = 0;
	if (file_read(path, &data, &b->size, msg, n) < 0)
		return -1;
	b->data = data;
	return 0;
}

// Reads every input file of args into spec and mods. Returns 0 or -1 (message in msg).
static int
cmd_load_all(const struct create_args *args, struct image_spec *spec, struct blob *mods,
	     char *msg, size_t n)
{
	size_t i;

	if (cmd_load(&spec->boot, args->boot, NULL, msg, n) < 0 ||
	    cmd_load(&spec->loader, args->loader, NULL, msg, n) < 0 ||
	    cmd_load(&spec->kernel, args->kernel, "kernel", msg, n) < 0)
		return -1;
	for (i = 0; i < args->nmodules; i++)
		if (cmd_load(&mods[i], args->module_paths[i], args->module_names[i], msg, n) < 0)
			return -1;
	return 0;
}

// Frees what cmd_load_all read (free(NULL) is fine for what it did not reach).
static void
cmd_free_all(struct image_spec *spec, struct blob *mods, size_t nmods)
{
	size_t i;

	free((void *)spec->boot.data);
	free((void *)spec->loader.data);
	free((void *)spec->kernel.data);
	for (i = 0; i < nmods; i++)
		free((void *)mods[i].data);
	free(mods);
}

int
cmd_create(const struct create_args *args)
{
	struct image_spec spec = { .nmodules = args->nmodules, .cmdline = args->cmdline };
	struct blob *mods = calloc(args->nmodules + 1, sizeof(*mods));
	char msg[MKIMAGE_MSG_MAX];
	uint8_t *img = NULL;
	size_t size;
	int ok;

	if (!mods)
		return cmd_error("out of memory");
	spec.modules = mods;
	// Each step runs only if the one before it succeeded; msg holds the first failure.
	ok = cmd_load_all(args, &spec, mods, msg, sizeof(msg)) == 0 &&
	     image_build(&spec, &img, &size, msg, sizeof(msg)) == 0 &&
	     file_write_atomic(args->out, img, size, msg, sizeof(msg)) == 0;
	free(img);
	cmd_free_all(&spec, mods, args->nmodules);
	return ok ? 0 : cmd_error(msg);
}

int
cmd_cmdline(const char *path, const char *text)
{
	struct image_header hdr;
	char msg[MKIMAGE_MSG_MAX];

	if (text)
		return file_set_cmdline(path, text, msg, sizeof(msg)) < 0 ? cmd_error(msg) : 0;
	if (file_read_header(path, &hdr, msg, sizeof(msg)) < 0)
		return cmd_error(msg);
	printf("%.*s\n", CMDLINE_MAX, hdr.cmdline);
	return 0;
}

int
cmd_info(const char *path)
{
	struct image_header hdr;
	char msg[MKIMAGE_MSG_MAX];

	if (file_read_header(path, &hdr, msg, sizeof(msg)) < 0)
		return cmd_error(msg);
	header_print(stdout, &hdr);
	return 0;
}
