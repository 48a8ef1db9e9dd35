// main.c: mkimage's command line: picks the subcommand and parses its arguments.
// Exit status: 0 success, 1 error (message on stderr), 2 usage error (usage on stderr).
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkimage.h"

static const char usage_text[] =
	"usage: mkimage create -o OUT --boot BOOTSECT.bin --loader LOADER.bin --kernel KERNEL.elf\n"
	"                      [--module NAME=FILE]... [--cmdline TEXT]\n"
	"       mkimage cmdline IMG [TEXT]    print the boot command line, or set it to TEXT\n"
	"       mkimage info IMG              print the image header (files, sectors, cmdline)\n";

// Prints why (if any) and the usage text on stderr; returns the usage exit status.
static int
main_usage(const char *why)
{
	if (why)
		fprintf(stderr, "mkimage: %s\n", why);
	fputs(usage_text, stderr);
	return 2;
}

// Usage error naming the option at fault: "'--bot' is not an option of create".
static int
main_bad_option(const char *what, const char *opt)
{
	char why[256];

	snprintf(why, sizeof(why), "'%.100s' %s", opt, what);
	return main_usage(why);
}

// Splits "NAME=FILE" into the next module slot of a.
static int
main_add_module(struct create_args *a, char *arg)
{
	char *eq = strchr(arg, '=');

	if (!eq || eq == arg || eq[1] == '\0')
		return -1;
	*eq = '\0';
	a->module_names[a->nmodules] = arg;
	a->module_paths[a->nmodules] = eq + 1;
	a->nmodules++;
	return 0;
}

static const struct option create_options[] = {
	{ "output",  required_argument, NULL, 'o' },
	{ "boot",    required_argument, NULL, 'b' },
	{ "loader",  required_argument, NULL, 'l' },
	{ "kernel",  required_argument, NULL, 'k' },
	{ "module",  required_argument, NULL, 'm' },
	{ "cmdline", required_argument, NULL, 'c' },
	{ NULL, 0, NULL, 0 },
};

// Fills a from argv (argv[0] is "create"). Returns 0 or the usage exit status.
static int
main_parse_create(int argc, char **argv, struct create_args *a)
{
	int c;

	// Leading ':' and opterr = 0: getopt reports errors to us (':' or '?'), we word them.
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:", create_options, NULL)) != -1) {
		switch (c) {
		case 'o': a->out = optarg; break;
		case 'b': a->boot = optarg; break;
		case 'l': a->loader = optarg; break;
		case 'k': a->kernel = optarg; break;
		case 'c': a->cmdline = optarg; break;
		case 'm':
			if (main_add_module(a, optarg) < 0)
				return main_usage("--module wants NAME=FILE");
			break;
		case ':': return main_bad_option("is missing its argument", argv[optind - 1]);
		default:  return main_bad_option("is not an option of create", argv[optind - 1]);
		}
	}
	if (optind != argc)
		return main_usage("unexpected argument after the options");
	if (!a->out || !a->boot || !a->loader || !a->kernel)
		return main_usage("create needs -o, --boot, --loader and --kernel");
	return 0;
}

// mkimage create ...: parse, then build. Returns the exit status.
static int
main_create(int argc, char **argv)
{
	struct create_args a = { 0 };
	int status;

	// At most one module per argument: argc slots are always enough.
	a.module_names = calloc((size_t)argc, sizeof(char *));
	a.module_paths = calloc((size_t)argc, sizeof(char *));
	if (!a.module_names || !a.module_paths) {
		fprintf(stderr, "mkimage: out of memory\n");
		status = 1;
	} else if ((status = main_parse_create(argc, argv, &a)) == 0) {
		status = cmd_create(&a);
	}
	free(a.module_names);
	free(a.module_paths);
	return status;
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		return main_usage(NULL);
	if (strcmp(argv[1], "create") == 0)
		return main_create(argc - 1, argv + 1);
	if (strcmp(argv[1], "cmdline") == 0 && (argc == 3 || argc == 4))
		return cmd_cmdline(argv[2], argc == 4 ? argv[3] : NULL);
	if (strcmp(argv[1], "info") == 0 && argc == 3)
		return cmd_info(argv[2]);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	return main_usage("unknown command or wrong number of arguments");
}
