// decode_fixture.c: the decoded instruction and the decode helper of the decoder's tests
// (decode_fixture.h).
#include <string.h>

#include "tests/unit/decode_fixture.h"

struct insn in;

int
decode(const uint8_t *bytes, int n)
{
	uint8_t buf[INSN_MAX_LEN + 1] = { 0 };

	memcpy(buf, bytes, n);
	return decode_insn(&in, buf, sizeof buf, 4);
}
