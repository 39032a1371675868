// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl metrics: counters and status in the Prometheus text exposition
 * format 0.0.4, to stdout or atomically into a node_exporter textfile.
 */
#include <stdlib.h>
#include <string.h>

#include "hardctl.h"
#include "model.h"
#include "opts.h"
#include "query.h"
#include "textfile.h"

static void metrics_usage(FILE *f)
{
	fprintf(f, "Usage: %s metrics [--textfile PATH]\n\n"
		"Prints harden's counters and status in the Prometheus text format.\n"
		"With --textfile, replaces PATH atomically instead (for node_exporter's\n"
		"textfile collector; PATH should end in .prom).\n\n"
		"  --textfile PATH   write PATH (via PATH.tmp.<pid> and a rename)\n"
		"  -h, --help        show this help\n", prog);
}

int cmd_metrics(int argc, char **argv)
{
	const char *textfile = NULL;
	struct hd_stats s;
	struct hd_status st;
	struct hnl_error err;
	char *text = NULL, msg[4200];
	size_t len = 0;
	struct hnl h;
	FILE *m;
	int ret;
	const struct sub_opt opts[] = {
		{ .lng = "--textfile", .val = &textfile, .val_name = "a file name" },
		{ },
	};
	const struct sub_cmd cmd = {
		.name = "metrics", .usage = metrics_usage, .opts = opts,
	};

	ret = sub_parse(&cmd, argc, argv);
	if (ret >= 0)
		return ret;
	if (hnl_open(&h) < 0)
		return EXIT_NOMODULE;
	if (hd_read_all(&h, &st, &s, &err) < 0) {
		ret = hnl_report("cannot read counters", &err);
		goto out;
	}
	m = open_memstream(&text, &len);
	if (!m) {
		perror(prog);
		ret = EXIT_NOMODULE;
		goto out_stats;
	}
	hd_metrics_print(m, &st, &s);
	if (fclose(m) != 0) {
		perror(prog);
		ret = EXIT_NOMODULE;
		goto out_stats;
	}
	if (!textfile) {
		fwrite(text, 1, len, stdout);
		ret = fflush(stdout) == 0 ? EXIT_OK : EXIT_NOMODULE;
	} else if (textfile_write(textfile, text, len, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "%s metrics: %s\n", prog, msg);
		ret = EXIT_NOMODULE;
	} else {
		ret = EXIT_OK;
	}
out_stats:
	free(text);
	hd_stats_free(&s);
out:
	hnl_close(&h);
	return ret;
}
