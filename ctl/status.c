// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl status: what the module is doing.
 */
#include <string.h>

#include "hardctl.h"
#include "model.h"
#include "query.h"

static void status_usage(FILE *f)
{
	fprintf(f, "Usage: %s status [-j|--json]\n\n"
		"Module version, attached hooks with their area and call counts,\n"
		"policy generation and load time, tracked tasks, events sent and\n"
		"dropped.\n\n"
		"  -j, --json   JSON output\n"
		"  -h, --help   show this help\n", prog);
}

static int status_show(struct hnl *h, bool json, struct hnl_error *err)
{
	struct hd_status st;

	if (hd_read_status(h, &st, err) < 0)
		return -1;
	hd_status_print(stdout, &st, json);
	return 0;
}

int cmd_status(int argc, char **argv)
{
	return hd_query_run(argc, argv, "status", status_usage, status_show,
			    "cannot read status");
}
