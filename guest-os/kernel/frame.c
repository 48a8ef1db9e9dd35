// frame.c: a bitmap of physical frames, bit set = in use, allocated lowest first (lab 3).
#include "guest-os/kernel/frame.h"
#include "lib/error.h"
#include "lib/string.h"
#include "x86/paging.h"

static uint32_t inuse[FRAME_MAX / 32];
static uint32_t nfree;
static uint32_t lowest;                 // no frame below this one is free

static int
frame_used(uint32_t f)
{
	return (inuse[f / 32] >> (f % 32)) & 1;
}

static void
frame_mark(uint32_t f, int used)
{
	if (f >= FRAME_MAX || frame_used(f) == used)
		return;
	inuse[f / 32] ^= 1u << (f % 32);
	if (used) {
		nfree--;
	} else {
		nfree++;
		if (f < lowest)
			lowest = f;
	}
}

// Marks the frames of [start, end) (64-bit, as E820 has them), clipped to the bitmap.
// Frames only partly inside count when used is set, and do not otherwise.
static void
frame_mark_range(uint64_t start, uint64_t end, int used)
{
	uint64_t first = used ? start / PAGE_SIZE : (start + PAGE_SIZE - 1) / PAGE_SIZE;
	uint64_t last = used ? (end + PAGE_SIZE - 1) / PAGE_SIZE : end / PAGE_SIZE;

	for (uint64_t f = first; f < last && f < FRAME_MAX; f++)
		frame_mark((uint32_t)f, used);
}

uint32_t
frame_init(const struct e820_entry *map, int n, uint32_t limit)
{
	uint32_t top = 0;

	memset(inuse, 0xFF, sizeof inuse);
	nfree = 0;
	lowest = FRAME_MAX;
	for (int i = 0; i < n; i++) {
		uint64_t end = map[i].base + map[i].length;
		if (map[i].type == E820_RAM && map[i].base < limit)
			frame_mark_range(map[i].base, end < limit ? end : limit, 0);
	}
	for (int i = 0; i < n; i++)
		if (map[i].type != E820_RAM)
			frame_mark_range(map[i].base, map[i].base + map[i].length, 1);
	frame_mark(0, 1);                   // address 0 means "no frame"
	for (uint32_t f = 0; f < FRAME_MAX; f++)
		if (!frame_used(f))
			top = (f + 1) * PAGE_SIZE;
	return top;
}

void
frame_reserve(uint32_t start, uint32_t end)
{
	frame_mark_range(start, end, 1);
}

uint32_t
frame_alloc(void)
{
	for (uint32_t f = lowest; f < FRAME_MAX; f++) {
		if (!frame_used(f)) {
			frame_mark(f, 1);
			lowest = f + 1;
			return f * PAGE_SIZE;
		}
	}
	lowest = FRAME_MAX;
	return 0;
}

int
frame_free(uint32_t pa)
{
	if (pa % PAGE_SIZE || pa == 0 || pa / PAGE_SIZE >= FRAME_MAX || !frame_used(pa / PAGE_SIZE))
		return -E_INVAL;
	frame_mark(pa / PAGE_SIZE, 0);
	return 0;
}

uint32_t
frame_free_count(void)
{
	return nfree;
}
