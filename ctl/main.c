// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl: control tool for the harden kernel module.
 */
#include <stdio.h>
#include <string.h>

#include "hardctl.h"

const char *prog = "hardctl";
bool opt_json;

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} subcommands[] = {
	{ "check", cmd_check, "Validate a policy file without touching the kernel" },
	{ "load", cmd_load, "Replace the policy in force, atomically" },
	{ "show", cmd_show, "Print the policy in force, in the policy language" },
	{ "stats", cmd_stats, "Counters per container, and per-group totals" },
	{ "status", cmd_status, "Module version, hooks, events and policy generation" },
	{ "monitor", cmd_monitor, "Print events (violations) as they happen" },
	{ "metrics", cmd_metrics, "Print metrics in the Prometheus text format" },
	{ "exporter", cmd_exporter, "Serve metrics over HTTP for Prometheus" },
	{ "lock", cmd_lock, "Hold the policy and the module until reboot" },
};

static void show_usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s <command> [<args>]\n\n"
		"Global options, before <command>:\n"
		"  -j, --json     JSON output (stats, status, monitor)\n"
		"  -V, --version  print hardctl's version\n"
		"  -h, --help     show this help\n\nCommands:\n", prog);
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		fprintf(f, "  %-9s %s\n", subcommands[i].name, subcommands[i].help);
	fprintf(f, "\n'%s <command> --help' describes a command. Exit codes:\n"
		"  0 ok, 1 policy invalid or rejected, 2 usage error,\n"
		"  3 module not loaded or netlink failure, 4 permission denied.\n"
		"See hardctl(8).\n", prog);
}

int main(int argc, char **argv)
{
	int i = 1;
	size_t c;

	/* Global options, once, before the subcommand's name. */
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
			opt_json = true;
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("hardctl %s\n", HARDCTL_VERSION);
			return EXIT_OK;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			show_usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(a, "--")) {
			i++;
			break;
		} else {
			fprintf(stderr, "%s: unknown option '%s'\n\n", prog, a);
			show_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		show_usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[i], "help")) {
		show_usage(stdout);
		return EXIT_OK;
	}
	/* Exact names only: a typo must never run a different command. */
	for (c = 0; c < sizeof(subcommands) / sizeof(subcommands[0]); c++)
		if (!strcmp(argv[i], subcommands[c].name))
			return subcommands[c].fn(argc - i, argv + i);

	fprintf(stderr, "%s: unknown command '%s'\n\n", prog, argv[i]);
	show_usage(stderr);
	return EXIT_USAGE;
}
