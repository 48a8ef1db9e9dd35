// vpic_fixture.h: what the virtual 8259A pair's tests (tests/unit/test_vpic_*.c) share: the
// pair under test, programmed as a guest driver does, and reads of its ISR and IRR.
#ifndef TESTS_UNIT_VPIC_FIXTURE_H
#define TESTS_UNIT_VPIC_FIXTURE_H

#include <stdint.h>

#include "pc/pic.h"
#include "vmm/dev/vpic.h"

#define BASE1 0x20              // the master's vector base after setup (IRQ 0 -> 0x20)
#define BASE2 0x28              // the slave's (IRQ 8 -> 0x28)

// The pair every test programs and checks.
extern struct vpic pic;

// Both chips as Linux's init_8259A (auto_eoi = 0) and our host kernel program them: all
// masked, ICW1..ICW4 (icw4 as given) on each, which leaves the IMRs clear.
void init_pair(uint8_t icw4);

// cmocka setup: resets pic and programs it with init_pair(ICW4_8086); returns 0.
int setup(void **state);

// The in-service and request registers of the chip at command port cmd (OCW3 then a read).
uint8_t read_isr(uint16_t cmd);
uint8_t read_irr(uint16_t cmd);

#endif
