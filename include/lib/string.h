// string.h: the freestanding subset of <string.h> and <stdlib.h> shared by every image.
//
// Each function behaves as its C standard namesake, so the host unit tests can link these
// in place of the C library's. Comparisons order bytes as unsigned char.
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include <stddef.h>

// Fill, copy and compare n bytes. memcpy's regions must not overlap; memmove's may.
// The first three return dst; memcmp returns <0, 0 or >0 at the first differing byte.
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);

// Length of s, not counting the NUL; strnlen looks at no more than max bytes.
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
// Return <0, 0 or >0; strncmp compares at most n characters.
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
// Returns the first c in s (the terminator itself when c is 0), or NULL.
char *strchr(const char *s, int c);

// Copies at most size-1 bytes of src into dst and always terminates it (when size > 0).
// Returns strlen(src): a result >= size means the copy was truncated.
size_t strlcpy(char *dst, const char *src, size_t size);

// Parses an unsigned number in base 10, or base 16 after "0x", or base 8 after "0" when base
// is 0; base 16 also accepts a "0x" prefix, and bases 2..36 work. Sets *end to the first
// unparsed character (if end is not NULL), s itself when there are no digits. Saturates at
// ULONG_MAX on overflow. Unlike C's, skips no leading spaces and accepts no sign.
unsigned long strtoul(const char *s, char **end, int base);

#endif
