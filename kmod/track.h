/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_TRACK_H
#define _HARDEN_TRACK_H

#include <linux/hashtable.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/types.h>

#include "policy.h"

struct harden_cg;
struct harden_group;
struct harden_policy;

/*
 * Task tracking: which container cgroups a task is bound to. A task is
 * bound when it completes an execve inside a non-initial mount namespace
 * (for a container: its entrypoint, or a `docker exec` command, never
 * runc's own setup), whether or not a policy is loaded. Binding is sticky
 * and inherited on fork. A bound task is policed by the group of its first
 * binding that a group matches; in enforce mode its capability sets are
 * clamped to the group's allow-list at every exec.
 */
/* Bound tasks, keyed by task_struct pointer; see track.c. */
#define HARDEN_TASK_BITS	12
extern DECLARE_HASHTABLE(harden_tasks, HARDEN_TASK_BITS);

/*
 * A task's bindings, oldest first. The first exec inside a container mount
 * namespace binds a task; a later exec in another cgroup appends that
 * cgroup, up to HARDEN_TASK_CHAIN entries, and never removes one. The group
 * that polices a task is that of the first binding any group matches, under
 * the policy in force when the check runs. So binding never depends on the
 * policy loaded at exec time: a runtime that runs in a private mount
 * namespace binds its containers' tasks to its own cgroup first and to the
 * container's next, and the container's group applies; and a policed task
 * that moves elsewhere and execs stays policed by its first group.
 */
#define HARDEN_TASK_CHAIN	4

struct harden_task {
	struct hlist_node node;
	struct rcu_head rcu;
	struct task_struct *task;	/* key; never dereferenced */
	struct harden_cg *cg[HARDEN_TASK_CHAIN];	/* cg[0] NULL: unbound */
	struct harden_cg *pending;	/* cgroup of an exec in flight */
	struct callback_head clamp_work;	/* clamp at next return to user */
	unsigned long clamp_queued;	/* bit 0: clamp_work is queued */
	bool needs_clamp;		/* bound by a scan */
	/*
	 * The group that polices current, as harden_current_policed() found
	 * it, written by current only: generation << 24 | binding << 8 |
	 * group index + 1. Only a found group is cached: bindings are only
	 * ever appended and the first that matches wins, so a found group
	 * stays right for the whole generation. A task no group polices looks
	 * again at every check.
	 */
	u64 cache;
};

static __always_inline struct hlist_head *
harden_task_bucket(const struct task_struct *task)
{
	return &harden_tasks[hash_min((unsigned long)task, HARDEN_TASK_BITS)];
}

/* @task's entry in its @bucket. RCU read side. */
static __always_inline struct harden_task *
harden_task_in(struct hlist_head *bucket, const struct task_struct *task)
{
	struct harden_task *t;

	hlist_for_each_entry_rcu(t, bucket, node)
		if (t->task == task)
			return t;
	return NULL;
}

/* RCU read side. */
static __always_inline struct harden_task *
harden_task_lookup(const struct task_struct *task)
{
	return harden_task_in(harden_task_bucket(task), task);
}

/*
 * harden_current_maybe_bound() - the fast path for every hook: false when
 * current certainly has no entry, i.e. is a host task. One load of the
 * bucket head, no RCU needed: the head is only compared with NULL. With
 * 4096 buckets most host tasks find theirs empty; the rest take the full
 * lookup. A task's own entry is inserted before it runs (fork) or by
 * itself (exec); only the load-time scan inserts concurrently, and a check
 * that misses it by a moment is one made before the task was bound.
 */
static __always_inline bool harden_current_maybe_bound(void)
{
	return READ_ONCE(harden_task_bucket(current)->first);
}

/* Sets current's t->cache under @pol if a group polices it. */
void harden_task_policed_slow(struct harden_task *t,
			      const struct harden_policy *pol);

/*
 * harden_current_task_policed() - harden_current_policed() in two halves,
 * for the hottest hook: the group, from current's own entry @t (found in
 * the bucket the caller has at hand) ...
 */
static __always_inline const struct harden_group *
harden_current_task_policed(struct harden_task *t, u32 area_flag)
{
	const struct harden_policy *pol = harden_policy_get();
	const struct harden_group *grp;
	u64 c;

	if (!pol)
		return NULL;
	c = READ_ONCE(t->cache);
	if ((c >> 24) != pol->generation) {
		harden_task_policed_slow(t, pol);
		c = READ_ONCE(t->cache);
		if ((c >> 24) != pol->generation)
			return NULL;
	}
	grp = &pol->groups[(c & 0xff) - 1];
	if (area_flag && !(grp->flags & area_flag))
		return NULL;
	return grp;
}

/* ... and, only once there is something to count, its container cgroup. */
static __always_inline struct harden_cg *
harden_task_policing_cg(const struct harden_task *t)
{
	return READ_ONCE(t->cg[(READ_ONCE(t->cache) >> 8) & 0xff]);
}

/*
 * harden_current_policed() - the group policing current for an area, or
 * NULL.
 * @area_flag: HARDEN_GROUP_F_* the group must police; 0 for any group
 * @cgp: set to current's container cgroup entry when policed (valid while
 *       current stays bound, i.e. for the caller's call)
 *
 * The one place that says whether a task is policed. RCU read side;
 * atomic-safe; never allocates. A host task costs one hash lookup; a
 * policed task, the lookup and its cached group.
 */
static __always_inline const struct harden_group *
harden_current_policed(u32 area_flag, struct harden_cg **cgp)
{
	struct harden_task *t = harden_task_lookup(current);
	const struct harden_group *grp;

	grp = t ? harden_current_task_policed(t, area_flag) : NULL;
	if (grp)
		*cgp = harden_task_policing_cg(t);
	return grp;
}

/*
 * harden_current_contained() - is current inside a container, for tamper
 * purposes? A policed task is. A task in the initial mount namespace that
 * is not policed is the host admin and never is, whatever the groups match
 * (`match /` included). Any other task (in a container mount namespace,
 * not bound yet, e.g. runc init) is when its current cgroup belongs to a
 * group; it cannot have been moved out of its container by the container
 * (tamper.c refuses that). Fails closed when the cgroup entry cannot be
 * had (then *@cgp is NULL).
 *
 * On true, *@grpp is the group and *@cgp a referenced cgroup entry for
 * counting; put it with harden_cg_put(). RCU read side; atomic-safe.
 */
bool harden_current_contained(const struct harden_group **grpp,
			      struct harden_cg **cgp);

/*
 * harden_task_container() - @task's container identity under @pol: the
 * binding its group polices it by, or its first binding if no group
 * matches any; NULL for a task bound to nothing (a host task, or runc's
 * setup before its exec). Compared by pointer: a cgroup entry is unique
 * per cgroup while any task is bound to it. RCU read side; atomic-safe.
 */
struct harden_cg *harden_task_container(const struct task_struct *task,
					 const struct harden_policy *pol);

unsigned int harden_track_count(void);
size_t harden_track_bytes(void);	/* memory held by task entries */
/* Clamps queued on tasks that have not run them yet (each pins the module). */
unsigned int harden_track_clamps_pending(void);

int harden_track_init(void);
/* Bind tasks already in containers; -ENOMEM if memory runs out. */
int harden_track_scan(void);
/* After a successful scan: clamp scanned tasks, catch in-flight forks. */
void harden_track_start(void);
/*
 * After a successful load: clamp running tasks whose sets exceed their
 * group's enforcing caps list. Process context.
 */
void harden_track_policy_loaded(void);
/* Before unloading: no more rescans, so nothing new pins the module. */
void harden_track_stop(void);
void harden_track_uninit(void);

#endif /* _HARDEN_TRACK_H */
