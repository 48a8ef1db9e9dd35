// cmdline.h: the boot command line, a list of words separated by spaces: "key=value" or "flag".
//
//   "test=fault paging=pae verbose"  ->  test = "fault", paging = "pae", verbose = "" (present)
//
// Values have no spaces and no quoting; a key ends at the first '=' ("a=b=c": a = "b=c").
// Tabs and newlines separate words too. When a key appears twice, the last one wins.
// Keys match whole words only: "test" is not found in "tests=1". A NULL line is empty.
#ifndef LIB_CMDLINE_H
#define LIB_CMDLINE_H

#include <stddef.h>

// Copies the value of key into val (size bytes, always NUL-terminated when size > 0).
// Returns the value's length (0 for a bare flag), -E_NOENT if the key is absent,
// -E_2BIG if the value did not fit (val then holds the truncated value).
int cmdline_get(const char *cmdline, const char *key, char *val, size_t size);

// Returns 1 if the word key or key=... is present, 0 otherwise.
int cmdline_has(const char *cmdline, const char *key);

// Returns the numeric value of key (strtoul base 0, so saturating at ULONG_MAX), or def when
// absent, a bare flag, or not a whole number ("12k", "0x", "-1").
unsigned long cmdline_uint(const char *cmdline, const char *key, unsigned long def);

// Calls fn(key, keylen, value, valuelen, arg) for each word in order; a bare flag has
// value = NULL, "key=" an empty value. Neither is NUL-terminated. fn may be NULL to count.
// Returns the number of words.
typedef void (*cmdline_word_fn)(const char *key, size_t keylen,
				const char *val, size_t vallen, void *arg);
int cmdline_each(const char *cmdline, cmdline_word_fn fn, void *arg);

// A boot command line has two parts: the words of the program it boots, then after a word
// "--" those of its guest ("stats -- run=hello": "stats", then "run=hello"). Copies the words
// before the "--" into own (size bytes, always NUL-terminated, cut if need be) and returns
// what follows it ("" when there is no "--"). A NULL line is empty.
const char *cmdline_split(const char *line, char *own, size_t size);

#endif
