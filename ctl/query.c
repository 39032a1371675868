// SPDX-License-Identifier: GPL-2.0
/*
 * Reading status, counters and totals from the kernel into the model.
 */
#include <errno.h>
#include <string.h>

#include "query.h"

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	struct hd_status *st = data;

	/* One reply; decoding it again (e.g. on a second part) starts over. */
	return hd_status_decode(nlh, st) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static int cgroup_cb(const struct nlmsghdr *nlh, void *data)
{
	return hd_stats_decode_cgroup(nlh, data) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static int total_cb(const struct nlmsghdr *nlh, void *data)
{
	return hd_stats_decode_total(nlh, data) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

int hd_read_status(struct hnl *h, struct hd_status *st, struct hnl_error *err)
{
	memset(st, 0, sizeof(*st));
	return hnl_talk(h, hnl_request(h, HARDEN_CMD_GET_STATUS, 0), status_cb,
			st, err);
}

int hd_read_stats(struct hnl *h, struct hd_stats *s, struct hnl_error *err)
{
	memset(s, 0, sizeof(*s));
	if (hnl_talk(h, hnl_request(h, HARDEN_CMD_GET_STATS, NLM_F_DUMP),
		     cgroup_cb, s, err) < 0 ||
	    hnl_talk(h, hnl_request(h, HARDEN_CMD_GET_TOTALS, NLM_F_DUMP),
		     total_cb, s, err) < 0) {
		hd_stats_free(s);
		return -1;
	}
	hd_stats_sort(s);
	return 0;
}

int hd_read_all(struct hnl *h, struct hd_status *st, struct hd_stats *s,
		struct hnl_error *err)
{
	if (hd_read_status(h, st, err) < 0)
		return -1;
	return hd_read_stats(h, s, err);
}
