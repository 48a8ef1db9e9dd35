// marker.h: solution regions in the source, and how a student handout replaces them.
//
// A region is written once, in the reference solution, as whole-line comments:
//
//	// Loads the IDT. Hint: one gate per vector; see SDM 3A §6.11.   <- contract and Hint:
//	// LAB1-SOLUTION-BEGIN                                           <- stay in the handout
//	for (int v = 0; v < 256; v++)
//		idt[v] = gate_make(...);
//	// LAB1-STUB
//	// panic("idt_init: not implemented");
//	// LAB1-SOLUTION-END
//
// ("#" instead of "//" in Makefiles and scripts). The handout of lab N keeps the solution of
// every region of a lab below N and replaces each region of lab N or later by its stub, with
// one level of comment removed; markers disappear. Every region needs a stub part (it may be
// empty) and a "Hint:" within the HINT_LINES lines above it.
#ifndef HANDOUT_MARKER_H
#define HANDOUT_MARKER_H

#include <stddef.h>

#define HINT_LINES 20

// Rewrites text (len bytes) for the handout of lab `lab` (lab < 0: only check the markers).
// On success returns 0, stores a malloc'ed result in *out (*outlen bytes; the caller frees)
// unless lab < 0, and the number of regions in *regions. On a malformed marker returns
// -E_INVAL with "LINE: reason" in msg; nothing is allocated.
int marker_apply(const char *text, size_t len, int lab, char **out, size_t *outlen,
		 int *regions, char *msg, size_t msgsize);

// Where one region is: the lines of its three markers (lines count from 1). Its solution is
// the lines between begin and stub, its stub those between stub and end.
struct marker_region {
	int lab;
	int begin, stub, end;
};

// Finds the regions of text (len bytes): stores the first max of them in regs, in file order,
// and how many there are in *nregs (more than max: the rest were not stored). Returns 0, or
// -E_INVAL with "LINE: reason" in msg on a malformed marker, as marker_apply does.
int marker_regions(const char *text, size_t len, struct marker_region *regs, int max,
		   int *nregs, char *msg, size_t msgsize);

#endif
