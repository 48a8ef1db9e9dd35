// frame.c: a bitmap of physical frames: bit set = in use.
#include "kernel/frame.h"
#include "lib/error.h"
#include "lib/string.h"
#include "x86/paging.h"

#define NFRAMES (FRAME_LIMIT / PAGE_SIZE)

static uint32_t used[NFRAMES / 32];
static uint32_t nfree;
static uint32_t next;            // where the next search starts (next fit)

static int
frame_test(uint32_t f)
{
	return (used[f / 32] >> (f % 32)) & 1;
}

static void
frame_set(uint32_t f, int inuse)
{
	if (frame_test(f) == inuse)
		return;
	if (inuse) {
		used[f / 32] |= 1u << (f % 32);
		nfree--;
	} else {
		used[f / 32] &= ~(1u << (f % 32));
		nfree++;
	}
}

void
frame_init(const struct mem_range *ranges, int n)
{
	memset(used, 0xFF, sizeof used);
	nfree = 0;
	next = 1;
	for (int i = 0; i < n; i++)
		for (uint64_t a = ranges[i].start; a < ranges[i].end && a < FRAME_LIMIT;
		     a += PAGE_SIZE)
			if (a != 0)
				frame_set(a / PAGE_SIZE, 0);
}

void
frame_reserve(uint32_t start, uint32_t end)
{
	for (uint32_t f = start / PAGE_SIZE; f < NFRAMES && (uint64_t)f * PAGE_SIZE < end; f++)
		frame_set(f, 1);
}

uint32_t
frame_alloc(void)
{
	for (uint32_t i = 0; i < NFRAMES && nfree > 0; i++) {
		uint32_t f = (next + i) % NFRAMES;
		if (!frame_test(f)) {
			frame_set(f, 1);
			next = f + 1;
			return f * PAGE_SIZE;
		}
	}
	return 0;
}

int
frame_free(uint32_t pa)
{
	uint32_t f = pa / PAGE_SIZE;

	if (pa % PAGE_SIZE || pa == 0 || f >= NFRAMES || !frame_test(f))
		return -E_INVAL;
	frame_set(f, 0);
	return 0;
}

uint32_t
frame_free_count(void)
{
	return nfree;
}
