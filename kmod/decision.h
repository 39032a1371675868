/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_DECISION_H
#define _HARDEN_DECISION_H

#include <linux/atomic.h>
#include <linux/types.h>

#include "uapi/linux/harden.h"

struct harden_cg;
struct harden_group;
struct netlink_callback;
struct sk_buff;
struct task_struct;

/*
 * struct harden_total - a group's counts since load, by name, never
 * decreasing: a reload keeps the entry of every name it has seen.
 */
struct harden_total {
	char name[HARDEN_GROUP_NAME_MAX];
	atomic64_t denied[__HARDEN_AREA_MAX];
	atomic64_t audited[__HARDEN_AREA_MAX];
};

enum harden_verdict {
	HARDEN_ALLOW,
	HARDEN_AUDIT,		/* allowed, counted, reported */
	HARDEN_DENY,		/* refused, counted, reported */
};

/* harden_decide() flags */
#define HARDEN_DECIDE_QUIET	BIT(0)	/* decide, but count and report nothing */

/*
 * harden_decide() - the verdict on a violation, counted and reported.
 * @grp: the group policing the subject; NULL only for tamper by a task
 *       that is not bound yet
 * @cg: the subject's container cgroup entry, or NULL if none could be had
 * @area: enum harden_area
 * @op: enum harden_op
 * @detail: the op's detail (e.g. the capability number)
 * @flags: HARDEN_DECIDE_*
 * @object: what the op acted on, for the event (e.g. a mount source), or
 *          NULL; copied at once, so it may be a kernel string the caller
 *          frees afterwards
 * @target: the task the op acted on (ptrace area), or NULL; read at once
 *          under the caller's RCU read lock
 *
 * Every hook of every area calls this once it has found that the subject
 * goes outside its group's rules. Tamper is always denied; otherwise the
 * group's mode decides. Counts in @cg and in the group's total, queues an
 * event. Any context, including hard IRQs off; no lock, no allocation;
 * counting cannot fail.
 */
enum harden_verdict harden_decide_obj(const struct harden_group *grp,
				      struct harden_cg *cg, u8 area, u16 op,
				      u32 detail, unsigned int flags,
				      const char *object,
				      struct task_struct *target);

/*
 * harden_decide_net() - the same for the net area.
 * @task: current is the subject (false for a packet seen in softirq, or
 *        counted on the receiving end: the event then has no pid)
 * @peer: the other end's container, or NULL
 * @peer_grp: its group, or NULL
 * Tamper is not a net-area verdict: the group's mode decides.
 */
enum harden_verdict harden_decide_net(const struct harden_group *grp,
				      struct harden_cg *cg, u16 op, u32 detail,
				      bool task, const char *object,
				      struct harden_cg *peer,
				      const struct harden_group *peer_grp);

static inline enum harden_verdict
harden_decide(const struct harden_group *grp, struct harden_cg *cg, u8 area,
	      u16 op, u32 detail, unsigned int flags)
{
	return harden_decide_obj(grp, cg, area, op, detail, flags, NULL, NULL);
}

/*
 * harden_total_get() - the totals entry for group @name, created if need
 * be (at most HARDEN_MAX_TOTALS names, then the HARDEN_TOTAL_OTHER entry).
 * Process context (policy load); never fails.
 */
struct harden_total *harden_total_get(const char *name);

/* HARDEN_CMD_GET_TOTALS dump. */
int harden_totals_dump(struct sk_buff *skb, struct netlink_callback *cb);

int harden_decision_init(void);
void harden_decision_uninit(void);

#endif /* _HARDEN_DECISION_H */
