/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDCTL_FORMAT_H
#define _HARDCTL_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Print @s as a JSON string literal, quotes included. */
void json_string(FILE *f, const char *s);

/* A CLOCK_REALTIME second count as "YYYY-MM-DD HH:MM:SS UTC", 0 as "never". */
void format_time(char *buf, size_t len, uint64_t t);

/* Per-cgroup counters as read from HARDEN_CMD_GET_STATS. */
struct cg_stats {
	uint64_t id;
	char path[4096];
	char group[64];			/* "" if the cgroup matches no group */
	struct {
		int cap;
		uint64_t denied, audited;
	} caps[64];
	unsigned int n_caps;
};

/* The table `hardctl stats` prints, and its JSON form (-j). */
void stats_print_table(FILE *f, const struct cg_stats *rows, size_t n);
void stats_print_json(FILE *f, const struct cg_stats *rows, size_t n);

#endif /* _HARDCTL_FORMAT_H */
