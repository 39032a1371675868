// SPDX-License-Identifier: GPL-2.0
/*
 * Output formatting shared by subcommands; pure, so unit-tested.
 */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "caps.h"
#include "format.h"

void format_time(char *buf, size_t len, uint64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!t || !gmtime_r(&tt, &tm) ||
	    !strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(buf, len, "%s", t ? "?" : "never");
}

void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static const char *cap_label(int cap, char *buf, size_t len)
{
	const char *name = cap_name(cap);

	if (name)
		return name;
	snprintf(buf, len, "CAP_%d", cap);
	return buf;
}

void stats_print_table(FILE *f, const struct cg_stats *rows, size_t n)
{
	size_t i, w = strlen("CGROUP");
	unsigned int c;
	char buf[16];

	for (i = 0; i < n; i++)
		if (strlen(rows[i].path) > w)
			w = strlen(rows[i].path);
	fprintf(f, "%-*s  %-16s %-20s %10s %10s\n", (int)w, "CGROUP", "GROUP",
		"CAPABILITY", "DENIED", "AUDITED");
	for (i = 0; i < n; i++) {
		const struct cg_stats *r = &rows[i];
		const char *grp = r->group[0] ? r->group : "-";

		if (!r->n_caps)
			fprintf(f, "%-*s  %-16s %-20s %10s %10s\n", (int)w, r->path,
				grp, "-", "0", "0");
		for (c = 0; c < r->n_caps; c++)
			fprintf(f, "%-*s  %-16s %-20s %10" PRIu64 " %10" PRIu64 "\n",
				(int)w, r->path, grp,
				cap_label(r->caps[c].cap, buf, sizeof(buf)),
				r->caps[c].denied, r->caps[c].audited);
	}
}

void stats_print_json(FILE *f, const struct cg_stats *rows, size_t n)
{
	unsigned int c;
	size_t i;
	char buf[16];

	fputs("[", f);
	for (i = 0; i < n; i++) {
		const struct cg_stats *r = &rows[i];

		fprintf(f, "%s\n  {\"cgroup\": ", i ? "," : "");
		json_string(f, r->path);
		fprintf(f, ", \"cgroup_id\": %" PRIu64 ", \"group\": ", r->id);
		if (r->group[0])
			json_string(f, r->group);
		else
			fputs("null", f);
		fputs(", \"caps\": {", f);
		for (c = 0; c < r->n_caps; c++) {
			fprintf(f, "%s", c ? ", " : "");
			json_string(f, cap_label(r->caps[c].cap, buf, sizeof(buf)));
			fprintf(f, ": {\"denied\": %" PRIu64 ", \"audited\": %" PRIu64 "}",
				r->caps[c].denied, r->caps[c].audited);
		}
		fputs("}}", f);
	}
	fputs(n ? "\n]\n" : "]\n", f);
}
