// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl stats: counters per container cgroup, and per-group totals.
 */
#include <string.h>

#include "hardctl.h"
#include "model.h"
#include "opts.h"
#include "query.h"

static void stats_usage(FILE *f)
{
	fprintf(f, "Usage: %s stats [-j|--json]\n\n"
		"Counters per container cgroup: for each area, operation and\n"
		"detail (the capability for op capable, the filesystem type for\n"
		"the mount area, the target for the ptrace ops, the signal for op\n"
		"signal), how many were denied (enforce) or only counted\n"
		"(audit). Listed: cgroups with tasks bound to them (tasks that\n"
		"exec'd inside a container mount namespace), and any cgroup with\n"
		"non-zero counts, removed ones for a while.\n"
		"GROUP is the group it matches now, or - if none (not policed).\n"
		"Then the group totals: per group and area since the module was\n"
		"loaded, never decreasing.\n\n"
		"  -j, --json   JSON output\n"
		"  -h, --help   show this help\n", prog);
}

int cmd_stats(int argc, char **argv)
{
	struct hd_stats s;
	struct hnl_error err;
	bool json = opt_json;
	struct hnl h;
	int ret;
	const struct sub_opt opts[] = {
		{ .lng = "--json", .shrt = "-j", .flag = &json },
		{ },
	};
	const struct sub_cmd cmd = {
		.name = "stats", .usage = stats_usage, .opts = opts,
	};

	ret = sub_parse(&cmd, argc, argv);
	if (ret >= 0)
		return ret;
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
