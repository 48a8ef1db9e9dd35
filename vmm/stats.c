// stats.c: the per-reason counters, and their names, generated from STAT_LIST.
#include "lib/error.h"
#include "lib/string.h"
#include "vmm/stats.h"

struct stats stats_total;

const char *const stats_names[STAT_COUNT] = {
#define STAT_NAME(name, what) [STAT_##name] = #name,
	STAT_LIST(STAT_NAME)
#undef STAT_NAME
};

static const char *const stats_whats[STAT_COUNT] = {
#define STAT_WHAT(name, what) [STAT_##name] = what,
	STAT_LIST(STAT_WHAT)
#undef STAT_WHAT
};

const uint32_t stats_nreasons = STAT_COUNT;

static int
stats_valid(enum stat_reason r)
{
	return (unsigned)r < STAT_COUNT;
}

void
stats_count(struct stats *vm, enum stat_reason r)
{
	if (!stats_valid(r))
		return;
	if (vm)
		vm->count[r]++;
	stats_total.count[r]++;
}

uint64_t
stats_get(const struct stats *s, enum stat_reason r)
{
	return stats_valid(r) ? s->count[r] : 0;
}

uint64_t
stats_sum(const struct stats *s)
{
	uint64_t sum = 0;

	for (int r = 0; r < STAT_COUNT; r++)
		sum += s->count[r];
	return sum;
}

void
stats_reset(struct stats *s)
{
	memset(s, 0, sizeof *s);
}

const char *
stats_name(enum stat_reason r)
{
	return stats_valid(r) ? stats_names[r] : "?";
}

const char *
stats_what(enum stat_reason r)
{
	return stats_valid(r) ? stats_whats[r] : "?";
}

int
stats_lookup(const char *name)
{
	for (int r = 0; r < STAT_COUNT; r++)
		if (strcmp(stats_names[r], name) == 0)
			return r;
	return -E_NOENT;
}

int
stats_print(const struct stats *s, fmt_putc_fn putc, void *arg)
{
	int n = 0;

	for (int r = 0; r < STAT_COUNT; r++)
		if (s->count[r])
			n += format(putc, arg, "%-20s %llu\n", stats_names[r],
				    (unsigned long long)s->count[r]);
	return n;
}
