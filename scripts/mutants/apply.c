// apply.c: one mutant written into its file, the original kept aside until it is restored.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/error.h"
#include "scripts/mutants/mutate.h"

#define STATE          ".mutant"
#define STATE_SITE     STATE "/site"
#define STATE_PATH     STATE "/path"
#define STATE_ORIGINAL STATE "/original"

char *
mutant_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got = 1;

	while (f && got > 0) {
		if (n + 4096 + 1 > cap) {
			char *b = realloc(buf, cap = 2 * cap + 4096 + 1);
			if (!b)
				break;
			buf = b;
		}
		n += got = fread(buf + n, 1, cap - n - 1, f);
	}
	if (!f || got > 0 || ferror(f)) {
		int e = errno;
		if (f)
			fclose(f);
		free(buf);
		errno = e;
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

// Writes len bytes to path (replacing it, keeping its mode). Returns 0 or -E_IO.
static int
file_write(const char *path, const char *buf, size_t len, char *msg, size_t msgsize)
{
	FILE *f = fopen(path, "wb");
	int bad = !f || fwrite(buf, 1, len, f) != len;

	bad |= f && fclose(f) != 0;
	if (bad)
		snprintf(msg, msgsize, "%s: %s", path, strerror(errno));
	return bad ? -E_IO : 0;
}

int
mutant_apply(const struct site *st, const char *text, size_t len, char *msg, size_t msgsize)
{
	char line[SITE_LINE];
	size_t rlen = strlen(st->repl);
	char *m;

	if (access(STATE, F_OK) == 0)
		return snprintf(msg, msgsize, "a mutant is applied already (%s): restore it first",
				STATE_SITE), -E_EXIST;
	if (mkdir(STATE, 0777) < 0)
		return snprintf(msg, msgsize, "%s: %s", STATE, strerror(errno)), -E_IO;
	site_line(st, line, sizeof line - 1);
	strcat(line, "\n");
	int err = file_write(STATE_ORIGINAL, text, len, msg, msgsize);
	if (!err)
		err = file_write(STATE_PATH, st->path, strlen(st->path), msg, msgsize);
	if (!err)
		err = file_write(STATE_SITE, line, strlen(line), msg, msgsize);
	if (err || !(m = malloc(len - st->len + rlen + 1)))
		return err ? err : -E_NOMEM;
	memcpy(m, text, st->off);
	memcpy(m + st->off, st->repl, rlen);
	memcpy(m + st->off + rlen, text + st->off + st->len, len - st->off - st->len);
	err = file_write(st->path, m, len - st->len + rlen, msg, msgsize);
	free(m);
	return err;
}

int
mutant_restore(char *msg, size_t msgsize)
{
	size_t plen, olen;
	char *path = mutant_read(STATE_PATH, &plen), *orig = NULL;
	const char *bad = NULL;
	int err = 1;

	if (!path && errno == ENOENT)
		return 0;
	if (!path || !(orig = mutant_read(STATE_ORIGINAL, &olen)))
		bad = path ? STATE_ORIGINAL : STATE_PATH;
	else if (file_write(path, orig, olen, msg, msgsize) < 0)
		err = -E_IO;
	else if ((unlink(STATE_ORIGINAL) | unlink(STATE_PATH) | unlink(STATE_SITE) | rmdir(STATE)) < 0)
		bad = STATE;
	if (bad) {
		snprintf(msg, msgsize, "%s: %s", bad, strerror(errno));
		err = -E_IO;
	}
	free(path);
	free(orig);
	return err;
}

char *
mutant_source(const char *path, size_t *len)
{
	size_t n;
	char *applied = mutant_read(STATE_PATH, &n);
	bool mine = applied && strcmp(applied, path) == 0;

	free(applied);
	return mutant_read(mine ? STATE_ORIGINAL : path, len);
}
