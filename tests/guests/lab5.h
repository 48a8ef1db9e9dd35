// lab5.h: lab 5's test guest, and what the grader counts on (grader/labs/lab5.c).
#ifndef TESTS_GUESTS_LAB5_H
#define TESTS_GUESTS_LAB5_H

#define LAB5_VEC_MASTER 0x20      // the guest's vectors for IRQ 0-7 and 8-15
#define LAB5_VEC_SLAVE  0x28
#define LAB5_TICKS      10        // interrupts: timer interrupts the guest waits for
#define LAB5_HZ         100       // virtual-time: the rate the guest programs

#ifndef __ASSEMBLER__
#include <stdint.h>

void lab5_pic(void);
void lab5_pit(void);
void lab5_uart(void);
void lab5_interrupts(void);
void lab5_virtual_time(void);

// The PC's devices as the tests program them (lab5-pic.c).
void lab5_pic_init(uint8_t master_mask, uint8_t slave_mask);
void lab5_irq_line(int irq, int level);    // the test device's IRQ lines
uint8_t lab5_pic_reg(uint16_t cmd, uint8_t ocw3);   // IRR, ISR or a poll, by OCW3
// IRR, but the master's IR0: the PIT, counting at the BIOS's rate until a test programs it,
// requests IRQ 0 whenever it wraps.
uint8_t lab5_irr(uint16_t cmd);
// Loads the guest's tables (tguest.h), with hook called for every event.
struct tg_frame;
void lab5_tables_load(void (*hook)(struct tg_frame *f));

// Counted by the handlers of the interrupts and virtual-time tests, read by the grader.
extern volatile uint32_t lab5_interrupts_taken, lab5_ticks;
#endif

#endif
