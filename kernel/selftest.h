// selftest.h: the host kernel's self-tests, chosen by the boot command line (test=NAME).
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

// Runs self-test `name` ("boot", "fault"), printing one line per check and a verdict line
// "selftest NAME: passed|FAILED". Returns 0 when every check passed, -E_NOENT for an unknown
// name (after listing the known ones), -E_INVAL when a check failed.
int selftest_run(const char *name);

// Deliberate faults (selftest_fault.S): fault_read reads *addr; fault_load_ds loads sel into DS.
// An expected fault resumes at the matching *_resume label.
uint32_t fault_read(uint32_t addr);
void fault_load_ds(uint32_t sel);
extern char fault_read_resume[], fault_load_ds_resume[];

#endif
