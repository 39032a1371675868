/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel replies built by hand with libmnl, for the unit tests of the
 * decoders (test_model.c) and the seeds of their fuzzer
 * (tests/fuzz/mkseeds_nlreply.c): one copy of the attribute layouts, so
 * that a new attribute changes both. Each helper puts what a caller
 * always puts; the caller adds the rest (unknown attributes, a target,
 * an object) and ends the nests it was given.
 */
#ifndef _HARDEN_TEST_NLFIXTURE_H
#define _HARDEN_TEST_NLFIXTURE_H

#include <stdint.h>

#include <libmnl/libmnl.h>

#include "uapi/linux/harden.h"

/*
 * The top-level attributes of a GET_STATUS reply, but the lock's and the
 * hooks: version 0.2.0, policy generation 4 of 2 groups loaded at
 * @load_time, 9 tasks and 3 cgroups tracked in 4096 bytes, 5 events sent
 * and 1 dropped, 12 net addresses tracked and 3 untracked.
 */
static inline void nlfix_status(struct nlmsghdr *nlh, uint64_t load_time)
{
	mnl_attr_put_strz(nlh, HARDEN_A_VERSION, "0.2.0");
	mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, 4);
	mnl_attr_put_u64(nlh, HARDEN_A_LOAD_TIME, load_time);
	mnl_attr_put_u32(nlh, HARDEN_A_GROUP_COUNT, 2);
	mnl_attr_put_u32(nlh, HARDEN_A_TRACKED_TASKS, 9);
	mnl_attr_put_u32(nlh, HARDEN_A_CGROUP_COUNT, 3);
	mnl_attr_put_u64(nlh, HARDEN_A_MEMORY, 4096);
	mnl_attr_put_u64(nlh, HARDEN_A_EVENTS_SENT, 5);
	mnl_attr_put_u64(nlh, HARDEN_A_EVENTS_DROPPED, 1);
	mnl_attr_put_u32(nlh, HARDEN_A_NET_ADDRS, 12);
	mnl_attr_put_u64(nlh, HARDEN_A_NET_UNTRACKED, 3);
}

/*
 * Hook @idx inside a HARDEN_A_HOOKS nest: its name and call count. The
 * caller adds the area, if any, and ends the returned nest.
 */
static inline struct nlattr *nlfix_hook_start(struct nlmsghdr *nlh, uint16_t idx,
					      const char *name, uint64_t hits)
{
	struct nlattr *h = mnl_attr_nest_start(nlh, idx);

	mnl_attr_put_strz(nlh, HARDEN_HOOK_A_NAME, name);
	mnl_attr_put_u64(nlh, HARDEN_HOOK_A_HITS, hits);
	return h;
}

/* What every event says: what happened, to whom, and the drops before it. */
struct nlfix_event {
	uint64_t time;
	uint8_t mode, area;
	uint16_t op;
	uint32_t detail;
	uint32_t pid;
	const char *comm;		/* NULL: no pid and comm (in softirq) */
	uint64_t cgroup_id;
	const char *cgroup;
	const char *group;		/* NULL: the cgroup is in no group */
	uint64_t dropped;
};

/*
 * Open a HARDEN_A_EVENT nest with @ev's attributes, in this order; the
 * caller adds the object and the target, if any, and ends the nest.
 */
static inline struct nlattr *nlfix_event_start(struct nlmsghdr *nlh,
					       const struct nlfix_event *ev)
{
	struct nlattr *e = mnl_attr_nest_start(nlh, HARDEN_A_EVENT);

	mnl_attr_put_u64(nlh, HARDEN_EVENT_A_TIME, ev->time);
	mnl_attr_put_u8(nlh, HARDEN_EVENT_A_MODE, ev->mode);
	mnl_attr_put_u8(nlh, HARDEN_EVENT_A_AREA, ev->area);
	mnl_attr_put_u16(nlh, HARDEN_EVENT_A_OP, ev->op);
	mnl_attr_put_u32(nlh, HARDEN_EVENT_A_DETAIL, ev->detail);
	if (ev->comm) {
		mnl_attr_put_u32(nlh, HARDEN_EVENT_A_PID, ev->pid);
		mnl_attr_put_strz(nlh, HARDEN_EVENT_A_COMM, ev->comm);
	}
	mnl_attr_put_u64(nlh, HARDEN_EVENT_A_CGROUP_ID, ev->cgroup_id);
	mnl_attr_put_strz(nlh, HARDEN_EVENT_A_CGROUP, ev->cgroup);
	if (ev->group)
		mnl_attr_put_strz(nlh, HARDEN_EVENT_A_GROUP, ev->group);
	mnl_attr_put_u64(nlh, HARDEN_EVENT_A_DROPPED, ev->dropped);
	return e;
}

#endif /* _HARDEN_TEST_NLFIXTURE_H */
