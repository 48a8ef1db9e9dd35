// test_grader_parse.c: unit tests of the grader's parsers: QMP replies, QEMU's register dump
// and interrupt log, RSP packets, the Bochs debugger's output, ELF symbols, the page walk.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "grader/bochsparse.h"
#include "grader/qemulog.h"
#include "grader/qemuregs.h"
#include "grader/qmp.h"
#include "grader/rsp.h"
#include "grader/serial.h"
#include "grader/walk.h"
#include "lib/error.h"

static void
test_qmp_messages(void **state)
{
	struct qmp_msg m;

	(void)state;
	assert_int_equal(qmp_parse("{\"QMP\": {\"version\": {}, \"capabilities\": [\"oob\"]}}", &m), 0);
	assert_int_equal(m.kind, QMP_GREETING);
	qmp_msg_free(&m);
	assert_int_equal(qmp_parse("{\"return\": \"\\r\\nEAX=00000001\\r\\n\"}", &m), 0);
	assert_int_equal(m.kind, QMP_RETURN);
	assert_string_equal(m.text, "\r\nEAX=00000001\r\n");
	qmp_msg_free(&m);
	assert_int_equal(qmp_parse("{\"error\": {\"class\": \"GenericError\", \"desc\": \"no\"}}", &m), 0);
	assert_int_equal(m.kind, QMP_ERROR);
	assert_string_equal(m.text, "no");
	qmp_msg_free(&m);
	assert_int_equal(qmp_parse("{\"timestamp\": {\"seconds\": 1}, \"event\": \"SHUTDOWN\", "
				   "\"data\": {\"guest\": true, \"reason\": \"guest-reset\"}}", &m), 0);
	assert_int_equal(m.kind, QMP_EVENT);
	assert_string_equal(m.name, "SHUTDOWN");
	assert_string_equal(m.text, "guest-reset");
	qmp_msg_free(&m);
	assert_int_equal(qmp_parse("not json", &m), -E_INVAL);
	assert_int_equal(qmp_parse("{\"other\": 1}", &m), -E_INVAL);
}

static void
test_qmp_command(void **state)
{
	char *s = qmp_command("cont", NULL);

	(void)state;
	assert_string_equal(s, "{\"execute\":\"cont\"}\n");
	free(s);
	s = qmp_command(NULL, "info registers");
	assert_string_equal(s, "{\"execute\":\"human-monitor-command\",\"arguments\":"
			       "{\"command-line\":\"info registers\"}}\n");
	free(s);
}

// A dump as QEMU 7.2 prints it (CRLF lines), stopped at main in the host kernel.
static const char qemu_dump[] =
	"\r\nCPU#0\r\n"
	"EAX=00000000 EBX=000003fd ECX=000003fd EDX=00000000\r\n"
	"ESI=00111fa4 EDI=00111ff0 EBP=00000000 ESP=00111fc8\r\n"
	"EIP=00102710 EFL=00000202 [-------] CPL=0 II=0 A20=1 SMM=0 HLT=1\r\n"
	"ES =0fe8 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]\r\n"
	"CS =0fe3 00000000 ffffffff 00cffb00 DPL=3 CS32 [-RA]\r\n"
	"SS =0fe8 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]\r\n"
	"DS =0fe8 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]\r\n"
	"FS =0000 00000000 00000000 00000000\r\n"
	"GS =0000 00000000 00000000 00000000\r\n"
	"LDT=0000 00000000 0000ffff 00008200 DPL=0 LDT\r\n"
	"TR =0ff0 ffc01000 00000067 00008b00 DPL=0 TSS32-busy\r\n"
	"GDT=     ffc00000 00000fff\r\n"
	"IDT=     ffc01068 000007ff\r\n"
	"CR0=e0010011 CR2=dead0000 CR3=00119000 CR4=00000020\r\n"
	"DR0=00000000 DR1=00000000 DR2=00000000 DR3=00000000 \r\n"
	"EFER=0000000000000000\r\n";

static void
test_qemu_registers(void **state)
{
	struct regs r;
	char why[128];

	(void)state;
	assert_int_equal(qemuregs_parse(qemu_dump, &r, why, sizeof why), 0);
	assert_int_equal(r.eip, 0x102710);
	assert_int_equal(r.ebx, 0x3fd);
	assert_int_equal(r.esp, 0x111fc8);
	assert_int_equal(r.eflags, 0x202);
	assert_int_equal(r.cs.sel, 0x0fe3);
	assert_int_equal(r.cs.attr, 0x00cffb00);
	assert_int_equal(r.tr.base, 0xffc01000);
	assert_int_equal(r.gdt.base, 0xffc00000);
	assert_int_equal(r.gdt.limit, 0xfff);
	assert_int_equal(r.idt.base, 0xffc01068);
	assert_int_equal(r.cr0, 0xe0010011);
	assert_int_equal(r.cr2, 0xdead0000);
	assert_int_equal(r.cr3, 0x119000);
	assert_int_equal(r.cr4, 0x20);
	assert_int_equal(r.halted, 1);
	assert_int_equal(qemuregs_parse("EAX=00000000\r\n", &r, why, sizeof why), -E_INVAL);
	assert_non_null(strstr(why, "EBX"));
}

static const char qemu_log[] =
	"     5: v=20 e=0000 i=0 cpl=0 IP=0fe0:00100100 pc=00100100 SP=0fe8:00111000\n"
	"check_exception old: 0xffffffff new 0x6\n"
	"     6: v=06 e=0000 i=0 cpl=0 IP=0008:00100027 pc=00100027 SP=0010:00101140\n"
	"EAX=00101132\n"
	"check_exception old: 0xffffffff new 0xd\n"
	"     7: v=0d e=0032 i=0 cpl=0 IP=0008:00100027 pc=00100027 SP=0010:00101140\n"
	"check_exception old: 0xd new 0xd\n"
	"     8: v=08 e=0000 i=0 cpl=0 IP=0008:00100027 pc=00100027 SP=0010:00101140\n"
	"check_exception old: 0x8 new 0xd\n"
	"Triple fault\n";

static void
test_qemu_triple_fault_log(void **state)
{
	struct text t = { 0 };

	(void)state;
	assert_int_equal(qemulog_triple(qemu_log, &t), 1);
	const char *s = text_str(&t);
	assert_non_null(strstr(s, "triple fault"));
	assert_non_null(strstr(s, "#UD (invalid opcode) at 0008:00100027"));
	assert_non_null(strstr(s, "#GP (general protection) error 0x0032 (IDT vector 6)"));
	assert_non_null(strstr(s, "#DF (double fault)"));
	assert_null(strstr(s, "vector 0x20"));          // the timer tick before is not in it
	text_free(&t);
	assert_int_equal(qemulog_triple("     1: v=20 e=0000\n", &t), 0);
	assert_string_equal(exception_describe(14), "#PF (page fault)");
	assert_string_equal(exception_describe(0x41), "vector 0x41");
}

static void
test_rsp_packets(void **state)
{
	char out[64], payload[64];
	size_t used;

	(void)state;
	assert_int_equal(rsp_frame("OK", out, sizeof out), 6);
	assert_string_equal(out, "$OK#9a");
	assert_int_equal(rsp_frame("c", out, sizeof out), 5);
	assert_string_equal(out, "$c#63");
	assert_int_equal(rsp_frame("toolong", out, 8), -E_2BIG);
	// acks and noise before the packet are skipped
	assert_int_equal(rsp_take("++$T05thread:01;#07rest", 23, &used, payload, sizeof payload), 1);
	assert_string_equal(payload, "T05thread:01;");
	assert_int_equal(used, 19);
	assert_int_equal(rsp_take("$OK#9", 5, &used, payload, sizeof payload), 0);
	assert_int_equal(rsp_take("+", 1, &used, payload, sizeof payload), 0);
	assert_int_equal(used, 1);
	assert_int_equal(rsp_take("$OK#00", 6, &used, payload, sizeof payload), -E_INVAL);
	assert_int_equal(used, 6);
	assert_int_equal(rsp_take("$OK#9a", 6, &used, payload, 2), -E_2BIG);
	assert_int_equal(rsp_parse_stop("T05thread:01;"), 5);
	assert_int_equal(rsp_parse_stop("S03"), 3);
	assert_int_equal(rsp_parse_stop("W00"), RSP_EXITED);
	assert_int_equal(rsp_parse_stop("OK"), -E_INVAL);
}

static void
test_rsp_registers(void **state)
{
	// the 'g' reply of QEMU stopped at kernel_start (then the FPU registers, cut here)
	const char *g = "dad0ad2b000000007053000000500000f41f1100000000000000100001000000"
			"b0061000460000000800000010000000100000001000000000000000000000000000";
	struct regs r;
	uint8_t bytes[4];

	(void)state;
	memset(&r, 0, sizeof r);
	assert_int_equal(rsp_parse_g(g, &r), 0);
	assert_int_equal(r.eax, 0x2badd0da);
	assert_int_equal(r.edx, 0x5370);
	assert_int_equal(r.ebx, 0x5000);
	assert_int_equal(r.esp, 0x111ff4);
	assert_int_equal(r.eip, 0x1006b0);
	assert_int_equal(r.eflags, 0x46);
	assert_int_equal(r.cs.sel, 8);
	assert_int_equal(r.ss.sel, 0x10);
	assert_int_equal(rsp_parse_g("0011", &r), -E_INVAL);
	assert_int_equal(rsp_hex_decode("5589e557", bytes, 4), 0);
	assert_int_equal(bytes[0], 0x55);
	assert_int_equal(bytes[3], 0x57);
	assert_int_equal(rsp_hex_decode("55zz", bytes, 2), -E_INVAL);
}

static const char bochs_r[] =
	"CPU0:\nrax: 00000000_2badd0da\nrbx: 00000000_00005000\nrcx: 00000000_00000000\n"
	"rdx: 00000000_00005370\nrsp: 00000000_00111ff4\nrbp: 00000000_00000000\n"
	"rsi: 00000000_00100000\nrdi: 00000000_00000001\nr8 : 00000000_00000000\n"
	"rip: 00000000_001006b0\n"
	"eflags 0x00000046: id vip vif ac vm rf nt IOPL=0 of df if tf sf ZF af PF cf\n<bochs:4> ";
static const char bochs_sreg[] =
	"sreg\nes:0x0fe8, dh=0x00cf9300, dl=0x0000ffff, valid=1\n"
	"\tData segment, base=0x00000000, limit=0xffffffff, Read/Write, Accessed\n"
	"cs:0x0fe3, dh=0x00cffb00, dl=0x0000ffff, valid=1\n"
	"ss:0x0fe8, dh=0x00cf9300, dl=0x0000ffff, valid=31\n"
	"ds:0x0fe8, dh=0x00cf9300, dl=0x0000ffff, valid=31\n"
	"fs:0x0000, dh=0x00001000, dl=0x00000000, valid=0\n"
	"gs:0x0000, dh=0x00001000, dl=0x00000000, valid=0\n"
	"ldtr:0x0000, dh=0x00008200, dl=0x0000ffff, valid=1\n"
	"tr:0x0ff0, dh=0xff008bc0, dl=0x10000067, valid=1\n"
	"gdtr:base=0x00000000ffc00000, limit=0xfff\n"
	"idtr:base=0x00000000ffc01068, limit=0x7ff\n<bochs:5> ";
static const char bochs_creg[] =
	"creg\nCR0=0xe0010011: PG cd nw ac WP ne ET ts em mp PE\n"
	"CR2=page fault laddr=0x00000000dead0000\nCR3=0x000000119000\n"
	"    PCD=page-level cache disable=0\nCR4=0x00000020: pks pae\nCR8: 0x0\n"
	"EFER=0x00000000: ffxsr nxe lma lme sce\n<bochs:6> ";

static void
test_bochs_registers(void **state)
{
	struct regs r;
	char why[128];

	(void)state;
	assert_int_equal(bochs_parse_regs(bochs_r, bochs_sreg, bochs_creg, &r, why, sizeof why), 0);
	assert_int_equal(r.eax, 0x2badd0da);
	assert_int_equal(r.eip, 0x1006b0);
	assert_int_equal(r.eflags, 0x46);
	assert_int_equal(r.cs.sel, 0x0fe3);
	assert_int_equal(r.cpl, 3);
	assert_int_equal(r.cs.limit, 0xffffffff);
	assert_int_equal(r.tr.base, 0xffc01000);
	assert_int_equal(r.tr.limit, 0x67);
	assert_int_equal(r.gdt.base, 0xffc00000);
	assert_int_equal(r.idt.limit, 0x7ff);
	assert_int_equal(r.cr0, 0xe0010011);
	assert_int_equal(r.cr2, 0xdead0000);
	assert_int_equal(r.cr3, 0x119000);
	assert_int_equal(r.cr4, 0x20);
	assert_int_equal(bochs_parse_regs(bochs_r, "sreg\n<bochs:2> ", bochs_creg, &r, why,
					  sizeof why), -E_INVAL);
	assert_non_null(strstr(why, "sreg"));
}

static void
test_bochs_xp_prompt_log(void **state)
{
	const char *xp = "xp /6bx 0x1006b0\n[bochs]:\n"
			 "0x00000000001006b0 <bogus+       0>:\t0x55\t0x89\t0xe5\t0x57\n"
			 "0x00000000001006b4 <bogus+       4>:\t0x56\t0x53\n<bochs:7> ";
	const char *log = "00000000000i[      ] reading configuration\n"
			  "00154242118e[CPU0  ] interrupt(): vector must be within IDT table limits\n"
			  "00154242118e[CPU0  ] interrupt(): vector must be within IDT table limits\n"
			  "00200000000e[VMX   ] VMFAIL: VMCS EXEC CTRL: too may CR3 targets 5\n"
			  "00154242118p[CPU0  ] >>PANIC<< exception(): 3rd (13) exception\n";
	uint8_t b[6];
	struct text t = { 0 };

	(void)state;
	assert_int_equal(bochs_parse_xp(xp, b, 6), 0);
	assert_int_equal(b[0], 0x55);
	assert_int_equal(b[5], 0x53);
	assert_int_equal(bochs_parse_xp(xp, b, 7 > 6 ? 6 : 7), 0);
	assert_int_equal(bochs_parse_xp("[bochs]:\n<bochs:2> ", b, 1), -E_INVAL);
	assert_true(bochs_prompt_at_end("x\n<bochs:12> ", 13));
	assert_false(bochs_prompt_at_end("x\n<bochs:> ", 11));
	assert_false(bochs_prompt_at_end("running", 7));
	assert_int_equal(bochs_log_errors(log, 8, &t), 3);     // the repeated line only once
	assert_non_null(strstr(text_str(&t), "VMFAIL: VMCS EXEC CTRL: too may CR3 targets 5"));
	assert_non_null(strstr(text_str(&t), "3rd (13) exception"));
	assert_null(strstr(text_str(&t), "reading configuration"));
	text_free(&t);
}

static void
test_serial_lines(void **state)
{
	struct serial s;
	struct text t = { 0 };

	(void)state;
	assert_int_equal(serial_init(&s, 64), 0);
	serial_add(&s, "boot\r\nready: tag = ab", 21);
	assert_false(serial_find(&s, "tag = ab"));          // its line is not finished
	serial_add(&s, "cd\r\nnext\r\nhalf", 14);
	assert_true(serial_find(&s, "tag = abcd"));
	assert_false(serial_find(&s, "boot"));              // before the last match
	assert_int_equal(serial_tail(&s, s.len, 2, &t), 2);
	assert_string_equal(text_str(&t), "  | next\n  | half <- no newline: output stopped here\n");
	for (int i = 0; i < 10; i++)
		serial_add(&s, "0123456789", 10);
	assert_true(s.flooded);
	assert_int_equal(s.len, 64);
	text_free(&t);
	serial_free(&s);
}

// A fake physical memory: a 2-level and a PAE table set mapping 0x00401000 -> 0x5000.
static uint8_t mem[0x10000];

static int
mem_read(void *ctx, uint64_t pa, void *buf, size_t n)
{
	(void)ctx;
	if (pa + n > sizeof mem)
		return -E_FAULT;
	memcpy(buf, mem + pa, n);
	return 0;
}

static void
put32(uint64_t pa, uint32_t v)
{
	memcpy(mem + pa, &v, 4);
}

static void
test_page_walk(void **state)
{
	uint64_t pa;
	uint32_t flags;
	char why[160];

	(void)state;
	memset(mem, 0, sizeof mem);
	put32(0x1000 + 4 * 1, 0x2000 | 7);                 // PDE 1: table at 0x2000, user, write
	put32(0x2000 + 4 * 1, 0x5000 | 5);                 // PTE 1: 0x5000, user, read-only
	assert_int_equal(walk_translate(0x80000001, 0x1000, 0, 0x00401234, mem_read, NULL, &pa,
					&flags, why, sizeof why), 0);
	assert_int_equal(pa, 0x5234);
	assert_int_equal(flags & 7, 5);
	assert_int_equal(walk_translate(0x80000001, 0x1000, 0, 0x00801000, mem_read, NULL, &pa,
					&flags, why, sizeof why), -E_FAULT);
	assert_non_null(strstr(why, "PDE"));
	assert_int_equal(walk_translate(0x1, 0x1000, 0, 0x1234, mem_read, NULL, &pa, &flags, why,
					sizeof why), 0);
	assert_int_equal(pa, 0x1234);                      // paging off: 1:1
	// PAE: PDPT at 0x3000, directory at 0x4000, table at 0x6000
	put32(0x3000, 0x4000 | 1);
	put32(0x4000 + 8 * 2, 0x6000 | 7);
	put32(0x6000 + 8 * 1, 0x5000 | 3);
	assert_int_equal(walk_translate(0x80000001, 0x3000, 0x20, 0x00401010, mem_read, NULL, &pa,
					&flags, why, sizeof why), 0);
	assert_int_equal(pa, 0x5010);
	assert_int_equal(flags & 7, 3);
	assert_int_equal(walk_translate(0x80000001, 0x3000, 0x20, 0x40000000, mem_read, NULL, &pa,
					&flags, why, sizeof why), -E_FAULT);
	assert_non_null(strstr(why, "PDPTE"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qmp_messages),
		cmocka_unit_test(test_qmp_command),
		cmocka_unit_test(test_qemu_registers),
		cmocka_unit_test(test_qemu_triple_fault_log),
		cmocka_unit_test(test_rsp_packets),
		cmocka_unit_test(test_rsp_registers),
		cmocka_unit_test(test_bochs_registers),
		cmocka_unit_test(test_bochs_xp_prompt_log),
		cmocka_unit_test(test_serial_lines),
		cmocka_unit_test(test_page_walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
