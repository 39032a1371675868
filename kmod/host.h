/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_HOST_H
#define _HARDEN_HOST_H

#include <net/netlink.h>

struct harden_group;

/*
 * The host area's part of a group: the HARDEN_GROUP_A_DEVICE rules of one
 * HARDEN_A_GROUP @nest, after grp->flags is set. Errors go to @extack.
 */
int harden_host_group_build(struct harden_group *grp, const struct nlattr *nest,
			    struct netlink_ext_ack *extack);
/* Put the group's device rules into @skb (GET_POLICY). */
int harden_host_group_fill(struct sk_buff *skb, const struct harden_group *grp);

/* Host kernel interfaces: sysctls, procfs, sysfs, cgroupfs, devices, autoload. */
int harden_host_init(void);
void harden_host_uninit(void);

#endif /* _HARDEN_HOST_H */
