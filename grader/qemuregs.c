// qemuregs.c: parsing QEMU's "info registers" text.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader/qemuregs.h"
#include "lib/error.h"

// The hex value after "NAME=" (NAME preceded by the start or a non-letter). Returns 0 or -1.
static int
regs_field(const char *text, const char *name, uint64_t *v)
{
	size_t n = strlen(name);

	for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
		if ((p == text || p[-1] == ' ' || p[-1] == '\n') && p[n] == '=') {
			*v = strtoull(p + n + 1, NULL, 16);
			return 0;
		}
	}
	return -1;
}

// "CS =0008 00000000 ffffffff 00cf9b00": selector, base, limit, flags.
static int
regs_seg(const char *text, const char *name, struct seg *s)
{
	char key[8];
	const char *p;
	unsigned sel, base, limit, attr;

	snprintf(key, sizeof key, "\n%-3s=", name);
	p = strstr(text, key);
	if (!p || sscanf(p + strlen(key), "%x %x %x %x", &sel, &base, &limit, &attr) != 4)
		return -1;
	*s = (struct seg){ sel, base, limit, attr };
	return 0;
}

// "GDT=     ffc00000 00000fff": base, limit.
static int
regs_dtr(const char *text, const char *name, struct dtr *d)
{
	char key[8];
	const char *p;
	unsigned base, limit;

	snprintf(key, sizeof key, "\n%s=", name);
	p = strstr(text, key);
	if (!p || sscanf(p + strlen(key), " %x %x", &base, &limit) != 2)
		return -1;
	d->base = base;
	d->limit = limit;
	return 0;
}

int
qemuregs_parse(const char *text, struct regs *r, char *why, size_t whysize)
{
	static const char *const gpr[] = { "EAX", "EBX", "ECX", "EDX", "ESI", "EDI", "EBP",
					   "ESP", "EIP", "EFL", "CR0", "CR2", "CR3", "CR4",
					   "CPL", "HLT", "EFER" };
	uint64_t v[sizeof gpr / sizeof gpr[0]];
	static const char *const segs[] = { "ES", "CS", "SS", "DS", "FS", "GS", "LDT", "TR" };
	struct seg *sp[] = { &r->es, &r->cs, &r->ss, &r->ds, &r->fs, &r->gs, &r->ldt, &r->tr };

	memset(r, 0, sizeof *r);
	for (size_t i = 0; i < sizeof gpr / sizeof gpr[0]; i++)
		if (regs_field(text, gpr[i], &v[i]) < 0)
			return snprintf(why, whysize, "info registers: no %s", gpr[i]), -E_INVAL;
	for (size_t i = 0; i < sizeof segs / sizeof segs[0]; i++)
		if (regs_seg(text, segs[i], sp[i]) < 0)
			return snprintf(why, whysize, "info registers: no %s", segs[i]), -E_INVAL;
	if (regs_dtr(text, "GDT", &r->gdt) < 0 || regs_dtr(text, "IDT", &r->idt) < 0)
		return snprintf(why, whysize, "info registers: no GDT/IDT"), -E_INVAL;
	r->eax = v[0], r->ebx = v[1], r->ecx = v[2], r->edx = v[3];
	r->esi = v[4], r->edi = v[5], r->ebp = v[6], r->esp = v[7];
	r->eip = v[8], r->eflags = v[9];
	r->cr0 = v[10], r->cr2 = v[11], r->cr3 = v[12], r->cr4 = v[13];
	r->cpl = (int)v[14];
	r->halted = (int)v[15];
	r->efer = v[16];
	return 0;
}
