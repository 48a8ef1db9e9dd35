// selftest.h: the host kernel's self-tests, chosen by the boot command line (test=NAME).
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

// Runs self-test `name` ("boot", "fault", "world"), printing one line per check and a verdict line
// "selftest NAME: passed|FAILED". Returns 0 when every check passed, -E_NOENT for an unknown
// name (after listing the known ones), -E_INVAL when a check failed.
int selftest_run(const char *name);

// Prints "check WHAT: ok|FAILED" and counts a failure for the running self-test.
void check(int ok, const char *what);

// The world-switch self-test (selftest_world.c): code at ring 1 and 3 in a guest-view space.
void selftest_world(void);

// Deliberate faults (selftest_fault.S): fault_read reads *addr; fault_load_ds loads sel into DS.
// An expected fault resumes at the matching *_resume label.
uint32_t fault_read(uint32_t addr);
void fault_load_ds(uint32_t sel);
extern char fault_read_resume[], fault_load_ds_resume[];

#endif
