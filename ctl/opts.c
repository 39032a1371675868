// SPDX-License-Identifier: GPL-2.0
/*
 * A subcommand's own options, parsed once from a table: every subcommand
 * takes -h/--help, reports an unknown option or a stray argument the same
 * way, and accepts --name=VALUE wherever it accepts --name VALUE.
 */
#include <string.h>

#include "hardctl.h"
#include "opts.h"

static const struct sub_opt *find_opt(const struct sub_opt *o, const char *a,
				      const char **eq)
{
	size_t n;

	*eq = NULL;
	for (; o && o->lng; o++) {
		if (o->shrt && !strcmp(a, o->shrt))
			return o;
		n = strlen(o->lng);
		if (strncmp(a, o->lng, n))
			continue;
		if (!a[n])
			return o;
		if (a[n] == '=' && o->val) {
			*eq = a + n + 1;
			return o;
		}
	}
	return NULL;
}

static int usage_error(const struct sub_cmd *c)
{
	c->usage(stderr);
	return EXIT_USAGE;
}

int sub_parse(const struct sub_cmd *c, int argc, char **argv)
{
	bool opts_done = false;
	int i, n_args = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *eq;
		const struct sub_opt *o;

		if (opts_done || a[0] != '-' || !a[1]) {
			if (n_args >= c->max_args) {
				fprintf(stderr, "%s %s: unexpected argument '%s'\n",
					prog, c->name, a);
				return usage_error(c);
			}
			c->args[n_args++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			opts_done = true;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			c->usage(stdout);
			return EXIT_OK;
		}
		o = find_opt(c->opts, a, &eq);
		if (!o) {
			fprintf(stderr, "%s %s: unknown option '%s'\n", prog, c->name, a);
			return usage_error(c);
		}
		if (!o->val) {
			*o->flag = true;
			continue;
		}
		if (!eq)
			eq = i + 1 < argc ? argv[++i] : NULL;
		if (!eq || !eq[0]) {
			fprintf(stderr, "%s %s: %s needs %s\n", prog, c->name, o->lng,
				o->val_name);
			return usage_error(c);
		}
		*o->val = eq;
	}
	if (n_args < c->min_args) {
		fprintf(stderr, "%s %s: %s\n", prog, c->name, c->missing);
		return usage_error(c);
	}
	return -1;
}
