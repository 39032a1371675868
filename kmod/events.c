// SPDX-License-Identifier: GPL-2.0
/*
 * Events: each violation is captured in the hook into a per-CPU queue of
 * fixed-size records (no allocation, one raw spinlock with IRQs off, so it
 * is safe wherever a hook runs), then an irq_work kicks a work item that
 * builds and multicasts the netlink messages and writes the kernel log
 * line in process context. Nothing is built or sent under the hook's own
 * constraints.
 *
 * Rate: a token bucket per cgroup (HARDEN_EVENTS_PER_SEC, bursts of
 * HARDEN_EVENTS_BURST) keeps one noisy container from drowning the others
 * and the listener. Over the rate, or with the queue full, the event is
 * dropped and counted; the counters in cgroup.c and decision.c are exact
 * regardless.
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/cgroup.h>
#include <linux/err.h>
#include <linux/irq_work.h>
#include <linux/kernfs.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include "cgroup.h"
#include "events.h"
#include "harden_names.h"
#include "netlink.h"
#include "policy.h"
#include "tamper.h"

static bool harden_log = true;

/*
 * /sys/module/harden/parameters/log is writable by uid 0, and /sys is
 * writable from a --privileged container without any capability: only
 * the host admin may switch the log lines off.
 */
static int harden_log_set(const char *val, const struct kernel_param *kp)
{
	if (harden_tamper_refused(HARDEN_OP_MODULE_PARAM, 0))
		return -EPERM;
	return param_set_bool(val, kp);
}

static const struct kernel_param_ops harden_log_ops = {
	.set = harden_log_set,
	.get = param_get_bool,
};

module_param_cb(log, &harden_log_ops, &harden_log, 0644);
MODULE_PARM_DESC(log, "Write a rate-limited kernel log line per violation (default: on)");

struct harden_evq {
	raw_spinlock_t lock;
	unsigned int head, len;		/* ring of HARDEN_EVENTS_QUEUE */
	struct irq_work kick;
	struct harden_event ev[HARDEN_EVENTS_QUEUE];
};

static DEFINE_PER_CPU(struct harden_evq *, harden_evq);
static bool harden_evqs_allocated;
static struct work_struct harden_events_work;
static atomic64_t harden_ev_sent = ATOMIC64_INIT(0);
static atomic64_t harden_ev_dropped = ATOMIC64_INIT(0);
static bool harden_events_live;
static DEFINE_RATELIMIT_STATE(harden_log_rs, 5 * HZ, 10);

/*
 * Token bucket in one u64, updated with cmpxchg: the time of the last
 * refill in milliseconds << 8 | tokens left. A fresh entry (0) starts
 * full. Lock-free; a lost race costs a retry, never a wrong count.
 */
#define HARDEN_MS_PER_TOKEN	(MSEC_PER_SEC / HARDEN_EVENTS_PER_SEC)

static bool harden_bucket_take(struct harden_cg *cg)
{
	u64 old, new, now, stamp, tokens, add;

	old = READ_ONCE(cg->bucket);
	do {
		/* Read in the loop: a racing CPU may have stored a later stamp. */
		now = ktime_get_mono_fast_ns() / NSEC_PER_MSEC;
		stamp = old >> 8;
		tokens = old & 0xff;
		if (!old) {
			stamp = now;
			tokens = HARDEN_EVENTS_BURST;
		}
		add = (s64)(now - stamp) > 0 ?
		      (now - stamp) / HARDEN_MS_PER_TOKEN : 0;
		if (add) {
			tokens = min_t(u64, tokens + add, HARDEN_EVENTS_BURST);
			stamp = tokens == HARDEN_EVENTS_BURST ? now :
				stamp + add * HARDEN_MS_PER_TOKEN;
		}
		if (!tokens)
			return false;
		new = stamp << 8 | (tokens - 1);
	} while (!try_cmpxchg(&cg->bucket, &old, new));
	return true;
}

void harden_event_queue(u8 mode, u8 area, u16 op, u32 detail,
			struct harden_cg *cg, const struct harden_group *grp,
			const struct harden_event_ctx *ctx)
{
	struct task_struct *target = ctx->target;
	struct harden_event *ev;
	struct harden_evq *q;
	unsigned long flags;

	if (!READ_ONCE(harden_events_live))
		return;
	if (cg && !harden_bucket_take(cg)) {
		atomic64_inc(&harden_ev_dropped);
		return;
	}
	raw_local_irq_save(flags);
	q = this_cpu_read(harden_evq);
	raw_spin_lock(&q->lock);
	if (q->len == HARDEN_EVENTS_QUEUE) {
		raw_spin_unlock(&q->lock);
		raw_local_irq_restore(flags);
		atomic64_inc(&harden_ev_dropped);
		return;
	}
	ev = &q->ev[(q->head + q->len++) % HARDEN_EVENTS_QUEUE];
	ev->time_ns = ktime_get_real_fast_ns();
	ev->cgroup_id = cg ? cg->id : 0;
	ev->detail = detail;
	ev->op = op;
	ev->mode = mode;
	ev->area = area;
	if (ctx->no_task) {
		ev->pid = 0;
		ev->comm[0] = '\0';
	} else {
		ev->pid = task_pid_nr(current);
		/* comm may change under us: a torn name is still NUL-terminated. */
		strscpy(ev->comm, current->comm, sizeof(ev->comm));
	}
	if (grp)
		strscpy(ev->group, grp->name, sizeof(ev->group));
	else
		ev->group[0] = '\0';
	/* A longer object is cut: the event is a pointer, the counter exact. */
	if (ctx->object)
		strscpy(ev->object, ctx->object, sizeof(ev->object));
	else
		ev->object[0] = '\0';
	if (target) {
		/* The caller holds rcu_read_lock(): the css_set stays. */
		ev->target_cgroup_id = cgroup_id(task_dfl_cgroup(target));
		ev->target_pid = task_pid_nr(target);
		strscpy(ev->target_comm, target->comm, sizeof(ev->target_comm));
	} else {
		ev->target_cgroup_id = ctx->peer ? ctx->peer->id : 0;
		ev->target_pid = 0;
		ev->target_comm[0] = '\0';
	}
	if (ctx->peer_grp)
		strscpy(ev->target_group, ctx->peer_grp->name, sizeof(ev->target_group));
	else
		ev->target_group[0] = '\0';
	raw_spin_unlock(&q->lock);
	/* From hard IRQ context the work can be queued safely. */
	irq_work_queue(&q->kick);
	raw_local_irq_restore(flags);
}

static void harden_events_kick(struct irq_work *w)
{
	schedule_work(&harden_events_work);
}

static bool harden_evq_pop(struct harden_evq *q, struct harden_event *ev)
{
	unsigned long flags;
	bool got = false;

	raw_spin_lock_irqsave(&q->lock, flags);
	if (q->len) {
		*ev = q->ev[q->head];
		q->head = (q->head + 1) % HARDEN_EVENTS_QUEUE;
		q->len--;
		got = true;
	}
	raw_spin_unlock_irqrestore(&q->lock, flags);
	return got;
}

static const char *const harden_area_names[] = HARDEN_AREA_NAMES;

static const char *const harden_op_names[] = HARDEN_OP_NAMES;

static void harden_event_log(const struct harden_event *ev, const char *path)
{
	if (!READ_ONCE(harden_log) || !__ratelimit(&harden_log_rs))
		return;
	/* %*pE: the container names its cgroups and its tasks. */
	pr_info("%s %s %s detail %u%s%*pE pid %u comm \"%*pE\" cgroup \"%*pE\" group %s\n",
		ev->mode == HARDEN_MODE_ENFORCE ? "denied" : "audit",
		ev->area <= HARDEN_AREA_MAX ? harden_area_names[ev->area] : "?",
		ev->op <= HARDEN_OP_MAX ? harden_op_names[ev->op] : "?",
		ev->detail, ev->object[0] ? " object " : "",
		(int)strnlen(ev->object, sizeof(ev->object)), ev->object, ev->pid,
		(int)strnlen(ev->comm, sizeof(ev->comm)), ev->comm,
		(int)strlen(path), path, ev->group[0] ? ev->group : "-");
}

/*
 * The path of the target's cgroup, now: the event has only its id, as a
 * hook cannot afford a path walk. Empty if the cgroup is gone.
 */
static void harden_event_target_path(const struct harden_event *ev, char *buf)
{
	struct cgroup *cgrp;
	int len;

	buf[0] = '\0';
	if (!ev->target_cgroup_id)
		return;
	cgrp = cgroup_get_from_id(ev->target_cgroup_id);
	if (IS_ERR_OR_NULL(cgrp))
		return;
	len = kernfs_path_from_node(cgrp->kn, NULL, buf, PATH_MAX);
	if (len < 0 || len >= PATH_MAX)
		buf[0] = '\0';
	cgroup_put(cgrp);
}

static void harden_events_send(struct work_struct *work)
{
	struct harden_event ev;
	char *path, *tpath;
	int cpu;

	path = kmalloc(PATH_MAX, GFP_KERNEL);
	tpath = kmalloc(PATH_MAX, GFP_KERNEL);
	for_each_possible_cpu(cpu) {
		struct harden_evq *q = per_cpu(harden_evq, cpu);

		while (harden_evq_pop(q, &ev)) {
			struct harden_cg *cg;

			/* Removed cgroups' entries live on long after this. */
			if (path) {
				rcu_read_lock();
				cg = ev.cgroup_id ? harden_cg_find(ev.cgroup_id) : NULL;
				strscpy(path, cg ? cg->path : "", PATH_MAX);
				rcu_read_unlock();
			}
			if (tpath)
				harden_event_target_path(&ev, tpath);
			harden_event_log(&ev, path ?: "");
			switch (harden_nl_send_event(&ev, path ?: "", tpath ?: "",
						     atomic64_read(&harden_ev_dropped))) {
			case 0:
				atomic64_inc(&harden_ev_sent);
				break;
			case -ESRCH:	/* no listener: nothing lost */
				break;
			default:
				atomic64_inc(&harden_ev_dropped);
			}
			cond_resched();
		}
	}
	kfree(tpath);
	kfree(path);
}

void harden_events_flush(void)
{
	cancel_work_sync(&harden_events_work);
}

u64 harden_events_sent(void)
{
	return atomic64_read(&harden_ev_sent);
}

u64 harden_events_dropped(void)
{
	return atomic64_read(&harden_ev_dropped);
}

int harden_events_init(void)
{
	int cpu;

	INIT_WORK(&harden_events_work, harden_events_send);
	harden_evqs_allocated = true;
	for_each_possible_cpu(cpu) {
		struct harden_evq *q = kzalloc(sizeof(*q), GFP_KERNEL);

		if (!q)
			goto err;
		raw_spin_lock_init(&q->lock);
		init_irq_work(&q->kick, harden_events_kick);
		per_cpu(harden_evq, cpu) = q;
	}
	WRITE_ONCE(harden_events_live, true);
	return 0;
err:
	harden_events_uninit();
	return -ENOMEM;
}

void harden_events_uninit(void)
{
	int cpu;

	if (!harden_evqs_allocated)
		return;
	/* The hooks are gone: nothing queues any more. Drain what is left. */
	WRITE_ONCE(harden_events_live, false);
	for_each_possible_cpu(cpu) {
		struct harden_evq *q = per_cpu(harden_evq, cpu);

		if (q)
			irq_work_sync(&q->kick);
	}
	cancel_work_sync(&harden_events_work);
	for_each_possible_cpu(cpu) {
		kfree(per_cpu(harden_evq, cpu));
		per_cpu(harden_evq, cpu) = NULL;
	}
	harden_evqs_allocated = false;
}
