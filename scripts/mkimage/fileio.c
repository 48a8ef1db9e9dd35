// fileio.c: the image tool's file access: read an input whole, write an image atomically,
// read or rewrite the header sector of an existing image.
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mkimage.h"

#define HEADER_OFFSET ((off_t)IMAGE_HEADER_LBA * SECTOR_SIZE)

// "path: what: strerror(errno)", returned as -E_IO.
static int
file_fail(char *msg, size_t n, const char *path, const char *what)
{
	msg_fail(msg, n, -E_IO, "%s: %s: %s", path, what, strerror(errno));
	return -E_IO;
}

// Reads size bytes, retrying short reads; fewer only at end of file (*got says how many).
// Returns 0, or -1 with errno set.
static int
file_read_all(int fd, uint8_t *buf, size_t size, size_t *got)
{
	ssize_t r;

	*got = 0;
	while (*got < size) {
		r = read(fd, buf + *got, size - *got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		*got += (size_t)r;
	}
	return 0;
}

// Opens path for reading and checks that it is a regular file; *st gets its status.
// Returns the fd, or -E_IO with the reason in msg.
static int
file_open_regular(const char *path, struct stat *st, char *msg, size_t n)
{
	int fd, err = 0;

	if ((fd = open(path, O_RDONLY)) < 0)
		return file_fail(msg, n, path, "cannot open");
	if (fstat(fd, st) < 0)
		err = file_fail(msg, n, path, "cannot stat");
	else if (!S_ISREG(st->st_mode))
		err = msg_fail(msg, n, -E_IO, "%s: not a regular file%s", path,
			       S_ISDIR(st->st_mode) ? " (a directory)" : "");
	if (err < 0) {
		close(fd);
		return err;
	}
	return fd;
}

int
file_read(const char *path, uint8_t **data, size_t *size, char *msg, size_t msgsize)
{
	struct stat st;
	uint8_t *buf;
	size_t got;
	int fd, err;

	if ((fd = file_open_regular(path, &st, msg, msgsize)) < 0)
		return fd;
	// One spare byte so that an empty file still gets a buffer (malloc(0) may be NULL).
	if (!(buf = malloc((size_t)st.st_size + 1))) {
		close(fd);
		return msg_fail(msg, msgsize, -E_NOMEM, "%s: out of memory for %lld bytes", path,
				(long long)st.st_size);
	}
	if (file_read_all(fd, buf, (size_t)st.st_size, &got) < 0) {
		err = file_fail(msg, msgsize, path, "read failed");
		free(buf);
		close(fd);
		return err;
	}
	close(fd);
	*data = buf;
	*size = got;
	return 0;
}

// Writes all of data, retrying short writes. Returns 0, or -1 with errno set.
static int
file_write_fd(int fd, const uint8_t *data, size_t size)
{
	ssize_t r;

	while (size > 0) {
		r = write(fd, data, size);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		data += r;
		size -= (size_t)r;
	}
	return 0;
}

// Mode for a new file: 0666 less the umask, as open(O_CREAT) would give (mkstemp uses 0600).
static mode_t
file_new_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

int
file_write_atomic(const char *path, const uint8_t *data, size_t size, char *msg, size_t msgsize)
{
	char tmp[4096];
	int fd;

	// The temporary file sits beside path, on the same file system, so rename() replaces
	// path in one step; a failure before it leaves any old image untouched.
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >= sizeof(tmp))
		return msg_fail(msg, msgsize, -E_IO, "%s: path too long", path);
	if ((fd = mkstemp(tmp)) < 0)
		return file_fail(msg, msgsize, path, "cannot create a temporary file beside it");
	if (file_write_fd(fd, data, size) < 0 || fchmod(fd, file_new_mode()) < 0 ||
	    fsync(fd) < 0) {
		int saved = errno;

		close(fd);
		unlink(tmp);
		errno = saved;
		return file_fail(msg, msgsize, tmp, "write failed");
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		int saved = errno;

		unlink(tmp);
		errno = saved;
		return file_fail(msg, msgsize, path, "cannot replace it");
	}
	return 0;
}

// Opens an image, reads sector 1 and checks it against the file's size. Returns the fd.
static int
file_open_image(const char *path, int flags, struct image_header *hdr, char *msg, size_t n)
{
	struct stat st;
	size_t got;
	int fd, err;

	if ((fd = open(path, flags)) < 0)
		return file_fail(msg, n, path, "cannot open");
	if (fstat(fd, &st) < 0 || lseek(fd, HEADER_OFFSET, SEEK_SET) < 0 ||
	    file_read_all(fd, (uint8_t *)hdr, sizeof(*hdr), &got) < 0) {
		err = file_fail(msg, n, path, "cannot read the header");
		close(fd);
		return err;
	}
	if (got < sizeof(*hdr)) {
		close(fd);
		return msg_fail(msg, n, -E_BADIMG, "%s: not a duplicata image (%lld bytes, too small "
				"for a boot sector and a header)", path, (long long)st.st_size);
	}
	if ((err = header_check(hdr, (uint64_t)st.st_size, msg, n)) < 0) {
		close(fd);
		msg_prefix(msg, n, path);
		return err;
	}
	return fd;
}

int
file_read_header(const char *path, struct image_header *hdr, char *msg, size_t msgsize)
{
	int fd = file_open_image(path, O_RDONLY, hdr, msg, msgsize);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

int
file_set_cmdline(const char *path, const char *text, char *msg, size_t msgsize)
{
	struct image_header hdr;
	int fd, err;

	if ((err = image_check_cmdline(text, msg, msgsize)) < 0)
		return err;
	if ((fd = file_open_image(path, O_RDWR, &hdr, msg, msgsize)) < 0)
		return fd;
	header_set_cmdline(&hdr, text, msg, msgsize);
	// One sector at its place: the boot sector, the loader and the files are not rewritten.
	if (pwrite(fd, &hdr, sizeof(hdr), HEADER_OFFSET) != (ssize_t)sizeof(hdr)) {
		err = file_fail(msg, msgsize, path, "cannot write the header");
		close(fd);
		return err;
	}
	if (close(fd) < 0)
		return file_fail(msg, msgsize, path, "cannot write the header");
	return 0;
}
