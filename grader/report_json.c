// report_json.c: results as JSON (the duplicata report, Gradescope's results.json, and the
// messages test processes send to the scheduler), written and read with jansson.
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "grader/report.h"
#include "lib/error.h"

static json_t *
result_json(const struct result *res)
{
	return json_pack("{s:i, s:s, s:i, s:i, s:s}", "lab", res->lab, "name", res->name, "score",
			 res->score, "max_score", res->max, "output",
			 res->output ? res->output : "");
}

char *
result_to_json(const struct result *res)
{
	json_t *j = result_json(res);
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	return s;
}

int
result_from_json(const char *json, struct result *res)
{
	json_t *j = json_loads(json, 0, NULL);
	const char *name, *output;
	int err = -E_INVAL;

	memset(res, 0, sizeof *res);
	if (j && json_unpack(j, "{s:i, s:s, s:i, s:i, s:s}", "lab", &res->lab, "name", &name,
			     "score", &res->score, "max_score", &res->max, "output", &output) == 0) {
		snprintf(res->name, sizeof res->name, "%s", name);
		res->output = strdup(output);
		err = res->output ? 0 : -E_NOMEM;
	}
	json_decref(j);
	return err;
}

// Writes root to out, indented, and drops the reference. Returns 0 or -E_IO.
static int
report_dump(FILE *out, json_t *root)
{
	int err = root && json_dumpf(root, out, JSON_INDENT(2)) == 0 ? 0 : -E_IO;

	json_decref(root);
	fputc('\n', out);
	return err;
}

int
report_json(FILE *out, const struct result *res, int n)
{
	json_t *tests = json_array();
	int score, max;

	results_sum(res, n, &score, &max);
	for (int i = 0; i < n; i++)
		json_array_append_new(tests, result_json(&res[i]));
	return report_dump(out, json_pack("{s:i, s:i, s:o}", "score", score, "max_score", max,
					  "tests", tests));
}

int
report_gradescope(FILE *out, const struct result *res, int n)
{
	json_t *tests = json_array();
	int score, max;
	char name[96];

	results_sum(res, n, &score, &max);
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof name, "lab%d/%s", res[i].lab, res[i].name);
		json_array_append_new(tests, json_pack("{s:s, s:i, s:i, s:s, s:s}", "name", name,
						       "score", res[i].score, "max_score",
						       res[i].max, "output", res[i].output ?
						       res[i].output : "", "visibility", "visible"));
	}
	return report_dump(out, json_pack("{s:i, s:s, s:o}", "score", score, "output",
					  score == max ? "All tests passed." : "Some tests failed: "
					  "each failed test says why.", "tests", tests));
}
