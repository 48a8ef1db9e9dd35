// bochsparse.c: parsing the Bochs debugger's text.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader/bochsparse.h"
#include "lib/error.h"

// The number after key (hex, "_" between the halves of a 64-bit value), or -1 if absent.
static int
bochs_value(const char *text, const char *key, uint64_t *v)
{
	const char *p = strstr(text, key);
	char digits[40];
	size_t n = 0;

	if (!p)
		return -1;
	p += strlen(key);
	if (p[0] == '0' && p[1] == 'x')
		p += 2;
	for (; n + 1 < sizeof digits && (strchr("0123456789abcdefABCDEF_", *p) && *p); p++)
		if (*p != '_')
			digits[n++] = *p;
	digits[n] = '\0';
	*v = strtoull(digits, NULL, 16);
	return n ? 0 : -1;
}

// A segment register from its descriptor words: "cs:0x0008, dh=0x00cf9b00, dl=0x0000ffff".
static int
bochs_seg(const char *text, const char *name, struct seg *s)
{
	char key[16];
	const char *p;
	unsigned sel, dh, dl;

	snprintf(key, sizeof key, "\n%s:0x", name);
	p = strstr(text, key);
	if (!p && strncmp(text, key + 1, strlen(key) - 1) == 0)
		p = text - 1;
	if (!p || sscanf(p + strlen(key), "%x, dh=%x, dl=%x", &sel, &dh, &dl) != 3)
		return -1;
	s->sel = sel;
	s->base = (dl >> 16) | (dh & 0xFF) << 16 | (dh & 0xFF000000u);
	s->limit = (dl & 0xFFFF) | (dh & 0xF0000);
	if (dh & (1u << 23))                     // G: the limit counts 4 KiB pages
		s->limit = s->limit << 12 | 0xFFF;
	s->attr = (dh >> 8) & 0xF0FF;
	return 0;
}

// "gdtr:base=0x0000000000007d18, limit=0x17"
static int
bochs_dtr(const char *text, const char *name, struct dtr *d)
{
	char key[16];
	uint64_t base, limit;
	const char *p;

	snprintf(key, sizeof key, "%s:base=", name);
	if (!(p = strstr(text, key)) || bochs_value(p, key, &base) < 0 ||
	    !(p = strstr(p, "limit=")) || bochs_value(p, "limit=", &limit) < 0)
		return -1;
	d->base = base;
	d->limit = limit;
	return 0;
}

int
bochs_parse_regs(const char *r_out, const char *sreg_out, const char *creg_out,
		 struct regs *r, char *why, size_t whysize)
{
	static const char *const keys[] = { "rax: ", "rbx: ", "rcx: ", "rdx: ", "rsi: ", "rdi: ",
					    "rbp: ", "rsp: ", "rip: ", "eflags 0x" };
	uint32_t *dst[] = { &r->eax, &r->ebx, &r->ecx, &r->edx, &r->esi, &r->edi, &r->ebp,
			    &r->esp, &r->eip, &r->eflags };
	static const char *const segs[] = { "es", "cs", "ss", "ds", "fs", "gs", "ldtr", "tr" };
	struct seg *sp[] = { &r->es, &r->cs, &r->ss, &r->ds, &r->fs, &r->gs, &r->ldt, &r->tr };
	static const char *const cregs[] = { "CR0=", "CR2=page fault laddr=", "CR3=", "CR4=" };
	uint32_t *cdst[] = { &r->cr0, &r->cr2, &r->cr3, &r->cr4 };
	uint64_t v;

	memset(r, 0, sizeof *r);
	for (int i = 0; i < 10; i++) {
		if (bochs_value(r_out, keys[i], &v) < 0)
			return snprintf(why, whysize, "bochs r: no %s", keys[i]), -E_INVAL;
		*dst[i] = v;
	}
	for (int i = 0; i < 8; i++)
		if (bochs_seg(sreg_out, segs[i], sp[i]) < 0)
			return snprintf(why, whysize, "bochs sreg: no %s", segs[i]), -E_INVAL;
	if (bochs_dtr(sreg_out, "gdtr", &r->gdt) < 0 || bochs_dtr(sreg_out, "idtr", &r->idt) < 0)
		return snprintf(why, whysize, "bochs sreg: no gdtr/idtr"), -E_INVAL;
	for (int i = 0; i < 4; i++) {
		if (bochs_value(creg_out, cregs[i], &v) < 0)
			return snprintf(why, whysize, "bochs creg: no %s", cregs[i]), -E_INVAL;
		*cdst[i] = v;
	}
	if (bochs_value(creg_out, "EFER=", &v) == 0)
		r->efer = v;
	r->cpl = (r->cr0 & 1) ? (r->cs.sel & 3) : 0;
	r->halted = -1;
	return 0;
}

int
bochs_parse_xp(const char *out, void *buf, size_t n)
{
	unsigned char *b = buf;
	size_t got = 0;

	for (const char *line = out; line && *line && got < n; line = strchr(line, '\n')) {
		line += *line == '\n';
		const char *p = strstr(line, ">:");
		const char *eol = strchr(line, '\n');
		if (!p || (eol && p > eol))
			continue;
		for (p += 2; got < n && (!eol || p < eol);) {
			char *end;
			unsigned long v = strtoul(p, &end, 16);
			if (end == p)
				break;
			b[got++] = v;
			p = end;
		}
	}
	return got == n ? 0 : -E_INVAL;
}

int
bochs_prompt_at_end(const char *text, size_t len)
{
	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\n'))
		len--;
	if (len == 0 || text[len - 1] != '>')
		return 0;
	size_t i = len - 1;
	while (i > 0 && text[i - 1] >= '0' && text[i - 1] <= '9')
		i--;
	return i >= 7 && i < len - 1 && memcmp(text + i - 7, "<bochs:", 7) == 0;
}

int
bochs_log_errors(const char *log, int max, struct text *out)
{
	struct text seen = { 0 };
	int n = 0;

	for (const char *line = log; *line && n < max;) {
		size_t len = strcspn(line, "\n");
		const char *p = line + strspn(line, "0123456789");
		if (p > line && (*p == 'e' || *p == 'p') && p[1] == '[' &&
		    !memmem(line, len, "autodetection enabled", 21) &&
		    !memmem(line, len, "shutdown requested", 18)) {     // the normal end
			char *msg = strndup(p + 1, len - (p + 1 - line));
			if (msg && !strstr(text_str(&seen), msg)) {
				text_printf(out, "  bochs: %s\n", msg);
				text_printf(&seen, "%s\n", msg);
				n++;
			}
			free(msg);
		}
		line += len + (line[len] == '\n');
	}
	text_free(&seen);
	return n;
}
