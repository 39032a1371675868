/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_HOOKS_H
#define _HARDEN_HOOKS_H

#include <linux/ftrace.h>
#include <linux/percpu.h>
#include <linux/ptrace.h>

/*
 * struct harden_hook - one hook owned by an area file.
 * @name: for an ftrace hook, the function to hook (it must be listed in
 *        available_filter_functions); for a custom hook, its name in status
 * @func: ftrace callback; NULL for a custom hook. It gets @ops (never
 *        registered itself: all hooks share two ftrace_ops) so that
 *        harden_hook_hit() finds the hook
 * @attach: custom hooks only (e.g. netfilter): attach, 0 or -errno
 * @detach: custom hooks only: detach; afterwards no callback runs
 * @ipmodify: the ftrace callback may redirect the call to deny it
 * @area: enum harden_area that owns the hook, for status
 */
struct harden_hook {
	const char *name;
	ftrace_func_t func;
	int (*attach)(struct harden_hook *hook);
	void (*detach)(struct harden_hook *hook);
	bool ipmodify;
	u8 area;
	/* private */
	struct ftrace_ops ops;
	u64 __percpu *hits;
	bool attached;
};

/* An area's hooks; attached all or none, detached in reverse order. */
struct harden_hook_set {
	struct harden_hook *hooks;
	unsigned int n;
};

int harden_hooks_attach(struct harden_hook_set *set);
void harden_hooks_detach(struct harden_hook_set *set);

/*
 * The ftrace hooks of every attached set start firing at
 * harden_hooks_arm() and stop at harden_hooks_disarm(), all at once;
 * custom hooks fire from their attach to their detach.
 */
int harden_hooks_arm(void);
void harden_hooks_disarm(void);

/* For status: every attached hook, in attach order. */
unsigned int harden_hooks_count(void);
const struct harden_hook *harden_hook_at(unsigned int i);
u64 harden_hook_hits(const struct harden_hook *hook);

/* Count one call; at the top of every callback. */
static __always_inline void harden_hook_hit(struct ftrace_ops *ops)
{
	this_cpu_inc(*container_of(ops, struct harden_hook, ops)->hits);
}

/* The same for custom hooks. */
static __always_inline void harden_hook_hit_custom(struct harden_hook *hook)
{
	this_cpu_inc(*hook->hits);
}

/*
 * The callbacks' view of the hooked call. With DYNAMIC_FTRACE_WITH_ARGS
 * (x86-64 on 6.1 and 6.12) the cheaper trampoline that saves only the
 * argument registers and the instruction pointer is enough, even to
 * redirect the call, as livepatch does: about 25 instructions per call less
 * than SAVE_REGS. Without it, fall back to SAVE_REGS. The accessors differ
 * between 6.1 (fregs->regs) and 6.12 (opaque ftrace_regs); probe for them
 * rather than trust version numbers, which Debian backports blur.
 */
#ifdef CONFIG_HAVE_DYNAMIC_FTRACE_WITH_ARGS
#define HARDEN_FTRACE_FLAGS	0
#ifdef ftrace_regs_get_argument
#define HARDEN_HOOK_ARG(fregs, n)	ftrace_regs_get_argument((fregs), (n))
#else
#define HARDEN_HOOK_ARG(fregs, n)	regs_get_kernel_argument(&(fregs)->regs, (n))
#endif
static __always_inline void harden_hook_set_ip(struct ftrace_regs *fregs,
					       unsigned long ip)
{
#ifdef ftrace_regs_set_instruction_pointer
	ftrace_regs_set_instruction_pointer(fregs, ip);
#else
	ftrace_instruction_pointer_set(fregs, ip);
#endif
}
#else
#define HARDEN_FTRACE_FLAGS	FTRACE_OPS_FL_SAVE_REGS
#define HARDEN_HOOK_ARG(fregs, n) \
	regs_get_kernel_argument(ftrace_get_regs(fregs), (n))
static __always_inline void harden_hook_set_ip(struct ftrace_regs *fregs,
					       unsigned long ip)
{
	instruction_pointer_set(ftrace_get_regs(fregs), ip);
}
#endif

/*
 * A syscall's argument @n (0..3) from the user registers its wrapper
 * (__x64_sys_*, __ia32_sys_*) gets: the x64 and ia32 conventions differ.
 */
static __always_inline unsigned long harden_sys_arg(const struct pt_regs *regs,
						    bool ia32, unsigned int n)
{
	if (ia32) {
		switch (n) {
		case 0: return regs->bx;
		case 1: return regs->cx;
		case 2: return regs->dx;
		default: return regs->si;
		}
	}
	switch (n) {
	case 0: return regs->di;
	case 1: return regs->si;
	case 2: return regs->dx;
	default: return regs->r10;
	}
}

/* The user registers a syscall wrapper's hook finds as its argument. */
static __always_inline const struct pt_regs *harden_sys_regs(struct ftrace_regs *fregs)
{
	return (const struct pt_regs *)HARDEN_HOOK_ARG(fregs, 0);
}

long harden_ret_eperm(void);
long harden_ret_enomem(void);

/* Redirect the hooked call so that it returns -EPERM / -ENOMEM untouched. */
static __always_inline void harden_hook_deny_eperm(struct ftrace_regs *fregs)
{
	harden_hook_set_ip(fregs, (unsigned long)harden_ret_eperm);
}

static __always_inline void harden_hook_deny_enomem(struct ftrace_regs *fregs)
{
	harden_hook_set_ip(fregs, (unsigned long)harden_ret_enomem);
}

/*
 * Declares an ftrace hook callback. notrace: a callback must not be a
 * tracing target itself, and the __fentry__ call it would carry is one
 * more instruction on every hooked call.
 */
#define HARDEN_HOOK(fn)							\
	notrace void fn(unsigned long ip, unsigned long parent_ip,	\
			struct ftrace_ops *ops, struct ftrace_regs *fregs)

#endif /* _HARDEN_HOOKS_H */
