// frame.h: the physical frame allocator: one bit per 4 KiB frame below KMAP_MAX (lab 3).
// Pure bookkeeping that never touches the frames, so it is unit-tested on the host.
#ifndef GUEST_FRAME_H
#define GUEST_FRAME_H

#include <stdint.h>
#include "boot/image.h"
#include "guest-os/kernel/layout.h"

#define FRAME_MAX (KMAP_MAX / 4096)

// Marks every frame in use, then frees the whole frames of the E820 RAM entries below
// limit, then marks in use again every frame that a non-RAM entry touches (BIOS maps may
// overlap). Returns the end of the highest free frame: the top of usable RAM.
uint32_t frame_init(const struct e820_entry *map, int n, uint32_t limit);
// Marks the frames overlapping [start, end) in use (the kernel, the BIOS area...).
void frame_reserve(uint32_t start, uint32_t end);
// Returns the physical address of the lowest free frame, now in use, or 0 if none is left.
// Its contents are whatever they were.
uint32_t frame_alloc(void);
// Returns frame pa to the pool: 0, or -E_INVAL if pa is unaligned, out of range, or free.
// pa must come from frame_alloc: a reserved frame looks the same as an allocated one.
int frame_free(uint32_t pa);
uint32_t frame_free_count(void);

#endif
