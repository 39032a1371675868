/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_CGROUP_H
#define _HARDEN_CGROUP_H

#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

#include "uapi/linux/harden.h"

struct cgroup;
struct harden_group;
struct harden_policy;
struct netlink_callback;
struct sk_buff;

/*
 * struct harden_counter - one (area, op, detail) key's counts. Slots are
 * claimed once, lock-free, with cmpxchg on @key and never freed while the
 * entry lives, so writers only ever add.
 */
struct harden_counter {
	u64 key;			/* 0: free; see harden_counter_key() */
	atomic64_t denied;
	atomic64_t audited;
};

/*
 * struct harden_cg - what harden knows about one cgroup v2.
 *
 * Created the first time a task in that cgroup execs inside a container
 * mount namespace, and kept while any task is bound to it or the cgroup
 * lives, so counters survive policy reloads.
 */
struct harden_cg {
	struct hlist_node node;
	struct rcu_head rcu;
	u64 id;				/* cgroup_id() */
	const char *path;		/* cgroup v2 path when first seen */
	atomic_t refs;			/* bound tasks + in-flight execs; -1: dead */
	u64 match;			/* policy generation << 8 | group index + 1 */
	time64_t removed;		/* when found removed; 0 while it exists */
	u64 bucket;			/* event token bucket, see events.c */
	atomic64_t over_denied[__HARDEN_AREA_MAX];	/* table full */
	atomic64_t over_audited[__HARDEN_AREA_MAX];
	struct harden_counter counters[HARDEN_CGROUP_COUNTERS];
};

/*
 * harden_cg_get_current() - the entry for current's cgroup, created if need
 * be, with a reference. Callable in atomic context; NULL only when memory
 * is short, which callers treat as a failure (never as "unpoliced").
 */
struct harden_cg *harden_cg_get_current(void);
/* The same for any cgroup; caller holds rcu_read_lock(). */
struct harden_cg *harden_cg_get(struct cgroup *cgrp);
void harden_cg_hold(struct harden_cg *cg);	/* caller already holds a ref */
void harden_cg_put(struct harden_cg *cg);

/* The group @cg belongs to under @pol, or NULL. RCU read side, atomic-safe. */
const struct harden_group *harden_cg_group(struct harden_cg *cg,
					   const struct harden_policy *pol);

/*
 * Is @b the container @a, or inside it (or the reverse)? By pointer, then
 * by path. NULL is no container. Atomic-safe.
 */
bool harden_cg_same_container(const struct harden_cg *a,
			      const struct harden_cg *b);

/*
 * Count one violation. Lock-free, never allocates, never fails: a key that
 * finds the table full is counted in the area's overflow counter.
 */
void harden_cg_count(struct harden_cg *cg, u8 area, u16 op, u32 detail,
		     bool denied);

/* The entry for cgroup @id if harden knows it. RCU read side. */
struct harden_cg *harden_cg_find(u64 id);

/* HARDEN_CMD_GET_STATS dump. */
int harden_cg_dump(struct sk_buff *skb, struct netlink_callback *cb);

unsigned int harden_cg_count_entries(void);
size_t harden_cg_bytes(void);	/* memory held by cgroup entries */

int harden_cg_init(void);
void harden_cg_uninit(void);

#endif /* _HARDEN_CGROUP_H */
