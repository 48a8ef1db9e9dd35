// memmap.c: turns the BIOS's E820 map into sorted, disjoint, page-aligned ranges of usable RAM.
#include "kernel/memmap.h"
#include "x86/paging.h"

static uint64_t
round_up(uint64_t a)
{
	return (a + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
}

static uint64_t
round_down(uint64_t a)
{
	return a & ~(uint64_t)(PAGE_SIZE - 1);
}

// Removes [s, e) from every range of r[0..n); a range may split in two. Returns the new n.
static int
ranges_cut(struct mem_range *r, int n, int max, uint64_t s, uint64_t e)
{
	for (int i = 0; i < n; i++) {
		if (e <= r[i].start || s >= r[i].end)
			continue;
		if (s > r[i].start && e < r[i].end && n < max) {
			r[n++] = (struct mem_range){ e, r[i].end };
			r[i].end = s;
		} else if (s > r[i].start) {
			r[i].end = s;
		} else {
			r[i].start = e < r[i].end ? e : r[i].end;
		}
	}
	return n;
}

// Sorts by start (insertion sort: a handful of entries), drops empty ranges, merges touching ones.
static int
ranges_normalize(struct mem_range *r, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && r[j].start < r[j - 1].start; j--) {
			struct mem_range t = r[j];
			r[j] = r[j - 1];
			r[j - 1] = t;
		}
	int out = 0;
	for (int i = 0; i < n; i++) {
		if (r[i].start >= r[i].end)
			continue;
		if (out > 0 && r[i].start <= r[out - 1].end) {
			if (r[i].end > r[out - 1].end)
				r[out - 1].end = r[i].end;
		} else {
			r[out++] = r[i];
		}
	}
	return out;
}

int
memmap_usable(const struct e820_entry *map, int n, uint64_t limit, struct mem_range *out,
	      int max)
{
	int count = 0;

	for (int i = 0; i < n && count < max; i++) {
		if (map[i].type != E820_RAM || map[i].length == 0)
			continue;
		uint64_t s = round_up(map[i].base), e = round_down(map[i].base + map[i].length);
		if (e > limit)
			e = round_down(limit);
		if (s < e)
			out[count++] = (struct mem_range){ s, e };
	}
	for (int i = 0; i < n; i++)
		if (map[i].type != E820_RAM && map[i].length > 0)
			count = ranges_cut(out, count, max, round_down(map[i].base),
					   round_up(map[i].base + map[i].length));
	return ranges_normalize(out, count);
}

const char *
memmap_type_name(uint32_t type)
{
	static const char *const names[] = {
		[1] = "usable", [2] = "reserved", [3] = "ACPI data", [4] = "ACPI NVS",
		[5] = "bad memory",
	};
	return type < sizeof names / sizeof names[0] && names[type] ? names[type] : "unknown";
}
