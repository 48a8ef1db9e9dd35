// bochs.c: the Bochs driver (placeholder until written).
#include "grader/machine.h"
#include "lib/error.h"

static int bochs_start(struct machine *m) { (void)m; return -E_NOTSUP; }
static int bochs_pump(struct machine *m, int t) { (void)m, (void)t; return -E_NOTSUP; }
static int bochs_cont(struct machine *m) { (void)m; return -E_NOTSUP; }
static int bochs_stop(struct machine *m) { (void)m; return -E_NOTSUP; }
static int bochs_set_break(struct machine *m, uint32_t a, int on) { (void)m, (void)a, (void)on; return -E_NOTSUP; }
static int bochs_regs(struct machine *m, struct regs *r) { (void)m, (void)r; return -E_NOTSUP; }
static int bochs_read_phys(struct machine *m, uint64_t pa, void *b, size_t n) { (void)m, (void)pa, (void)b, (void)n; return -E_NOTSUP; }
static int bochs_write_serial(struct machine *m, const char *d, size_t n) { (void)m, (void)d, (void)n; return -E_NOTSUP; }
static int bochs_dead_halt(struct machine *m) { (void)m; return -E_NOTSUP; }
static void bochs_explain(struct machine *m, struct text *o) { (void)m, (void)o; }
static void bochs_kill(struct machine *m) { proc_kill(&m->proc); }
const struct machine_ops bochs_ops = { bochs_start, bochs_pump, bochs_cont, bochs_stop, bochs_set_break, bochs_regs, bochs_read_phys, bochs_write_serial, bochs_dead_halt, bochs_explain, bochs_kill };
