// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup cache: cgroup id -> path, group under the policy in force,
 * and violation counters. Lookups are RCU; writers take one spinlock, and
 * only when a cgroup is first seen or collected.
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/cgroup.h>
#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/log2.h>
#include <linux/timekeeping.h>
#include <linux/kernfs.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>

#include "cgroup.h"
#include "netlink.h"
#include "policy.h"

#define HARDEN_CG_DEAD		(-1)
#define HARDEN_CG_GC_PERIOD	(60 * HZ)

static DEFINE_HASHTABLE(harden_cgs, 10);
static DEFINE_SPINLOCK(harden_cgs_lock);
static atomic_t harden_cgs_n = ATOMIC_INIT(0);
static atomic_long_t harden_cgs_bytes = ATOMIC_LONG_INIT(0);
static struct delayed_work harden_cg_gc_work;

static struct harden_cg *harden_cg_lookup(u64 id)
{
	struct harden_cg *cg;

	hash_for_each_possible_rcu(harden_cgs, cg, node, id)
		if (cg->id == id)
			return cg;
	return NULL;
}

struct harden_cg *harden_cg_find(u64 id)
{
	return harden_cg_lookup(id);
}

static size_t harden_cg_size(const struct harden_cg *cg)
{
	return sizeof(*cg) + strlen(cg->path) + 1;
}

static void harden_cg_free(struct harden_cg *cg)
{
	kfree(cg->path);
	kfree(cg);
}

static void harden_cg_free_rcu(struct rcu_head *rcu)
{
	harden_cg_free(container_of(rcu, struct harden_cg, rcu));
}

static struct harden_cg *harden_cg_alloc(struct cgroup *cgrp)
{
	struct harden_cg *cg;
	char *buf;
	int len;

	/* Charged to the memory cgroup of current, the task that causes it. */
	cg = kzalloc(sizeof(*cg), GFP_ATOMIC | __GFP_NOWARN | __GFP_ACCOUNT);
	buf = kmalloc(PATH_MAX, GFP_ATOMIC | __GFP_NOWARN);
	if (!cg || !buf)
		goto err;
	/* kernfs_path_from_node() only takes a spinlock: atomic-safe. */
	len = kernfs_path_from_node(cgrp->kn, NULL, buf, PATH_MAX);
	if (len < 0 || len >= PATH_MAX)
		goto err;
	cg->path = kstrdup(buf, GFP_ATOMIC | __GFP_NOWARN | __GFP_ACCOUNT);
	if (!cg->path)
		goto err;
	kfree(buf);
	cg->id = cgroup_id(cgrp);
	atomic_set(&cg->refs, 1);
	return cg;
err:
	kfree(buf);
	kfree(cg);
	return NULL;
}

struct harden_cg *harden_cg_get(struct cgroup *cgrp)
{
	struct harden_cg *cg, *fresh;
	unsigned long flags;
	u64 id = cgroup_id(cgrp);

	cg = harden_cg_lookup(id);
	if (cg && atomic_add_unless(&cg->refs, 1, HARDEN_CG_DEAD))
		return cg;

	/* First sight, or the old entry is being collected: a new entry. */
	fresh = harden_cg_alloc(cgrp);
	if (!fresh)
		return NULL;

	spin_lock_irqsave(&harden_cgs_lock, flags);
	cg = harden_cg_lookup(id);
	if (cg && atomic_add_unless(&cg->refs, 1, HARDEN_CG_DEAD)) {
		spin_unlock_irqrestore(&harden_cgs_lock, flags);
		harden_cg_free(fresh);
		return cg;
	}
	hash_add_rcu(harden_cgs, &fresh->node, id);
	atomic_inc(&harden_cgs_n);
	atomic_long_add(harden_cg_size(fresh), &harden_cgs_bytes);
	spin_unlock_irqrestore(&harden_cgs_lock, flags);
	return fresh;
}

struct harden_cg *harden_cg_get_current(void)
{
	struct harden_cg *cg;

	rcu_read_lock();
	cg = harden_cg_get(task_dfl_cgroup(current));
	rcu_read_unlock();
	return cg;
}

void harden_cg_hold(struct harden_cg *cg)
{
	atomic_inc(&cg->refs);
}

void harden_cg_put(struct harden_cg *cg)
{
	if (cg)
		atomic_dec(&cg->refs);
}

const struct harden_group *harden_cg_group(struct harden_cg *cg,
					   const struct harden_policy *pol)
{
	u64 m = READ_ONCE(cg->match);
	unsigned int idx;

	/* Re-match once per cgroup per policy generation; a reload bumps it. */
	if ((m >> 8) != pol->generation) {
		idx = harden_policy_match(pol, cg->path) + 1;
		m = (pol->generation << 8) | idx;
		WRITE_ONCE(cg->match, m);
	}
	idx = m & 0xff;
	return idx ? &pol->groups[idx - 1] : NULL;
}

/*
 * Is @b the container @a, or inside it? A task of a systemd container
 * binds first to the container's cgroup and stays known by it, so this
 * is mostly @a == @b; the path test covers a task whose first matching
 * binding is a cgroup below the container's (a runtime that moves its
 * tasks before they exec). Paths are the cgroups' when first seen and
 * never change.
 */
bool harden_cg_same_container(const struct harden_cg *a,
				  const struct harden_cg *b)
{
	size_t la, lb;

	if (a == b)
		return true;
	if (!a || !b)
		return false;
	la = strlen(a->path);
	lb = strlen(b->path);
	if (la > lb) {
		swap(a, b);
		swap(la, lb);
	}
	return la < lb && !strncmp(a->path, b->path, la) && b->path[la] == '/';
}

static u64 harden_counter_key(u8 area, u16 op, u32 detail)
{
	/* Bit 63 marks a used slot, so no key is 0. */
	return BIT_ULL(63) | (u64)area << 48 | (u64)op << 32 | detail;
}

void harden_cg_count(struct harden_cg *cg, u8 area, u16 op, u32 detail,
		     bool denied)
{
	u64 key = harden_counter_key(area, op, detail), cur;
	struct harden_counter *c;
	unsigned int i, slot;

	BUILD_BUG_ON_NOT_POWER_OF_2(HARDEN_CGROUP_COUNTERS);
	if (area > HARDEN_AREA_MAX)
		return;
	/* Open addressing, linear probing; a slot's key never changes again. */
	slot = hash_64(key, ilog2(HARDEN_CGROUP_COUNTERS));
	for (i = 0; i < HARDEN_CGROUP_COUNTERS; i++) {
		c = &cg->counters[(slot + i) % HARDEN_CGROUP_COUNTERS];
		cur = READ_ONCE(c->key);
		if (!cur) {
			cur = cmpxchg(&c->key, 0, key);
			if (!cur)
				cur = key;
		}
		if (cur == key) {
			atomic64_inc(denied ? &c->denied : &c->audited);
			return;
		}
	}
	atomic64_inc(denied ? &cg->over_denied[area] : &cg->over_audited[area]);
}

static bool harden_cg_has_counts(const struct harden_cg *cg)
{
	unsigned int i;

	for (i = 0; i < HARDEN_CGROUP_COUNTERS; i++)
		if (READ_ONCE(cg->counters[i].key))
			return true;
	for (i = 0; i <= HARDEN_AREA_MAX; i++)
		if (atomic64_read(&cg->over_denied[i]) ||
		    atomic64_read(&cg->over_audited[i]))
			return true;
	return false;
}

static int harden_cg_fill_counter(struct sk_buff *skb, unsigned int idx,
				  u8 area, u16 op, u32 detail, u64 d, u64 a)
{
	struct nlattr *item;

	item = nla_nest_start(skb, idx);
	if (!item ||
	    nla_put_u8(skb, HARDEN_COUNTER_A_AREA, area) ||
	    nla_put_u16(skb, HARDEN_COUNTER_A_OP, op) ||
	    nla_put_u32(skb, HARDEN_COUNTER_A_DETAIL, detail) ||
	    nla_put_u64_64bit(skb, HARDEN_COUNTER_A_DENIED, d, HARDEN_COUNTER_A_UNSPEC) ||
	    nla_put_u64_64bit(skb, HARDEN_COUNTER_A_AUDITED, a, HARDEN_COUNTER_A_UNSPEC))
		return -EMSGSIZE;
	nla_nest_end(skb, item);
	return 0;
}

static int harden_cg_fill(struct sk_buff *skb, struct harden_cg *cg,
			  const struct harden_policy *pol)
{
	const struct harden_group *grp = pol ? harden_cg_group(cg, pol) : NULL;
	time64_t removed = READ_ONCE(cg->removed);
	int refs = atomic_read(&cg->refs);
	struct nlattr *nest, *list;
	unsigned int i, n = 0;

	nest = nla_nest_start(skb, HARDEN_A_CGROUP);
	if (!nest ||
	    nla_put_u64_64bit(skb, HARDEN_CGROUP_A_ID, cg->id, HARDEN_CGROUP_A_UNSPEC) ||
	    nla_put_string(skb, HARDEN_CGROUP_A_PATH, cg->path) ||
	    (grp && nla_put_string(skb, HARDEN_CGROUP_A_GROUP, grp->name)) ||
	    nla_put_u32(skb, HARDEN_CGROUP_A_TASKS, refs > 0 ? refs : 0) ||
	    (removed && nla_put_u64_64bit(skb, HARDEN_CGROUP_A_REMOVED, removed,
					  HARDEN_CGROUP_A_UNSPEC)))
		return -EMSGSIZE;
	list = nla_nest_start(skb, HARDEN_CGROUP_A_COUNTERS);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; i < HARDEN_CGROUP_COUNTERS; i++) {
		const struct harden_counter *c = &cg->counters[i];
		u64 key = READ_ONCE(c->key);

		if (!key)
			continue;
		if (harden_cg_fill_counter(skb, n++, (key >> 48) & 0xff,
					   (key >> 32) & 0xffff, (u32)key,
					   atomic64_read(&c->denied),
					   atomic64_read(&c->audited)))
			return -EMSGSIZE;
	}
	for (i = 0; i <= HARDEN_AREA_MAX; i++) {
		u64 d = atomic64_read(&cg->over_denied[i]);
		u64 a = atomic64_read(&cg->over_audited[i]);

		if ((d || a) &&
		    harden_cg_fill_counter(skb, n++, i, HARDEN_OP_OTHER,
					   HARDEN_DETAIL_OTHER, d, a))
			return -EMSGSIZE;
	}
	nla_nest_end(skb, list);
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * One message per cgroup that has bound tasks or counts. Resumes by
 * bucket and position (cb->args[0], [1]); entries added or collected
 * between two calls may be missed or repeated, as in any netlink dump.
 */
int harden_cg_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	unsigned long bkt = cb->args[0], skip = cb->args[1], pos = 0;
	const struct harden_policy *pol;
	struct harden_cg *cg;
	void *hdr;

	rcu_read_lock();
	pol = harden_policy_get();
	for (; bkt < HASH_SIZE(harden_cgs); bkt++, skip = 0) {
		pos = 0;
		hlist_for_each_entry_rcu(cg, &harden_cgs[bkt], node) {
			if (pos++ < skip)
				continue;
			/* Live containers have bound tasks; dead ones only matter if they counted. */
			if (atomic_read(&cg->refs) <= 0 && !harden_cg_has_counts(cg))
				continue;
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, &harden_genl_family,
					  NLM_F_MULTI, HARDEN_CMD_GET_STATS);
			if (!hdr)
				goto full;
			if (harden_cg_fill(skb, cg, pol)) {
				genlmsg_cancel(skb, hdr);
				/* One entry larger than a whole message: say so. */
				if (!skb->len) {
					rcu_read_unlock();
					return -EMSGSIZE;
				}
				goto full;
			}
			genlmsg_end(skb, hdr);
		}
	}
full:
	rcu_read_unlock();
	cb->args[0] = bkt;
	cb->args[1] = bkt < HASH_SIZE(harden_cgs) ? pos - 1 : 0;
	return skb->len;
}

unsigned int harden_cg_count_entries(void)
{
	return atomic_read(&harden_cgs_n);
}

size_t harden_cg_bytes(void)
{
	return atomic_long_read(&harden_cgs_bytes);
}

static bool harden_cg_alive(u64 id)
{
	struct cgroup *cgrp = cgroup_get_from_id(id);

	if (IS_ERR(cgrp))
		return false;
	cgroup_put(cgrp);
	return true;
}

/*
 * Collect entries of removed cgroups that no task is bound to, once they
 * have been seen removed for HARDEN_CGROUP_KEEP_SECS: their counters stay
 * visible that long (they are in the group totals already). Entries that
 * counted nothing go at once, so creating and removing cgroups in a loop
 * holds no memory. Claiming refs
 * 0 -> DEAD makes a racing harden_cg_get() create a fresh entry instead of
 * reviving this one.
 */
static void harden_cg_gc(struct work_struct *work)
{
	struct harden_cg *cg;
	struct hlist_node *tmp;
	unsigned long flags;
	unsigned int bkt;
	unsigned int n = 0, i, cap;
	time64_t now;
	u64 *ids;

	/* cgroup_get_from_id() sleeps: gather candidates first. */
	cap = atomic_read(&harden_cgs_n) + 16;
	ids = kvmalloc_array(cap, sizeof(*ids), GFP_KERNEL);
	if (!ids)
		goto out;
	rcu_read_lock();
	hash_for_each_rcu(harden_cgs, bkt, cg, node)
		if (n < cap && atomic_read(&cg->refs) == 0)
			ids[n++] = cg->id;
	rcu_read_unlock();

	now = ktime_get_real_seconds();
	for (i = 0; i < n; i++) {
		if (harden_cg_alive(ids[i]))
			continue;
		spin_lock_irqsave(&harden_cgs_lock, flags);
		hash_for_each_possible_safe(harden_cgs, cg, tmp, node, ids[i]) {
			if (cg->id != ids[i])
				continue;
			if (!cg->removed)
				WRITE_ONCE(cg->removed, now);
			/* Nothing counted: nothing to keep (cgroup churn). */
			if ((now - cg->removed < HARDEN_CGROUP_KEEP_SECS &&
			     harden_cg_has_counts(cg)) ||
			    atomic_cmpxchg(&cg->refs, 0, HARDEN_CG_DEAD) != 0)
				continue;
			hash_del_rcu(&cg->node);
			atomic_dec(&harden_cgs_n);
			atomic_long_sub(harden_cg_size(cg), &harden_cgs_bytes);
			call_rcu(&cg->rcu, harden_cg_free_rcu);
		}
		spin_unlock_irqrestore(&harden_cgs_lock, flags);
	}
	kvfree(ids);
out:
	schedule_delayed_work(&harden_cg_gc_work, HARDEN_CG_GC_PERIOD);
}

int harden_cg_init(void)
{
	INIT_DELAYED_WORK(&harden_cg_gc_work, harden_cg_gc);
	schedule_delayed_work(&harden_cg_gc_work, HARDEN_CG_GC_PERIOD);
	return 0;
}

void harden_cg_uninit(void)
{
	struct harden_cg *cg;
	struct hlist_node *tmp;
	unsigned int bkt;

	cancel_delayed_work_sync(&harden_cg_gc_work);
	/* Hooks and tracked tasks are gone: nobody else touches the table. */
	hash_for_each_safe(harden_cgs, bkt, tmp, cg, node) {
		hash_del_rcu(&cg->node);
		call_rcu(&cg->rcu, harden_cg_free_rcu);
	}
	rcu_barrier();
}
