/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policy <-> netlink attributes (one HARDEN_A_GROUP per group), and mapping a kernel
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

/*
 * Append one top-level HARDEN_A_GROUP per group of @pol to @nlh; fills @map
 * if non-NULL. -1 if @buflen is too small.
 */
int policy_to_nl(struct nlmsghdr *nlh, size_t buflen, const struct policy *pol,
		 struct policy_nl_map *map);

/* Bytes policy_to_nl() emits for @pg (its HARDEN_A_GROUP). */
size_t policy_nl_group_size(const struct policy_group *pg);

/* Source position of the innermost attribute holding @off, or line 0. */
struct policy_loc policy_nl_locate(const struct policy_nl_map *map, uint32_t off);
void policy_nl_map_free(struct policy_nl_map *map);

/*
 * A HARDEN_CMD_GET_POLICY dump being read: the first message carries the
 * group count, each following one a group; every message its generation.
 */
struct policy_dump {
	struct policy pol;
	uint64_t generation, load_time;
	uint32_t group_count;
	unsigned int n_msgs;
	bool got_header;
	bool changed;			/* generation changed mid-dump */
};

void policy_dump_init(struct policy_dump *d);
void policy_dump_free(struct policy_dump *d);

/* Take in one dump message. Return: 0, or -1 if malformed. */
int policy_dump_msg(struct policy_dump *d, const struct nlmsghdr *nlh);

/*
 * After the dump: 0 if complete and consistent, 1 if a load raced the dump
 * (read it again), -1 if the groups do not add up to the count.
 */
int policy_dump_check(const struct policy_dump *d);

#endif /* _HARDCTL_POLICY_NL_H */
