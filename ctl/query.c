// SPDX-License-Identifier: GPL-2.0
/*
 * Reading status, counters and totals from the kernel into the model.
 */
#include <errno.h>
#include <string.h>

#include "hardctl.h"
#include "opts.h"
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

int hd_query_run(int argc, char **argv, const char *name, void (*usage)(FILE *f),
		 int (*show)(struct hnl *h, bool json, struct hnl_error *err),
		 const char *fail)
{
	struct hnl_error err;
	bool json = opt_json;
	struct hnl h;
	int ret;
	const struct sub_opt opts[] = {
		{ .lng = "--json", .shrt = "-j", .flag = &json },
		{ },
	};
	const struct sub_cmd cmd = {
		.name = name, .usage = usage, .opts = opts,
	};

	ret = sub_parse(&cmd, argc, argv);
	if (ret >= 0)
		return ret;
	if (hnl_open(&h) < 0)
		return EXIT_NOMODULE;
	ret = show(&h, json, &err) < 0 ? hnl_report(fail, &err) : EXIT_OK;
	hnl_close(&h);
	return ret;
}
