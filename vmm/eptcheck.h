// eptcheck.h: the monitor's check of the EPT tables' code on the machine (eptcheck.c).
#ifndef VMM_EPTCHECK_H
#define VMM_EPTCHECK_H

// Runs every check, printing the failed ones and a verdict line with tag. Returns 0, or
// -E_INVAL when a check failed.
int eptcheck_run(const char *tag);

#endif
