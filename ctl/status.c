// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl status: what the module is doing.
 */
#include <string.h>

#include "hardctl.h"
#include "model.h"
#include "query.h"

int cmd_status(int argc, char **argv)
{
	struct hd_status st;
	struct hnl_error err;
	bool json = opt_json;
	struct hnl h;
	int ret, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("Usage: %s status [-j|--json]\n\nModule version, attached "
			       "hooks with their area and call counts,\npolicy generation "
			       "and load time, tracked tasks, events sent and dropped.\n",
			       prog);
			return EXIT_OK;
		} else {
			fprintf(stderr, "Usage: %s status [-j|--json]\n", prog);
			return EXIT_USAGE;
		}
	}
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
