// lab6.h: lab 6's test guest, and what the grader counts on (grader/labs/lab6-guest.c).
//
// The guest maps its first 8 MiB 1:1 (itself at 4 MiB, user-accessible so its user mode can
// run) and, in slot 256 (0x40000000), pages whose rights each test chooses, on frames from
// 9 MiB up; slot 512 (0x80000000) holds 4 MiB pages. Before paging goes on, the first word of
// every page from 8 MiB to the end of RAM is set to its own address + 1, so a read tells
// which frame a mapping reached. Between two of a test's labels it touches only test pages
// (every page of its own image was touched before: lab6_warm), so the monitor's counters
// move by exact amounts, listed here.
#ifndef TESTS_GUESTS_LAB6_H
#define TESTS_GUESTS_LAB6_H

#define LAB6_VA_A      0x40000000u     // test pages, through lab6_pt
#define LAB6_VA_B      0x40001000u
#define LAB6_VA_C      0x40002000u
#define LAB6_VA_NOPT   0x40400000u     // slot 257: no page table
#define LAB6_VA_DIR_RO 0x40800000u     // slot 258: a read-only directory entry
#define LAB6_VA_DIR_SU 0x40C00000u     // slot 259: a supervisor directory entry
#define LAB6_VA_LARGE  0x80000000u     // slot 512: 4 MiB pages
#define LAB6_VA_TOP    0xFFC00000u     // slot 1023: the monitor's 4 MiB
#define LAB6_MARKED    0x00800000u     // pages marked from here to the end of RAM
#define LAB6_FRAME(i)  (0x00900000u + (i) * 0x1000u)
#define LAB6_LARGE1    0x00800000u     // the 4 MiB pages' frames
#define LAB6_LARGE2    0x00C00000u
#define LAB6_RAM       0x01000000u     // the VM's RAM (the monitor's default, mem=16)

// Exact counts between labels (grader/labs/lab6-guest.c names the labels).
#define LAB6_WALK_FAULTS     6         // lab6_walk_start .. lab6_walk_end: shadow fills
#define LAB6_FAULTS_GUEST    10        // lab6_faults_start .. _end: #PF the guest sees
#define LAB6_FAULTS_SHADOW   1
#define LAB6_WP_SHADOW       2         // lab6_wp_written .. lab6_wp_user
#define LAB6_WP_GUEST        1
#define LAB6_WP_GUEST_AFTER  2         // lab6_wp_rewarmed .. lab6_wp_end
#define LAB6_LARGE_FAULTS    6         // lab6_large_start .. lab6_large_end
#define LAB6_INV_FAULTS      3         // lab6_inv_start .. lab6_inv_end
#define LAB6_INV_INVLPG      4
#define LAB6_CR3_RESETS      5         // lab6_cr3_start .. lab6_cr3_end
#define LAB6_CR3_WRITES      5
#define LAB6_GLOBAL_FAULTS   5         // lab6_global_start .. lab6_global_end
#define LAB6_GLOBAL_RESETS   2

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

void lab6_walk(void);
void lab6_faults(void);
void lab6_write_protect(void);
void lab6_large(void);
void lab6_invlpg(void);
void lab6_cr3(void);
void lab6_global(void);
void lab6_monitor(void);
void lab6_outside(void);

// lab6.c: the guest's tables and its accesses.
extern uint32_t lab6_pd[1024], lab6_pd2[1024], lab6_pt[1024], lab6_pt2[1024];

// Loads the guest's GDT, IDT and TSS, marks the frames, builds lab6_pd (1:1 below 8 MiB,
// lab6_pt in slot 256, nothing else; global if cr4 has PGE), turns paging on with CR4 =
// cr4, then lab6_warm.
void lab6_paging_on(uint32_t cr4);
// Touches (writes) every page of the guest's image: the shadow holds them all after it.
void lab6_warm(void);
// The entry for va in lab6_pt.
uint32_t *lab6_pte(uint32_t va);
// A read and a write of the word at va; each records a #PF in the fault log, if one comes,
// and goes on after its instruction (the read then gives ~0).
uint32_t lab6_load(uint32_t va);
void lab6_store(uint32_t va, uint32_t value);

// The page faults the guest took since lab6_log_clear (its handler reads CR2).
struct lab6_fault {
	uint32_t err, cr2, eip;
};
extern volatile struct lab6_fault lab6_log[16];
extern volatile int lab6_nlog;
void lab6_log_clear(void);
// Checks that fault i of the log was a #PF with error code err at cr2, by lab6_load (or by
// lab6_store if write).
void lab6_check_fault(int i, uint32_t err, uint32_t cr2, bool write, const char *what);
#endif

#endif
