// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "harden": the control channel. Admin only
 * (GENL_ADMIN_PERM, initial netns only), and refused to any task inside a
 * policed container whatever capabilities it holds.
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/module.h>
#include <net/genetlink.h>

#include "cgroup.h"
#include "hooks.h"
#include "netlink.h"
#include "policy.h"
#include "track.h"

static const struct nla_policy harden_nl_policy[HARDEN_A_MAX + 1] = {
	[HARDEN_A_GROUPS] = NLA_POLICY_NESTED_ARRAY(harden_group_policy),
};

/*
 * GENL_ADMIN_PERM asks security_capable(CAP_NET_ADMIN) and so our own
 * capability hook; host admin tasks (initial mount namespace, never bound)
 * are never policed or refused, so no policy, not even `match /`, can lock
 * the admin out. This check is what keeps a container with NET_ADMIN in
 * its allow-list out.
 */
static int harden_nl_check_caller(struct netlink_ext_ack *extack)
{
	if (harden_current_refused()) {
		NL_SET_ERR_MSG(extack,
			       "refused: the caller is inside a policed container");
		return -EPERM;
	}
	return 0;
}

static void *harden_nl_put_reply(struct sk_buff *skb, struct genl_info *info,
				 u8 cmd)
{
	return genlmsg_put(skb, info->snd_portid, info->snd_seq,
			   &harden_genl_family, 0, cmd);
}

static int harden_nl_fill_hooks(struct sk_buff *skb)
{
	struct nlattr *hooks, *nest;
	const struct harden_hook *hook;
	unsigned int i;

	hooks = nla_nest_start(skb, HARDEN_A_HOOKS);
	if (!hooks)
		return -EMSGSIZE;
	for (i = 0; (hook = harden_hook_at(i)); i++) {
		if (!hook->attached)
			continue;
		nest = nla_nest_start(skb, i);
		if (!nest ||
		    nla_put_string(skb, HARDEN_HOOK_A_NAME, hook->name) ||
		    nla_put_u64_64bit(skb, HARDEN_HOOK_A_HITS,
				      harden_hook_hits(hook), HARDEN_HOOK_A_UNSPEC))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	nla_nest_end(skb, hooks);
	return 0;
}

static int harden_nl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	unsigned int n_groups;
	time64_t load_time;
	struct sk_buff *msg;
	u64 generation;
	void *hdr;
	int err;

	err = harden_nl_check_caller(info->extack);
	if (err)
		return err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = harden_nl_put_reply(msg, info, HARDEN_CMD_GET_STATUS);
	if (!hdr)
		goto err_size;

	harden_policy_info(&generation, &load_time, &n_groups);
	if (nla_put_string(msg, HARDEN_A_VERSION, HARDEN_VERSION) ||
	    nla_put_u64_64bit(msg, HARDEN_A_GENERATION, generation, HARDEN_A_UNSPEC) ||
	    nla_put_u64_64bit(msg, HARDEN_A_LOAD_TIME, load_time, HARDEN_A_UNSPEC) ||
	    nla_put_u32(msg, HARDEN_A_GROUP_COUNT, n_groups) ||
	    nla_put_u32(msg, HARDEN_A_TRACKED_TASKS, harden_track_count()) ||
	    nla_put_u32(msg, HARDEN_A_CGROUP_COUNT, harden_cg_count_entries()) ||
	    nla_put_u64_64bit(msg, HARDEN_A_MEMORY,
			      harden_track_bytes() + harden_cg_bytes(), HARDEN_A_UNSPEC) ||
	    harden_nl_fill_hooks(msg))
		goto err_size;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_size:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int harden_nl_set_policy(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	u64 generation;
	void *hdr;
	int err;

	err = harden_nl_check_caller(info->extack);
	if (err)
		return err;

	err = harden_policy_replace(info->attrs[HARDEN_A_GROUPS], info->extack,
				    &generation);
	if (err)
		return err;
	harden_track_policy_loaded();

	/* The policy is in force now; a failed reply does not undo that. */
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return 0;
	hdr = harden_nl_put_reply(msg, info, HARDEN_CMD_SET_POLICY);
	if (!hdr ||
	    nla_put_u64_64bit(msg, HARDEN_A_GENERATION, generation, HARDEN_A_UNSPEC)) {
		nlmsg_free(msg);
		return 0;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int harden_nl_get_policy(struct sk_buff *skb, struct genl_info *info)
{
	const struct harden_policy *pol;
	struct sk_buff *msg;
	size_t size;
	void *hdr;
	int err;

	err = harden_nl_check_caller(info->extack);
	if (err)
		return err;

	/* Size and fill under one RCU section: the same policy for both. */
	rcu_read_lock();
	pol = harden_policy_get();
	size = nla_total_size_64bit(sizeof(u64)) * 2 +
	       (pol ? harden_policy_size(pol) : 0);
	msg = genlmsg_new(size, GFP_ATOMIC | __GFP_NOWARN);
	if (!msg) {
		rcu_read_unlock();
		return -ENOMEM;
	}
	hdr = harden_nl_put_reply(msg, info, HARDEN_CMD_GET_POLICY);
	err = -EMSGSIZE;
	if (!hdr ||
	    nla_put_u64_64bit(msg, HARDEN_A_GENERATION, pol ? pol->generation : 0,
			      HARDEN_A_UNSPEC) ||
	    nla_put_u64_64bit(msg, HARDEN_A_LOAD_TIME, pol ? pol->load_time : 0,
			      HARDEN_A_UNSPEC) ||
	    (pol && harden_policy_fill(msg, pol))) {
		rcu_read_unlock();
		nlmsg_free(msg);
		return err;
	}
	rcu_read_unlock();
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int harden_nl_stats_start(struct netlink_callback *cb)
{
	return harden_nl_check_caller(cb->extack);
}

static const struct genl_ops harden_genl_ops[] = {
	{
		.cmd = HARDEN_CMD_GET_STATUS,
		.doit = harden_nl_get_status,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HARDEN_CMD_SET_POLICY,
		.doit = harden_nl_set_policy,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HARDEN_CMD_GET_POLICY,
		.doit = harden_nl_get_policy,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HARDEN_CMD_GET_STATS,
		.start = harden_nl_stats_start,
		.dumpit = harden_cg_dump,
		.flags = GENL_ADMIN_PERM,
	},
};

struct genl_family harden_genl_family __ro_after_init = {
	.name = HARDEN_GENL_NAME,
	.version = HARDEN_GENL_VERSION,
	.maxattr = HARDEN_A_MAX,
	.policy = harden_nl_policy,
	.netnsok = false,
	.parallel_ops = false,
	.module = THIS_MODULE,
	.ops = harden_genl_ops,
	.n_ops = ARRAY_SIZE(harden_genl_ops),
	.resv_start_op = HARDEN_CMD_GET_STATS + 1,
};

int harden_netlink_init(void)
{
	return genl_register_family(&harden_genl_family);
}

void harden_netlink_uninit(void)
{
	genl_unregister_family(&harden_genl_family);
}
