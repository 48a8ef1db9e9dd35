// qemulog.h: what QEMU's "-d int,cpu_reset" log says about the end of a run.
//
// Each exception the CPU takes is logged as
//   check_exception old: 0xffffffff new 0x6
//        0: v=06 e=0000 i=0 cpl=0 IP=0008:00100027 pc=00100027 SP=0010:00101140 ...
// and a CPU that cannot deliver a double fault logs "Triple fault".
#ifndef GRADER_QEMULOG_H
#define GRADER_QEMULOG_H

#include "grader/text.h"

// Reads the log text (its tail is enough) and, when it ends in a triple fault, appends the
// chain of exceptions that led there ("#UD (invalid opcode) at 0008:00100027, then #GP
// error 0x0032 (IDT vector 6), then #DF (double fault): triple fault") to out and returns 1;
// else returns 0.
int qemulog_triple(const char *log, struct text *out);

// "#UD (invalid opcode)" for a vector, or "vector 0x41" for others. Returns a static string.
const char *exception_describe(unsigned vector);

#endif
