/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_HOOKS_H
#define _HARDEN_HOOKS_H

#include <linux/ftrace.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>

/*
 * struct harden_hook - one ftrace_ops on one kernel function.
 * @name: function to hook; must be traceable (listed in
 *        available_filter_functions)
 * @func: the callback
 * @ipmodify: the callback may redirect the call to deny it
 */
struct harden_hook {
	const char *name;
	ftrace_func_t func;
	bool ipmodify;
	/* private */
	struct ftrace_ops ops;
	u64 __percpu *hits;
	bool attached;
};

int harden_hooks_init(void);
void harden_hooks_uninit(void);

/* For status: iterate over the hook table. */
unsigned int harden_hooks_count(void);
const struct harden_hook *harden_hook_at(unsigned int i);
u64 harden_hook_hits(const struct harden_hook *hook);

/*
 * The callbacks' view of the hooked call. SAVE_REGS gives full pt_regs on
 * both 6.1 (fregs->regs) and 6.12 (opaque ftrace_regs), so we only use the
 * documented accessor.
 */
static __always_inline struct pt_regs *harden_hook_regs(struct ftrace_regs *fregs)
{
	return ftrace_get_regs(fregs);
}

/* Redirect the hooked call so that it returns -EPERM / -ENOMEM untouched. */
void harden_hook_deny_eperm(struct pt_regs *regs);
void harden_hook_deny_enomem(struct pt_regs *regs);

#define HARDEN_HOOK_ARG(regs, n) regs_get_kernel_argument((regs), (n))

#endif /* _HARDEN_HOOKS_H */

void harden_hook_hit(struct ftrace_ops *ops);
