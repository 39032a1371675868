/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_MOUNT_H
#define _HARDEN_MOUNT_H

#include <net/netlink.h>

struct harden_group;

/*
 * The mount area's part of a group: the HARDEN_GROUP_A_MOUNT_TYPE list of
 * one HARDEN_A_GROUP @nest, after grp->flags is set. Errors go to @extack.
 */
int harden_mount_group_build(struct harden_group *grp, const struct nlattr *nest,
			     struct netlink_ext_ack *extack);
/* Put the group's mount types into @skb (GET_POLICY). */
int harden_mount_group_fill(struct sk_buff *skb, const struct harden_group *grp);

/* Mounts area: hooks on every path into the mount tree. */
int harden_mount_init(void);
void harden_mount_uninit(void);

#endif /* _HARDEN_MOUNT_H */
