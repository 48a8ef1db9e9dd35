// vm.h: address spaces: 2-level page tables, 4 KiB pages (lab 3). layout.h draws the map.
//
// An address space is named by the physical address of its page directory (what CR3 holds).
// Every space shares the kernel's page tables for [KERNBASE, MONITOR_BASE); the user part
// below USER_TOP is its own.
#ifndef GUEST_VM_H
#define GUEST_VM_H

#include <stddef.h>
#include <stdint.h>

// The kernel's space, loaded while no process runs.
extern uint32_t kernel_pgdir;

// Maps RAM [0, ram_top) at KERNBASE, supervisor-only and writable, and loads it into CR3
// (so the boot map of entry.S is gone). Panics if memory runs out.
void vm_init(uint32_t ram_top);
// Loads an address space into CR3.
void vm_switch(uint32_t pgdir);

// Returns a new space holding only the kernel part, or 0 when memory is short.
uint32_t vm_create(void);
// Frees the user frames of pgdir, its user page tables and the directory itself.
void vm_destroy(uint32_t pgdir);
// Returns the kernel address of the page-table entry for va in pgdir, creating the table if
// create is set; NULL if there is none (or no memory to make it).
uint32_t *vm_pte(uint32_t pgdir, uint32_t va, int create);
// Maps [va, va + len) (va page-aligned) to fresh zeroed frames with flags (PTE_U, PTE_W).
// Returns 0, -E_NOMEM, or -E_INVAL if the range is not all user space.
int vm_alloc(uint32_t pgdir, uint32_t va, uint32_t len, uint32_t flags);
// Copies n bytes to va in pgdir, which need not be loaded; the pages must be mapped.
// Returns 0 or -E_FAULT.
int vm_copy_out(uint32_t pgdir, uint32_t va, const void *src, uint32_t n);

// 0 if user code may access [va, va + n) in pgdir (to write, if write is set), else -E_FAULT.
int vm_check_user(uint32_t pgdir, uint32_t va, uint32_t n, int write);
// Copies the NUL-terminated user string at va (in the loaded space pgdir) into dst.
// Returns its length, -E_FAULT if unreadable, -E_2BIG if it does not fit in size bytes.
int vm_fetch_str(uint32_t pgdir, uint32_t va, char *dst, uint32_t size);

#endif
