// frame.h: the physical frame allocator (4 KiB frames, one bit each, below FRAME_LIMIT).
// Pure bookkeeping: it never touches the frames themselves (so it is unit-tested on the host).
#ifndef KERNEL_FRAME_H
#define KERNEL_FRAME_H

#include <stdint.h>
#include "kernel/memmap.h"

#define FRAME_LIMIT 0x40000000u     // 1 GiB: frames above are never handed out

// Starts with every frame in use, then frees the frames of the given ranges (below FRAME_LIMIT).
void frame_init(const struct mem_range *ranges, int n);
// Marks the frames overlapping [start, end) as in use (the kernel image, boot data...).
void frame_reserve(uint32_t start, uint32_t end);
// Returns the physical address of a free frame, now in use; 0 when none is left
// (frame 0 is never free). The frame's contents are whatever was there.
uint32_t frame_alloc(void);
// Returns a frame to the pool. Returns 0, or -E_INVAL for an unaligned address, one beyond
// FRAME_LIMIT, or one that is not in use (a double free).
int frame_free(uint32_t pa);
// Number of free frames.
uint32_t frame_free_count(void);

#endif
