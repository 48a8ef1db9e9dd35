// kernel.h: what the host kernel offers the program that runs on it (the monitor's main).
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include "boot/image.h"

// The boot information the loader handed over (a copy in kernel memory).
extern struct bootinfo boot_info;

// The program's entry point, called once the kernel has set up the console, memory, paging,
// traps and the timer, with interrupts on. Its return value ends the run: 0 is success.
int main(void);

#endif
