/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_NETLINK_H
#define _HARDEN_NETLINK_H

#include <net/genetlink.h>

#define HARDEN_VERSION "0.2.0"

struct harden_event;

extern struct genl_family harden_genl_family;

/*
 * Multicast @ev on the events group. Process context. 0 if sent, -ESRCH
 * if nobody listens (or the family is going), else -errno.
 */
int harden_nl_send_event(const struct harden_event *ev, const char *path,
			 const char *target_path, u64 dropped);

/* Is @group (a netlink group number) harden's events group? */
bool harden_nl_is_events_group(int group);

int harden_netlink_init(void);
/* The module finished loading: serve requests. */
void harden_netlink_open(void);
void harden_netlink_uninit(void);

#endif /* _HARDEN_NETLINK_H */
