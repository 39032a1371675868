// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl status: what the module is doing.
 */
#include <string.h>

#include "hardctl.h"
#include "model.h"
#include "opts.h"
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

int cmd_status(int argc, char **argv)
{
	struct hd_status st;
	struct hnl_error err;
	bool json = opt_json;
	struct hnl h;
	int ret;
	const struct sub_opt opts[] = {
		{ .lng = "--json", .shrt = "-j", .flag = &json },
		{ },
	};
	const struct sub_cmd cmd = {
		.name = "status", .usage = status_usage, .opts = opts,
	};

	ret = sub_parse(&cmd, argc, argv);
	if (ret >= 0)
		return ret;
	if (hnl_open(&h) < 0)
		return EXIT_NOMODULE;
	if (hd_read_status(&h, &st, &err) < 0) {
		ret = hnl_report("cannot read status", &err);
		goto out;
	}
	hd_status_print(stdout, &st, json);
	ret = EXIT_OK;
out:
	hnl_close(&h);
	return ret;
}
