// rsp.c: framing, checksums and the replies of the remote serial protocol.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "grader/rsp.h"
#include "lib/error.h"

static int
rsp_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
rsp_frame(const char *payload, char *out, size_t size)
{
	unsigned sum = 0;
	size_t n = strlen(payload);

	if (n + 5 > size)
		return -E_2BIG;
	for (size_t i = 0; i < n; i++)
		sum += (unsigned char)payload[i];
	return snprintf(out, size, "$%s#%02x", payload, sum & 0xFF);
}

int
rsp_take(const char *buf, size_t len, size_t *used, char *payload, size_t psize)
{
	const char *start = memchr(buf, '$', len), *hash;
	unsigned sum = 0;

	*used = start ? (size_t)(start - buf) : len;
	if (!start)
		return 0;
	hash = memchr(start, '#', len - *used);
	if (!hash || (size_t)(hash - buf) + 3 > len)
		return 0;
	size_t n = hash - start - 1;
	*used = hash - buf + 3;
	for (size_t i = 0; i < n; i++)
		sum += (unsigned char)start[1 + i];
	if (rsp_hexval(hash[1]) < 0 || rsp_hexval(hash[2]) < 0 ||
	    (unsigned)(rsp_hexval(hash[1]) << 4 | rsp_hexval(hash[2])) != (sum & 0xFF))
		return -E_INVAL;
	if (n + 1 > psize)
		return -E_2BIG;
	memcpy(payload, start + 1, n);
	payload[n] = '\0';
	return 1;
}

int
rsp_hex_decode(const char *hex, void *buf, size_t n)
{
	uint8_t *b = buf;

	for (size_t i = 0; i < n; i++) {
		int hi = rsp_hexval(hex[2 * i]), lo = hi < 0 ? -1 : rsp_hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -E_INVAL;
		b[i] = hi << 4 | lo;
	}
	return 0;
}

int
rsp_parse_g(const char *hex, struct regs *r)
{
	uint32_t v[16];
	uint32_t *gpr[] = { &r->eax, &r->ecx, &r->edx, &r->ebx, &r->esp, &r->ebp, &r->esi,
			    &r->edi, &r->eip, &r->eflags };
	struct seg *seg[] = { &r->cs, &r->ss, &r->ds, &r->es, &r->fs, &r->gs };

	if (strlen(hex) < sizeof v * 2 || rsp_hex_decode(hex, v, sizeof v) < 0)
		return -E_INVAL;
	for (int i = 0; i < 10; i++)
		*gpr[i] = v[i];                  // the bytes are little-endian, as on x86
	for (int i = 0; i < 6; i++)
		seg[i]->sel = v[10 + i];
	return 0;
}

int
rsp_parse_stop(const char *payload)
{
	int hi, lo;

	if (payload[0] == 'W' || payload[0] == 'X')
		return RSP_EXITED;
	if (payload[0] != 'T' && payload[0] != 'S')
		return -E_INVAL;
	hi = rsp_hexval(payload[1]);
	lo = hi < 0 ? -1 : rsp_hexval(payload[2]);
	return lo < 0 ? -E_INVAL : hi << 4 | lo;
}
