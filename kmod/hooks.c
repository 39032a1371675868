// SPDX-License-Identifier: GPL-2.0
/*
 * ftrace plumbing. A module cannot register an LSM, so every decision is
 * an extra veto layered on top of the host's LSM stack: one ftrace_ops per
 * security_* function, with IPMODIFY to skip the function and return an
 * error. We never call the original function.
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/kernel.h>
#include <linux/module.h>

#include "hooks.h"
#include "hooks_cap.h"
#include "track.h"

/*
 * The hooked function's body is replaced by one of these: the caller sees
 * an ordinary return value. They return long so that the whole of %rax is
 * right both for int functions (security_*) and for long ones (syscalls).
 */
static noinline long harden_ret_eperm(void)
{
	return -EPERM;
}

static noinline long harden_ret_enomem(void)
{
	return -ENOMEM;
}

void harden_hook_deny_eperm(struct pt_regs *regs)
{
	instruction_pointer_set(regs, (unsigned long)harden_ret_eperm);
}

void harden_hook_deny_enomem(struct pt_regs *regs)
{
	instruction_pointer_set(regs, (unsigned long)harden_ret_enomem);
}

static struct harden_hook harden_hooks[] = {
	/* Tracking first: enforcement relies on it being in place. */
	{ "security_task_alloc", hook_security_task_alloc, true },
	{ "free_task", hook_free_task, false },
	{ "security_bprm_creds_for_exec", hook_security_bprm_creds_for_exec, true },
	{ "security_bprm_committing_creds", hook_security_bprm_committing_creds, false },
	{ "cgroup_attach_task", hook_cgroup_attach_task, true },
	{ "__x64_sys_delete_module", hook_sys_delete_module, true },
#ifdef CONFIG_IA32_EMULATION
	{ "__ia32_sys_delete_module", hook_sys_delete_module, true },
#endif
	{ "security_capable", hook_security_capable, true },
	{ "__x64_sys_io_uring_register", hook_x64_sys_io_uring_register, true },
#ifdef CONFIG_IA32_EMULATION
	{ "__ia32_sys_io_uring_register", hook_ia32_sys_io_uring_register, true },
#endif
};

static int harden_hook_attach(struct harden_hook *hook)
{
	int err;

	hook->hits = alloc_percpu(u64);
	if (!hook->hits)
		return -ENOMEM;

	/*
	 * PERMANENT: without it, sysctl kernel.ftrace_enabled=0 would switch
	 * every hook off silently. No RECURSION flag: ftrace would then skip
	 * our callback on recursion, which fails open; our callbacks never
	 * call a hooked function.
	 */
	hook->ops.func = hook->func;
	hook->ops.flags = FTRACE_OPS_FL_SAVE_REGS | FTRACE_OPS_FL_PERMANENT;
	if (hook->ipmodify)
		hook->ops.flags |= FTRACE_OPS_FL_IPMODIFY;

	err = ftrace_set_filter(&hook->ops, (unsigned char *)hook->name,
				strlen(hook->name), 0);
	if (err) {
		pr_err("cannot hook %s: not traceable on this kernel (%d)\n",
		       hook->name, err);
		goto err_free;
	}
	err = register_ftrace_function(&hook->ops);
	if (err) {
		pr_err("cannot hook %s: register_ftrace_function: %d%s\n",
		       hook->name, err, err == -EBUSY ?
		       " (ftrace disabled, or another IPMODIFY user such as livepatch)" : "");
		goto err_filter;
	}
	hook->attached = true;
	return 0;

err_filter:
	ftrace_free_filter(&hook->ops);
err_free:
	free_percpu(hook->hits);
	hook->hits = NULL;
	return err;
}

static void harden_hook_detach(struct harden_hook *hook)
{
	if (!hook->attached)
		return;
	/*
	 * Our ops are dynamic (module data), so this waits for RCU-tasks:
	 * no CPU is left in the callback or in harden_ret_*() afterwards.
	 */
	unregister_ftrace_function(&hook->ops);
	ftrace_free_filter(&hook->ops);
	free_percpu(hook->hits);
	hook->hits = NULL;
	hook->attached = false;
}

int harden_hooks_init(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(harden_hooks); i++) {
		err = harden_hook_attach(&harden_hooks[i]);
		if (err)
			goto err_unwind;
	}
	return 0;

err_unwind:
	while (i--)
		harden_hook_detach(&harden_hooks[i]);
	return err;
}

void harden_hooks_uninit(void)
{
	unsigned int i = ARRAY_SIZE(harden_hooks);

	/* Reverse order: enforcement goes before the tracking it relies on. */
	while (i--)
		harden_hook_detach(&harden_hooks[i]);
}

unsigned int harden_hooks_count(void)
{
	return ARRAY_SIZE(harden_hooks);
}

const struct harden_hook *harden_hook_at(unsigned int i)
{
	return i < ARRAY_SIZE(harden_hooks) ? &harden_hooks[i] : NULL;
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

/* Called at the top of every callback. */
void harden_hook_hit(struct ftrace_ops *ops)
{
	struct harden_hook *hook = container_of(ops, struct harden_hook, ops);

	this_cpu_inc(*hook->hits);
}
