// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl stats: violation counters per container cgroup.
 */
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "hardctl.h"
#include "nl.h"

struct stats_ctx {
	struct cg_stats *rows;
	size_t n;
	int bad;
};

static int counter_parse(const struct nlattr *item, struct cg_stats *r)
{
	const struct nlattr *a;

	if (r->n_caps >= sizeof(r->caps) / sizeof(r->caps[0]))
		return -1;
	memset(&r->caps[r->n_caps], 0, sizeof(r->caps[0]));
	r->caps[r->n_caps].cap = -1;
	mnl_attr_for_each_nested(a, item) {
		switch (mnl_attr_get_type(a)) {
		case HARDEN_COUNTER_A_CAP:
			if (mnl_attr_validate(a, MNL_TYPE_U8) < 0)
				return -1;
			r->caps[r->n_caps].cap = mnl_attr_get_u8(a);
			break;
		case HARDEN_COUNTER_A_DENIED:
			if (mnl_attr_validate(a, MNL_TYPE_U64) < 0)
				return -1;
			r->caps[r->n_caps].denied = mnl_attr_get_u64(a);
			break;
		case HARDEN_COUNTER_A_AUDITED:
			if (mnl_attr_validate(a, MNL_TYPE_U64) < 0)
				return -1;
			r->caps[r->n_caps].audited = mnl_attr_get_u64(a);
			break;
		}
	}
	if (r->caps[r->n_caps].cap < 0)
		return -1;
	r->n_caps++;
	return 0;
}

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	struct stats_ctx *c = data;
	const struct nlattr *top, *a, *item;
	struct cg_stats *r;

	mnl_attr_for_each(top, nlh, HNL_HDRLEN) {
		if (mnl_attr_get_type(top) != HARDEN_A_CGROUP)
			continue;
		r = realloc(c->rows, (c->n + 1) * sizeof(*r));
		if (!r)
			goto bad;
		c->rows = r;
		r = &r[c->n++];
		memset(r, 0, sizeof(*r));
		mnl_attr_for_each_nested(a, top) {
			switch (mnl_attr_get_type(a)) {
			case HARDEN_CGROUP_A_ID:
				if (mnl_attr_validate(a, MNL_TYPE_U64) < 0)
					goto bad;
				r->id = mnl_attr_get_u64(a);
				break;
			case HARDEN_CGROUP_A_PATH:
				if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
					goto bad;
				snprintf(r->path, sizeof(r->path), "%s",
					 mnl_attr_get_str(a));
				break;
			case HARDEN_CGROUP_A_GROUP:
				if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
					goto bad;
				snprintf(r->group, sizeof(r->group), "%s",
					 mnl_attr_get_str(a));
				break;
			case HARDEN_CGROUP_A_CAPS:
				mnl_attr_for_each_nested(item, a)
					if (counter_parse(item, r) < 0)
						goto bad;
				break;
			}
		}
	}
	return MNL_CB_OK;
bad:
	c->bad = 1;
	return MNL_CB_ERROR;
}

static int row_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cg_stats *)a)->path,
		      ((const struct cg_stats *)b)->path);
}

int cmd_stats(int argc, char **argv)
{
	struct stats_ctx c = { 0 };
	struct hnl_error err;
	int json = 0, ret, i;
	struct hnl h;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json = 1;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("Usage: %s stats [-j|--json]\n\n"
			       "Violation counters per container cgroup: for each capability,\n"
			       "how many uses were denied (enforce) or only counted (audit).\n"
			       "Listed: cgroups with tasks bound to them (tasks that exec'd inside a\n"
			       "container mount namespace), and any cgroup with non-zero counts.\n"
			       "GROUP is the group it matches now, or - if none (not policed).\n",
			       prog);
			return EXIT_OK;
		} else {
			fprintf(stderr, "%s stats: unknown option '%s'\n"
				"Usage: %s stats [-j|--json]\n", prog, argv[i], prog);
			return EXIT_USAGE;
		}
	}
	if (hnl_open(&h) < 0)
		return EXIT_NOMODULE;
	if (hnl_talk(&h, hnl_request(&h, HARDEN_CMD_GET_STATS, NLM_F_DUMP),
		     stats_cb, &c, &err) < 0) {
		ret = hnl_report("cannot read counters", &err);
		goto out;
	}
	qsort(c.rows, c.n, sizeof(*c.rows), row_cmp);
	if (json)
		stats_print_json(stdout, c.rows, c.n);
	else
		stats_print_table(stdout, c.rows, c.n);
	ret = EXIT_OK;
out:
	free(c.rows);
	hnl_close(&h);
	return ret;
}
