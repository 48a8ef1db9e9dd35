// prompt.h: the monitor console on the serial line: a small command prompt. It runs on its
// own when there is no guest, and over a paused guest when the escape key is typed.
#ifndef VMM_PROMPT_H
#define VMM_PROMPT_H

#define PROMPT_ESCAPE 0x1D         // Ctrl-]: typed on the console, pauses the guest

#define PROMPT_CONTINUE (-1)       // prompt_run: the user asked to resume the guest

// Reads and runs commands. Returns PROMPT_CONTINUE when the user types `continue` (offered
// only when paused is set), or the exit status `exit` asks for (0 = success).
int prompt_run(int paused);

#endif
