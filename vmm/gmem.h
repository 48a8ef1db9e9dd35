// gmem.h: a VM's guest-physical memory: RAM from guest-physical 0, one host page per guest
// page, reached only through these functions (never by dereferencing a guest address).
#ifndef VMM_GMEM_H
#define VMM_GMEM_H

#include <stddef.h>
#include <stdint.h>

#define GMEM_MAX (64u << 20)          // the most RAM a VM may have
#define GMEM_PAGES (GMEM_MAX / 4096)

struct gmem {
	uint32_t size;                 // bytes of guest RAM, a multiple of the page size
	void *(*page_alloc)(void);     // where pages come from (the frame allocator in the kernel)
	void (*page_free)(void *page);
	void *pages[GMEM_PAGES];       // pages[gpa >> 12]: the host page behind each guest page
};

// Allocates size bytes (rounded up to whole pages) of zeroed guest RAM from page_alloc,
// which returns one page-aligned page or NULL. Returns 0, -E_INVAL for a size of 0 or over
// GMEM_MAX, or -E_NOMEM (then nothing is kept).
int gmem_init(struct gmem *m, uint32_t size, void *(*page_alloc)(void),
	      void (*page_free)(void *page));
void gmem_free(struct gmem *m);

// The host page backing the guest page that holds gpa, or NULL outside guest RAM.
void *gmem_page(const struct gmem *m, uint32_t gpa);

// Copy between guest-physical memory and the monitor. Return 0, or -E_FAULT (nothing copied)
// when any byte of [gpa, gpa + len) is outside guest RAM.
int gmem_read(const struct gmem *m, uint32_t gpa, void *buf, size_t len);
int gmem_write(struct gmem *m, uint32_t gpa, const void *buf, size_t len);

#endif
