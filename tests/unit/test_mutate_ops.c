// test_mutate_ops.c: each mutation operator of build/mutate, and where it must not apply.
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/mutate_fixture.h"

static void
test_relational_moved_and_negated(void **state)
{
	(void)state;
	assert_int_equal(find_code("\tif (a < b)\n\t\tb = 0;\n"), 1);
	assert_int_equal(with_desc("`a < b` -> `a <= b`"), 1);
	assert_int_equal(with_desc("`a < b` -> `a >= b`"), 1);
	find_code("\tif (a >= b && a != 3)\n\t\tb = 0;\n");
	assert_int_equal(with_desc("`a >= b` -> `a > b`"), 1);
	assert_int_equal(with_desc("`a >= b` -> `a < b`"), 1);
	assert_int_equal(with_desc("`a != 3` -> `a == 3`"), 1);
	assert_int_equal(of_op("rel"), 3);
	find_code("\tb = p->x > a ? a == b : 1;\n");
	assert_int_equal(with_desc("`p->x > a` -> `p->x >= a`"), 1);
	assert_int_equal(with_desc("`a == b` -> `a != b`"), 1);
}

static void
test_logical_swapped_with_its_operands(void **state)
{
	(void)state;
	find_code("\tif (a == 1 || b < 2 && !p)\n\t\tb = 0;\n");
	assert_int_equal(with_desc("`b < 2 && !p` -> `b < 2 || !p`"), 1);
	assert_int_equal(with_desc("`a == 1 || b < 2 && !p` -> `a == 1 && b < 2 && !p`"), 1);
	assert_int_equal(of_op("logic"), 2);
}

static void
test_arithmetic_binary_only(void **state)
{
	(void)state;
	find_code("\ta = a + b * 2;\n\tb = -a;\n\tb = (unsigned)-a;\n\tb = (a) - 1;\n"
		  "\ta += 4;\n\tb++;\n");
	assert_int_equal(with_desc("`a + b * 2` -> `a - b * 2`"), 1);
	assert_int_equal(with_desc("`(a) - 1` -> `(a) + 1`"), 1);
	assert_int_equal(with_desc("`a += 4` -> `a -= 4`"), 1);
	assert_int_equal(with_desc("`b++` -> `b--`"), 1);
	assert_int_equal(of_op("arith"), 4);       // not the unary minus, nor after a cast
}

static void
test_bitwise_binary_only(void **state)
{
	(void)state;
	find_code("\ta = a & 0xF0 | b;\n\tp = &a;\n\tp = (int *)&b;\n\ta |= b;\n");
	assert_int_equal(with_desc("`a & 0xF0` -> `a | 0xF0`"), 1);
	assert_int_equal(with_desc("`a & 0xF0 | b` -> `a & 0xF0 & b`"), 1);
	assert_int_equal(with_desc("`a |= b` -> `a &= b`"), 1);
	assert_int_equal(of_op("bit"), 3);         // not the address-of
}

static void
test_integer_off_by_one(void **state)
{
	(void)state;
	find_code("\ta = 0;\n\tb = 1;\n\ta = 0x1F;\n\tb = 10u;\n\ta = 0xff;\n");
	assert_int_equal(with_desc("`a = 0` -> `a = 1`"), 1);
	assert_int_equal(with_desc("`b = 1` -> `b = 2`"), 1);
	assert_int_equal(with_desc("`b = 1` -> `b = 0`"), 1);
	assert_int_equal(with_desc("`a = 0x1F` -> `a = 0x20`"), 1);
	assert_int_equal(with_desc("`a = 0x1F` -> `a = 0x1E`"), 1);
	assert_int_equal(with_desc("`b = 10u` -> `b = 11u`"), 1);
	assert_int_equal(with_desc("`b = 10u` -> `b = 9u`"), 1);
	assert_int_equal(with_desc("`a = 0xff` -> `a = 0xfe`"), 1);
	assert_int_equal(of_op("int"), 9);         // 0 has no -1
}

static void
test_integer_in_calls_and_array_sizes(void **state)
{
	(void)state;
	find_code("\tint x[4], y = 2;\n\tg(a, 3);\n");
	assert_int_equal(with_desc("`x[4]` -> `x[3]`"), 1);
	assert_int_equal(with_desc("`x[4]` -> `x[5]`"), 0);   // a larger array changes nothing
	assert_int_equal(with_desc("`y = 2` -> `y = 3`"), 1);
	assert_int_equal(with_desc("`g(a, 3)` -> `g(a, 4)`"), 1);
	assert_int_equal(of_op("delete"), 1);                 // g(), not the declaration
}

static void
test_not_removed(void **state)
{
	(void)state;
	find_code("\tif (!p->x || !(a & b))\n\t\tb = 0;\n");
	assert_int_equal(with_desc("`!p->x` -> `p->x`"), 1);
	assert_int_equal(with_desc("`!(a & b)` -> `(a & b)`"), 1);
	assert_int_equal(of_op("not"), 2);
}

static void
test_true_false(void **state)
{
	(void)state;
	find_code("\tbool c = true;\n\tg(c, false);\n");
	assert_int_equal(with_desc("`c = true` -> `c = false`"), 1);
	assert_int_equal(with_desc("`g(c, false)` -> `g(c, true)`"), 1);
}

static void
test_delete_whole_line_statements(void **state)
{
	(void)state;
	find_code("\tint c = a;\n\ta = c;\n\tif (a)\n\t\tg(a,\n\t\t  b);\n\tif (b) b = 0;\n"
		  "\tfor (;;)\n\t\tbreak;\n\treturn a;\n");
	assert_int_equal(with_desc("delete `a = c;`"), 1);
	assert_int_equal(with_desc("delete `g(a, b);`"), 1);
	assert_int_equal(with_desc("delete `break;`"), 1);
	assert_int_equal(of_op("delete"), 3);   // not the declaration, the ifs, b = 0 (mid-line)
	for (int i = 0; i < found.n; i++)       // or the function's last return
		if (strcmp(found.v[i].op, "delete") == 0)
			assert_string_equal(found.v[i].repl, "{}");
}

static void
test_return_a_constant(void **state)
{
	(void)state;
	find_code("\tif (a)\n\t\treturn a + b;\n\tif (b)\n\t\treturn -E_NOMEM;\n"
		  "\tif (p)\n\t\treturn STEP_NEXT;\n\treturn 0;\n");
	assert_int_equal(with_desc("`return a + b;` -> `return 0;`"), 1);
	assert_int_equal(with_desc("`return -E_NOMEM;` -> `return 0;`"), 1);
	assert_int_equal(of_op("return"), 2);   // not a named constant, not 0 itself
	find_in("g.c", "// Hint: h\nbool\ng(int a)\n{\n\t// LAB1-SOLUTION-BEGIN\n"
		"\treturn a > 2;\n\t// LAB1-STUB\n\t// LAB1-SOLUTION-END\n}\n"
		"// Hint: h\nstruct s\nh(void)\n{\n\t// LAB1-SOLUTION-BEGIN\n"
		"\treturn s_make();\n\t// LAB1-STUB\n\t// LAB1-SOLUTION-END\n}\n");
	assert_int_equal(with_desc("`return a > 2;` -> `return false;`"), 1);
	assert_int_equal(with_desc("`return a > 2;` -> `return true;`"), 1);
	assert_int_equal(of_op("return"), 2);   // none for the struct
}

static void
test_strings_comments_preprocessor_untouched(void **state)
{
	(void)state;
	assert_int_equal(find_code("\tg(\"a < b\", 'x'); // a < b\n#if 1 < 2\n\t/* a < 2 */\n#endif\n"),
			 1);
	assert_int_equal(of_op("rel"), 0);
	assert_int_equal(of_op("int"), 0);
	assert_int_equal(found.n, 1);           // delete the call
}

static void
test_asm(void **state)
{
	(void)state;
	find_in("t.S", "# Hint: h\n.globl t\nt:\n# LAB1-SOLUTION-BEGIN\n1:\tcmpl $1, %eax\n"
		"\tje 1b\n\tmovl 8(%esp), %eax\n.long 0\n# LAB1-STUB\n# ret\n# LAB1-SOLUTION-END\n");
	assert_int_equal(with_desc("`je 1b` -> `jne 1b`"), 1);
	assert_int_equal(with_desc("`cmpl $1, %eax` -> `cmpl $2, %eax`"), 1);
	assert_int_equal(with_desc("`movl 8(%esp), %eax` -> `movl 7(%esp), %eax`"), 1);
	assert_int_equal(with_desc("delete `movl 8(%esp), %eax`"), 1);
	assert_int_equal(of_op("delete"), 3);   // not the label, not the directive
	assert_int_equal(of_op("int"), 5);      // the directive's 0 too, not the label
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relational_moved_and_negated),
		cmocka_unit_test(test_logical_swapped_with_its_operands),
		cmocka_unit_test(test_arithmetic_binary_only),
		cmocka_unit_test(test_bitwise_binary_only),
		cmocka_unit_test(test_integer_off_by_one),
		cmocka_unit_test(test_integer_in_calls_and_array_sizes),
		cmocka_unit_test(test_not_removed),
		cmocka_unit_test(test_true_false),
		cmocka_unit_test(test_delete_whole_line_statements),
		cmocka_unit_test(test_return_a_constant),
		cmocka_unit_test(test_strings_comments_preprocessor_untouched),
		cmocka_unit_test(test_asm),
	};
	int r = cmocka_run_group_tests_name("mutate: operators", tests, NULL, NULL);

	sites_free(&found);
	return r;
}
