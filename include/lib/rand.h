// rand.h: a small deterministic pseudo-random generator (Marsaglia's xorshift32, 2003), for
// tests that must repeat exactly from a seed.
#ifndef LIB_RAND_H
#define LIB_RAND_H

#include <stdint.h>

// Advances the state (never 0) and returns the next number.
static inline uint32_t
xorshift32(uint32_t *state)
{
	uint32_t x = *state ? *state : 0x9E3779B9u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

#endif
