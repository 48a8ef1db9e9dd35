// pc.h: fixed I/O ports of the PC and of the emulators duplicata runs on.
#ifndef PC_PC_H
#define PC_PC_H

#define PORT_POST         0x80    // BIOS POST codes: harmless to read and write (~1 us I/O delay)
#define PORT_E9_DEBUG     0xE9    // QEMU -debugcon, Bochs port_e9_hack: one byte per write
#define PORT_DEBUG_EXIT   0xF4    // QEMU isa-debug-exit: writing v exits with status (v << 1) | 1
#define PORT_BOCHS_SHUTDOWN 0x8900  // Bochs: the string "Shutdown" written here ends the run
#define PORT_SYSCTRL_A    0x92    // bit 1: fast A20 gate
#define PORT_KBD_STATUS   0x64
#define PORT_KBD_DATA     0x60

// Exit codes written to PORT_DEBUG_EXIT; QEMU's exit status is (code << 1) | 1.
// Status 1 also means "QEMU error", so success has a value of its own.
#define DEBUG_EXIT_SUCCESS 0x10   // QEMU exits with 33
#define DEBUG_EXIT_FAILURE 0x11   // QEMU exits with 35
#define QEMU_STATUS(code)  (((code) << 1) | 1)

// Primary ATA (IDE) channel, PIO mode (ATA/ATAPI-6 §7).
#define ATA_DATA      0x1F0
#define ATA_ERROR     0x1F1
#define ATA_COUNT     0x1F2
#define ATA_LBA0      0x1F3
#define ATA_LBA1      0x1F4
#define ATA_LBA2      0x1F5
#define ATA_DRIVE     0x1F6   // 0xE0 | LBA 27:24: master, LBA mode
#define ATA_CMD       0x1F7   // write: command; read: status
#define ATA_ST_ERR    0x01
#define ATA_ST_DRQ    0x08
#define ATA_ST_DF     0x20
#define ATA_ST_DRDY   0x40
#define ATA_ST_BSY    0x80
#define ATA_CMD_READ  0x20    // READ SECTORS (28-bit LBA)
#define ATA_CMD_READ_MULTIPLE 0xC4   // READ MULTIPLE: a data block of several sectors per DRQ
#define ATA_CMD_SET_MULTIPLE  0xC6   // SET MULTIPLE MODE: the sectors per block, in the count

#endif
