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

#define UART_NREGS 8
#define UART_FIFO_SIZE 16

#define UART_IER_RDA   0x01  // interrupt on received data available
#define UART_IER_THRE  0x02  // interrupt on transmit holding register empty
#define UART_IER_RLS   0x04  // interrupt on receiver line status (errors, break)
#define UART_IER_MS    0x08  // interrupt on modem status change
#define UART_IIR_NONE  0x01  // no interrupt pending
#define UART_IIR_ID    0x0E  // interrupt identification, by priority (PC16550D table IV):
#define UART_IIR_RLS   0x06  //   1 receiver line status: read LSR to clear
#define UART_IIR_RDA   0x04  //   2 received data available: read RBR to clear
#define UART_IIR_CTI   0x0C  //   2 character timeout (FIFO mode): read RBR to clear
#define UART_IIR_THRE  0x02  //   3 THR empty: read IIR (when it says so) or write THR to clear
#define UART_IIR_MSI   0x00  //   4 modem status: read MSR to clear
#define UART_IIR_FIFO  0xC0  // FIFOs enabled
#define UART_FCR_ENABLE 0x01
#define UART_FCR_CLEAR_RX 0x02
#define UART_FCR_CLEAR_TX 0x04
#define UART_FCR_CLEAR  0x06  // clear both FIFOs
#define UART_FCR_TRIGGER 0xC0 // receive FIFO trigger level: 1, 4, 8, 14 bytes
#define UART_LCR_WLEN  0x03  // word length - 5
#define UART_LCR_8N1   0x03  // 8 data bits, no parity, 1 stop bit
#define UART_LCR_DLAB  0x80
#define UART_MCR_DTR   0x01
#define UART_MCR_RTS   0x02
#define UART_MCR_OUT1  0x04
#define UART_MCR_OUT2  0x08  // gates the interrupt line to the PIC on PCs
#define UART_MCR_LOOP  0x10
#define UART_LSR_DR    0x01  // data ready
#define UART_LSR_OE    0x02  // overrun error
#define UART_LSR_PE    0x04  // parity error
#define UART_LSR_FE    0x08  // framing error
#define UART_LSR_BI    0x10  // break interrupt
#define UART_LSR_THRE  0x20  // transmit holding register empty
#define UART_LSR_TEMT  0x40  // transmitter empty (shift register too)
#define UART_LSR_FIFOERR 0x80  // an error in the receive FIFO
#define UART_MSR_DCTS  0x01  // delta bits: changed since MSR was last read
#define UART_MSR_DDSR  0x02
#define UART_MSR_TERI  0x04  // trailing edge of ring indicator
#define UART_MSR_DDCD  0x08
#define UART_MSR_CTS   0x10  // current state of the inputs (complemented pins)
#define UART_MSR_DSR   0x20
#define UART_MSR_RI    0x40
#define UART_MSR_DCD   0x80

#endif
