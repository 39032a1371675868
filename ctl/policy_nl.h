/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policy <-> netlink attributes (HARDEN_A_GROUPS), and mapping a kernel
 * extack offset back to the source position that produced the attribute.
 */
#ifndef _HARDCTL_POLICY_NL_H
#define _HARDCTL_POLICY_NL_H

#include <libmnl/libmnl.h>

#include "policy.h"

/* Where each emitted attribute came from. */
struct policy_nl_map {
	struct {
		uint32_t off;		/* from the start of the message */
		uint32_t len;
		struct policy_loc loc;
	} *ent;
	size_t n, cap;
};

/* Append HARDEN_A_GROUPS for @pol to @nlh; fills @map if non-NULL. -1 if full. */
int policy_to_nl(struct nlmsghdr *nlh, size_t buflen, const struct policy *pol,
		 struct policy_nl_map *map);

/* Bytes policy_to_nl() emits for @pg inside HARDEN_A_GROUPS. */
size_t policy_nl_group_size(const struct policy_group *pg);

/* Source position of the innermost attribute holding @off, or line 0. */
struct policy_loc policy_nl_locate(const struct policy_nl_map *map, uint32_t off);
void policy_nl_map_free(struct policy_nl_map *map);

/* Rebuild a policy from a HARDEN_CMD_GET_POLICY reply. -1 if malformed. */
int policy_from_nl(const struct nlmsghdr *nlh, struct policy *out,
		   uint64_t *generation, uint64_t *load_time);

#endif /* _HARDCTL_POLICY_NL_H */
