// SPDX-License-Identifier: GPL-2.0
/*
 * A small BPF LSM program on one of harden's hooks (security_capable), for
 * tests/vm/bpflsm_docker.sh: it refuses CAP_SYS_CHROOT to one cgroup and
 * counts the capability checks it sees.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define CAP_SYS_CHROOT	18
#define EPERM		1

struct cred;
struct user_namespace;

/* [0] cgroup id to refuse SYS_CHROOT to, [1] checks seen, [2] refused. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} state SEC(".maps");

static void bump(__u32 k)
{
	__u64 *v = bpf_map_lookup_elem(&state, &k);

	if (v)
		__sync_fetch_and_add(v, 1);
}

SEC("lsm/capable")
int BPF_PROG(peer_capable, const struct cred *cred, struct user_namespace *ns,
	     int cap, unsigned int opts, int ret)
{
	__u32 k = 0;
	__u64 *cg = bpf_map_lookup_elem(&state, &k);

	bump(1);
	if (ret)
		return ret;
	if (cap == CAP_SYS_CHROOT && cg && *cg &&
	    bpf_get_current_cgroup_id() == *cg) {
		bump(2);
		return -EPERM;
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
