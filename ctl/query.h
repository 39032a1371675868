/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the model (model.h) from the kernel: one request or dump each.
 */
#ifndef _HARDCTL_QUERY_H
#define _HARDCTL_QUERY_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"
#include "nl.h"

/* Each returns 0, or -1 with @err filled in (EBADMSG: malformed reply). */
int hd_read_status(struct hnl *h, struct hd_status *st, struct hnl_error *err);
int hd_read_stats(struct hnl *h, struct hd_stats *s, struct hnl_error *err);

/* Status, counters and totals: what `metrics` and the exporter print. */
int hd_read_all(struct hnl *h, struct hd_status *st, struct hd_stats *s,
		struct hnl_error *err);

/*
 * hd_query_run() - a subcommand that only reads and prints (status, stats):
 * @name, with @usage and no option but -j/--json, opens the channel and
 * runs @show, which reads its part of the model and prints it as text or
 * JSON; it returns 0, or -1 with @err filled in, reported as "@fail: ...".
 * Return: the exit code.
 */
int hd_query_run(int argc, char **argv, const char *name, void (*usage)(FILE *f),
		 int (*show)(struct hnl *h, bool json, struct hnl_error *err),
		 const char *fail);

#endif /* _HARDCTL_QUERY_H */
