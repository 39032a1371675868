/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_NETLINK_H
#define _HARDEN_NETLINK_H

#include <net/genetlink.h>

#define HARDEN_VERSION "0.1.0"

extern struct genl_family harden_genl_family;

int harden_netlink_init(void);
void harden_netlink_uninit(void);

#endif /* _HARDEN_NETLINK_H */
