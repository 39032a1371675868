// SPDX-License-Identifier: GPL-2.0
/*
 * The policy: built in full from one netlink message, validated, then
 * published with one RCU pointer swap. Hooks never see a partial policy,
 * and a failed load leaves the old one in force.
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "decision.h"
#include "glob.h"
#include "host.h"
#include "mount.h"
#include "net.h"
#include "policy.h"
#include "ptrace.h"

struct harden_policy __rcu *harden_policy;
static DEFINE_MUTEX(harden_policy_lock);	/* serialises writers */

int harden_policy_match(const struct harden_policy *pol, const char *path)
{
	unsigned int g, m;

	for (g = 0; g < pol->n_groups; g++)
		for (m = 0; m < pol->groups[g].n_matches; m++)
			if (harden_glob_match_subtree(pol->groups[g].matches[m], path))
				return g;
	return -1;
}

static void harden_policy_free(struct harden_policy *pol)
{
	unsigned int g, m;

	if (!pol)
		return;
	for (g = 0; g < pol->n_groups; g++) {
		for (m = 0; m < pol->groups[g].n_matches; m++)
			kfree(pol->groups[g].matches[m]);
		kfree(pol->groups[g].matches);
	}
	kfree(pol);
}

static void harden_policy_free_rcu(struct rcu_head *rcu)
{
	harden_policy_free(container_of(rcu, struct harden_policy, rcu));
}

const struct nla_policy harden_group_policy[HARDEN_GROUP_A_MAX + 1] = {
	[HARDEN_GROUP_A_NAME]	= { .type = NLA_NUL_STRING, .len = HARDEN_GROUP_NAME_MAX - 1 },
	[HARDEN_GROUP_A_MATCH]	= { .type = NLA_NUL_STRING, .len = HARDEN_GLOB_MAX - 1 },
	[HARDEN_GROUP_A_MODE]	= NLA_POLICY_MAX(NLA_U8, HARDEN_MODE_MAX),
	[HARDEN_GROUP_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32, HARDEN_GROUP_F_ALL),
	[HARDEN_GROUP_A_CAPS]	= { .type = NLA_U64 },
	[HARDEN_GROUP_A_MOUNT_TYPE] = { .type = NLA_NUL_STRING,
					.len = HARDEN_FSTYPE_MAX - 1 },
	[HARDEN_GROUP_A_PTRACE]	= NLA_POLICY_MAX(NLA_U8, HARDEN_SCOPE_MAX),
	[HARDEN_GROUP_A_SIGNAL]	= NLA_POLICY_MAX(NLA_U8, HARDEN_SCOPE_MAX),
	[HARDEN_GROUP_A_NET_PEER] = { .type = NLA_NUL_STRING,
				      .len = HARDEN_GROUP_NAME_MAX - 1 },
	[HARDEN_GROUP_A_DEVICE]	= { .type = NLA_U64 },
};

static bool harden_group_name_ok(const char *name)
{
	if (!*name)
		return false;
	for (; *name; name++)
		if (!isalnum(*name) && *name != '_' && *name != '.' && *name != '-')
			return false;
	return true;
}

static int harden_group_build(struct harden_policy *pol, struct harden_group *grp,
			      const struct nlattr *nest,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[HARDEN_GROUP_A_MAX + 1];
	const struct nlattr *a;
	unsigned int g;
	int rem, err;

	err = nla_parse_nested(tb, HARDEN_GROUP_A_MAX, nest, harden_group_policy,
			       extack);
	if (err)
		return err;

	if (!tb[HARDEN_GROUP_A_NAME]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "group without a name");
		return -EINVAL;
	}
	nla_strscpy(grp->name, tb[HARDEN_GROUP_A_NAME], sizeof(grp->name));
	if (!harden_group_name_ok(grp->name)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HARDEN_GROUP_A_NAME],
				    "group name may hold only [A-Za-z0-9_.-]");
		return -EINVAL;
	}
	for (g = 0; g < pol->n_groups; g++) {
		if (!strcmp(pol->groups[g].name, grp->name)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[HARDEN_GROUP_A_NAME],
					    "duplicate group name");
			return -EINVAL;
		}
	}

	grp->mode = tb[HARDEN_GROUP_A_MODE] ?
		    nla_get_u8(tb[HARDEN_GROUP_A_MODE]) : HARDEN_MODE_ENFORCE;
	grp->flags = tb[HARDEN_GROUP_A_FLAGS] ?
		     nla_get_u32(tb[HARDEN_GROUP_A_FLAGS]) : 0;

	if (grp->flags & HARDEN_GROUP_F_CAPS) {
		if (!tb[HARDEN_GROUP_A_CAPS]) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "caps flag set without a capability mask");
			return -EINVAL;
		}
		grp->caps = nla_get_u64(tb[HARDEN_GROUP_A_CAPS]);
		if (CAP_LAST_CAP < 63 && (grp->caps >> (CAP_LAST_CAP + 1))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[HARDEN_GROUP_A_CAPS],
					    "capability unknown to this kernel");
			return -EINVAL;
		}
	} else if (tb[HARDEN_GROUP_A_CAPS]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[HARDEN_GROUP_A_CAPS],
				    "capability mask without the caps flag");
		return -EINVAL;
	}
	err = harden_mount_group_build(grp, nest, extack);
	if (err)
		return err;
	err = harden_ptrace_group_build(grp, tb, nest, extack);
	if (err)
		return err;
	err = harden_host_group_build(grp, nest, extack);
	if (err)
		return err;

	/* The nest was validated already; repeated MATCH attributes are legal. */
	grp->matches = kcalloc(HARDEN_MAX_MATCHES, sizeof(*grp->matches),
			       GFP_KERNEL_ACCOUNT);
	if (!grp->matches)
		return -ENOMEM;
	nla_for_each_nested(a, nest, rem) {
		const char *why;
		size_t off;

		if (nla_type(a) != HARDEN_GROUP_A_MATCH)
			continue;
		if (grp->n_matches == HARDEN_MAX_MATCHES) {
			NL_SET_ERR_MSG_ATTR(extack, a, "too many matches in group");
			return -E2BIG;
		}
		why = harden_glob_check(nla_data(a), &off);
		if (why) {
			/* @why is a static string from the shared checker. */
			NL_SET_BAD_ATTR(extack, a);
			if (extack)
				extack->_msg = why;
			return -EINVAL;
		}
		grp->matches[grp->n_matches] = kstrdup(nla_data(a),
						       GFP_KERNEL_ACCOUNT);
		if (!grp->matches[grp->n_matches])
			return -ENOMEM;
		grp->n_matches++;
	}
	if (!grp->n_matches) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "group has no match");
		return -EINVAL;
	}
	return 0;
}

int harden_policy_replace(const struct nlattr *head, int len,
			  struct netlink_ext_ack *extack, u64 *generation)
{
	struct harden_policy *pol, *old;
	const struct nlattr *nest;
	unsigned int n = 0, g;
	int rem, err;

	nla_for_each_attr(nest, head, len, rem) {
		if (nla_type(nest) != HARDEN_A_GROUP)
			continue;
		if (++n > HARDEN_MAX_GROUPS) {
			NL_SET_ERR_MSG_ATTR(extack, nest, "too many groups");
			return -E2BIG;
		}
	}

	pol = kzalloc(struct_size(pol, groups, n), GFP_KERNEL_ACCOUNT);
	if (!pol)
		return -ENOMEM;

	nla_for_each_attr(nest, head, len, rem) {
		if (nla_type(nest) != HARDEN_A_GROUP)
			continue;
		/* n_groups counts built groups so a failure frees them. */
		err = harden_group_build(pol, &pol->groups[pol->n_groups],
					 nest, extack);
		pol->n_groups++;
		if (err)
			goto err_free;
		pol->flags |= pol->groups[pol->n_groups - 1].flags;
	}
	/* Peers name groups, possibly later ones: resolved once all exist. */
	err = harden_net_policy_build(pol, head, len, extack);
	if (err)
		goto err_free;
	/* Valid: only now claim totals, so a rejected policy leaves none. */
	for (g = 0; g < pol->n_groups; g++)
		pol->groups[g].total = harden_total_get(pol->groups[g].name);

	mutex_lock(&harden_policy_lock);
	old = rcu_dereference_protected(harden_policy,
					lockdep_is_held(&harden_policy_lock));
	pol->generation = old ? old->generation + 1 : 1;
	pol->load_time = ktime_get_real_seconds();
	rcu_assign_pointer(harden_policy, pol);
	mutex_unlock(&harden_policy_lock);

	if (old)
		call_rcu(&old->rcu, harden_policy_free_rcu);
	*generation = pol->generation;
	pr_info("policy generation %llu loaded: %u groups\n",
		pol->generation, pol->n_groups);
	return 0;

err_free:
	harden_policy_free(pol);
	return err;
}

int harden_policy_fill_group(struct sk_buff *skb, const struct harden_policy *pol,
			     const struct harden_group *grp)
{
	struct nlattr *nest;
	unsigned int m;

	nest = nla_nest_start(skb, HARDEN_A_GROUP);
	if (!nest ||
	    nla_put_string(skb, HARDEN_GROUP_A_NAME, grp->name) ||
	    nla_put_u8(skb, HARDEN_GROUP_A_MODE, grp->mode) ||
	    nla_put_u32(skb, HARDEN_GROUP_A_FLAGS, grp->flags))
		return -EMSGSIZE;
	if ((grp->flags & HARDEN_GROUP_F_CAPS) &&
	    nla_put_u64_64bit(skb, HARDEN_GROUP_A_CAPS, grp->caps,
			      HARDEN_GROUP_A_UNSPEC))
		return -EMSGSIZE;
	for (m = 0; m < grp->n_matches; m++)
		if (nla_put_string(skb, HARDEN_GROUP_A_MATCH, grp->matches[m]))
			return -EMSGSIZE;
	if (harden_mount_group_fill(skb, grp) ||
	    harden_ptrace_group_fill(skb, grp) ||
	    harden_host_group_fill(skb, grp) ||
	    harden_net_group_fill(skb, pol, grp))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

void harden_policy_info(u64 *generation, time64_t *load_time,
			unsigned int *n_groups)
{
	const struct harden_policy *pol;

	rcu_read_lock();
	pol = harden_policy_get();
	*generation = pol ? pol->generation : 0;
	*load_time = pol ? pol->load_time : 0;
	*n_groups = pol ? pol->n_groups : 0;
	rcu_read_unlock();
}

int harden_policy_init(void)
{
	RCU_INIT_POINTER(harden_policy, NULL);
	return 0;
}

void harden_policy_uninit(void)
{
	struct harden_policy *old;

	mutex_lock(&harden_policy_lock);
	old = rcu_dereference_protected(harden_policy,
					lockdep_is_held(&harden_policy_lock));
	RCU_INIT_POINTER(harden_policy, NULL);
	mutex_unlock(&harden_policy_lock);
	/* Hooks are gone by now; wait out any reader still in the section. */
	synchronize_rcu();
	harden_policy_free(old);
}
