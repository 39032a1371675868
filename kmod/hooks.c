// SPDX-License-Identifier: GPL-2.0
/*
 * Hook plumbing, shared by every area. A module cannot register an LSM, so
 * every decision is an extra veto layered on top of the host's LSM stack:
 * one ftrace_ops per hooked function, with IPMODIFY to skip the function
 * and return an error; we never call the original function. Areas that
 * need another mechanism (netfilter) bring their own attach/detach.
 *
 * The area files own their hooks; this file attaches them, counts their
 * calls and lists them for status.
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/kernel.h>
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

static int harden_hook_attach_ftrace(struct harden_hook *hook)
{
	int err;

	/*
	 * PERMANENT: without it, sysctl kernel.ftrace_enabled=0 would switch
	 * every hook off silently. No RECURSION flag: ftrace would then skip
	 * our callback on recursion, which fails open; our callbacks never
	 * call a hooked function.
	 */
	hook->ops.func = hook->func;
	hook->ops.flags = HARDEN_FTRACE_FLAGS | FTRACE_OPS_FL_PERMANENT;
	if (hook->ipmodify)
		hook->ops.flags |= FTRACE_OPS_FL_IPMODIFY;

	err = ftrace_set_filter(&hook->ops, (unsigned char *)hook->name,
				strlen(hook->name), 0);
	if (err) {
		pr_err("cannot hook %s: not traceable on this kernel (%d)\n",
		       hook->name, err);
		return err;
	}
	err = register_ftrace_function(&hook->ops);
	if (err) {
		pr_err("cannot hook %s: register_ftrace_function: %d%s\n",
		       hook->name, err, err == -EBUSY ?
		       " (ftrace disabled, or another IPMODIFY user such as livepatch)" : "");
		ftrace_free_filter(&hook->ops);
	}
	return err;
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

static void harden_hook_detach(struct harden_hook *hook)
{
	if (!hook->attached)
		return;
	if (hook->func) {
		/*
		 * Our ops are dynamic (module data), so this waits for
		 * RCU-tasks: no CPU is left in the callback or in
		 * harden_ret_*() afterwards.
		 */
		unregister_ftrace_function(&hook->ops);
		ftrace_free_filter(&hook->ops);
	} else {
		hook->detach(hook);
	}
	free_percpu(hook->hits);
	hook->hits = NULL;
	hook->attached = false;
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
