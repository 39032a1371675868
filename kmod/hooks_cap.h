/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_HOOKS_CAP_H
#define _HARDEN_HOOKS_CAP_H

#include <linux/ftrace.h>

void hook_security_capable(unsigned long ip, unsigned long parent_ip,
			   struct ftrace_ops *ops, struct ftrace_regs *fregs);

void hook_x64_sys_io_uring_register(unsigned long ip, unsigned long parent_ip,
				    struct ftrace_ops *ops,
				    struct ftrace_regs *fregs);
void hook_ia32_sys_io_uring_register(unsigned long ip, unsigned long parent_ip,
				     struct ftrace_ops *ops,
				     struct ftrace_regs *fregs);

#endif /* _HARDEN_HOOKS_CAP_H */
