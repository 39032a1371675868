/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_TRACK_H
#define _HARDEN_TRACK_H

#include <linux/ftrace.h>

struct harden_cg;
struct harden_group;
struct harden_policy;

/*
 * Task tracking: which container cgroup a task is bound to. A task is
 * bound when it completes an execve inside a non-initial mount namespace
 * (for a container: its entrypoint, or a `docker exec` command, never
 * runc's own setup). Binding is sticky and inherited on fork. A bound task
 * whose cgroup matches a group is policed.
 */
void hook_security_task_alloc(unsigned long ip, unsigned long parent_ip,
			      struct ftrace_ops *ops, struct ftrace_regs *fregs);
void hook_free_task(unsigned long ip, unsigned long parent_ip,
		    struct ftrace_ops *ops, struct ftrace_regs *fregs);
void hook_security_bprm_creds_for_exec(unsigned long ip, unsigned long parent_ip,
				       struct ftrace_ops *ops,
				       struct ftrace_regs *fregs);
void hook_security_bprm_committed_creds(unsigned long ip, unsigned long parent_ip,
					struct ftrace_ops *ops,
					struct ftrace_regs *fregs);
void hook_sys_delete_module(unsigned long ip, unsigned long parent_ip,
			    struct ftrace_ops *ops, struct ftrace_regs *fregs);

/*
 * harden_current_group() - the group policing current, or NULL.
 * @pol: policy in force (non-NULL)
 * @cgp: if non-NULL, set to current's cgroup entry when policed
 *
 * RCU read side; atomic-safe; never allocates.
 */
const struct harden_group *harden_current_group(const struct harden_policy *pol,
						struct harden_cg **cgp);

/*
 * harden_current_refused() - may current use the control channel?
 * True for a policed task, and for any task whose cgroup matches a group
 * even before it is bound (e.g. runc init inside the container cgroup).
 * Process context only.
 */
bool harden_current_refused(void);

unsigned int harden_track_count(void);

int harden_track_init(void);
int harden_track_scan(void);
void harden_track_uninit(void);

#endif /* _HARDEN_TRACK_H */
