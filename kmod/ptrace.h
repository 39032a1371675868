/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_PTRACE_H
#define _HARDEN_PTRACE_H

#include <net/netlink.h>

struct harden_group;

/*
 * The ptrace area's part of a group: HARDEN_GROUP_A_PTRACE and
 * HARDEN_GROUP_A_SIGNAL of one HARDEN_A_GROUP, parsed into @tb, after
 * grp->flags is set. Errors go to @extack.
 */
int harden_ptrace_group_build(struct harden_group *grp, struct nlattr **tb,
			      const struct nlattr *nest,
			      struct netlink_ext_ack *extack);
/* Put the group's scopes into @skb (GET_POLICY). */
int harden_ptrace_group_fill(struct sk_buff *skb, const struct harden_group *grp);

/* Process access area: ptrace-class access and signals. */
int harden_ptrace_init(void);
void harden_ptrace_uninit(void);

#endif /* _HARDEN_PTRACE_H */
