// SPDX-License-Identifier: GPL-2.0
/*
 * Task tracking. A module gets no LSM blob, so the binding of a task to its
 * container cgroup lives in an RCU hash keyed by task_struct pointer.
 *
 * Memory is taken only where the operation can still fail cleanly:
 * bprm_creds_for_exec (before exec's point of no return) and task_alloc
 * (fork). If it cannot be had, the exec or fork fails with -ENOMEM: fail
 * closed, never a policed task that runs unpoliced.
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/cgroup.h>
#include <linux/hashtable.h>
#include <linux/kernfs.h>
#include <linux/mount.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "cgroup.h"
#include "hooks.h"
#include "policy.h"
#include "track.h"

struct harden_task {
	struct hlist_node node;
	struct rcu_head rcu;
	struct task_struct *task;	/* key; never dereferenced */
	struct harden_cg *cg;		/* bound cgroup, NULL if not yet */
	struct harden_cg *pending;	/* cgroup of an exec in flight */
};

static DEFINE_HASHTABLE(harden_tasks, 12);
static DEFINE_SPINLOCK(harden_tasks_lock);
static atomic_t harden_tasks_n = ATOMIC_INIT(0);

static struct harden_task *harden_task_lookup(const struct task_struct *task)
{
	struct harden_task *t;

	hash_for_each_possible_rcu(harden_tasks, t, node, (unsigned long)task)
		if (t->task == task)
			return t;
	return NULL;
}

static struct harden_task *harden_task_new(struct task_struct *task,
					   struct harden_cg *cg)
{
	struct harden_task *t = kzalloc(sizeof(*t), GFP_ATOMIC | __GFP_NOWARN);

	if (!t)
		return NULL;
	t->task = task;
	t->cg = cg;
	return t;
}

/* Insert unless @t->task is tracked already; returns the tracked entry. */
static struct harden_task *harden_task_insert(struct harden_task *t)
{
	struct harden_task *old;
	unsigned long flags;

	spin_lock_irqsave(&harden_tasks_lock, flags);
	old = harden_task_lookup(t->task);
	if (!old) {
		hash_add_rcu(harden_tasks, &t->node, (unsigned long)t->task);
		atomic_inc(&harden_tasks_n);
	}
	spin_unlock_irqrestore(&harden_tasks_lock, flags);
	if (old) {
		harden_cg_put(t->cg);
		kfree(t);
	}
	return old ?: t;
}

static void harden_task_free_rcu(struct rcu_head *rcu)
{
	struct harden_task *t = container_of(rcu, struct harden_task, rcu);

	harden_cg_put(t->cg);
	harden_cg_put(t->pending);
	kfree(t);
}

static void harden_task_remove(struct task_struct *task)
{
	struct harden_task *t;
	unsigned long flags;

	spin_lock_irqsave(&harden_tasks_lock, flags);
	t = harden_task_lookup(task);
	if (t) {
		hash_del_rcu(&t->node);
		atomic_dec(&harden_tasks_n);
	}
	spin_unlock_irqrestore(&harden_tasks_lock, flags);
	if (t)
		call_rcu(&t->rcu, harden_task_free_rcu);
}

static bool harden_in_init_mntns(struct task_struct *task)
{
	/* Only current's own nsproxy is stable without task_lock. */
	return task->nsproxy &&
	       task->nsproxy->mnt_ns == init_task.nsproxy->mnt_ns;
}

const struct harden_group *harden_current_group(const struct harden_policy *pol,
						struct harden_cg **cgp)
{
	const struct harden_group *grp;
	struct harden_task *t;

	if (current->flags & PF_KTHREAD)
		return NULL;
	t = harden_task_lookup(current);
	if (!t || !t->cg)
		return NULL;
	grp = harden_cg_group(t->cg, pol);
	if (grp && cgp)
		*cgp = t->cg;
	return grp;
}

/**
 * hook_security_task_alloc() - a tracked task forks: the child inherits.
 *
 * Runs before the LSMs' own task_alloc. On allocation failure the fork
 * fails with -ENOMEM. The entry is removed in free_task(), which also runs
 * when copy_process() fails after this point.
 */
void hook_security_task_alloc(unsigned long ip, unsigned long parent_ip,
			      struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct pt_regs *regs = harden_hook_regs(fregs);
	struct task_struct *child = (void *)HARDEN_HOOK_ARG(regs, 0);
	struct harden_task *parent, *t;
	struct harden_cg *cg = NULL;

	harden_hook_hit(ops);
	rcu_read_lock();
	parent = harden_task_lookup(current);
	if (parent && parent->cg) {
		cg = parent->cg;
		harden_cg_hold(cg);	/* parent's ref keeps it alive */
	}
	rcu_read_unlock();
	if (!cg)
		return;

	t = harden_task_new(child, cg);
	if (!t) {
		harden_cg_put(cg);
		harden_hook_deny_enomem(regs);
		return;
	}
	harden_task_insert(t);
}

/**
 * hook_free_task() - the task_struct goes away: drop its entry.
 *
 * free_task() rather than security_task_free(): a fork that fails after
 * security_task_alloc() frees the task without the LSM hook.
 */
void hook_free_task(unsigned long ip, unsigned long parent_ip,
		    struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	struct pt_regs *regs = harden_hook_regs(fregs);

	harden_hook_hit(ops);
	harden_task_remove((struct task_struct *)HARDEN_HOOK_ARG(regs, 0));
}

/**
 * hook_security_bprm_creds_for_exec() - prepare binding before the point
 * of no return, so committing it later needs no memory.
 */
void hook_security_bprm_creds_for_exec(unsigned long ip, unsigned long parent_ip,
				       struct ftrace_ops *ops,
				       struct ftrace_regs *fregs)
{
	struct pt_regs *regs = harden_hook_regs(fregs);
	struct harden_task *t;
	struct harden_cg *cg, *stale;

	harden_hook_hit(ops);
	if ((current->flags & PF_KTHREAD) || harden_in_init_mntns(current))
		return;

	cg = harden_cg_get_current();
	if (!cg)
		goto enomem;

	rcu_read_lock();
	t = harden_task_lookup(current);
	rcu_read_unlock();
	if (!t) {
		t = harden_task_new(current, NULL);
		if (!t) {
			harden_cg_put(cg);
			goto enomem;
		}
		t = harden_task_insert(t);
	}
	/* Only current touches its own pending; the entry lives while we run. */
	stale = xchg(&t->pending, cg);
	harden_cg_put(stale);
	return;

enomem:
	harden_hook_deny_enomem(regs);
}

/**
 * hook_security_bprm_committed_creds() - the exec happened: bind.
 *
 * First binding wins. A later exec rebinds only from a cgroup that no group
 * matches to one that a group matches (e.g. a runtime that itself runs in a
 * private mount namespace), never away from a policed cgroup: moving to
 * another cgroup and exec'ing does not escape the policy.
 */
void hook_security_bprm_committed_creds(unsigned long ip, unsigned long parent_ip,
					struct ftrace_ops *ops,
					struct ftrace_regs *fregs)
{
	const struct harden_policy *pol;
	struct harden_cg *pend, *drop;
	struct harden_task *t;

	harden_hook_hit(ops);
	if (current->flags & PF_KTHREAD)
		return;

	rcu_read_lock();
	t = harden_task_lookup(current);
	if (!t)
		goto out;
	pend = xchg(&t->pending, NULL);
	if (!pend)
		goto out;

	drop = pend;
	if (!t->cg) {
		drop = NULL;
		WRITE_ONCE(t->cg, pend);
	} else if (t->cg != pend) {
		pol = harden_policy_get();
		if (pol && !harden_cg_group(t->cg, pol) &&
		    harden_cg_group(pend, pol)) {
			drop = t->cg;
			WRITE_ONCE(t->cg, pend);
		}
	}
	harden_cg_put(drop);
out:
	rcu_read_unlock();
}

/**
 * hook_sys_delete_module() - a policed task may never unload a module.
 *
 * Tamper protection: even a group that allows SYS_MODULE cannot remove
 * harden from inside a container.
 */
void hook_sys_delete_module(unsigned long ip, unsigned long parent_ip,
			    struct ftrace_ops *ops, struct ftrace_regs *fregs)
{
	const struct harden_policy *pol;
	bool deny = false;

	harden_hook_hit(ops);
	rcu_read_lock();
	pol = harden_policy_get();
	if (pol && harden_current_group(pol, NULL))
		deny = true;
	rcu_read_unlock();
	if (deny)
		harden_hook_deny_eperm(harden_hook_regs(fregs));
}

bool harden_current_refused(void)
{
	const struct harden_policy *pol;
	bool refused = false;
	char *buf;
	int len;

	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	rcu_read_lock();
	pol = harden_policy_get();
	if (pol && harden_current_group(pol, NULL))
		refused = true;
	if (pol && !refused) {
		/* Unbound but inside a policed cgroup: refuse as well. */
		if (!buf) {
			refused = true;		/* fail closed */
		} else {
			len = kernfs_path_from_node(task_dfl_cgroup(current)->kn,
						    NULL, buf, PATH_MAX);
			refused = len < 0 || len >= PATH_MAX ||
				  harden_policy_match(pol, buf) >= 0;
		}
	}
	rcu_read_unlock();
	kfree(buf);
	return refused;
}

unsigned int harden_track_count(void)
{
	return atomic_read(&harden_tasks_n);
}

/*
 * Bind tasks that were already running inside containers when the module
 * was loaded, so loading harden covers running containers too. runc's own
 * setup processes ("runc:[...]") are skipped: they bind at their exec.
 * Runs after the hooks are attached, so no fork is missed.
 */
int harden_track_scan(void)
{
	struct task_struct *p, *th;
	struct harden_task *t;
	struct harden_cg *cg;
	struct cgroup *cgrp;
	unsigned int n = 0;
	int err = 0;

	rcu_read_lock();
	for_each_process_thread(p, th) {
		bool contained;

		if (th->flags & PF_KTHREAD)
			continue;
		if (!strncmp(th->comm, "runc:", 5))
			continue;
		task_lock(th);
		contained = th->nsproxy && !harden_in_init_mntns(th);
		task_unlock(th);
		if (!contained)
			continue;

		cgrp = task_dfl_cgroup(th);
		cg = NULL;
		t = harden_task_new(th, NULL);
		if (t)
			cg = harden_cg_get(cgrp);
		if (!t || !cg) {
			kfree(t);
			err = -ENOMEM;
			break;
		}
		t->cg = cg;
		harden_task_insert(t);
		n++;
	}
	rcu_read_unlock();
	if (!err)
		pr_info("bound %u task(s) already running in containers\n", n);
	return err;
}

int harden_track_init(void)
{
	return 0;
}

void harden_track_uninit(void)
{
	struct harden_task *t;
	struct hlist_node *tmp;
	unsigned int bkt;

	/* The hooks are detached: no new entries, no concurrent removal. */
	hash_for_each_safe(harden_tasks, bkt, tmp, t, node) {
		hash_del_rcu(&t->node);
		call_rcu(&t->rcu, harden_task_free_rcu);
	}
	rcu_barrier();
}
