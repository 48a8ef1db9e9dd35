// lab9.h: lab 9's test guest, and what the grader counts on (grader/labs/lab9.c). The
// guest runs unpaged in LAB9_MEM_MIB of RAM on a bare board under vmx with EPT, but for the
// mmio test, which turns its paging on.
#ifndef TESTS_GUESTS_LAB9_H
#define TESTS_GUESTS_LAB9_H

#define LAB9_MEM_MIB   8                  // the guest's RAM (the grader's mem=)
#define LAB9_STRAY     (LAB9_MEM_MIB << 20) // stray: the first byte past RAM

// fill: pages of RAM the guest's image does not cover (it lies at 4 MiB), touched one by
// one: LAB9_FILL_TOUCHED has a bit for each of the LAB9_FILL_PAGES pages that is.
#define LAB9_FILL_BASE    0x600000
#define LAB9_FILL_PAGES   8
#define LAB9_FILL_TOUCHED 0x25            // pages 0, 2 and 5

// drop: the page the guest writes, gives back (DEBUG_MMIO_DROP), and finds zeroed; and a
// page it gives back untouched.
#define LAB9_DROP_PAGE      0x700000
#define LAB9_DROP_UNTOUCHED 0x701000

// mmio: with its paging on, the guest runs its MMIO steps from an alias of its image (the
// 4 MiB at LAB9_ALIAS map the 4 MiB at 4 MiB), on the debug device's window mapped at
// LAB9_MMIO_LINEAR: LAB9_MMIO_FORMS accesses of different instruction forms, then its line
// LAB9_MMIO_LINE ("lab9 mmio: a line through MMIO (TAG)" and a newline) a byte a store.
#define LAB9_ALIAS       0x00800000
#define LAB9_MMIO_LINEAR 0x00C00000
#define LAB9_MMIO_FORMS  17
#define LAB9_MMIO_LINE   "lab9 mmio: a line through MMIO (%s)"

#ifndef __ASSEMBLER__
void lab9_fill(void);
void lab9_mmio(void);
void lab9_drop(void);
void lab9_stray(void);
void lab9_mmio_refuse(void);
void lab9_drop_refuse(void);
#endif

#endif
