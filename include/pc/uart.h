// uart.h: the 16550 UART (National Semiconductor PC16550D data sheet).
#ifndef PC_UART_H
#define PC_UART_H

#define COM1_PORT  0x3F8
#define COM1_IRQ   4
#define UART_CLOCK 115200     // divisor = UART_CLOCK / baud

// Register offsets from the base port (DLAB = LCR bit 7 selects DLL/DLM at 0 and 1).
#define UART_RBR 0  // receive buffer (read)
#define UART_THR 0  // transmit holding (write)
#define UART_DLL 0  // divisor latch low (DLAB = 1)
#define UART_IER 1  // interrupt enable
#define UART_DLM 1  // divisor latch high (DLAB = 1)
#define UART_IIR 2  // interrupt identification (read)
#define UART_FCR 2  // FIFO control (write)
#define UART_LCR 3  // line control
#define UART_MCR 4  // modem control
#define UART_LSR 5  // line status
#define UART_MSR 6  // modem status
#define UART_SCR 7  // scratch

#define UART_IER_RDA   0x01  // interrupt on received data available
#define UART_IER_THRE  0x02  // interrupt on transmit holding register empty
#define UART_IIR_NONE  0x01  // no interrupt pending
#define UART_FCR_ENABLE 0x01
#define UART_FCR_CLEAR  0x06  // clear both FIFOs
#define UART_LCR_8N1   0x03  // 8 data bits, no parity, 1 stop bit
#define UART_LCR_DLAB  0x80
#define UART_MCR_DTR   0x01
#define UART_MCR_RTS   0x02
#define UART_MCR_OUT2  0x08  // gates the interrupt line to the PIC on PCs
#define UART_MCR_LOOP  0x10
#define UART_LSR_DR    0x01  // data ready
#define UART_LSR_THRE  0x20  // transmit holding register empty
#define UART_LSR_TEMT  0x40  // transmitter empty (shift register too)

#endif
