// lab9.h: what lab 9's tests share (lab9-ept.c): booting the test guest, and the VM's EPT
// read from outside, walked from its root as the CPU walks it (SDM 3C §29.3.2).
#ifndef GRADER_LABS_LAB9_H
#define GRADER_LABS_LAB9_H

#include <stdbool.h>
#include <stdint.h>

#include "grader/labs/vmmlab.h"
#include "x86/paging.h"
#include "x86/vmx.h"

#define LAB9_GIB_PAGES (512u * 512u)    // the pages of the first GiB: one PD of the EPT

// The VM, its page map and its EPT's leaves, read while the machine is stopped.
struct lab9_ept {
	struct inspect_vm vm;
	uint32_t npages;                // pages of guest RAM
	uint32_t *pages;                // the host page of each (the monitor's page map)
	uint64_t *leaves;               // the EPT leaf of each page of the first GiB, 0 for none
	uint32_t present;               // leaves present among guest RAM
	uint64_t violations, misconfigs, invalidations;  // the counters, read with the EPT
};

// Boots lab 9's test guest (the image's module lab9) on a bare board under vmx with EPT,
// LAB9_MEM_MIB of RAM, running test `test`.
int lab9_boot(struct run *r, const char *test);

// After the guest's last step: the machine stops where the monitor destroys the VM, the
// EPT and the counters are read, then the guest's summary line must say every check passed.
// Everything is read from the machine before any line is waited for: waiting lets the
// machine run on (the serial file may lag behind the breakpoint).
int lab9_end(struct run *r, const char *test, struct lab9_ept *ept);

// After lab9_end: lets the monitor destroy the VM, which must give back every frame (the
// EPT's tables among them).
int lab9_freed(struct run *r);

// Reads the VM, its page map, its EPT's leaves and the EPT counters.
int lab9_ept_read(struct run *r, struct lab9_ept *ept);

// Every leaf present maps its guest page to the host page of the page map, read, write and
// execute, write-back; nothing is mapped past RAM in the first GiB; the debug device's page
// holds the trap (write alone); EPT_VIOLATION counts one violation per leaf present, plus
// extra.
int lab9_ept_check(struct run *r, struct lab9_ept *ept, uint64_t extra);

// Frees what lab9_ept_read allocated; returns ret.
int lab9_ept_free(struct lab9_ept *ept, int ret);

// Fails unless the counter name, read as got, is want.
int lab9_count(struct run *r, const char *name, uint64_t got, uint64_t want);

#endif
