// files.h: the file-system chores of the grader: temporary run directories, copies, trees.
#ifndef GRADER_FILES_H
#define GRADER_FILES_H

#include <stddef.h>

// Creates a fresh private directory under $TMPDIR (or /tmp) named prefix.XXXXXX and writes
// its path into out. Returns 0 or -E_IO.
int files_tempdir(const char *prefix, char *out, size_t size);

// Removes path and everything under it (no symbolic link is followed). Returns 0 or -E_IO.
int files_remove_tree(const char *path);

// Copies the regular file src to dst (created or truncated, mode 0644). Returns 0 or -E_IO.
int files_copy(const char *src, const char *dst);

// Reads the last max bytes of the file at path into a malloc'd NUL-terminated string
// (NULL when it cannot be read).
char *files_read_tail(const char *path, size_t max);

// Creates the directories of path's dirname, like mkdir -p. Returns 0 or -E_IO.
int files_mkdirs_for(const char *path);

#endif
