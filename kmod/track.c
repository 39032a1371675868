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
#include <linux/binfmts.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/module.h>
#include <linux/task_work.h>
#include <linux/workqueue.h>
#include <linux/spinlock.h>

#include "cgroup.h"
#include "hooks.h"
#include "net.h"
#include "policy.h"
#include "track.h"

DEFINE_HASHTABLE(harden_tasks, HARDEN_TASK_BITS);
static DEFINE_SPINLOCK(harden_tasks_lock);
static atomic_t harden_tasks_n = ATOMIC_INIT(0);
/* Clamps queued and not run: each holds a module reference (status). */
static atomic_t harden_clamps_pending = ATOMIC_INIT(0);
static struct delayed_work harden_rescan_work;
static unsigned int harden_rescans;

/* Charged to the memory cgroup of current, the task that causes it. */
static struct harden_task *harden_task_new(struct task_struct *task)
{
	struct harden_task *t;

	t = kzalloc(sizeof(*t), GFP_ATOMIC | __GFP_NOWARN | __GFP_ACCOUNT);
	if (t)
		t->task = task;
	return t;
}

static void harden_task_put_all(struct harden_task *t)
{
	unsigned int i;

	for (i = 0; i < HARDEN_TASK_CHAIN; i++)
		harden_cg_put(t->cg[i]);
	harden_cg_put(t->pending);
}

/*
 * Insert unless @t->task is tracked already; returns the tracked entry.
 * A duplicate @t is freed with its references.
 */
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
		harden_task_put_all(t);
		kfree(t);
	}
	return old ?: t;
}

static void harden_task_free_rcu(struct rcu_head *rcu)
{
	struct harden_task *t = container_of(rcu, struct harden_task, rcu);

	harden_task_put_all(t);
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

/*
 * harden_task_bind() - record a binding of @t to @cg; consumes the caller's
 * reference on @cg. Slots are claimed with cmpxchg because the insmod-time
 * scan and the rescans may bind a task concurrently with its own exec.
 */
static void harden_task_bind(struct harden_task *t, struct harden_cg *cg)
{
	struct harden_cg *c;
	unsigned int i;

	/* cmpxchg per slot: a rescan may append while the task execs. */
	for (i = 0; i < HARDEN_TASK_CHAIN; i++) {
		c = cmpxchg(&t->cg[i], NULL, cg);
		if (!c)
			return;
		if (c == cg)
			break;
	}
	harden_cg_put(cg);	/* known already, or the chain is full */
}

static bool harden_task_bound(const struct harden_task *t)
{
	return t && READ_ONCE(t->cg[0]);
}

/* The group policing @t: that of its first binding a group matches. */
static const struct harden_group *harden_task_group(const struct harden_task *t,
						   const struct harden_policy *pol,
						   struct harden_cg **cgp)
{
	const struct harden_group *grp;
	struct harden_cg *cg;
	unsigned int i;

	for (i = 0; i < HARDEN_TASK_CHAIN; i++) {
		cg = READ_ONCE(t->cg[i]);
		if (!cg)
			break;
		grp = harden_cg_group(cg, pol);
		if (grp) {
			if (cgp)
				*cgp = cg;
			return grp;
		}
	}
	return NULL;
}

struct harden_cg *harden_task_container(const struct task_struct *task,
					 const struct harden_policy *pol)
{
	struct harden_task *t = harden_task_lookup(task);
	struct harden_cg *cg = NULL;

	if (!t)
		return NULL;
	/* A bound task no group polices is still that cgroup's, not the host's. */
	if (!harden_task_group(t, pol, &cg))
		cg = READ_ONCE(t->cg[0]);
	return cg;
}

static bool harden_in_init_mntns(struct task_struct *task)
{
	/* Only current's own nsproxy is stable without task_lock. */
	return task->nsproxy &&
	       task->nsproxy->mnt_ns == init_task.nsproxy->mnt_ns;
}

void harden_task_policed_slow(struct harden_task *t,
			      const struct harden_policy *pol)
{
	const struct harden_group *grp;
	struct harden_cg *cg;
	unsigned int n;

	for (n = 0; n < HARDEN_TASK_CHAIN; n++) {
		cg = READ_ONCE(t->cg[n]);
		if (!cg)
			return;
		grp = harden_cg_group(cg, pol);
		if (grp) {
			/* Only current computes its own: nobody else writes it. */
			WRITE_ONCE(t->cache, pol->generation << 24 | n << 8 |
					     (grp - pol->groups + 1));
			return;
		}
	}
}

bool harden_current_contained(const struct harden_group **grpp,
			      struct harden_cg **cgp)
{
	const struct harden_policy *pol = harden_policy_get();
	const struct harden_group *grp;
	struct harden_cg *cg = NULL;

	*grpp = NULL;
	*cgp = NULL;
	if (!pol || (current->flags & PF_KTHREAD))
		return false;
	grp = harden_current_policed(0, &cg);
	if (grp) {
		harden_cg_hold(cg);	/* held by current's binding */
		*grpp = grp;
		*cgp = cg;
		return true;
	}
	if (harden_in_init_mntns(current))
		return false;
	cg = harden_cg_get(task_dfl_cgroup(current));
	if (!cg)
		return true;	/* fail closed */
	grp = harden_cg_group(cg, pol);
	if (!grp) {
		harden_cg_put(cg);
		return false;
	}
	*grpp = grp;
	*cgp = cg;
	return true;
}

static kernel_cap_t harden_caps_mask(u64 allow)
{
	kernel_cap_t mask;

#ifdef _KERNEL_CAPABILITY_U32S
	/* Before 6.3, kernel_cap_t is an array of u32. */
	mask.cap[0] = lower_32_bits(allow);
	mask.cap[1] = upper_32_bits(allow);
#else
	mask.val = allow;
#endif
	return mask;
}

/*
 * Reduce every capability set of @new to @allow. A capability outside the
 * allow-list is then absent, whichever path asks for it: security_capable(),
 * cap_capable() called directly (mmap_min_addr), capability-set comparisons
 * (ptrace_may_access), io_uring workers running on a copy of these creds,
 * or a file's f_cred.
 */
static void harden_caps_clamp(struct cred *new, u64 allow)
{
	kernel_cap_t mask = harden_caps_mask(allow);

	new->cap_inheritable = cap_intersect(new->cap_inheritable, mask);
	new->cap_permitted = cap_intersect(new->cap_permitted, mask);
	new->cap_effective = cap_intersect(new->cap_effective, mask);
	new->cap_bset = cap_intersect(new->cap_bset, mask);
	new->cap_ambient = cap_intersect(new->cap_ambient, mask);
}

/* Are all of @c's capability sets within @allow already? */
static bool harden_caps_within(const struct cred *c, u64 allow)
{
	kernel_cap_t mask = harden_caps_mask(allow);

	return cap_issubset(c->cap_inheritable, mask) &&
	       cap_issubset(c->cap_permitted, mask) &&
	       cap_issubset(c->cap_effective, mask) &&
	       cap_issubset(c->cap_bset, mask) &&
	       cap_issubset(c->cap_ambient, mask);
}

/* The allow-list to clamp @t to under the policy in force, if any. */
static bool harden_task_clamp_mask(const struct harden_task *t, u64 *allow)
{
	const struct harden_policy *pol;
	const struct harden_group *grp;
	bool clamp = false;

	rcu_read_lock();
	pol = harden_policy_get();
	grp = pol ? harden_task_group(t, pol, NULL) : NULL;
	if (grp && (grp->flags & HARDEN_GROUP_F_CAPS) &&
	    grp->mode == HARDEN_MODE_ENFORCE) {
		*allow = grp->caps;
		clamp = true;
	}
	rcu_read_unlock();
	return clamp;
}

/**
 * hook_security_task_alloc() - a tracked task forks: the child inherits.
 *
 * Runs before the LSMs' own task_alloc. On allocation failure the fork
 * fails with -ENOMEM. The entry is removed in free_task(), which also runs
 * when copy_process() fails after this point.
 */
static HARDEN_HOOK(hook_security_task_alloc)
{
	struct task_struct *child = (void *)HARDEN_HOOK_ARG(fregs, 0);
	struct harden_task *parent, *t;
	struct harden_cg *cg;
	unsigned int i;

	harden_hook_hit(ops);
	rcu_read_lock();
	parent = harden_task_lookup(current);
	if (!harden_task_bound(parent))
		goto out;
	t = harden_task_new(child);
	if (!t) {
		harden_hook_deny_enomem(fregs);
		goto out;
	}
	/* Only the parent itself appends to its chain, and it is forking. */
	for (i = 0; i < HARDEN_TASK_CHAIN; i++) {
		cg = READ_ONCE(parent->cg[i]);
		if (!cg)
			break;
		harden_cg_hold(cg);	/* parent's ref keeps it alive */
		t->cg[i] = cg;
	}
	harden_task_insert(t);
out:
	rcu_read_unlock();
}

/**
 * hook_free_task() - the task_struct goes away: drop its entry.
 *
 * free_task() rather than security_task_free(): a fork that fails after
 * security_task_alloc() frees the task without the LSM hook.
 */
static HARDEN_HOOK(hook_free_task)
{

	harden_hook_hit(ops);
	harden_task_remove((struct task_struct *)HARDEN_HOOK_ARG(fregs, 0));
}

/**
 * hook_security_bprm_creds_for_exec() - prepare binding before the point
 * of no return, so committing it later needs no memory.
 */
static HARDEN_HOOK(hook_security_bprm_creds_for_exec)
{
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
		t = harden_task_new(current);
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
	harden_hook_deny_enomem(fregs);
}

/**
 * hook_security_bprm_committing_creds() - the exec happens: bind, and clamp
 * the new credentials.
 * @fregs: security_bprm_committing_creds(bprm)
 *
 * Called after exec's point of no return, just before commit_creds(bprm->
 * cred): bprm->cred is still private to this exec, so its capability sets
 * can be reduced in place, and nothing here can fail. Every exec of a task
 * policed in enforce mode is clamped, so neither a setuid-root binary nor
 * file capabilities bring a capability back.
 */
static HARDEN_HOOK(hook_security_bprm_committing_creds)
{
	const struct linux_binprm *bprm = (void *)HARDEN_HOOK_ARG(fregs, 0);
	struct harden_cg *pend;
	struct harden_task *t;
	u64 allow;

	harden_hook_hit(ops);
	if (current->flags & PF_KTHREAD)
		return;

	rcu_read_lock();
	t = harden_task_lookup(current);
	rcu_read_unlock();
	/* Only free_task() removes current's entry: it outlives this call. */
	if (!t)
		return;
	pend = xchg(&t->pending, NULL);
	if (pend) {
		harden_task_bind(t, pend);
		/* current's own nsproxy is stable. */
		harden_net_claim(current->nsproxy->net_ns, READ_ONCE(t->cg[0])->id);
	}
	if (harden_task_bound(t) && harden_task_clamp_mask(t, &allow))
		harden_caps_clamp(bprm->cred, allow);
}

unsigned int harden_track_count(void)
{
	return atomic_read(&harden_tasks_n);
}

unsigned int harden_track_clamps_pending(void)
{
	return atomic_read(&harden_clamps_pending);
}

size_t harden_track_bytes(void)
{
	return (size_t)atomic_read(&harden_tasks_n) * sizeof(struct harden_task);
}

/*
 * task_work that clamps a running task: one bound by the load-time scan,
 * whose credentials were never clamped at an exec, or any bound task after
 * a load that put it under an enforcing caps list its sets exceed (e.g.
 * audit-only, then docker-default). Only ever narrows. Runs in the task's
 * own context before it next returns to user space. Fails closed: a task
 * whose credentials cannot be copied is killed. Holds a module reference,
 * taken when it was queued, so the module cannot go while it is pending.
 */
static void harden_clamp_work(struct callback_head *head)
{
	struct harden_task *t = container_of(head, struct harden_task, clamp_work);
	struct cred *new;
	u64 allow;

	/* t is current's entry: only free_task() removes it. */
	clear_bit(0, &t->clamp_queued);
	if (harden_task_clamp_mask(t, &allow) &&
	    !harden_caps_within(current_cred(), allow)) {
		new = prepare_creds();
		if (new) {
			harden_caps_clamp(new, allow);
			commit_creds(new);
		} else {
			pr_warn_ratelimited("cannot clamp pid %d: killed (fail closed)\n",
					    task_pid_nr(current));
			force_sig(SIGKILL);
		}
	}
	atomic_dec(&harden_clamps_pending);
	module_put(THIS_MODULE);
}

/* Does @t need a clamp under the policy in force? Caller holds the lock. */
static bool harden_task_needs_clamp(struct harden_task *t)
{
	const struct cred *cred;
	bool need;
	u64 allow;

	if (!harden_task_bound(t) || !harden_task_clamp_mask(t, &allow))
		return false;
	rcu_read_lock();
	/*
	 * A task being freed has dropped its creds (exit_creds()) before
	 * free_task() removes its entry: it runs nothing any more.
	 */
	cred = rcu_dereference(t->task->real_cred);
	need = cred && !READ_ONCE(t->task->exit_state) &&
	       !harden_caps_within(cred, allow);
	rcu_read_unlock();
	return need;
}

/*
 * Queue the clamp of every task the scans bound (@all false), or of every
 * bound task whose sets exceed its enforcing caps list (@all true, after a
 * load). Cannot fail.
 */
static void harden_track_queue_clamps(bool all)
{
	struct harden_task *t;
	unsigned long flags;
	unsigned int bkt;

	/* The lock keeps each task_struct alive: free_task() takes it first. */
	spin_lock_irqsave(&harden_tasks_lock, flags);
	hash_for_each(harden_tasks, bkt, t, node) {
		if (!t->needs_clamp && !(all && harden_task_needs_clamp(t)))
			continue;
		t->needs_clamp = false;
		if (test_and_set_bit(0, &t->clamp_queued))
			continue;	/* pending: it reads the policy when it runs */
		/* Fails only once the module is going: nothing left to clamp for. */
		if (!try_module_get(THIS_MODULE)) {
			clear_bit(0, &t->clamp_queued);
			continue;
		}
		init_task_work(&t->clamp_work, harden_clamp_work);
		/* Before it can run and count itself off. */
		atomic_inc(&harden_clamps_pending);
		/* TWA_SIGNAL: a task asleep in a syscall clamps now, not later. */
		if (task_work_add(t->task, &t->clamp_work, TWA_SIGNAL)) {
			/* Exiting: it runs no more user code. */
			clear_bit(0, &t->clamp_queued);
			atomic_dec(&harden_clamps_pending);
			module_put(THIS_MODULE);
		}
	}
	spin_unlock_irqrestore(&harden_tasks_lock, flags);
}

void harden_track_policy_loaded(void)
{
	harden_track_queue_clamps(true);
}

/* Bind @th (not current) to @cg, or to a copy of @from's bindings. */
static int harden_track_bind_other(struct task_struct *th, struct harden_cg *cg,
				   const struct harden_task *from)
{
	struct harden_task *t, *n;
	unsigned int i;

	n = harden_task_new(th);
	if (!n) {
		harden_cg_put(cg);
		return -ENOMEM;
	}
	t = harden_task_insert(n);
	if (cg) {
		harden_task_bind(t, cg);
	} else {
		for (i = 0; i < HARDEN_TASK_CHAIN; i++) {
			cg = READ_ONCE(from->cg[i]);
			if (!cg)
				break;
			harden_cg_hold(cg);
			harden_task_bind(t, cg);
		}
	}
	t->needs_clamp = true;
	return 0;
}

/*
 * Is @th in a container mount namespace? If so and @cgroup_id is set, its
 * network namespace is claimed for that container (net.c), as its exec
 * would have.
 */
static bool harden_task_contained(struct task_struct *th, u64 cgroup_id)
{
	bool contained;

	task_lock(th);
	contained = th->nsproxy && !harden_in_init_mntns(th);
	if (contained && cgroup_id)
		harden_net_claim(th->nsproxy->net_ns, cgroup_id);
	task_unlock(th);
	return contained;
}

/*
 * harden_track_scan() - bind tasks that were already running inside
 * containers when the module was loaded.
 *
 * Every task in a container mount namespace is bound, whatever it calls
 * itself and whatever it is doing (an exec in flight included): nothing a
 * container controls decides it. The price: a container that runc is
 * setting up at this very moment has its runc init bound before its final
 * exec, and may fail to start under an enforcing policy (retry it). Runs
 * after the hooks are attached, so forks that start from now on are
 * inherited; see harden_track_rescan() for forks already in flight.
 */
int harden_track_scan(void)
{
	struct task_struct *p, *th;
	struct harden_cg *cg;
	unsigned int n = 0;
	int err = 0;

	rcu_read_lock();
	for_each_process_thread(p, th) {
		if (th->flags & PF_KTHREAD)
			continue;
		if (!harden_task_contained(th, cgroup_id(task_dfl_cgroup(th))))
			continue;
		cg = harden_cg_get(task_dfl_cgroup(th));
		if (!cg) {
			err = -ENOMEM;
			break;
		}
		err = harden_track_bind_other(th, cg, NULL);
		if (err)
			break;
		n++;
	}
	rcu_read_unlock();
	if (err)
		return err;
	pr_info("bound %u task(s) already running in containers\n", n);
	return 0;
}

/*
 * A fork whose security_task_alloc() ran before our hook was attached
 * creates a child that nobody bound, and that may become visible only after
 * the scan walked the task list. Its parent (for a thread: its group
 * leader) was bound by the scan, so bind it the same way. A task whose
 * parent is bound is always bound itself otherwise, so this never binds a
 * task that should not be: runc's init processes have unbound parents.
 */
static unsigned int harden_track_rescan(void)
{
	struct harden_task *pt, *t;
	struct task_struct *p, *th, *parent;
	unsigned int n = 0;

	rcu_read_lock();
	for_each_process_thread(p, th) {
		if (th->flags & PF_KTHREAD)
			continue;
		t = harden_task_lookup(th);
		if (harden_task_bound(t))
			continue;
		parent = th == p ? rcu_dereference(th->real_parent) : p;
		pt = harden_task_lookup(parent);
		if (!harden_task_bound(pt) ||
		    !harden_task_contained(th, READ_ONCE(pt->cg[0])->id))
			continue;
		if (harden_track_bind_other(th, NULL, pt))
			break;	/* no memory: the next pass retries */
		n++;
	}
	rcu_read_unlock();
	return n;
}

static void harden_rescan_fn(struct work_struct *work)
{
	unsigned int n = harden_track_rescan();

	if (n)
		pr_info("bound %u task(s) forked while the module was loading\n", n);
	harden_track_queue_clamps(false);
	/* In-flight forks finish in microseconds; look twice more, then stop. */
	if (++harden_rescans < 3)
		schedule_delayed_work(&harden_rescan_work, HZ * harden_rescans);
}

void harden_track_start(void)
{
	harden_track_rescan();
	/* A policy may have been loaded while the scan ran: check them all. */
	harden_track_queue_clamps(true);
	schedule_delayed_work(&harden_rescan_work, HZ);
}

void harden_track_stop(void)
{
	cancel_delayed_work_sync(&harden_rescan_work);
}

static struct harden_hook harden_track_hooks[] = {
	{ .name = "security_task_alloc", .area = HARDEN_AREA_CAP,
	  .func = hook_security_task_alloc, .ipmodify = true },
	{ .name = "free_task", .area = HARDEN_AREA_CAP,
	  .func = hook_free_task },
	{ .name = "security_bprm_creds_for_exec", .area = HARDEN_AREA_CAP,
	  .func = hook_security_bprm_creds_for_exec, .ipmodify = true },
	{ .name = "security_bprm_committing_creds", .area = HARDEN_AREA_CAP,
	  .func = hook_security_bprm_committing_creds },
};

static struct harden_hook_set harden_track_set = {
	.hooks = harden_track_hooks,
	.n = ARRAY_SIZE(harden_track_hooks),
};

/*
 * Tracking hooks go first: every area's enforcement relies on them. Status
 * lists them under cap, the first area that relied on them.
 */
int harden_track_init(void)
{
	INIT_DELAYED_WORK(&harden_rescan_work, harden_rescan_fn);
	return harden_hooks_attach(&harden_track_set);
}

void harden_track_uninit(void)
{
	struct harden_task *t;
	struct hlist_node *tmp;
	unsigned int bkt;

	harden_hooks_detach(&harden_track_set);
	/* The hooks are detached: no new entries, no concurrent removal. */
	hash_for_each_safe(harden_tasks, bkt, tmp, t, node) {
		hash_del_rcu(&t->node);
		call_rcu(&t->rcu, harden_task_free_rcu);
	}
	rcu_barrier();
}
