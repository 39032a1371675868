// SPDX-License-Identifier: GPL-2.0
/*
 * Capabilities: a policed task may use only the capabilities its group
 * allows, whatever its own capability sets say (--privileged, --cap-add).
 */
#include <linux/capability.h>
#include <linux/io_uring.h>
#include <linux/cred.h>
#include <linux/sched.h>
#include <linux/preempt.h>
#include <linux/security.h>

#include "cgroup.h"
#include "hooks.h"
#include "hooks_cap.h"
#include "policy.h"
#include "track.h"

/* IORING_REGISTER_USE_REGISTERED_RING; not in 6.1's headers. */
#define HARDEN_IORING_REGISTER_FLAGS	(1U << 31)

/**
 * hook_security_capable() - veto a capability outside the allow-list.
 * @fregs: security_capable(cred, ns, cap, opts)
 *
 * The subject is current, the task that acts: capability checks made in
 * interrupt context or by kernel threads are never policed. Only checks of
 * current's own credentials are: when @cred is not current->real_cred the
 * kernel is acting for someone else, e.g. overlayfs copying up a file with
 * the mounter's (dockerd's) credentials after it checked the container's
 * own, or has_capability() on another task. Policing those would break
 * every container's writes to its image. Enforce mode
 * makes security_capable() return -EPERM without running it; audit mode
 * lets it run. Both count, except for CAP_OPT_NOAUDIT checks: those are
 * the kernel probing quietly (e.g. "may this task see X?"), which a
 * dashboard should not show as an attack, so they are denied uncounted.
 *
 * Atomic context: RCU only, no allocation, no locks.
 */
void hook_security_capable(unsigned long ip, unsigned long parent_ip,
			   struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct pt_regs *regs = harden_hook_regs(fregs);
	int cap = (int)HARDEN_HOOK_ARG(regs, 2);
	unsigned int opts = (unsigned int)HARDEN_HOOK_ARG(regs, 3);
	const struct harden_policy *pol;
	const struct harden_group *grp;
	struct harden_cg *cg = NULL;
	bool deny = false;

	harden_hook_hit(ops);
	if (!in_task() ||
	    (const struct cred *)HARDEN_HOOK_ARG(regs, 0) != rcu_access_pointer(current->real_cred))
		return;

	rcu_read_lock();
	pol = harden_policy_get();
	if (!pol || !(pol->flags & HARDEN_GROUP_F_CAPS))
		goto out;
	grp = harden_current_group(pol, &cg);
	if (!grp || !(grp->flags & HARDEN_GROUP_F_CAPS))
		goto out;
	/* An unknown capability number is outside every allow-list. */
	if (cap >= 0 && cap < HARDEN_CAP_BITS && (grp->caps & BIT_ULL(cap)))
		goto out;

	deny = grp->mode == HARDEN_MODE_ENFORCE;
	if (!(opts & CAP_OPT_NOAUDIT))
		harden_cg_count(cg, cap, deny);
out:
	rcu_read_unlock();
	if (deny)
		harden_hook_deny_eperm(regs);
}

/*
 * io_uring personalities: a registered personality is a reference to the
 * task's credentials at that moment. Once the task changes credentials,
 * requests issued under the old personality carry a cred that is no longer
 * current->real_cred, which hook_security_capable() leaves alone. Since the
 * clamp at binding, such a cred holds no capability outside the allow-list
 * anyway; refusing the registration to policed tasks stays as a second
 * line, and for audit-mode groups, whose tasks are not clamped.
 */
static void harden_io_uring_register(struct pt_regs *regs, unsigned int opcode)
{
	const struct harden_policy *pol;
	const struct harden_group *grp;
	bool deny = false;

	/*
	 * 6.12 takes flags in the opcode's high bit
	 * (IORING_REGISTER_USE_REGISTERED_RING); compare the opcode alone.
	 */
	if ((opcode & ~HARDEN_IORING_REGISTER_FLAGS) != IORING_REGISTER_PERSONALITY)
		return;
	rcu_read_lock();
	pol = harden_policy_get();
	grp = pol ? harden_current_group(pol, NULL) : NULL;
	deny = grp && (grp->flags & HARDEN_GROUP_F_CAPS) &&
	       grp->mode == HARDEN_MODE_ENFORCE;
	rcu_read_unlock();
	if (deny)
		harden_hook_deny_eperm(regs);
}

/**
 * hook_x64_sys_io_uring_register() - refuse IORING_REGISTER_PERSONALITY to
 * policed tasks.
 * @fregs: __x64_sys_io_uring_register(const struct pt_regs *user_regs)
 */
void hook_x64_sys_io_uring_register(unsigned long ip, unsigned long parent_ip,
				    struct ftrace_ops *ops,
				    struct ftrace_regs *fregs)
{
	struct pt_regs *regs = harden_hook_regs(fregs);
	const struct pt_regs *uregs = (const void *)HARDEN_HOOK_ARG(regs, 0);

	harden_hook_hit(ops);
	harden_io_uring_register(regs, (unsigned int)uregs->si);
}

/**
 * hook_ia32_sys_io_uring_register() - the same for 32-bit callers.
 * @fregs: __ia32_sys_io_uring_register(const struct pt_regs *user_regs)
 */
void hook_ia32_sys_io_uring_register(unsigned long ip, unsigned long parent_ip,
				     struct ftrace_ops *ops,
				     struct ftrace_regs *fregs)
{
	struct pt_regs *regs = harden_hook_regs(fregs);
	const struct pt_regs *uregs = (const void *)HARDEN_HOOK_ARG(regs, 0);

	harden_hook_hit(ops);
	harden_io_uring_register(regs, (unsigned int)uregs->cx);
}
