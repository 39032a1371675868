// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl: control tool for the harden kernel module.
 */
#include <stdio.h>
#include <string.h>

#include "hardctl.h"

const char *prog = "hardctl";

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} subcommands[] = {
	{ "check", cmd_check, "Validate a policy file without touching the kernel" },
	{ "load", cmd_load, "Replace the policy in force, atomically" },
	{ "show", cmd_show, "Print the policy in force, in the policy language" },
	{ "stats", cmd_stats, "Violation counters per container" },
	{ "status", cmd_status, "Module version, hooks and policy generation" },
};

static void show_usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s <command> [<args>]\n\nCommands:\n", prog);
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(f, "  %-8s %s\n", subcommands[i].name, subcommands[i].help);
	fprintf(f, "\n'%s <command> --help' describes a command. Exit codes:\n"
		"  0 ok, 1 policy invalid or rejected, 2 usage error,\n"
		"  3 module not loaded or netlink failure, 4 permission denied.\n"
		"See hardctl(8).\n", prog);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		show_usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		show_usage(stdout);
		return EXIT_OK;
	}
	/* Exact names only: a typo must never run a different command. */
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].fn(argc - 1, argv + 1);

	fprintf(stderr, "%s: unknown command '%s'\n\n", prog, argv[1]);
	show_usage(stderr);
	return EXIT_USAGE;
}
