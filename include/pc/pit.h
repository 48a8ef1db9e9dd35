// pit.h: the 8254 programmable interval timer (Intel 8254 data sheet).
#ifndef PC_PIT_H
#define PC_PIT_H

#define PIT_CH0     0x40
#define PIT_CH1     0x41
#define PIT_CH2     0x42
#define PIT_CMD     0x43
#define PIT_HZ      1193182     // input clock
#define PIT_IRQ     0

#define PIT_NCHANNELS 3

// Command byte: | channel (2) | access (2) | mode (3) | BCD (1) |
#define PIT_SEL_CH0   0x00
#define PIT_SEL_CH1   0x40
#define PIT_SEL_CH2   0x80
#define PIT_SEL_READBACK 0xC0   // 8254 read-back command
#define PIT_ACCESS_LATCH 0x00   // counter latch command (not an access mode)
#define PIT_ACCESS_LO 0x10      // low byte only
#define PIT_ACCESS_HI 0x20      // high byte only
#define PIT_ACCESS_LOHI 0x30    // low byte then high byte
#define PIT_MODE_TERMINAL 0x00  // mode 0: interrupt on terminal count
#define PIT_MODE_RATE 0x04      // mode 2: rate generator
#define PIT_MODE_SQUARE 0x06    // mode 3: square wave
#define PIT_MODE_STROBE 0x08    // mode 4: software-triggered strobe
#define PIT_BCD       0x01      // count in BCD (4 decades) instead of binary
#define PIT_CMD_SEL(c)    (((c) >> 6) & 3)
#define PIT_CMD_ACCESS(c) ((c) & 0x30)
#define PIT_CMD_MODE(c)   (((c) >> 1) & 7)   // 6 and 7 are aliases of 2 and 3

#endif
