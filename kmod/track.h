/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_TRACK_H
#define _HARDEN_TRACK_H

#include <linux/ftrace.h>

struct harden_cg;
struct harden_group;
struct harden_policy;

/*
 * Task tracking: which container cgroups a task is bound to. A task is
 * bound when it completes an execve inside a non-initial mount namespace
 * (for a container: its entrypoint, or a `docker exec` command, never
 * runc's own setup), whether or not a policy is loaded. Binding is sticky
 * and inherited on fork. A bound task is policed by the group of its first
 * binding that a group matches; in enforce mode its capability sets are
 * clamped to the group's allow-list at every exec.
 */
void hook_security_task_alloc(unsigned long ip, unsigned long parent_ip,
			      struct ftrace_ops *ops, struct ftrace_regs *fregs);
void hook_free_task(unsigned long ip, unsigned long parent_ip,
		    struct ftrace_ops *ops, struct ftrace_regs *fregs);
void hook_security_bprm_creds_for_exec(unsigned long ip, unsigned long parent_ip,
				       struct ftrace_ops *ops,
				       struct ftrace_regs *fregs);
void hook_security_bprm_committing_creds(unsigned long ip, unsigned long parent_ip,
					 struct ftrace_ops *ops,
					 struct ftrace_regs *fregs);
void hook_cgroup_attach_task(unsigned long ip, unsigned long parent_ip,
			     struct ftrace_ops *ops, struct ftrace_regs *fregs);
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
 * harden_current_refused() - is current refused the control channel and
 * delete_module? True for a policed task, and for a task in a container
 * mount namespace whose cgroup a group matches even before it is bound
 * (e.g. runc init). Never for the host admin: a task in the initial mount
 * namespace that is not policed, whatever the policy matches. Atomic-safe.
 */
bool harden_current_refused(void);

unsigned int harden_track_count(void);
size_t harden_track_bytes(void);	/* memory held by task entries */

int harden_track_init(void);
/* Bind tasks already in containers; -ENOMEM if memory runs out. */
int harden_track_scan(void);
/* After a successful scan: clamp scanned tasks, catch in-flight forks. */
void harden_track_start(void);
/*
 * After a successful load: clamp running tasks whose sets exceed their
 * group's enforcing caps list. Process context.
 */
void harden_track_policy_loaded(void);
/* Before unloading: no more rescans, so nothing new pins the module. */
void harden_track_stop(void);
void harden_track_uninit(void);

#endif /* _HARDEN_TRACK_H */
