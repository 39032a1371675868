// SPDX-License-Identifier: GPL-2.0
/*
 * Process access: which other tasks a policed task may reach with
 * ptrace-class access or with signals, whatever capabilities it holds and
 * whatever pid namespace it shares (--pid=host, --pid=container:X).
 * "deny" lets it reach no other task, "container" only the tasks of its
 * own container; a group without the area's flag is not policed here.
 * A task may always act on itself and its own threads (the kernel lets
 * those through before any hook), and the host is never restricted: only
 * bound tasks are subjects.
 *
 * Hooks, after Yama's:
 *   security_ptrace_access_check  every ptrace_may_access(): attach and
 *       seize, /proc/PID/{mem,environ,maps,root,cwd,fd,ns/ *}, setns(2)
 *       through a pidfd, process_vm_readv/writev, pidfd_getfd, kcmp.
 *       Called under task_lock(child).
 *   security_ptrace_traceme  PTRACE_TRACEME, which would let the parent
 *       (outside the container, say) trace the caller. IRQs off.
 *   security_task_kill  kill(2), tkill, tgkill, rt_sigqueueinfo,
 *       pidfd_send_signal(2). Signals the kernel sends itself (SIGCHLD to
 *       the parent, SIGPIPE, SIGSEGV, ...) never reach it.
 *   security_task_setnice, _setioprio, _setscheduler, _movememory
 *       setpriority(2), ioprio_set(2), sched_setscheduler(2) and kin,
 *       sched_setaffinity(2), migrate_pages(2), move_pages(2): the
 *       scheduling and memory placement of another task (op sched: only
 *       tasks outside the container, under either scope).
 * Not covered: SIGIO/SIGURG by F_SETOWN go through
 * security_file_send_sigiotask(), and the owner is set by the target's own
 * fcntl(), not by a policed task.
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/string.h>

#include "cgroup.h"
#include "decision.h"
#include "hooks.h"
#include "policy.h"
#include "ptrace.h"
#include "track.h"

/*
 * harden_reach_denied() - may current do @op to @target?
 * @area_flag: HARDEN_GROUP_F_PTRACE or HARDEN_GROUP_F_SIGNAL
 * @sig: the signal, for HARDEN_OP_SIGNAL (its detail)
 * @dflags: HARDEN_DECIDE_* (quiet for the kernel's PTRACE_MODE_NOAUDIT
 *          probes, e.g. ps reading /proc/PID/stat)
 *
 * Returns true when the call must fail. RCU inside; no allocation, no
 * lock: safe under task_lock and with IRQs off.
 */
static bool harden_reach_denied(u32 area_flag, u16 op, struct task_struct *target,
				int sig, unsigned int dflags)
{
	const struct harden_policy *pol;
	const struct harden_group *grp;
	struct harden_cg *cg = NULL, *tcg;
	bool deny = false;
	u32 kind;
	u8 scope;

	if (!harden_current_maybe_bound() || same_thread_group(current, target))
		return false;
	rcu_read_lock();
	grp = harden_current_policed(area_flag, &cg);
	if (!grp)
		goto out;
	pol = harden_policy_get();
	scope = area_flag == HARDEN_GROUP_F_PTRACE ? grp->ptrace_scope :
						     grp->signal_scope;
	tcg = harden_task_container(target, pol);
	if (!tcg)
		kind = HARDEN_TARGET_HOST;
	else if (harden_cg_same_container(cg, tcg))
		kind = HARDEN_TARGET_SAME;
	else
		kind = HARDEN_TARGET_OTHER;
	/*
	 * sched reaches its own container under either scope: cpuset asks
	 * security_task_setscheduler() of every task a container moves
	 * between its own cgroups (systemd inside it), and rescheduling its
	 * own tasks touches nothing outside.
	 */
	if (kind == HARDEN_TARGET_SAME &&
	    (scope == HARDEN_SCOPE_CONTAINER || op == HARDEN_OP_SCHED))
		goto out;
	deny = harden_decide_obj(grp, cg, HARDEN_AREA_PTRACE, op,
				 op == HARDEN_OP_SIGNAL ? (u32)sig : kind,
				 dflags, NULL, target) == HARDEN_DENY;
out:
	rcu_read_unlock();
	return deny;
}

/**
 * hook_security_ptrace_access_check() - ptrace-class access to @child.
 * @fregs: security_ptrace_access_check(child, mode)
 *
 * Runs last in __ptrace_may_access(), after the kernel's own checks let
 * the access through: a denial here is never a double count.
 */
static HARDEN_HOOK(hook_security_ptrace_access_check)
{
	struct task_struct *child = (void *)HARDEN_HOOK_ARG(fregs, 0);
	unsigned int mode = (unsigned int)HARDEN_HOOK_ARG(fregs, 1);

	harden_hook_hit(ops);
	if (harden_reach_denied(HARDEN_GROUP_F_PTRACE,
				(mode & PTRACE_MODE_ATTACH) ? HARDEN_OP_PTRACE_ATTACH :
							      HARDEN_OP_PTRACE_READ,
				child, 0,
				(mode & PTRACE_MODE_NOAUDIT) ? HARDEN_DECIDE_QUIET : 0))
		harden_hook_deny_eperm(fregs);
}

/**
 * hook_security_ptrace_traceme() - PTRACE_TRACEME: be traced by @parent.
 * @fregs: security_ptrace_traceme(parent)
 *
 * Called with tasklist_lock held for writing and IRQs off.
 */
static HARDEN_HOOK(hook_security_ptrace_traceme)
{
	struct task_struct *parent = (void *)HARDEN_HOOK_ARG(fregs, 0);

	harden_hook_hit(ops);
	if (harden_reach_denied(HARDEN_GROUP_F_PTRACE, HARDEN_OP_PTRACE_TRACEME,
				parent, 0, 0))
		harden_hook_deny_eperm(fregs);
}

/**
 * hook_security_task_kill() - a signal from current to @p.
 * @fregs: security_task_kill(p, info, sig, cred)
 *
 * With @cred set the sender is not current but the owner of an async USB
 * request (kill_pid_usb_asyncio()): not a policed task's act.
 */
static HARDEN_HOOK(hook_security_task_kill)
{
	struct task_struct *p = (void *)HARDEN_HOOK_ARG(fregs, 0);
	int sig = (int)HARDEN_HOOK_ARG(fregs, 2);

	harden_hook_hit(ops);
	if (HARDEN_HOOK_ARG(fregs, 3))
		return;
	if (harden_reach_denied(HARDEN_GROUP_F_SIGNAL, HARDEN_OP_SIGNAL, p, sig, 0))
		harden_hook_deny_eperm(fregs);
}

/**
 * hook_f_setown() - the owner of a file's SIGIO/SIGURG.
 * @fregs: __f_setown(filp, pid, type, force)
 *
 * F_SETOWN, F_SETOWN_EX, FIOSETOWN and SIOCSPGRP all end here, in the
 * caller's context. The signal itself is sent later by whoever causes the
 * I/O, never through security_task_kill(), and F_SETSIG makes it any
 * signal, SIGKILL included: so the owner is checked like a kill(2) target
 * when it is set. __f_setown() returns nothing: refused, the owner is
 * simply not set (F_SETOWN still returns 0).
 */
static HARDEN_HOOK(hook_f_setown)
{
	struct pid *pid = (void *)HARDEN_HOOK_ARG(fregs, 1);
	enum pid_type type = (enum pid_type)HARDEN_HOOK_ARG(fregs, 2);
	struct task_struct *t;
	bool deny = false;

	harden_hook_hit(ops);
	if (!pid || !harden_current_maybe_bound())
		return;
	rcu_read_lock();
	t = pid_task(pid, type);
	if (t)
		deny = harden_reach_denied(HARDEN_GROUP_F_SIGNAL, HARDEN_OP_SIGNAL,
					   t, SIGIO, 0);
	rcu_read_unlock();
	if (deny)
		harden_hook_deny_eperm(fregs);
}

/*
 * prlimit(2) on another task: only its uid is compared, so a container's
 * root sets RLIMIT_NOFILE to 1 on a host daemon with --pid=host.
 * security_task_prlimit() gets only credentials, hence the syscall. Reads
 * of limits are left alone.
 */
static void harden_sys_prlimit(struct ftrace_regs *fregs, bool ia32)
{
	const struct pt_regs *regs = harden_sys_regs(fregs);
	pid_t pid = (pid_t)harden_sys_arg(regs, ia32, 0);
	struct task_struct *t;
	bool deny = false;

	if (!pid || !harden_sys_arg(regs, ia32, 2) || !harden_current_maybe_bound())
		return;
	rcu_read_lock();
	t = pid_task(find_vpid(pid), PIDTYPE_PID);
	if (t)
		deny = harden_reach_denied(HARDEN_GROUP_F_PTRACE, HARDEN_OP_PRLIMIT,
					   t, 0, 0);
	rcu_read_unlock();
	if (deny)
		harden_hook_deny_eperm(fregs);
}

/**
 * hook_x64_sys_prlimit64() - prlimit(2) with new limits for another task.
 * @fregs: __x64_sys_prlimit64(regs)
 */
static HARDEN_HOOK(hook_x64_sys_prlimit64)
{
	harden_hook_hit(ops);
	harden_sys_prlimit(fregs, false);
}

/**
 * hook_ia32_sys_prlimit64() - the same for 32-bit callers.
 * @fregs: __ia32_sys_prlimit64(regs)
 */
static HARDEN_HOOK(hook_ia32_sys_prlimit64)
{
	harden_hook_hit(ops);
	harden_sys_prlimit(fregs, true);
}

/**
 * hook_task_sched() - the scheduling of another task.
 * @fregs: security_task_setnice(p, nice), security_task_setioprio(p, ioprio),
 *         security_task_setscheduler(p) or security_task_movememory(p)
 *
 * Nice value, policy and priority, CPU affinity, I/O priority and memory
 * placement: setpriority(2), ioprio_set(2), sched_setscheduler(2) and kin,
 * sched_setaffinity(2), migrate_pages(2), move_pages(2). The kernel
 * compares uids, and capabilities only when the target holds some the
 * caller lacks (cap_safe_nice()), so a --privileged --pid=host container's
 * root renices or SCHED_IDLEs every host daemon (setpriority(PRIO_USER, 0,
 * 19) reaches each uid-0 task). All four take the target first. cpuset
 * asks security_task_setscheduler() of tasks moved into a cpuset, which
 * hook_cgroup_attach_task() already keeps within the container. A task's
 * own threads are never refused (same_thread_group).
 */
static HARDEN_HOOK(hook_task_sched)
{
	struct task_struct *p = (void *)HARDEN_HOOK_ARG(fregs, 0);

	harden_hook_hit(ops);
	if (harden_reach_denied(HARDEN_GROUP_F_PTRACE, HARDEN_OP_SCHED, p, 0, 0))
		harden_hook_deny_eperm(fregs);
}

static struct harden_hook harden_ptrace_hooks[] = {
	{ .name = "security_ptrace_access_check", .area = HARDEN_AREA_PTRACE,
	  .func = hook_security_ptrace_access_check, .ipmodify = true },
	{ .name = "security_ptrace_traceme", .area = HARDEN_AREA_PTRACE,
	  .func = hook_security_ptrace_traceme, .ipmodify = true },
	{ .name = "security_task_kill", .area = HARDEN_AREA_PTRACE,
	  .func = hook_security_task_kill, .ipmodify = true },
	{ .name = "__f_setown", .area = HARDEN_AREA_PTRACE,
	  .func = hook_f_setown, .ipmodify = true },
	{ .name = "security_task_setnice", .area = HARDEN_AREA_PTRACE,
	  .func = hook_task_sched, .ipmodify = true },
	{ .name = "security_task_setioprio", .area = HARDEN_AREA_PTRACE,
	  .func = hook_task_sched, .ipmodify = true },
	{ .name = "security_task_setscheduler", .area = HARDEN_AREA_PTRACE,
	  .func = hook_task_sched, .ipmodify = true },
	{ .name = "security_task_movememory", .area = HARDEN_AREA_PTRACE,
	  .func = hook_task_sched, .ipmodify = true },
	{ .name = "__x64_sys_prlimit64", .area = HARDEN_AREA_PTRACE,
	  .func = hook_x64_sys_prlimit64, .ipmodify = true },
#ifdef CONFIG_IA32_EMULATION
	{ .name = "__ia32_sys_prlimit64", .area = HARDEN_AREA_PTRACE,
	  .func = hook_ia32_sys_prlimit64, .ipmodify = true },
#endif
};

static struct harden_hook_set harden_ptrace_set = {
	.hooks = harden_ptrace_hooks,
	.n = ARRAY_SIZE(harden_ptrace_hooks),
};

/*
 * A scope attribute is required with its flag and refused without.
 * Returns 0, -ENOENT (missing) or -EEXIST (unexpected) for the caller to
 * word the error: extack messages must be literals.
 */
static int harden_scope_get(u8 *scope, bool flag, const struct nlattr *attr)
{
	if (!flag)
		return attr ? -EEXIST : 0;
	if (!attr)
		return -ENOENT;
	*scope = nla_get_u8(attr);
	return 0;
}

int harden_ptrace_group_build(struct harden_group *grp, struct nlattr **tb,
			      const struct nlattr *nest,
			      struct netlink_ext_ack *extack)
{
	const struct nlattr *p = tb[HARDEN_GROUP_A_PTRACE];
	const struct nlattr *s = tb[HARDEN_GROUP_A_SIGNAL];

	switch (harden_scope_get(&grp->ptrace_scope,
				 grp->flags & HARDEN_GROUP_F_PTRACE, p)) {
	case -EEXIST:
		NL_SET_ERR_MSG_ATTR(extack, p, "ptrace scope without the ptrace flag");
		return -EINVAL;
	case -ENOENT:
		NL_SET_ERR_MSG_ATTR(extack, nest, "ptrace flag set without a ptrace scope");
		return -EINVAL;
	}
	switch (harden_scope_get(&grp->signal_scope,
				 grp->flags & HARDEN_GROUP_F_SIGNAL, s)) {
	case -EEXIST:
		NL_SET_ERR_MSG_ATTR(extack, s, "signal scope without the signal flag");
		return -EINVAL;
	case -ENOENT:
		NL_SET_ERR_MSG_ATTR(extack, nest, "signal flag set without a signal scope");
		return -EINVAL;
	}
	return 0;
}

int harden_ptrace_group_fill(struct sk_buff *skb, const struct harden_group *grp)
{
	if ((grp->flags & HARDEN_GROUP_F_PTRACE) &&
	    nla_put_u8(skb, HARDEN_GROUP_A_PTRACE, grp->ptrace_scope))
		return -EMSGSIZE;
	if ((grp->flags & HARDEN_GROUP_F_SIGNAL) &&
	    nla_put_u8(skb, HARDEN_GROUP_A_SIGNAL, grp->signal_scope))
		return -EMSGSIZE;
	return 0;
}

int harden_ptrace_init(void)
{
	return harden_hooks_attach(&harden_ptrace_set);
}

void harden_ptrace_uninit(void)
{
	harden_hooks_detach(&harden_ptrace_set);
}
