// SPDX-License-Identifier: GPL-2.0
/*
 * Tamper: what a container might do to change or switch off harden itself,
 * or to leave its container so that harden no longer sees it. Always
 * refused, whatever the group's mode; every refusal is counted under the
 * tamper area and reported.
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/cgroup.h>
#include <linux/file.h>
#include <linux/io_uring.h>
#include <linux/kernfs.h>
#include <linux/magic.h>
#include <linux/module.h>
#include <linux/sched/task.h>
#include <linux/uaccess.h>
#include <uapi/linux/sched.h>
#include <linux/ptrace.h>
#include <linux/sched.h>

#include "cgroup.h"
#include "decision.h"
#include "hooks.h"
#include "netlink.h"
#include "policy.h"
#include "tamper.h"
#include "track.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC	0x63677270
#endif

/* IORING_REGISTER_USE_REGISTERED_RING; not in 6.1's headers. */
#define HARDEN_IORING_REGISTER_FLAGS	(1U << 31)

bool harden_tamper_refused(u16 op, u32 detail)
{
	const struct harden_group *grp;
	struct harden_cg *cg;
	bool refused;

	rcu_read_lock();
	refused = harden_current_contained(&grp, &cg);
	if (refused)
		harden_decide(grp, cg, HARDEN_AREA_TAMPER, op, detail, 0);
	rcu_read_unlock();
	harden_cg_put(cg);
	return refused;
}

/*
 * The lock (HARDEN_CMD_LOCK): set once, never cleared until reboot. It
 * holds a reference on the module, and delete_module(2) of harden is
 * refused to everyone, because a forced removal (O_TRUNC, rmmod -f, which
 * Debian's kernels allow) ignores references. Policy loads check it under
 * genl_mutex, like the lock itself, so a load and a lock never interleave.
 */
static bool harden_locked;
static time64_t harden_lock_time;
static atomic64_t harden_lock_refusals = ATOMIC64_INIT(0);

bool harden_tamper_locked(time64_t *when)
{
	/* Pairs with harden_tamper_lock(): the time is set before the flag. */
	if (!smp_load_acquire(&harden_locked))
		return false;
	if (when)
		*when = harden_lock_time;
	return true;
}

u64 harden_tamper_lock_refused(void)
{
	return atomic64_read(&harden_lock_refusals);
}

void harden_tamper_lock_refuse(void)
{
	atomic64_inc(&harden_lock_refusals);
}

int harden_tamper_lock(void)
{
	if (harden_tamper_locked(NULL))
		return 0;
	/* Fails only while the module is being removed. */
	if (!try_module_get(THIS_MODULE))
		return -EBUSY;
	harden_lock_time = ktime_get_real_seconds();
	/* Readers that see the flag see the time (harden_tamper_locked()). */
	smp_store_release(&harden_locked, true);
	pr_notice("locked until reboot by pid %d: the policy in force and the module are held\n",
		  task_tgid_nr(current));
	return 0;
}

/*
 * Does delete_module(2) name harden? Read without faulting, as hooks are
 * atomic: the name rmmod passes was just written and is resident. A name
 * that cannot be read is taken as harden's (fail-closed), but only while
 * locked, so an unlocked host never sees a refusal from this.
 */
static bool harden_names_us(const struct pt_regs *uregs, bool ia32)
{
	const char __user *uname = (const char __user *)harden_sys_arg(uregs, ia32, 0);
	char name[sizeof(KBUILD_MODNAME)];

	if (copy_from_user_nofault(name, uname, sizeof(name)))
		return true;
	return !memcmp(name, KBUILD_MODNAME, sizeof(name));
}

/*
 * delete_module(2): no task inside a container may unload a module. Even
 * a group that allows SYS_MODULE cannot remove harden from inside a
 * container, and neither can a task of a policed container that has not
 * bound yet. Once locked, nobody may remove harden, the host admin
 * included.
 */
static void harden_delete_module(struct ftrace_regs *fregs, bool ia32)
{
	if (harden_tamper_refused(HARDEN_OP_DELETE_MODULE, 0))
		goto deny;
	if (!harden_tamper_locked(NULL) ||
	    !harden_names_us(harden_sys_regs(fregs), ia32))
		return;
	harden_tamper_lock_refuse();
	pr_notice_ratelimited("refused to remove harden (pid %d): locked until reboot\n",
			      task_tgid_nr(current));
deny:
	harden_hook_deny_eperm(fregs);
}

/**
 * hook_x64_sys_delete_module() - see harden_delete_module().
 * @fregs: __x64_sys_delete_module(const struct pt_regs *regs)
 */
static HARDEN_HOOK(hook_x64_sys_delete_module)
{
	harden_hook_hit(ops);
	harden_delete_module(fregs, false);
}

/**
 * hook_ia32_sys_delete_module() - see harden_delete_module().
 * @fregs: __ia32_sys_delete_module(const struct pt_regs *regs)
 */
static HARDEN_HOOK(hook_ia32_sys_delete_module)
{
	harden_hook_hit(ops);
	harden_delete_module(fregs, true);
}

/**
 * hook_sys_module_load() - no task inside a container may load a module.
 * @fregs: __x64_sys_init_module / finit_module and their ia32 twins
 *
 * A module runs with the kernel's full power: one that unregisters
 * harden's hooks switches it off. A group may allow SYS_MODULE, and audit
 * groups are not clamped, so this cannot rest on the capability list.
 */
static HARDEN_HOOK(hook_sys_module_load)
{
	harden_hook_hit(ops);
	if (harden_tamper_refused(HARDEN_OP_MODULE_LOAD, 0))
		harden_hook_deny_eperm(fregs);
}

/**
 * hook_sys_kexec() - no task inside a container may load a new kernel.
 * @fregs: __x64_sys_kexec_load / kexec_file_load, __ia32_compat_sys_kexec_load
 *
 * A kernel loaded for kexec replaces the host's, harden and all, at the
 * next reboot(LINUX_REBOOT_CMD_KEXEC).
 */
static HARDEN_HOOK(hook_sys_kexec)
{
	harden_hook_hit(ops);
	if (harden_tamper_refused(HARDEN_OP_KEXEC, 0))
		harden_hook_deny_eperm(fregs);
}

/*
 * io_uring personalities: a registered personality is a reference to the
 * task's credentials at that moment. Once the task changes credentials,
 * requests issued under the old personality carry a cred that is no longer
 * current->real_cred, which the capability veto leaves alone. Since the
 * clamp at binding such a cred holds no capability outside the allow-list
 * anyway; refusing the registration to tasks policed in enforce mode stays
 * as a second line. Audit-mode groups are left alone: nothing of theirs is
 * refused.
 */
static void harden_io_uring_register(struct ftrace_regs *fregs,
				     unsigned int opcode)
{
	const struct harden_group *grp;
	struct harden_cg *cg = NULL;
	bool deny = false;

	/*
	 * 6.12 takes flags in the opcode's high bit
	 * (IORING_REGISTER_USE_REGISTERED_RING); compare the opcode alone.
	 */
	if ((opcode & ~HARDEN_IORING_REGISTER_FLAGS) != IORING_REGISTER_PERSONALITY)
		return;
	rcu_read_lock();
	grp = harden_current_policed(HARDEN_GROUP_F_CAPS, &cg);
	if (grp && grp->mode == HARDEN_MODE_ENFORCE)
		deny = harden_decide(grp, cg, HARDEN_AREA_TAMPER,
				     HARDEN_OP_IOURING_PERSONALITY, 0, 0) == HARDEN_DENY;
	rcu_read_unlock();
	if (deny)
		harden_hook_deny_eperm(fregs);
}

/**
 * hook_x64_sys_io_uring_register() - refuse IORING_REGISTER_PERSONALITY to
 * policed tasks.
 * @fregs: __x64_sys_io_uring_register(const struct pt_regs *user_regs)
 */
static HARDEN_HOOK(hook_x64_sys_io_uring_register)
{
	const struct pt_regs *uregs = (const void *)HARDEN_HOOK_ARG(fregs, 0);

	harden_hook_hit(ops);
	harden_io_uring_register(fregs, (unsigned int)uregs->si);
}

/**
 * hook_ia32_sys_io_uring_register() - the same for 32-bit callers.
 * @fregs: __ia32_sys_io_uring_register(const struct pt_regs *user_regs)
 */
static HARDEN_HOOK(hook_ia32_sys_io_uring_register)
{
	const struct pt_regs *uregs = (const void *)HARDEN_HOOK_ARG(fregs, 0);

	harden_hook_hit(ops);
	harden_io_uring_register(fregs, (unsigned int)uregs->cx);
}

/* Is cgroup @c the one with id @id or below it? */
static bool harden_cgroup_in(struct cgroup *c, u64 id)
{
	for (; c; c = cgroup_parent(c))
		if (cgroup_id(c) == id)
			return true;
	return false;
}

/**
 * hook_cgroup_attach_task() - a policed task may move tasks only within its
 * own container's cgroup subtree.
 * @fregs: cgroup_attach_task(dst_cgrp, leader, threadgroup)
 *
 * cgroup v2 has no LSM hook for migration; every write to cgroup.procs and
 * cgroup.threads ends here, with cgroup_mutex held. Without this, a
 * --privileged --cgroupns=host container could move a process that is
 * entering it (docker exec, a healthcheck: runc init, not bound before its
 * exec) to a cgroup no group matches, so that it binds there unpoliced.
 * The moved task must come from inside the subtree too: pulled in, a host
 * process could be frozen or killed through the container's own
 * cgroup.freeze and cgroup.kill, which "cgroupfs container" leaves
 * writable.
 * Tamper: refused in audit mode too, or a container in an audit group
 * could steal a docker exec into an unmatched cgroup, unpoliced and no
 * longer contained. Atomic context: RCU only.
 */
static HARDEN_HOOK(hook_cgroup_attach_task)
{
	struct cgroup *dst = (void *)HARDEN_HOOK_ARG(fregs, 0);
	struct task_struct *leader = (void *)HARDEN_HOOK_ARG(fregs, 1);
	const struct harden_group *grp;
	struct harden_cg *cg = NULL;
	bool deny = false;

	harden_hook_hit(ops);
	rcu_read_lock();
	grp = harden_current_policed(0, &cg);
	if (grp) {
		deny = !harden_cgroup_in(dst, cg->id) ||
		       !harden_cgroup_in(task_dfl_cgroup(leader), cg->id);
		if (deny)
			harden_decide(grp, cg, HARDEN_AREA_TAMPER,
				      HARDEN_OP_CGROUP_MOVE, 0, 0);
	}
	rcu_read_unlock();
	if (deny)
		harden_hook_deny_eperm(fregs);
}

/*
 * clone3(CLONE_INTO_CGROUP) places the child in the cgroup of a directory
 * fd without cgroup_attach_task(): the same rule as above, for the child.
 * Checked on the kernel's own copy of the arguments (struct
 * kernel_clone_args), every fork, every ABI: a check of the user's copy at
 * clone3's entry was a double fetch, which another thread could race by
 * setting the flag in between. Called with RCU held; counts a denial.
 * @dst is NULL when the cgroup could not be found: refused.
 */
static bool harden_clone_into_denied(struct cgroup *dst)
{
	const struct harden_group *grp;
	struct harden_cg *cg = NULL;
	bool deny;

	grp = harden_current_policed(0, &cg);
	deny = grp && (!cg || !dst || !harden_cgroup_in(dst, cg->id));
	if (deny)
		harden_decide(grp, cg, HARDEN_AREA_TAMPER, HARDEN_OP_CGROUP_MOVE, 0, 0);
	return deny;
}

/**
 * hook_cgroup_can_fork() - CLONE_INTO_CGROUP only within the container.
 * @fregs: cgroup_can_fork(child, kargs)
 *
 * Refused here, clone3() fails with EPERM and no task is made. The fd is
 * looked up again by cgroup_css_set_fork() right after this hook, so a
 * dup2() by another thread in between could still swap the directory:
 * hook_cgroup_post_fork() checks the cgroup the kernel did use.
 */
static HARDEN_HOOK(hook_cgroup_can_fork)
{
	const struct kernel_clone_args *kargs = (void *)HARDEN_HOOK_ARG(fregs, 1);
	struct kernfs_node *kn;
	struct file *f;
	bool deny;

	harden_hook_hit(ops);
	if (!(kargs->flags & CLONE_INTO_CGROUP) || !harden_current_maybe_bound())
		return;
	f = fget_raw(kargs->cgroup);
	if (!f)
		return;		/* the kernel fails it: EBADF */
	/* Not a cgroup v2 directory: the kernel refuses it (EBADF). */
	if (file_inode(f)->i_sb->s_magic != CGROUP2_SUPER_MAGIC ||
	    !S_ISDIR(file_inode(f)->i_mode)) {
		fput(f);
		return;
	}
	rcu_read_lock();
	kn = file_inode(f)->i_private;
	deny = harden_clone_into_denied(kn ? kn->priv : NULL);
	rcu_read_unlock();
	fput(f);
	if (deny)
		harden_hook_deny_eperm(fregs);
}

/**
 * hook_cgroup_post_fork() - the backstop for a raced CLONE_INTO_CGROUP.
 * @fregs: cgroup_post_fork(child, kargs)
 *
 * kargs->cgrp is the cgroup cgroup_css_set_fork() resolved and the child
 * now sits in. Past this point a fork cannot fail, and the function must
 * run (it links the child to its css_set), so it is never skipped: a
 * child placed outside the container is sent SIGKILL instead. It has not
 * run yet (wake_up_new_task() comes later) and dies before it reaches
 * user space; clone3() returns its pid. Fail-closed, and reached only by
 * a caller that won the race above.
 */
static HARDEN_HOOK(hook_cgroup_post_fork)
{
	struct task_struct *child = (void *)HARDEN_HOOK_ARG(fregs, 0);
	const struct kernel_clone_args *kargs = (void *)HARDEN_HOOK_ARG(fregs, 1);
	bool deny;

	harden_hook_hit(ops);
	if (!(kargs->flags & CLONE_INTO_CGROUP) || !harden_current_maybe_bound())
		return;
	rcu_read_lock();
	deny = harden_clone_into_denied(kargs->cgrp);
	rcu_read_unlock();
	if (deny)
		send_sig(SIGKILL, child, 1);
}

/**
 * hook_genl_bind() - only the host admin may join harden's events group.
 * @fregs: genl_bind(net, group)
 *
 * The group's GENL_MCAST_CAP_NET_ADMIN flag keeps out tasks without
 * CAP_NET_ADMIN; this keeps out containers that hold it, whose events
 * would tell them what the host's policy catches. genl_bind() serves
 * bind(2) and NETLINK_ADD_MEMBERSHIP alike.
 */
static HARDEN_HOOK(hook_genl_bind)
{
	int group = (int)HARDEN_HOOK_ARG(fregs, 1);

	harden_hook_hit(ops);
	if (harden_nl_is_events_group(group) &&
	    harden_tamper_refused(HARDEN_OP_EVENTS_JOIN, 0))
		harden_hook_deny_eperm(fregs);
}

static struct harden_hook harden_tamper_hooks[] = {
	{ .name = "cgroup_attach_task", .area = HARDEN_AREA_TAMPER,
	  .func = hook_cgroup_attach_task, .ipmodify = true },
	{ .name = "__x64_sys_delete_module", .area = HARDEN_AREA_TAMPER,
	  .func = hook_x64_sys_delete_module, .ipmodify = true },
	{ .name = "__x64_sys_init_module", .area = HARDEN_AREA_TAMPER,
	  .func = hook_sys_module_load, .ipmodify = true },
	{ .name = "__x64_sys_finit_module", .area = HARDEN_AREA_TAMPER,
	  .func = hook_sys_module_load, .ipmodify = true },
	{ .name = "__x64_sys_kexec_load", .area = HARDEN_AREA_TAMPER,
	  .func = hook_sys_kexec, .ipmodify = true },
	{ .name = "__x64_sys_kexec_file_load", .area = HARDEN_AREA_TAMPER,
	  .func = hook_sys_kexec, .ipmodify = true },
#ifdef CONFIG_IA32_EMULATION
	{ .name = "__ia32_sys_delete_module", .area = HARDEN_AREA_TAMPER,
	  .func = hook_ia32_sys_delete_module, .ipmodify = true },
	{ .name = "__ia32_sys_init_module", .area = HARDEN_AREA_TAMPER,
	  .func = hook_sys_module_load, .ipmodify = true },
	{ .name = "__ia32_sys_finit_module", .area = HARDEN_AREA_TAMPER,
	  .func = hook_sys_module_load, .ipmodify = true },
	{ .name = "__ia32_compat_sys_kexec_load", .area = HARDEN_AREA_TAMPER,
	  .func = hook_sys_kexec, .ipmodify = true },
#endif
	{ .name = "__x64_sys_io_uring_register", .area = HARDEN_AREA_TAMPER,
	  .func = hook_x64_sys_io_uring_register, .ipmodify = true },
#ifdef CONFIG_IA32_EMULATION
	{ .name = "__ia32_sys_io_uring_register", .area = HARDEN_AREA_TAMPER,
	  .func = hook_ia32_sys_io_uring_register, .ipmodify = true },
#endif
	{ .name = "cgroup_can_fork", .area = HARDEN_AREA_TAMPER,
	  .func = hook_cgroup_can_fork, .ipmodify = true },
	{ .name = "cgroup_post_fork", .area = HARDEN_AREA_TAMPER,
	  .func = hook_cgroup_post_fork },
	{ .name = "genl_bind", .area = HARDEN_AREA_TAMPER,
	  .func = hook_genl_bind, .ipmodify = true },
};

static struct harden_hook_set harden_tamper_set = {
	.hooks = harden_tamper_hooks,
	.n = ARRAY_SIZE(harden_tamper_hooks),
};

int harden_tamper_init(void)
{
	return harden_hooks_attach(&harden_tamper_set);
}

void harden_tamper_uninit(void)
{
	harden_hooks_detach(&harden_tamper_set);
}
