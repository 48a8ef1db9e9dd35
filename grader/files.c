// files.c: temporary directories, copies and removal of trees.
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grader/files.h"
#include "lib/error.h"

int
files_tempdir(const char *prefix, char *out, size_t size)
{
	const char *tmp = getenv("TMPDIR");

	if ((size_t)snprintf(out, size, "%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", prefix) >= size)
		return -E_2BIG;
	return mkdtemp(out) ? 0 : -E_IO;
}

static int
files_remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

int
files_remove_tree(const char *path)
{
	return nftw(path, files_remove_one, 16, FTW_DEPTH | FTW_PHYS) < 0 ? -E_IO : 0;
}

int
files_copy(const char *src, const char *dst)
{
	char buf[65536];
	int in = open(src, O_RDONLY), out = -1, err = -E_IO;
	ssize_t n;

	if (in >= 0)
		out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out >= 0) {
		while ((n = read(in, buf, sizeof buf)) > 0)
			if (write(out, buf, n) != n)
				break;
		err = n == 0 ? 0 : -E_IO;
	}
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) < 0)
		err = -E_IO;
	return err;
}

char *
files_read_tail(const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	char *s;
	size_t n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && ftell(f) > (long)max)
		fseek(f, -(long)max, SEEK_END);
	else
		rewind(f);
	s = malloc(max + 1);
	n = s ? fread(s, 1, max, f) : 0;
	if (s)
		s[n] = '\0';
	fclose(f);
	return s;
}

int
files_mkdirs_for(const char *path)
{
	char buf[4096];

	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
		return -E_2BIG;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -E_IO;
		*p = '/';
	}
	return 0;
}
