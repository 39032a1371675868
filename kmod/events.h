/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_EVENTS_H
#define _HARDEN_EVENTS_H

#include <linux/sched.h>
#include <linux/types.h>

#include "uapi/linux/harden.h"

struct harden_cg;
struct harden_group;

/* One violation, as captured in the hook: fixed size, no pointers. */
struct harden_event {
	u64 time_ns;			/* CLOCK_REALTIME */
	u64 cgroup_id;			/* 0: none */
	u32 detail;
	u32 pid;			/* 0: no task (e.g. a socket's owner) */
	u16 op;
	u8 mode;
	u8 area;
	char comm[TASK_COMM_LEN];
	char group[HARDEN_GROUP_NAME_MAX];	/* "" if none */
	char object[HARDEN_OBJECT_MAX];		/* "" if none */
	u64 target_cgroup_id;			/* 0: no target */
	u32 target_pid;				/* 0: no target task */
	char target_comm[TASK_COMM_LEN];
	char target_group[HARDEN_GROUP_NAME_MAX];	/* "" if none */
};

/*
 * struct harden_event_ctx - what an event says beyond the decision.
 * @object: what the op acted on, or NULL
 * @target: the task acted on (ptrace area), or NULL
 * @peer: the other end's container (net area), or NULL
 * @peer_grp: its group, or NULL
 * @no_task: current is not the subject (a packet in softirq): no pid, comm
 */
struct harden_event_ctx {
	const char *object;
	struct task_struct *target;
	struct harden_cg *peer;
	const struct harden_group *peer_grp;
	bool no_task;
};

/*
 * Queue an event for current's violation, unless @cg is over its rate or
 * the queue is full (then count a drop). Any context; no allocation.
 */
void harden_event_queue(u8 mode, u8 area, u16 op, u32 detail,
			struct harden_cg *cg, const struct harden_group *grp,
			const struct harden_event_ctx *ctx);

/* Wait for a send in progress; netlink.c calls it before unregistering. */
void harden_events_flush(void);

u64 harden_events_sent(void);
u64 harden_events_dropped(void);

int harden_events_init(void);
void harden_events_uninit(void);

#endif /* _HARDEN_EVENTS_H */
