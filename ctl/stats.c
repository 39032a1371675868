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
		"the mount area and op sysfs_write, the target for the ptrace ops,\n"
		"the signal for op signal, the protocol for the net ops, the\n"
		"major number for ops block_open and char_open), how many were\n"
		"denied (enforce) or only counted (audit). Listed: cgroups with\n"
		"tasks bound to them (tasks that exec'd inside a container mount\n"
		"namespace), and any cgroup with non-zero counts, removed ones for\n"
		"a while.\n"
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
