/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_NET_H
#define _HARDEN_NET_H

#include <net/netlink.h>

struct harden_group;
struct harden_policy;
struct net;

/*
 * The net area's part of a policy: resolves every group's
 * HARDEN_GROUP_A_NET_PEER names (among the @len bytes of attributes at
 * @head) once all of @pol's groups are built. Errors go to @extack.
 */
int harden_net_policy_build(struct harden_policy *pol, const struct nlattr *head,
			    int len, struct netlink_ext_ack *extack);
/* Put the group's peers into @skb (GET_POLICY). */
int harden_net_group_fill(struct sk_buff *skb, const struct harden_policy *pol,
			  const struct harden_group *grp);

/*
 * harden_net_claim() - a task of container cgroup @cgroup_id runs in @net:
 * unless it is the initial namespace or has an owner already, the
 * container owns it. Any context.
 */
void harden_net_claim(struct net *net, u64 cgroup_id);

/* For status: addresses tracked, and those there was no room for. */
unsigned int harden_net_addr_count(void);
u64 harden_net_addr_untracked(void);

/* Network isolation area. */
int harden_net_init(void);
void harden_net_uninit(void);

#endif /* _HARDEN_NET_H */
