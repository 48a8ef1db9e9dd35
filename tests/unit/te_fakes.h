// te_fakes.h: what the te emulators (vmm/te/*.c but te.c) and shadow paging (vmm/shadow/)
// call in the kernel and the rest of the monitor, faked on the host so they run against a
// mock vCPU (tests/unit/test_te_*.c, test_shadow.c).
// Frames come from the low 2 GiB (MAP_32BIT), so their addresses fit the monitor's 32-bit
// physical addresses and can be dereferenced 1:1 as the monitor does.
#ifndef TESTS_UNIT_TE_FAKES_H
#define TESTS_UNIT_TE_FAKES_H

#include <stdint.h>
#include "vmm/te/te.h"

#define FAKE_MAPS 256

// One mapping aspace_map made (root: which shadow space).
struct fake_map {
	uint32_t root, va, pa, flags;
};

// What the fakes saw: I/O, mappings, stops.
struct fakes {
	uint16_t io_port;
	int io_size;
	uint32_t io_out_value, io_in_value;   // io_in_value: what vm_io_in returns
	int io_ins, io_outs;
	struct fake_map maps[FAKE_MAPS];
	int nmaps;
	int unmaps;
	int stops;
};

extern struct fakes fakes;

// A page-aligned zeroed page below 2 GiB.
void *fake_page(void);

// A VM with mem bytes of RAM on the te state of a fresh vCPU: paging off, the boot
// loader's flat ring-1 segments, virtual IF clear. Returns its vCPU.
struct vcpu *fake_vcpu(uint32_t mem);
void fake_vcpu_free(struct vcpu *v);

// The mapping of va in the current shadow of v (v->shadow), or NULL.
const struct fake_map *fake_lookup(struct vcpu *v, uint32_t va);

#endif
