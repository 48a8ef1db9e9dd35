// chaos.h: the kernel's random-bytes test (kchaos=SEED).
#ifndef GUEST_CHAOS_H
#define GUEST_CHAOS_H

#include <stdint.h>

// Jumps into a page of random bytes derived from seed; returns only if they return.
void kchaos(uint32_t seed);

#endif
