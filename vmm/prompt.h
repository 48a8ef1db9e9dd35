// prompt.h: the serial console's command prompt.
#ifndef VMM_PROMPT_H
#define VMM_PROMPT_H

// Reads and runs commands until `exit`; returns the exit status asked for (0 = success).
int prompt_run(void);

#endif
