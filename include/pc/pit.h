// pit.h: the 8254 programmable interval timer (Intel 8254 data sheet).
#ifndef PC_PIT_H
#define PC_PIT_H

#define PIT_CH0     0x40
#define PIT_CH2     0x42
#define PIT_CMD     0x43
#define PIT_HZ      1193182     // input clock
#define PIT_IRQ     0

// Command byte: | channel (2) | access (2) | mode (3) | BCD (1) |
#define PIT_SEL_CH0   0x00
#define PIT_ACCESS_LOHI 0x30    // low byte then high byte
#define PIT_MODE_RATE 0x04      // mode 2: rate generator
#define PIT_MODE_SQUARE 0x06    // mode 3: square wave

#endif
