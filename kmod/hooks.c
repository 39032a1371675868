// SPDX-License-Identifier: GPL-2.0
/*
 * Hook plumbing, shared by every area. A module cannot register an LSM, so
 * every decision is an extra veto layered on top of the host's LSM stack:
 * ftrace on each hooked function, with IPMODIFY to skip the function and
 * return an error; we never call the original function. Areas that need
 * another mechanism (netfilter) bring their own attach/detach.
 *
 * All ftrace hooks share two ftrace_ops (with and without IPMODIFY), armed
 * once when every area has added its functions (harden_hooks_arm()) and
 * disarmed once at exit. One ftrace_ops per function cost one text-patching
 * pass and one trampoline to register, and two RCU-tasks grace periods to
 * unregister, per function: with 67 hooks, rmmod took about 8 s under QEMU
 * TCG. A shared ops costs one of each (rmmod about 0.5 s). The shared
 * callback finds the hook by the traced function's address in a small
 * table, filled on each function's first call from its symbol name: one
 * multiply, two loads and a tail call when the function sits in its home
 * slot.
 *
 * The area files own their hooks; this file attaches them, counts their
 * calls and lists them for status.
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/hash.h>
#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/module.h>

#include "hooks.h"

/* Every attached set, for status. Written only at init and exit. */
#define HARDEN_MAX_SETS	8
static struct harden_hook_set *harden_sets[HARDEN_MAX_SETS];
static unsigned int harden_n_sets;

/*
 * The hooked function's body is replaced by one of these: the caller sees
 * an ordinary return value. They return long so that the whole of %rax is
 * right both for int functions (security_*) and for long ones (syscalls).
 */
noinline long harden_ret_eperm(void)
{
	return -EPERM;
}

noinline long harden_ret_enomem(void)
{
	return -ENOMEM;
}

/*
 * The traced function's address -> its hook. Open addressing with linear
 * probing; an entry's ip is claimed with cmpxchg and its hook published
 * after it, so a reader that finds the ip but no hook yet resolves the
 * name itself. 1024 slots (16 KiB) for about 70 hooks: few functions miss
 * their home slot, which is all the hot path in harden_ftrace_dispatch()
 * looks at; the rest probe on in the slow path.
 */
#define HARDEN_IP_BITS	10
#define HARDEN_IP_SLOTS	(1U << HARDEN_IP_BITS)

struct harden_ip_slot {
	unsigned long ip;
	struct harden_hook *hook;
};

static struct harden_ip_slot harden_ip_table[HARDEN_IP_SLOTS];

/* Which hook traces the function at @ip? By name, once per function. */
static notrace struct harden_hook *harden_ip_resolve(unsigned long ip)
{
	char name[KSYM_SYMBOL_LEN];
	unsigned int s, i;

	/*
	 * harden_sets does not change while armed: every set attaches before
	 * harden_hooks_arm() and detaches after harden_hooks_disarm().
	 */
	sprint_symbol_no_offset(name, ip);
	for (s = 0; s < harden_n_sets; s++) {
		struct harden_hook_set *set = harden_sets[s];

		for (i = 0; i < set->n; i++)
			if (set->hooks[i].func && !strcmp(set->hooks[i].name, name))
				return &set->hooks[i];
	}
	return NULL;
}

/*
 * Every lookup but the hot one: a function seen for the first time, or one
 * whose home slot another function took first (linear probing from @i).
 */
static notrace noinline struct harden_hook *harden_ip_hook_slow(unsigned long ip,
								  unsigned int i)
{
	struct harden_hook *hook;
	unsigned long cur;
	unsigned int n;

	for (n = 0; n < HARDEN_IP_SLOTS; n++, i = (i + 1) % HARDEN_IP_SLOTS) {
		/* Pairs with the cmpxchg below: a claimed ip is seen whole. */
		cur = smp_load_acquire(&harden_ip_table[i].ip);
		if (cur == ip) {
			/* Pairs with the release below: the hook is published. */
			hook = smp_load_acquire(&harden_ip_table[i].hook);
			return hook ?: harden_ip_resolve(ip);
		}
		if (cur)
			continue;
		/* First call of this function: claim the slot, or lose it. */
		hook = harden_ip_resolve(ip);
		if (!hook)
			return NULL;
		cur = cmpxchg(&harden_ip_table[i].ip, 0, ip);
		if (!cur)	/* publish the hook after the ip (pairs above) */
			smp_store_release(&harden_ip_table[i].hook, hook);
		if (!cur || cur == ip)
			return hook;
	}
	return harden_ip_resolve(ip);
}

/*
 * The slow path calls the hook itself, so that the hot path makes no call
 * it must come back from: no registers to save, a few instructions, then
 * a tail call to the hook.
 */
static notrace noinline void harden_ftrace_dispatch_slow(unsigned long ip,
							 unsigned long parent_ip,
							 struct ftrace_regs *fregs,
							 unsigned int i)
{
	struct harden_hook *hook = harden_ip_hook_slow(ip, i);

	if (WARN_ON_ONCE(!hook))
		return;
	hook->func(ip, parent_ip, &hook->ops, fregs);
}

/**
 * harden_ftrace_dispatch() - the callback of both shared ftrace_ops: call
 * the hook of the traced function.
 * @ip: the traced function's ftrace location
 * @parent_ip: its caller
 * @op: the shared ftrace_ops
 * @fregs: the traced call's registers
 *
 * A hook gets its own (never registered) ftrace_ops, as if it had been
 * registered alone, so that harden_hook_hit() finds it. The hot path is a
 * function found in its home slot; anything else goes the slow way. A
 * function whose hook cannot be found gets no decision; that cannot
 * happen, as only hooked functions are in the filters (WARN once if it
 * does).
 */
static notrace void harden_ftrace_dispatch(unsigned long ip, unsigned long parent_ip,
					   struct ftrace_ops *op,
					   struct ftrace_regs *fregs)
{
	unsigned int i = hash_long(ip, HARDEN_IP_BITS);
	struct harden_hook *hook = NULL;

	/*
	 * Acquire pairs with the slow path's cmpxchg (the ip) and release
	 * (the hook), as there; both are plain loads on x86.
	 */
	if (likely(smp_load_acquire(&harden_ip_table[i].ip) == ip)) {
		/* Pairs with smp_store_release() of the hook. */
		hook = smp_load_acquire(&harden_ip_table[i].hook);
	}
	if (unlikely(!hook)) {
		harden_ftrace_dispatch_slow(ip, parent_ip, fregs, i);
		return;
	}
	hook->func(ip, parent_ip, &hook->ops, fregs);
}

/*
 * [0] without IPMODIFY, [1] with it: only the hooks that deny by
 * redirecting the call claim IPMODIFY, which excludes livepatch on that
 * function. PERMANENT: without it, sysctl kernel.ftrace_enabled=0 would
 * switch every hook off silently. No RECURSION flag: ftrace would then
 * skip our callback on recursion, which fails open; our callbacks never
 * call a hooked function.
 */
static struct ftrace_ops harden_ftrace_ops[2] = {
	{ .func = harden_ftrace_dispatch,
	  .flags = HARDEN_FTRACE_FLAGS | FTRACE_OPS_FL_PERMANENT },
	{ .func = harden_ftrace_dispatch,
	  .flags = HARDEN_FTRACE_FLAGS | FTRACE_OPS_FL_PERMANENT | FTRACE_OPS_FL_IPMODIFY },
};
static bool harden_ftrace_used[2], harden_ftrace_armed[2];

/*
 * Name -> address. ftrace_set_filter() by name walks every ftrace record
 * (about 50,000) and looks each one's name up: one such pass per hooked
 * function made insmod take 6-8 s under QEMU TCG. kallsyms_lookup_name()
 * is a binary search on both kernels we build for (Debian's 6.1 has the
 * sorted-names table), but it is not exported: a kprobe that is never
 * armed resolves it once. Without it (no kprobes), we filter by name as
 * before: slower, same result.
 */
static unsigned long (*harden_lookup_name)(const char *name);
static bool harden_lookup_tried;

static void harden_lookup_init(void)
{
	struct kprobe kp = {
		.symbol_name = "kallsyms_lookup_name",
		.flags = KPROBE_FLAG_DISABLED,
	};

	harden_lookup_tried = true;
	if (register_kprobe(&kp))
		return;
	harden_lookup_name = (unsigned long (*)(const char *))kp.addr;
	unregister_kprobe(&kp);
}

static int harden_hook_filter_add(struct ftrace_ops *ops, const char *name)
{
	unsigned long addr;

	if (!harden_lookup_tried)
		harden_lookup_init();
	/*
	 * By address where we can. ftrace_set_filter_ip() takes the
	 * function's start (ftrace_location() finds the call site past an
	 * ENDBR). None of our names has a second, static, definition on
	 * these kernels, which filtering by name would also pick.
	 */
	addr = harden_lookup_name ? harden_lookup_name(name) : 0;
	if (addr)
		return ftrace_set_filter_ip(ops, addr, 0, 0);
	return ftrace_set_filter(ops, (unsigned char *)name, strlen(name), 0);
}

static int harden_hook_attach_ftrace(struct harden_hook *hook)
{
	int err;

	/* Added to the shared ops' filter; nothing runs until armed. */
	err = harden_hook_filter_add(&harden_ftrace_ops[hook->ipmodify], hook->name);
	if (err) {
		pr_err("cannot hook %s: not traceable on this kernel (%d)\n",
		       hook->name, err);
		return err;
	}
	harden_ftrace_used[hook->ipmodify] = true;
	return 0;
}

static int harden_hook_attach(struct harden_hook *hook)
{
	int err;

	hook->hits = alloc_percpu(u64);
	if (!hook->hits)
		return -ENOMEM;
	err = hook->func ? harden_hook_attach_ftrace(hook) : hook->attach(hook);
	if (err) {
		free_percpu(hook->hits);
		hook->hits = NULL;
		return err;
	}
	hook->attached = true;
	return 0;
}

/*
 * An ftrace hook only leaves the filter when harden_hooks_disarm() drops
 * it whole; until then nothing has run (not armed yet) or nothing runs
 * any more (disarmed): main.c disarms before any area's uninit.
 */
static void harden_hook_detach(struct harden_hook *hook)
{
	if (!hook->attached)
		return;
	if (!hook->func)
		hook->detach(hook);
	free_percpu(hook->hits);
	hook->hits = NULL;
	hook->attached = false;
}

int harden_hooks_arm(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(harden_ftrace_ops); i++) {
		if (!harden_ftrace_used[i])
			continue;
		err = register_ftrace_function(&harden_ftrace_ops[i]);
		if (err) {
			pr_err("cannot attach the ftrace hooks: register_ftrace_function: %d%s\n",
			       err, err == -EBUSY ?
			       " (ftrace disabled, or another IPMODIFY user such as livepatch on a hooked function)" : "");
			harden_hooks_disarm();
			return err;
		}
		harden_ftrace_armed[i] = true;
	}
	return 0;
}

void harden_hooks_disarm(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(harden_ftrace_ops); i++) {
		/*
		 * Our ops are dynamic (module data), so this waits for
		 * RCU-tasks: no CPU is left in the callback or in
		 * harden_ret_*() afterwards.
		 */
		if (harden_ftrace_armed[i])
			unregister_ftrace_function(&harden_ftrace_ops[i]);
		harden_ftrace_armed[i] = false;
		if (harden_ftrace_used[i])
			ftrace_free_filter(&harden_ftrace_ops[i]);
		harden_ftrace_used[i] = false;
	}
	memset(harden_ip_table, 0, sizeof(harden_ip_table));
}

int harden_hooks_attach(struct harden_hook_set *set)
{
	unsigned int i;
	int err;

	if (WARN_ON(harden_n_sets == HARDEN_MAX_SETS))
		return -ENOSPC;
	for (i = 0; i < set->n; i++) {
		err = harden_hook_attach(&set->hooks[i]);
		if (err)
			goto err_unwind;
	}
	harden_sets[harden_n_sets++] = set;
	return 0;

err_unwind:
	while (i--)
		harden_hook_detach(&set->hooks[i]);
	return err;
}

void harden_hooks_detach(struct harden_hook_set *set)
{
	unsigned int i = set->n;

	/* Sets detach in reverse order of attaching (main.c). */
	if (harden_n_sets && harden_sets[harden_n_sets - 1] == set)
		harden_sets[--harden_n_sets] = NULL;
	/* The last set: drop the filters, if a failed load never armed them. */
	if (!harden_n_sets)
		harden_hooks_disarm();
	while (i--)
		harden_hook_detach(&set->hooks[i]);
}

unsigned int harden_hooks_count(void)
{
	unsigned int s, n = 0;

	for (s = 0; s < harden_n_sets; s++)
		n += harden_sets[s]->n;
	return n;
}

const struct harden_hook *harden_hook_at(unsigned int i)
{
	unsigned int s;

	for (s = 0; s < harden_n_sets; s++) {
		if (i < harden_sets[s]->n)
			return &harden_sets[s]->hooks[i];
		i -= harden_sets[s]->n;
	}
	return NULL;
}

u64 harden_hook_hits(const struct harden_hook *hook)
{
	u64 sum = 0;
	int cpu;

	if (!hook->hits)
		return 0;
	for_each_possible_cpu(cpu)
		sum += *per_cpu_ptr(hook->hits, cpu);
	return sum;
}
