// qmp.c: reading and writing QMP messages, with jansson.
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grader/qmp.h"
#include "lib/error.h"

// The string member key of obj, or "".
static const char *
qmp_string(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "";
}

static void
qmp_classify(json_t *root, struct qmp_msg *msg)
{
	json_t *v;

	if ((v = json_object_get(root, "return"))) {
		msg->kind = QMP_RETURN;
		msg->text = strdup(json_is_string(v) ? json_string_value(v) : "");
	} else if ((v = json_object_get(root, "error"))) {
		msg->kind = QMP_ERROR;
		msg->text = strdup(qmp_string(v, "desc"));
	} else if ((v = json_object_get(root, "event"))) {
		msg->kind = QMP_EVENT;
		snprintf(msg->name, sizeof msg->name, "%s", json_string_value(v) ? json_string_value(v) : "");
		msg->text = strdup(qmp_string(json_object_get(root, "data"), "reason"));
	} else {
		msg->kind = QMP_GREETING;
		msg->text = strdup("");
	}
}

int
qmp_parse(const char *line, struct qmp_msg *msg)
{
	json_t *root = json_loads(line, 0, NULL);

	memset(msg, 0, sizeof *msg);
	if (!json_is_object(root) || (!json_object_get(root, "return") &&
	    !json_object_get(root, "error") && !json_object_get(root, "event") &&
	    !json_object_get(root, "QMP"))) {
		json_decref(root);
		return -E_INVAL;
	}
	qmp_classify(root, msg);
	json_decref(root);
	return msg->text ? 0 : -E_NOMEM;
}

void
qmp_msg_free(struct qmp_msg *msg)
{
	free(msg->text);
	msg->text = NULL;
}

char *
qmp_command(const char *command, const char *hmp)
{
	json_t *root = json_pack("{s:s}", "execute", hmp ? "human-monitor-command" : command);
	char *s, *line = NULL;

	if (root && hmp)
		json_object_set_new(root, "arguments", json_pack("{s:s}", "command-line", hmp));
	s = root ? json_dumps(root, JSON_COMPACT) : NULL;
	if (s && (line = malloc(strlen(s) + 2)))
		sprintf(line, "%s\n", s);
	free(s);
	json_decref(root);
	return line;
}
