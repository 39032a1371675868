// SPDX-License-Identifier: GPL-2.0
/*
 * One decision path for every area, after Landlock's landlock_log_denial()
 * and Yama's report_access(): the area's hook finds a violation, this file
 * decides, counts and reports it. Nothing here allocates or locks, so no
 * hook's constraints (IRQs off, task_lock held) are ever at risk and a
 * count is never lost; only events can be dropped, and that is counted.
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/mutex.h>
#include <linux/string.h>
#include <net/genetlink.h>

#include "cgroup.h"
#include "decision.h"
#include "events.h"
#include "netlink.h"
#include "policy.h"

/*
 * Totals by group name. Entries are claimed under the mutex at policy
 * load and never freed before unload; readers see n_totals with acquire
 * semantics, so a published entry is complete.
 */
static struct harden_total harden_totals[HARDEN_MAX_TOTALS + 1];
static unsigned int harden_n_totals;
static DEFINE_MUTEX(harden_totals_lock);

/* The one decision: every harden_decide_*() comes here. */
static enum harden_verdict harden_decide_ctx(const struct harden_group *grp,
					     struct harden_cg *cg, u8 area, u16 op,
					     u32 detail, unsigned int flags,
					     const struct harden_event_ctx *ctx)
{
	enum harden_verdict v;
	bool deny;

	deny = area == HARDEN_AREA_TAMPER || !grp ||
	       grp->mode == HARDEN_MODE_ENFORCE;
	v = deny ? HARDEN_DENY : HARDEN_AUDIT;
	if (flags & HARDEN_DECIDE_QUIET)
		return v;

	if (cg)
		harden_cg_count(cg, area, op, detail, deny);
	if (grp && grp->total && area <= HARDEN_AREA_MAX)
		atomic64_inc(deny ? &grp->total->denied[area] :
				    &grp->total->audited[area]);
	harden_event_queue(deny ? HARDEN_MODE_ENFORCE : HARDEN_MODE_AUDIT,
			   area, op, detail, cg, grp, ctx);
	return v;
}

enum harden_verdict harden_decide_obj(const struct harden_group *grp,
				      struct harden_cg *cg, u8 area, u16 op,
				      u32 detail, unsigned int flags,
				      const char *object,
				      struct task_struct *target)
{
	struct harden_event_ctx ctx = { .object = object, .target = target };

	return harden_decide_ctx(grp, cg, area, op, detail, flags, &ctx);
}

enum harden_verdict harden_decide_net(const struct harden_group *grp,
				      struct harden_cg *cg, u16 op, u32 detail,
				      bool task, const char *object,
				      struct harden_cg *peer,
				      const struct harden_group *peer_grp)
{
	struct harden_event_ctx ctx = {
		.object = object, .peer = peer, .peer_grp = peer_grp,
		.no_task = !task,
	};

	return harden_decide_ctx(grp, cg, HARDEN_AREA_NET, op, detail, 0, &ctx);
}

struct harden_total *harden_total_get(const char *name)
{
	struct harden_total *t = NULL;
	unsigned int i;

	mutex_lock(&harden_totals_lock);
	for (i = 0; i < harden_n_totals; i++) {
		if (!strcmp(harden_totals[i].name, name)) {
			t = &harden_totals[i];
			goto out;
		}
	}
	if (harden_n_totals < HARDEN_MAX_TOTALS) {
		t = &harden_totals[harden_n_totals];
		strscpy(t->name, name, sizeof(t->name));
		/* Publish the name before the entry becomes visible. */
		smp_store_release(&harden_n_totals, harden_n_totals + 1);
	} else {
		t = &harden_totals[HARDEN_MAX_TOTALS];
	}
out:
	mutex_unlock(&harden_totals_lock);
	return t;
}

static bool harden_total_has_counts(const struct harden_total *t)
{
	unsigned int a;

	for (a = 0; a <= HARDEN_AREA_MAX; a++)
		if (atomic64_read(&t->denied[a]) || atomic64_read(&t->audited[a]))
			return true;
	return false;
}

static int harden_total_fill(struct sk_buff *skb, const struct harden_total *t)
{
	struct nlattr *nest, *list, *item;
	unsigned int a, n = 0;

	nest = nla_nest_start(skb, HARDEN_A_TOTAL);
	if (!nest || nla_put_string(skb, HARDEN_TOTAL_A_GROUP, t->name))
		return -EMSGSIZE;
	list = nla_nest_start(skb, HARDEN_TOTAL_A_COUNTERS);
	if (!list)
		return -EMSGSIZE;
	for (a = 0; a <= HARDEN_AREA_MAX; a++) {
		u64 d = atomic64_read(&t->denied[a]);
		u64 au = atomic64_read(&t->audited[a]);

		if (!d && !au)
			continue;
		item = nla_nest_start(skb, n++);
		if (!item ||
		    nla_put_u8(skb, HARDEN_COUNTER_A_AREA, a) ||
		    nla_put_u64_64bit(skb, HARDEN_COUNTER_A_DENIED, d, HARDEN_COUNTER_A_UNSPEC) ||
		    nla_put_u64_64bit(skb, HARDEN_COUNTER_A_AUDITED, au, HARDEN_COUNTER_A_UNSPEC))
			return -EMSGSIZE;
		nla_nest_end(skb, item);
	}
	nla_nest_end(skb, list);
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * One message per group name ever loaded, then the overflow entry if it
 * counted anything. Resumes at cb->args[0].
 */
int harden_totals_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	/* Pairs with the release in harden_total_get(): names are complete. */
	unsigned int n = smp_load_acquire(&harden_n_totals);
	unsigned long i;
	void *hdr;

	for (i = cb->args[0]; i <= HARDEN_MAX_TOTALS; i++) {
		const struct harden_total *t;

		if (i >= n && i < HARDEN_MAX_TOTALS)
			continue;
		t = &harden_totals[i];
		if (i == HARDEN_MAX_TOTALS && !harden_total_has_counts(t))
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &harden_genl_family,
				  NLM_F_MULTI, HARDEN_CMD_GET_TOTALS);
		if (!hdr)
			break;
		if (harden_total_fill(skb, t)) {
			genlmsg_cancel(skb, hdr);
			if (!skb->len)
				return -EMSGSIZE;
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = i;
	return skb->len;
}

int harden_decision_init(void)
{
	strscpy(harden_totals[HARDEN_MAX_TOTALS].name, HARDEN_TOTAL_OTHER,
		sizeof(harden_totals[0].name));
	return 0;
}

void harden_decision_uninit(void)
{
}
