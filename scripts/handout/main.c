// main.c: the handout tool: checks solution markers, and writes the student tree of a lab.
//
//   handout --check FILE...               every marker well-formed, or "FILE:LINE: reason"
//   handout --lab N --out DIR FILE...     DIR/FILE for each FILE, regions of lab >= N stubbed
//
// Binary files (any NUL byte) are copied as they are. Exit status 0, 1 on an error, 2 on misuse.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/error.h"
#include "scripts/handout/marker.h"

struct totals {
	int files, regions;
};

// Reads a whole file into a malloc'ed buffer; returns NULL (errno set) on failure.
static char *
file_read(const char *path, size_t *len, mode_t *mode)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf = NULL;

	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) == 0 && (buf = malloc(st.st_size + 1)) != NULL) {
		*len = fread(buf, 1, st.st_size, f);
		*mode = st.st_mode & 0777;
	}
	fclose(f);
	return buf;
}

// Creates every directory above path (mkdir -p of its dirname).
static int
mkdirs(char *path)
{
	for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		int err = mkdir(path, 0777) < 0 && errno != EEXIST;
		*p = '/';
		if (err)
			return -1;
	}
	return 0;
}

static int
file_write(const char *dir, const char *name, const char *buf, size_t len, mode_t mode)
{
	char path[4096];
	FILE *f;

	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path || mkdirs(path) < 0 ||
	    !(f = fopen(path, "wb"))) {
		fprintf(stderr, "handout: %s/%s: %s\n", dir, name, strerror(errno));
		return -1;
	}
	int bad = fwrite(buf, 1, len, f) != len;
	bad |= fclose(f) != 0;
	chmod(path, mode);
	if (bad)
		fprintf(stderr, "handout: %s: write failed\n", path);
	return bad ? -1 : 0;
}

// Checks one file (lab < 0) or writes its handout version into out.
static int
handout_file(const char *name, int lab, const char *out, struct totals *t)
{
	char msg[512], *text, *result = NULL;
	size_t len, rlen;
	mode_t mode;
	int regions = 0;

	if (!(text = file_read(name, &len, &mode))) {
		fprintf(stderr, "handout: %s: %s\n", name, strerror(errno));
		return -1;
	}
	int binary = memchr(text, '\0', len) != NULL;
	int err = binary ? 0 : marker_apply(text, len, lab, out ? &result : NULL, &rlen,
					    &regions, msg, sizeof msg);
	if (err < 0)
		fprintf(stderr, "%s:%s\n", name, msg);
	else if (out)
		err = binary ? file_write(out, name, text, len, mode)
			     : file_write(out, name, result, rlen, mode);
	t->files++;
	t->regions += regions;
	free(text);
	free(result);
	return err < 0 ? -1 : 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: handout --check FILE...\n"
			"       handout --lab N --out DIR FILE...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct totals t = { 0, 0 };
	int lab = -1, i = 1, failed = 0;
	const char *out = NULL;

	if (argc > 1 && strcmp(argv[1], "--check") == 0) {
		i = 2;
	} else if (argc > 4 && strcmp(argv[1], "--lab") == 0 && strcmp(argv[3], "--out") == 0) {
		char *end;
		lab = (int)strtol(argv[2], &end, 10);
		if (*end || lab < 0)
			usage();
		out = argv[4];
		i = 5;
	} else {
		usage();
	}
	for (; i < argc; i++)
		failed |= handout_file(argv[i], lab, out, &t) < 0;
	if (out && !failed)
		printf("handout: lab %d: %d files, %d solution regions\n", lab, t.files, t.regions);
	return failed;
}
