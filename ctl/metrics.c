// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl metrics: counters and status in the Prometheus text exposition
 * format 0.0.4, to stdout or atomically into a node_exporter textfile.
 */
#include <stdlib.h>
#include <string.h>

#include "hardctl.h"
#include "model.h"
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
	int ret, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--textfile")) {
			if (i + 1 >= argc || !argv[i + 1][0]) {
				fprintf(stderr, "%s metrics: --textfile needs a file name\n", prog);
				metrics_usage(stderr);
				return EXIT_USAGE;
			}
			textfile = argv[++i];
		} else if (!strncmp(argv[i], "--textfile=", 11) && argv[i][11]) {
			textfile = argv[i] + 11;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			metrics_usage(stdout);
			return EXIT_OK;
		} else {
			fprintf(stderr, "%s metrics: unexpected argument '%s'\n", prog, argv[i]);
			metrics_usage(stderr);
			return EXIT_USAGE;
		}
	}
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
