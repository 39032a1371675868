// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl stats: counters per container cgroup, and per-group totals.
 */
#include <string.h>

#include "hardctl.h"
#include "model.h"
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

/* The counters are allocated per cgroup: freed once printed. */
static int stats_show(struct hnl *h, bool json, struct hnl_error *err)
{
	struct hd_stats s;

	if (hd_read_stats(h, &s, err) < 0)
		return -1;
	hd_stats_print(stdout, &s, json);
	hd_stats_free(&s);
	return 0;
}

int cmd_stats(int argc, char **argv)
{
	return hd_query_run(argc, argv, "stats", stats_usage, stats_show,
			    "cannot read counters");
}
