// gmem.c: guest-physical memory, page by page.
#include "lib/error.h"
#include "lib/string.h"
#include "vmm/gmem.h"
#include "x86/paging.h"

int
gmem_init(struct gmem *m, uint32_t size, void *(*page_alloc)(void),
	  void (*page_free)(void *page))
{
	if (size == 0 || size > GMEM_MAX)
		return -E_INVAL;
	memset(m, 0, sizeof *m);
	m->page_alloc = page_alloc;
	m->page_free = page_free;
	for (uint32_t gpa = 0; gpa < size; gpa += PAGE_SIZE) {
		void *p = page_alloc();
		if (!p) {
			gmem_free(m);
			return -E_NOMEM;
		}
		memset(p, 0, PAGE_SIZE);
		m->pages[gpa / PAGE_SIZE] = p;
		m->size = gpa + PAGE_SIZE;
	}
	return 0;
}

void
gmem_free(struct gmem *m)
{
	for (uint32_t i = 0; i < m->size / PAGE_SIZE; i++)
		m->page_free(m->pages[i]);
	m->size = 0;
}

void *
gmem_page(const struct gmem *m, uint32_t gpa)
{
	return gpa < m->size ? m->pages[gpa / PAGE_SIZE] : NULL;
}

// Calls fn on each piece of [gpa, gpa + len) that lies in one page; stops at the first error.
static int
gmem_each(const struct gmem *m, uint32_t gpa, size_t len,
	  void (*fn)(uint8_t *host, size_t off, size_t n, void *arg), void *arg)
{
	if (gpa >= m->size || len > m->size - gpa)
		return -E_FAULT;
	for (size_t done = 0; done < len;) {
		uint32_t in = (gpa + done) % PAGE_SIZE;
		size_t n = PAGE_SIZE - in < len - done ? PAGE_SIZE - in : len - done;
		fn((uint8_t *)m->pages[(gpa + done) / PAGE_SIZE] + in, done, n, arg);
		done += n;
	}
	return 0;
}

static void
copy_out(uint8_t *host, size_t off, size_t n, void *buf)
{
	memcpy((uint8_t *)buf + off, host, n);
}

static void
copy_in(uint8_t *host, size_t off, size_t n, void *buf)
{
	memcpy(host, (const uint8_t *)buf + off, n);
}

int
gmem_read(const struct gmem *m, uint32_t gpa, void *buf, size_t len)
{
	return gmem_each(m, gpa, len, copy_out, buf);
}

int
gmem_write(struct gmem *m, uint32_t gpa, const void *buf, size_t len)
{
	return gmem_each(m, gpa, len, copy_in, (void *)buf);
}
