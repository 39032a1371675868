// SPDX-License-Identifier: GPL-2.0
/*
 * Capabilities: a policed task may use only the capabilities its group
 * allows, whatever its own capability sets say (--privileged, --cap-add).
 * In enforce mode the sets themselves are clamped at binding (track.c);
 * this veto stays for reloads that tighten a running container's list.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/security.h>

#include "cap.h"
#include "decision.h"
#include "hooks.h"
#include "policy.h"
#include "track.h"

/*
 * The slow path of hook_security_capable(): current, whose hash @bucket is
 * not empty, may be policed. The counting cgroup is looked up only for a
 * violation: an allowed check, the common case, stays short.
 */
static noinline notrace void harden_cap_check(struct ftrace_regs *fregs,
					      struct hlist_head *bucket)
{
	int cap = (int)HARDEN_HOOK_ARG(fregs, 2);
	const struct harden_group *grp = NULL;
	struct harden_task *t;
	bool deny = false;

	/*
	 * A preempt-disabled section is an RCU read side for call_rcu() and
	 * synchronize_rcu() since the RCU flavours were consolidated (4.20),
	 * and cheaper than rcu_read_lock() under PREEMPT_RCU.
	 */
	rcu_read_lock_sched_notrace();
	t = harden_task_in(bucket, current);
	if (t)
		grp = harden_current_task_policed(t, HARDEN_GROUP_F_CAPS);
	/* An unknown capability number is outside every allow-list. */
	if (grp && !(cap >= 0 && cap < HARDEN_CAP_BITS &&
		     (grp->caps & BIT_ULL(cap)))) {
		unsigned int opts = (unsigned int)HARDEN_HOOK_ARG(fregs, 3);

		deny = harden_decide(grp, harden_task_policing_cg(t),
				     HARDEN_AREA_CAP, HARDEN_OP_CAPABLE,
				     (u32)cap, (opts & CAP_OPT_NOAUDIT) ?
				     HARDEN_DECIDE_QUIET : 0) == HARDEN_DENY;
	}
	rcu_read_unlock_sched_notrace();
	if (deny)
		harden_hook_deny_eperm(fregs);
}

/**
 * hook_security_capable() - veto a capability outside the allow-list.
 * @fregs: security_capable(cred, ns, cap, opts)
 *
 * The subject is current, the task that acts: capability checks made in
 * interrupt context are never policed. Only checks of current's own
 * credentials are: when @cred is not current->real_cred the kernel is
 * acting for someone else, e.g. overlayfs copying up a file with the
 * mounter's (dockerd's) credentials after it checked the container's own,
 * or has_capability() on another task. Policing those would break every
 * container's writes to its image; the clamp covers them instead. Enforce
 * mode makes security_capable() return -EPERM without running it; audit
 * mode lets it run. Both count, except for CAP_OPT_NOAUDIT checks: those
 * are the kernel probing quietly (e.g. "may this task see X?"), which a
 * dashboard should not show as an attack, so they are decided uncounted.
 *
 * The hot path: every capability check on the host comes here. A host
 * task costs one load of its hash bucket, which the slow path reuses.
 *
 * Atomic context: RCU only, no allocation, no locks.
 */
static HARDEN_HOOK(hook_security_capable)
{
	struct hlist_head *bucket = harden_task_bucket(current);

	harden_hook_hit(ops);
	if (READ_ONCE(bucket->first) && in_task() &&
	    (const struct cred *)HARDEN_HOOK_ARG(fregs, 0) ==
	    rcu_access_pointer(current->real_cred))
		harden_cap_check(fregs, bucket);
}

static struct harden_hook harden_cap_hooks[] = {
	{ .name = "security_capable", .func = hook_security_capable,
	  .ipmodify = true, .area = HARDEN_AREA_CAP },
};

static struct harden_hook_set harden_cap_set = {
	.hooks = harden_cap_hooks,
	.n = ARRAY_SIZE(harden_cap_hooks),
};

int harden_cap_init(void)
{
	return harden_hooks_attach(&harden_cap_set);
}

void harden_cap_uninit(void)
{
	harden_hooks_detach(&harden_cap_set);
}
