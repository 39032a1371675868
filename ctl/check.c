// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl check: validate a policy file offline. It needs neither root nor
 * the module, so it can run in CI or before "hardctl load".
 */
#include <stdio.h>
#include <string.h>

#include "hardctl.h"
#include "policy.h"

static void check_usage(FILE *f)
{
	fputs("Usage: hardctl check [-q] FILE|-\n"
	      "\n"
	      "Check a policy file (or standard input, '-') without loading it.\n"
	      "Needs no privileges and no loaded module.\n"
	      "\n"
	      "  -q, --quiet   print nothing on success, only errors\n"
	      "  -h, --help    show this help\n"
	      "\n"
	      "Exit status: 0 valid, 1 invalid or unreadable, 2 usage error.\n",
	      f);
}

int cmd_check(int argc, char **argv)
{
	const char *path = NULL;
	struct policy_error err;
	struct policy pol;
	bool quiet = false, opts_done = false;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!opts_done && a[0] == '-' && a[1]) {
			if (!strcmp(a, "--")) {
				opts_done = true;
			} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
				quiet = true;
			} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
				check_usage(stdout);
				return EXIT_OK;
			} else {
				fprintf(stderr, "hardctl check: unknown option '%s'\n", a);
				check_usage(stderr);
				return EXIT_USAGE;
			}
			continue;
		}
		if (path) {
			fprintf(stderr, "hardctl check: one policy file at a time ('%s' and '%s' given)\n",
				path, a);
			check_usage(stderr);
			return EXIT_USAGE;
		}
		path = a;
	}
	if (!path) {
		fputs("hardctl check: no policy file given (use '-' for standard input)\n",
		      stderr);
		check_usage(stderr);
		return EXIT_USAGE;
	}

	if (policy_parse_file(path, &pol, &err)) {
		policy_error_print(stderr, &err);
		return EXIT_INVALID;
	}
	if (!quiet) {
		printf("%s: OK, %zu group%s%s\n", pol.file, pol.n_groups,
		       pol.n_groups == 1 ? "" : "s",
		       pol.n_groups ? "" : " (an empty policy polices nothing)");
		fflush(stdout);
	}
	policy_free(&pol);
	return EXIT_OK;
}
