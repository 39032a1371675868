/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_POLICY_H
#define _HARDEN_POLICY_H

#include <linux/rcupdate.h>
#include <linux/types.h>
#include <net/netlink.h>

#include "uapi/linux/harden.h"

struct harden_group {
	char name[HARDEN_GROUP_NAME_MAX];
	u32 flags;			/* HARDEN_GROUP_F_* */
	u8 mode;			/* enum harden_mode */
	u64 caps;			/* bit N allows capability N */
	/* HARDEN_GROUP_F_MOUNT: new mounts of these types are allowed */
	u8 n_mount_types;
	char mount_types[HARDEN_MAX_MOUNT_TYPES][HARDEN_FSTYPE_MAX];
	u8 ptrace_scope;		/* HARDEN_GROUP_F_PTRACE: enum harden_scope */
	u8 signal_scope;		/* HARDEN_GROUP_F_SIGNAL: enum harden_scope */
	u64 net_peers;			/* HARDEN_GROUP_F_NET: bit N allows groups[N] */
	/* HARDEN_GROUP_F_DEVICES: rules beyond the safe set (HARDEN_DEVICE_RULE) */
	u8 n_devices;
	u64 devices[HARDEN_MAX_DEVICES];
	unsigned int n_matches;
	char **matches;
	struct harden_total *total;	/* this name's totals, decision.c */
};

/* Immutable once published; replaced whole and freed after a grace period. */
struct harden_policy {
	struct rcu_head rcu;
	u64 generation;			/* >= 1 */
	time64_t load_time;
	u32 flags;			/* union of the groups' flags */
	unsigned int n_groups;
	struct harden_group groups[];
};

extern struct harden_policy __rcu *harden_policy;

struct harden_total;

/* Validates one HARDEN_A_GROUP; netlink.c nests it. */
extern const struct nla_policy harden_group_policy[HARDEN_GROUP_A_MAX + 1];

/*
 * NULL until the first load. Callers are RCU readers: rcu_read_lock(), or
 * preemption disabled (harden_cap_check() uses rcu_read_lock_sched_notrace()
 * on the hottest path). Both are waited for by synchronize_rcu() and
 * call_rcu() since the RCU flavours were consolidated (4.20), but plain
 * rcu_dereference() only knows the first: PROVE_RCU reported "suspicious
 * rcu_dereference_check() usage" from every policed capability check.
 */
static inline const struct harden_policy *harden_policy_get(void)
{
	return rcu_dereference_check(harden_policy, rcu_read_lock_any_held());
}

/*
 * Index of the first group with a match for @path or one of its ancestors,
 * or -1. Atomic-safe.
 */
int harden_policy_match(const struct harden_policy *pol, const char *path);

/*
 * harden_policy_replace() - validate the HARDEN_A_GROUP attributes among
 * the @len bytes of attributes at @head in full, build a new policy and
 * swap it in. On error the policy in force is untouched and @extack says
 * why.
 */
int harden_policy_replace(const struct nlattr *head, int len,
			  struct netlink_ext_ack *extack, u64 *generation);

/* Put one HARDEN_A_GROUP for @grp into @skb (GET_POLICY dump). */
int harden_policy_fill_group(struct sk_buff *skb, const struct harden_policy *pol,
			     const struct harden_group *grp);

/* Generation and load time of the policy in force (0 if none). */
void harden_policy_info(u64 *generation, time64_t *load_time,
			unsigned int *n_groups);

int harden_policy_init(void);
void harden_policy_uninit(void);

#endif /* _HARDEN_POLICY_H */
