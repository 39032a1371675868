/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * harden: per-container host hardening, generic netlink UAPI.
 *
 * Shared in place by the kernel module (kmod/) and hardctl (ctl/). This
 * header holds enums and #defines only. Attribute enums are append-only:
 * never renumber, never reuse a value.
 *
 * The family is visible only in the initial network namespace. Every
 * operation requires CAP_NET_ADMIN (GENL_ADMIN_PERM) and is refused to any
 * task that is inside a policed container, whatever capabilities it holds.
 *
 * Nested lists (groups, hooks, counters) are NLA_NESTED_ARRAY: a nest whose
 * children are nests; the children's attribute type is their index and is
 * otherwise ignored.
 *
 * HARDEN_CMD_GET_STATUS
 * ---------------------
 *
 * Request: no attributes. Reply:
 *
 *    HARDEN_A_VERSION: NLA_NUL_STRING, module version
 *    HARDEN_A_GENERATION: NLA_U64, generation of the policy in force;
 *                         0 means no policy has been loaded
 *    HARDEN_A_LOAD_TIME: NLA_U64, CLOCK_REALTIME seconds of the last load
 *    HARDEN_A_GROUP_COUNT: NLA_U32, groups in the policy in force
 *    HARDEN_A_TRACKED_TASKS: NLA_U32, tasks bound to a container cgroup
 *    HARDEN_A_CGROUP_COUNT: NLA_U32, cgroups harden keeps state for
 *    HARDEN_A_HOOKS: NLA_NESTED_ARRAY
 *        0: NLA_NESTED
 *            HARDEN_HOOK_A_NAME: NLA_NUL_STRING, hooked kernel function
 *            HARDEN_HOOK_A_HITS: NLA_U64, calls seen since load
 *        ...
 *    HARDEN_A_MEMORY: NLA_U64, bytes of kernel memory harden holds for
 *                     tracked tasks and cgroups (charged to the memory
 *                     cgroup of the task that caused each allocation)
 *
 * HARDEN_CMD_SET_POLICY
 * ---------------------
 *
 * Replaces the whole policy in one transaction. The kernel validates every
 * attribute and builds the new policy before it swaps it in; on any error
 * nothing changes and the error comes back through extack, pointing at the
 * offending attribute. An empty HARDEN_A_GROUPS (or none) loads an empty
 * policy, which polices nothing.
 *
 *    HARDEN_A_GROUPS: NLA_NESTED_ARRAY, at most HARDEN_MAX_GROUPS, in
 *                     priority order (first match wins)
 *        0: NLA_NESTED
 *            HARDEN_GROUP_A_NAME: NLA_NUL_STRING, [a-zA-Z0-9_.-], at most
 *                                 HARDEN_GROUP_NAME_MAX - 1 bytes, unique
 *            HARDEN_GROUP_A_MATCH: NLA_NUL_STRING, cgroup v2 path glob, at
 *                                  most HARDEN_GLOB_MAX - 1 bytes; repeated
 *                                  1..HARDEN_MAX_MATCHES times
 *            HARDEN_GROUP_A_MODE: NLA_U8, enum harden_mode
 *            HARDEN_GROUP_A_FLAGS: NLA_U32, HARDEN_GROUP_F_*: which areas
 *                                  this group polices; unknown bits are
 *                                  rejected
 *            HARDEN_GROUP_A_CAPS: NLA_U64, bit N allows capability N;
 *                                 required with HARDEN_GROUP_F_CAPS
 *        ...
 *
 * Reply: HARDEN_A_GENERATION of the new policy.
 *
 * HARDEN_CMD_GET_POLICY
 * ---------------------
 *
 * Request: no attributes. Reply: HARDEN_A_GENERATION, HARDEN_A_LOAD_TIME
 * and HARDEN_A_GROUPS exactly as accepted by HARDEN_CMD_SET_POLICY.
 *
 * HARDEN_CMD_GET_STATS (dump)
 * ---------------------------
 *
 * One message per cgroup that has tasks bound to it or non-zero counters:
 *
 *    HARDEN_A_CGROUP: NLA_NESTED
 *        HARDEN_CGROUP_A_ID: NLA_U64, cgroup v2 id (inode number)
 *        HARDEN_CGROUP_A_PATH: NLA_NUL_STRING, path when first seen
 *        HARDEN_CGROUP_A_GROUP: NLA_NUL_STRING, group it matches under the
 *                               policy in force; absent if none
 *        HARDEN_CGROUP_A_CAPS: NLA_NESTED_ARRAY, capabilities with a
 *                              non-zero counter only
 *            0: NLA_NESTED
 *                HARDEN_COUNTER_A_CAP: NLA_U8, capability number
 *                HARDEN_COUNTER_A_DENIED: NLA_U64
 *                HARDEN_COUNTER_A_AUDITED: NLA_U64
 *            ...
 */

#ifndef _UAPI_LINUX_HARDEN_H
#define _UAPI_LINUX_HARDEN_H

#define HARDEN_GENL_NAME	"harden"
#define HARDEN_GENL_VERSION	1

/* Limits. Both sides enforce them; the kernel is the authority. */
#define HARDEN_GROUP_NAME_MAX	64	/* bytes, including the NUL */
#define HARDEN_GLOB_MAX		256	/* bytes, including the NUL */
#define HARDEN_MAX_GROUPS	64
#define HARDEN_MAX_MATCHES	32	/* per group */
#define HARDEN_CAP_BITS		64	/* width of HARDEN_GROUP_A_CAPS */

enum harden_mode {
	HARDEN_MODE_ENFORCE = 0,
	HARDEN_MODE_AUDIT = 1,
	__HARDEN_MODE_MAX
};
#define HARDEN_MODE_MAX (__HARDEN_MODE_MAX - 1)

/* Areas a group polices. A group without an area's flag leaves it alone. */
#define HARDEN_GROUP_F_CAPS	(1U << 0)
#define HARDEN_GROUP_F_ALL	(HARDEN_GROUP_F_CAPS)

enum harden_cmd {
	HARDEN_CMD_UNSPEC,
	HARDEN_CMD_GET_STATUS,
	HARDEN_CMD_SET_POLICY,
	HARDEN_CMD_GET_POLICY,
	HARDEN_CMD_GET_STATS,
	__HARDEN_CMD_MAX
};
#define HARDEN_CMD_MAX (__HARDEN_CMD_MAX - 1)

enum harden_attr {
	HARDEN_A_UNSPEC,
	HARDEN_A_VERSION,
	HARDEN_A_GENERATION,
	HARDEN_A_LOAD_TIME,
	HARDEN_A_GROUP_COUNT,
	HARDEN_A_TRACKED_TASKS,
	HARDEN_A_CGROUP_COUNT,
	HARDEN_A_HOOKS,
	HARDEN_A_GROUPS,
	HARDEN_A_CGROUP,
	HARDEN_A_MEMORY,
	__HARDEN_A_MAX
};
#define HARDEN_A_MAX (__HARDEN_A_MAX - 1)

enum harden_hook_attr {
	HARDEN_HOOK_A_UNSPEC,
	HARDEN_HOOK_A_NAME,
	HARDEN_HOOK_A_HITS,
	__HARDEN_HOOK_A_MAX
};
#define HARDEN_HOOK_A_MAX (__HARDEN_HOOK_A_MAX - 1)

enum harden_group_attr {
	HARDEN_GROUP_A_UNSPEC,
	HARDEN_GROUP_A_NAME,
	HARDEN_GROUP_A_MATCH,
	HARDEN_GROUP_A_MODE,
	HARDEN_GROUP_A_FLAGS,
	HARDEN_GROUP_A_CAPS,
	__HARDEN_GROUP_A_MAX
};
#define HARDEN_GROUP_A_MAX (__HARDEN_GROUP_A_MAX - 1)

enum harden_cgroup_attr {
	HARDEN_CGROUP_A_UNSPEC,
	HARDEN_CGROUP_A_ID,
	HARDEN_CGROUP_A_PATH,
	HARDEN_CGROUP_A_GROUP,
	HARDEN_CGROUP_A_CAPS,
	__HARDEN_CGROUP_A_MAX
};
#define HARDEN_CGROUP_A_MAX (__HARDEN_CGROUP_A_MAX - 1)

enum harden_counter_attr {
	HARDEN_COUNTER_A_UNSPEC,
	HARDEN_COUNTER_A_CAP,
	HARDEN_COUNTER_A_DENIED,
	HARDEN_COUNTER_A_AUDITED,
	__HARDEN_COUNTER_A_MAX
};
#define HARDEN_COUNTER_A_MAX (__HARDEN_COUNTER_A_MAX - 1)

#endif /* _UAPI_LINUX_HARDEN_H */
