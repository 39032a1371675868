// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "harden": the control channel and the event
 * stream. Admin only (GENL_ADMIN_PERM, initial netns only), and refused to
 * any task inside a container whatever capabilities it holds. All netlink
 * marshalling of requests, replies and events is here; the per-cgroup and
 * per-group dumps are filled by their owners (cgroup.c, decision.c).
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/module.h>
#include <net/genetlink.h>

#include "cgroup.h"
#include "decision.h"
#include "events.h"
#include "hooks.h"
#include "net.h"
#include "netlink.h"
#include "policy.h"
#include "tamper.h"
#include "track.h"

static const struct nla_policy harden_nl_policy[HARDEN_A_MAX + 1] = {
	[HARDEN_A_GROUP] = NLA_POLICY_NESTED(harden_group_policy),
};

static const struct genl_multicast_group harden_mcgrps[] = {
	/* Joining needs CAP_NET_ADMIN; tamper.c refuses containers. */
	{ .name = HARDEN_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static bool harden_nl_registered;
static bool harden_nl_ready;		/* the module finished loading */
static bool harden_nl_events_off;	/* the group had members before us */

/*
 * GENL_ADMIN_PERM asks security_capable(CAP_NET_ADMIN) and so our own
 * capability hook; host admin tasks (initial mount namespace, never bound)
 * are never policed or refused, so no policy, not even `match /`, can lock
 * the admin out. This check keeps a container with NET_ADMIN in its
 * allow-list out, and counts the attempt as tamper.
 */
static int harden_nl_check_caller(u8 cmd, struct netlink_ext_ack *extack)
{
	/*
	 * Until the load finished, a failed scan may still unload the
	 * module: nothing may queue work or hold a dump open on it.
	 */
	if (!READ_ONCE(harden_nl_ready)) {
		NL_SET_ERR_MSG(extack, "harden is still loading");
		return -EAGAIN;
	}
	if (harden_tamper_refused(HARDEN_OP_CONTROL, cmd)) {
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
				      harden_hook_hits(hook), HARDEN_HOOK_A_UNSPEC) ||
		    nla_put_u8(skb, HARDEN_HOOK_A_AREA, hook->area))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	nla_nest_end(skb, hooks);
	return 0;
}

static int harden_nl_put_lock(struct sk_buff *skb)
{
	time64_t when;
	bool locked = harden_tamper_locked(&when);

	if (nla_put_u8(skb, HARDEN_A_LOCKED, locked) ||
	    nla_put_u64_64bit(skb, HARDEN_A_LOCK_REFUSED, harden_tamper_lock_refused(),
			      HARDEN_A_UNSPEC))
		return -EMSGSIZE;
	if (locked &&
	    nla_put_u64_64bit(skb, HARDEN_A_LOCK_TIME, when, HARDEN_A_UNSPEC))
		return -EMSGSIZE;
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

	err = harden_nl_check_caller(HARDEN_CMD_GET_STATUS, info->extack);
	if (err)
		return err;

	/* A page for the counts, and about 80 bytes per hook (67 today). */
	msg = genlmsg_new(NLMSG_GOODSIZE + harden_hooks_count() * 96, GFP_KERNEL);
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
	    nla_put_u64_64bit(msg, HARDEN_A_EVENTS_SENT, harden_events_sent(),
			      HARDEN_A_UNSPEC) ||
	    nla_put_u64_64bit(msg, HARDEN_A_EVENTS_DROPPED, harden_events_dropped(),
			      HARDEN_A_UNSPEC) ||
	    nla_put_u32(msg, HARDEN_A_NET_ADDRS, harden_net_addr_count()) ||
	    nla_put_u64_64bit(msg, HARDEN_A_NET_UNTRACKED, harden_net_addr_untracked(),
			      HARDEN_A_UNSPEC) ||
	    nla_put_u32(msg, HARDEN_A_CLAMPS_PENDING, harden_track_clamps_pending()) ||
	    harden_nl_put_lock(msg) ||
	    harden_nl_fill_hooks(msg))
		goto err_size;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_size:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/*
 * The reply to a command that has taken effect (SET_POLICY, LOCK): the
 * generation in force and, if @type is not HARDEN_A_UNSPEC, one more u64.
 * It is done whatever happens to the reply: a failed one does not undo it.
 */
static int harden_nl_reply_done(struct genl_info *info, u8 cmd, u64 generation,
				int type, u64 value)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return 0;
	hdr = harden_nl_put_reply(msg, info, cmd);
	if (!hdr ||
	    nla_put_u64_64bit(msg, HARDEN_A_GENERATION, generation, HARDEN_A_UNSPEC) ||
	    (type != HARDEN_A_UNSPEC &&
	     nla_put_u64_64bit(msg, type, value, HARDEN_A_UNSPEC))) {
		nlmsg_free(msg);
		return 0;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int harden_nl_set_policy(struct sk_buff *skb, struct genl_info *info)
{
	u64 generation;
	int err;

	err = harden_nl_check_caller(HARDEN_CMD_SET_POLICY, info->extack);
	if (err)
		return err;
	/* genl_mutex orders this against HARDEN_CMD_LOCK. */
	if (harden_tamper_locked(NULL)) {
		harden_tamper_lock_refuse();
		NL_SET_ERR_MSG(info->extack,
			       "harden is locked until reboot: the policy in force cannot change");
		return -EPERM;
	}

	/* Every top-level attribute: HARDEN_A_GROUP repeats, once per group. */
	err = harden_policy_replace(genlmsg_data(info->genlhdr),
				    genlmsg_len(info->genlhdr), info->extack,
				    &generation);
	if (err)
		return err;
	harden_track_policy_loaded();
	return harden_nl_reply_done(info, HARDEN_CMD_SET_POLICY, generation,
				    HARDEN_A_UNSPEC, 0);
}

static int harden_nl_lock(struct sk_buff *skb, struct genl_info *info)
{
	time64_t load_time, when;
	unsigned int n_groups;
	u64 generation;
	int err;

	err = harden_nl_check_caller(HARDEN_CMD_LOCK, info->extack);
	if (err)
		return err;
	harden_policy_info(&generation, &load_time, &n_groups);
	if (!generation) {
		NL_SET_ERR_MSG(info->extack,
			       "no policy loaded: load one before locking it in");
		return -EINVAL;
	}
	err = harden_tamper_lock();
	if (err) {
		NL_SET_ERR_MSG(info->extack, "harden is being unloaded");
		return err;
	}
	harden_tamper_locked(&when);
	return harden_nl_reply_done(info, HARDEN_CMD_LOCK, generation,
				    HARDEN_A_LOCK_TIME, when);
}

static int harden_nl_policy_start(struct netlink_callback *cb)
{
	return harden_nl_check_caller(HARDEN_CMD_GET_POLICY, cb->extack);
}

/*
 * GET_POLICY dump: message 0 describes the policy, message i > 0 carries
 * group i - 1. Each carries the generation it was taken from, so a client
 * sees a load that happens between two messages and starts again.
 */
static int harden_nl_policy_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct harden_policy *pol;
	unsigned long i;
	void *hdr;

	rcu_read_lock();
	pol = harden_policy_get();
	for (i = cb->args[0]; i <= (pol ? pol->n_groups : 0); i++) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &harden_genl_family,
				  NLM_F_MULTI, HARDEN_CMD_GET_POLICY);
		if (!hdr)
			break;
		if (nla_put_u64_64bit(skb, HARDEN_A_GENERATION,
				      pol ? pol->generation : 0, HARDEN_A_UNSPEC) ||
		    (i == 0 &&
		     (nla_put_u64_64bit(skb, HARDEN_A_LOAD_TIME,
					pol ? pol->load_time : 0, HARDEN_A_UNSPEC) ||
		      nla_put_u32(skb, HARDEN_A_GROUP_COUNT,
				  pol ? pol->n_groups : 0))) ||
		    (i > 0 && harden_policy_fill_group(skb, pol, &pol->groups[i - 1]))) {
			genlmsg_cancel(skb, hdr);
			if (!skb->len) {
				rcu_read_unlock();
				return -EMSGSIZE;
			}
			break;
		}
		genlmsg_end(skb, hdr);
	}
	rcu_read_unlock();
	cb->args[0] = i;
	return skb->len;
}

static int harden_nl_stats_start(struct netlink_callback *cb)
{
	return harden_nl_check_caller(HARDEN_CMD_GET_STATS, cb->extack);
}

static int harden_nl_totals_start(struct netlink_callback *cb)
{
	return harden_nl_check_caller(HARDEN_CMD_GET_TOTALS, cb->extack);
}

int harden_nl_send_event(const struct harden_event *ev, const char *path,
			 const char *target_path, u64 dropped)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	if (!READ_ONCE(harden_nl_registered) ||
	    !genl_has_listeners(&harden_genl_family, &init_net, 0))
		return -ESRCH;
	if (harden_nl_events_off)
		return -EACCES;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, 0, 0, &harden_genl_family, 0, HARDEN_CMD_EVENT);
	if (!hdr)
		goto err_size;
	nest = nla_nest_start(msg, HARDEN_A_EVENT);
	if (!nest ||
	    nla_put_u64_64bit(msg, HARDEN_EVENT_A_TIME, ev->time_ns, HARDEN_EVENT_A_UNSPEC) ||
	    nla_put_u8(msg, HARDEN_EVENT_A_MODE, ev->mode) ||
	    nla_put_u8(msg, HARDEN_EVENT_A_AREA, ev->area) ||
	    nla_put_u16(msg, HARDEN_EVENT_A_OP, ev->op) ||
	    nla_put_u32(msg, HARDEN_EVENT_A_DETAIL, ev->detail) ||
	    (ev->pid && (nla_put_u32(msg, HARDEN_EVENT_A_PID, ev->pid) ||
			 nla_put_string(msg, HARDEN_EVENT_A_COMM, ev->comm))) ||
	    nla_put_u64_64bit(msg, HARDEN_EVENT_A_CGROUP_ID, ev->cgroup_id,
			      HARDEN_EVENT_A_UNSPEC) ||
	    nla_put_string(msg, HARDEN_EVENT_A_CGROUP, path) ||
	    (ev->group[0] && nla_put_string(msg, HARDEN_EVENT_A_GROUP, ev->group)) ||
	    nla_put_u64_64bit(msg, HARDEN_EVENT_A_DROPPED, dropped, HARDEN_EVENT_A_UNSPEC) ||
	    (ev->object[0] && nla_put_string(msg, HARDEN_EVENT_A_OBJECT, ev->object)))
		goto err_size;
	if (ev->target_pid &&
	    (nla_put_u32(msg, HARDEN_EVENT_A_TARGET_PID, ev->target_pid) ||
	     nla_put_string(msg, HARDEN_EVENT_A_TARGET_COMM, ev->target_comm)))
		goto err_size;
	if (ev->target_group[0] &&
	    nla_put_string(msg, HARDEN_EVENT_A_TARGET_GROUP, ev->target_group))
		goto err_size;
	if (ev->target_cgroup_id &&
	    (nla_put_u64_64bit(msg, HARDEN_EVENT_A_TARGET_CGROUP_ID,
			       ev->target_cgroup_id, HARDEN_EVENT_A_UNSPEC) ||
	     (target_path[0] &&
	      nla_put_string(msg, HARDEN_EVENT_A_TARGET_CGROUP, target_path))))
		goto err_size;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_multicast(&harden_genl_family, msg, 0, 0, GFP_KERNEL);

err_size:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

bool harden_nl_is_events_group(int group)
{
	return READ_ONCE(harden_nl_registered) &&
	       group == harden_genl_family.mcgrp_offset;
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
		.start = harden_nl_policy_start,
		.dumpit = harden_nl_policy_dump,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HARDEN_CMD_GET_STATS,
		.start = harden_nl_stats_start,
		.dumpit = harden_cg_dump,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HARDEN_CMD_GET_TOTALS,
		.start = harden_nl_totals_start,
		.dumpit = harden_totals_dump,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = HARDEN_CMD_LOCK,
		.doit = harden_nl_lock,
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
	.mcgrps = harden_mcgrps,
	.n_mcgrps = ARRAY_SIZE(harden_mcgrps),
	.resv_start_op = HARDEN_CMD_GET_TOTALS + 1,
};

int harden_netlink_init(void)
{
	int err = genl_register_family(&harden_genl_family);

	if (err)
		return err;
	/*
	 * A genl group id can be joined before any family owns it, and
	 * registering does not clear its members. If ours has members
	 * already, a task (e.g. a --network=host container) joined it ahead
	 * of us, past hook_genl_bind(): send no event this load rather than
	 * tell it what harden sees. Counters are unaffected.
	 */
	if (genl_has_listeners(&harden_genl_family, &init_net, 0)) {
		harden_nl_events_off = true;
		pr_warn("events group joined before harden registered it: events off until reload\n");
	}
	WRITE_ONCE(harden_nl_registered, true);
	return 0;
}

void harden_netlink_open(void)
{
	WRITE_ONCE(harden_nl_ready, true);
}

void harden_netlink_uninit(void)
{
	/* No event is sent from now on; wait for one being sent. */
	WRITE_ONCE(harden_nl_registered, false);
	harden_events_flush();
	genl_unregister_family(&harden_genl_family);
}
