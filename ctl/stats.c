// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl stats: counters per container cgroup, and per-group totals.
 */
#include <string.h>

#include "hardctl.h"
#include "model.h"
#include "query.h"

int cmd_stats(int argc, char **argv)
{
	struct hd_stats s;
	struct hnl_error err;
	bool json = opt_json;
	struct hnl h;
	int ret, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("Usage: %s stats [-j|--json]\n\n"
			       "Counters per container cgroup: for each area, operation and\n"
			       "detail (the capability for op capable), how many were denied\n"
			       "(enforce) or only counted (audit). Listed: cgroups with tasks bound\n"
			       "to them (tasks that exec'd inside a container mount namespace), and\n"
			       "any cgroup with non-zero counts, removed ones for a while.\n"
			       "GROUP is the group it matches now, or - if none (not policed).\n"
			       "Then the group totals: per group and area since the module was\n"
			       "loaded, never decreasing.\n", prog);
			return EXIT_OK;
		} else {
			fprintf(stderr, "%s stats: unknown option '%s'\n"
				"Usage: %s stats [-j|--json]\n", prog, argv[i], prog);
			return EXIT_USAGE;
		}
	}
	if (hnl_open(&h) < 0)
		return EXIT_NOMODULE;
	if (hd_read_stats(&h, &s, &err) < 0) {
		ret = hnl_report("cannot read counters", &err);
		goto out;
	}
	hd_stats_print(stdout, &s, json);
	hd_stats_free(&s);
	ret = EXIT_OK;
out:
	hnl_close(&h);
	return ret;
}
