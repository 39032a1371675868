/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the model (model.h) from the kernel: one request or dump each.
 */
#ifndef _HARDCTL_QUERY_H
#define _HARDCTL_QUERY_H

#include "model.h"
#include "nl.h"

/* Each returns 0, or -1 with @err filled in (EBADMSG: malformed reply). */
int hd_read_status(struct hnl *h, struct hd_status *st, struct hnl_error *err);
int hd_read_stats(struct hnl *h, struct hd_stats *s, struct hnl_error *err);

/* Status, counters and totals: what `metrics` and the exporter print. */
int hd_read_all(struct hnl *h, struct hd_status *st, struct hd_stats *s,
		struct hnl_error *err);

#endif /* _HARDCTL_QUERY_H */
