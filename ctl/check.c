// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl check: validate a policy file offline. It needs neither root nor
 * the module, so it can run in CI or before "hardctl load".
 */
#include <stdio.h>
#include <string.h>

#include "hardctl.h"
#include "opts.h"
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
	bool quiet = false;
	int ret;
	const struct sub_opt opts[] = {
		{ .lng = "--quiet", .shrt = "-q", .flag = &quiet },
		{ },
	};
	const struct sub_cmd cmd = {
		.name = "check", .usage = check_usage, .opts = opts, .args = &path,
		.min_args = 1, .max_args = 1,
		.missing = "no policy file given (use '-' for standard input)",
	};

	ret = sub_parse(&cmd, argc, argv);
	if (ret >= 0)
		return ret;

	if (policy_parse_file(path, &pol, &err)) {
		policy_error_print(stderr, &err);
		return EXIT_INVALID;
	}
	/* Warnings never fail the check: a shadowed glob is legal, if odd. */
	policy_warn_shadowed(stderr, &pol);
	if (!quiet) {
		printf("%s: OK, %zu group%s%s\n", pol.file, pol.n_groups,
		       pol.n_groups == 1 ? "" : "s",
		       pol.n_groups ? "" : " (an empty policy polices nothing)");
		fflush(stdout);
	}
	policy_free(&pol);
	return EXIT_OK;
}
