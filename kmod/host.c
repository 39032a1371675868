// SPDX-License-Identifier: GPL-2.0
/*
 * Host kernel interfaces: what a container reaches without any capability
 * once --privileged has mounted /proc/sys and /sys read-write, unmasked
 * /proc, created every host device node and let the device cgroup open
 * them: global sysctls (kernel.core_pattern and kernel.modprobe run a
 * program of the writer's choice as host root), /proc/sysrq-trigger,
 * /sys knobs, other containers' cgroup files, raw disks. AppArmor, which
 * denies most of this to default containers, is off under --privileged,
 * and it matches path strings: a host /proc bind-mounted elsewhere escapes
 * it even then.
 *
 * So every check here names a kernel object, never a path: the superblock
 * (its magic), the inode (its type and device number), the procfs inode
 * (its sysctl table and set, its pid), the kernfs node (its cgroup). A bind
 * mount, a fresh proc or sysfs mount, a /proc/self/fd re-open, an io_uring
 * openat and a node made with mknod all open the same object.
 *
 * Hooks:
 *   security_file_open  every open that could write: write(2), pwritev(2),
 *       splice(2), sendfile(2), io_uring writes, mmap all need an fd opened
 *       for writing, and the open is where the object is known.
 *   security_kernel_module_request  module autoload requested by a
 *       policed task (a socket family, a filesystem type, a netdev kind):
 *       attack surface a container could otherwise load at will.
 *   security_bprm_check  the usermode-helper backstop (below).
 *
 * Fail-closed choices: if the procfs layout this file relies on cannot be
 * verified at load, the module does not load (see harden_host_init()).
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/binfmts.h>
#include <linux/cgroup.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/ipc_namespace.h>
#include <linux/kdev_t.h>
#include <linux/kernfs.h>
#include <linux/magic.h>
#include <linux/nsproxy.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/threads.h>
#include <linux/proc_ns.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sysctl.h>
#include <linux/uaccess.h>
#include <linux/user_namespace.h>
#include <linux/utsname.h>
#include <net/net_namespace.h>

#include "cgroup.h"
#include "decision.h"
#include "hooks.h"
#include "host.h"
#include "policy.h"
#include "track.h"

/* fs/configfs/mount.c keeps it to itself. */
#ifndef CONFIGFS_MAGIC
#define CONFIGFS_MAGIC		0x62656570
#endif
#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC	0x63677270
#endif

/*
 * fs/proc/internal.h's struct proc_inode, which no header exports. Its
 * layout is the same on 6.1 and 6.12 (RANDSTRUCT is off in Debian's
 * kernels); harden_host_init() verifies it on the running kernel against
 * two inodes whose contents it knows, and refuses to load if it differs:
 * a wrong guess must not become a hole or a crash.
 */
union harden_proc_op {
	int (*proc_get_link)(struct dentry *d, struct path *p);
	int (*proc_show)(struct seq_file *m, struct pid_namespace *ns,
			 struct pid *pid, struct task_struct *task);
	const char *lsm;
};

struct harden_proc_inode {
	struct pid *pid;
	unsigned int fd;
	union harden_proc_op op;
	struct proc_dir_entry *pde;
	struct ctl_table_header *sysctl;
	struct ctl_table *sysctl_entry;
	struct hlist_node sibling_inodes;
	const struct proc_ns_operations *ns_ops;
	struct inode vfs_inode;
};

static inline struct harden_proc_inode *harden_proc_i(const struct inode *inode)
{
	return container_of(inode, struct harden_proc_inode, vfs_inode);
}

/* Learnt at load from /proc/sys/kernel/hostname (process context). */
static const struct file_operations *harden_sysctl_fops __read_mostly;
static const struct ctl_table_set *harden_sysctl_default_set __read_mostly;
static const void *harden_uts_handler __read_mostly;

/*
 * The character devices every container may open (Docker's own default
 * device cgroup rules): null, zero, full, random, urandom, tty, ptmx, the
 * pts, fuse and net/tun. Anything else needs a device rule.
 */
static bool harden_dev_safe(dev_t dev)
{
	unsigned int ma = MAJOR(dev), mi = MINOR(dev);

	switch (ma) {
	case 1:
		return mi == 3 || mi == 5 || mi == 7 || mi == 8 || mi == 9;
	case 5:
		/* not 5:1, the host's own console: a container's is a pts */
		return mi == 0 || mi == 2;
	case 10:
		return mi == 229 || mi == 200;
	}
	return ma >= 136 && ma <= 143;	/* UNIX98_PTY_SLAVE_MAJOR.. */
}

static bool harden_dev_rule_match(const struct harden_group *grp, bool block,
				  dev_t dev)
{
	u64 type = block ? HARDEN_DEVICE_BLOCK : HARDEN_DEVICE_CHAR;
	unsigned int i;

	for (i = 0; i < grp->n_devices; i++) {
		u64 r = grp->devices[i];

		if (!(r & type))
			continue;
		if (!(r & HARDEN_DEVICE_MAJOR_ANY) &&
		    ((r >> HARDEN_DEVICE_MAJOR_SHIFT) & HARDEN_DEVICE_MAJOR_MASK) != MAJOR(dev))
			continue;
		if (!(r & HARDEN_DEVICE_MINOR_ANY) &&
		    (r & HARDEN_DEVICE_MINOR_MASK) != MINOR(dev))
			continue;
		return true;
	}
	return false;
}

/*
 * The object for an event: the file's path inside its own filesystem (so
 * "/sys/kernel/core_pattern" in procfs, whatever it is mounted as). Only
 * on a violation. dentry_path_raw() is safe in atomic context.
 */
static const char *harden_host_object(struct dentry *d, char *buf, int len)
{
	char *p = dentry_path_raw(d, buf, len);

	return IS_ERR(p) ? "?" : p;
}

/*
 * Is this sysctl the caller's own namespace's? The kernel keeps one table
 * set per network, IPC, mqueue and user namespace; every other sysctl is
 * in the default set and global. A set of the caller's own, non-initial
 * namespace is its own; the initial namespaces' sets are the host's. The
 * UTS strings are the one exception: global tables whose handler writes
 * the caller's UTS namespace.
 */
static bool harden_sysctl_own(const struct harden_proc_inode *pi)
{
	const struct ctl_table_header *head = READ_ONCE(pi->sysctl);
	const struct ctl_table *table = READ_ONCE(pi->sysctl_entry);
	const struct nsproxy *nsp = current->nsproxy;
	const struct ctl_table_set *set;

	if (!head || !table || !nsp)
		return false;
	set = head->set;
	if (set == harden_sysctl_default_set)
		return (const void *)table->proc_handler == harden_uts_handler &&
		       nsp->uts_ns->ns.inum != PROC_UTS_INIT_INO;
	if (nsp->net_ns != &init_net && set == &nsp->net_ns->sysctls)
		return true;
	if (nsp->ipc_ns->ns.inum != PROC_IPC_INIT_INO &&
	    (set == &nsp->ipc_ns->ipc_set || set == &nsp->ipc_ns->mq_set))
		return true;
	return current_user_ns() != &init_user_ns && set == &current_user_ns()->set;
}

/*
 * The task whose /proc/PID a procfs file is under: /proc/PID/..., and
 * /proc/PID/net/... too (its network namespace's files: *@net is set), or
 * NULL for a file of /proc itself. Walks up to the superblock's root;
 * procfs never renames, and the caller's reference pins the chain.
 */
static struct pid *harden_proc_owner(struct dentry *d, bool *net)
{
	struct dentry *root = d->d_sb->s_root;

	*net = false;
	while (d && d != root) {
		struct inode *inode = d_inode(d);
		struct pid *pid = inode ? harden_proc_i(inode)->pid : NULL;

		if (pid) {
			/*
			 * /proc/PID/net is a pid inode, the entries below it
			 * are its namespace's and have none: the first pid
			 * inode up from one of them is "net".
			 */
			*net = !strcmp(d->d_name.name, "net");
			return pid;
		}
		if (d == READ_ONCE(d->d_parent))
			break;
		d = READ_ONCE(d->d_parent);
	}
	return NULL;
}

/* Views of kernel memory in the root of /proc, closed even to reads. */
static bool harden_proc_kmem(const struct dentry *d)
{
	static const char * const names[] = {
		"kcore", "kpagecount", "kpageflags", "kpagecgroup", "vmcore",
	};
	unsigned int i;

	if (d->d_parent != d->d_sb->s_root)
		return false;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(d->d_name.name, names[i]))
			return true;
	return false;
}

/* Files of a container's own cgroup it may write: no limit among them. */
static bool harden_cgroup_own_file(const char *name)
{
	static const char * const names[] = {
		"cgroup.procs", "cgroup.threads", "cgroup.subtree_control",
		"cgroup.freeze", "cgroup.kill",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

/*
 * May a member of the container @cg open cgroup v2 file @kn for writing?
 * Only below its own cgroup, and in that cgroup only the files that set no
 * limit. kernfs nodes never change parent, and the open file pins them.
 */
static bool harden_cgroup_write_ok(const struct kernfs_node *kn, u64 id)
{
	const struct kernfs_node *dir = kn->parent;
	const struct kernfs_node *p;

	if (!dir)
		return false;
	if (dir->id == id)
		return harden_cgroup_own_file(kn->name);
	for (p = dir->parent; p; p = p->parent)
		if (p->id == id)
			return true;
	return false;
}

/*
 * Is cgroup directory @dir (@strict: strictly) below the cgroup with id
 * @id? cgroup v2 only: v1 hierarchies have kernfs ids of their own, and
 * the default hierarchy is the one with hierarchy_id 0.
 */
static bool harden_cgroup_dir_in(const struct kernfs_node *dir, u64 id, bool strict)
{
	const struct cgroup *cgrp = dir->priv;
	const struct kernfs_node *p;

	if (!cgrp || cgrp->root->hierarchy_id != 0)
		return false;
	for (p = strict ? dir->parent : dir; p; p = p->parent)
		if (p->id == id)
			return true;
	return false;
}

/*
 * harden_host_refuse() - an operation that is a violation whenever a group
 * with @flag polices current, unless @allowed (if given) says that @arg is
 * within the member's container @cg: count it and refuse it unless
 * audited.
 * @object: for the event (the module alias, the system call, the cgroup)
 */
static void harden_host_refuse(struct ftrace_regs *fregs, u32 flag, u16 op,
			       const char *object,
			       bool (*allowed)(const struct harden_cg *cg, const void *arg),
			       const void *arg)
{
	const struct harden_group *grp;
	struct harden_cg *cg = NULL;
	bool deny = false;

	if (!harden_current_maybe_bound())
		return;
	rcu_read_lock();
	grp = harden_current_policed(flag, &cg);
	if (grp && !(allowed && cg && allowed(cg, arg)))
		deny = harden_decide_obj(grp, cg, HARDEN_AREA_HOST, op, 0, 0, object,
					 NULL) == HARDEN_DENY;
	rcu_read_unlock();
	if (deny)
		harden_hook_deny_eperm(fregs);
}

/*
 * The cgroupfs check for mkdir and rmdir: a new cgroup's parent must be the
 * container's cgroup or below it, a removed cgroup strictly below it.
 * Empty cgroups made or removed elsewhere would let a --cgroupns=host
 * container litter the host's hierarchy, or remove a cgroup Docker made
 * for a container about to start.
 */
static bool harden_cgroup_mkdir_ok(const struct harden_cg *cg, const void *dir)
{
	return harden_cgroup_dir_in(dir, cg->id, false);
}

static bool harden_cgroup_rmdir_ok(const struct harden_cg *cg, const void *dir)
{
	return harden_cgroup_dir_in(dir, cg->id, true);
}

/**
 * hook_cgroup_mkdir() - mkdir(2) in a cgroup hierarchy.
 * @fregs: cgroup_mkdir(parent_kn, name, mode), with no LSM hook on the way
 */
static HARDEN_HOOK(hook_cgroup_mkdir)
{
	harden_hook_hit(ops);
	harden_host_refuse(fregs, HARDEN_GROUP_F_CGROUPFS, HARDEN_OP_CGROUP_WRITE,
			   (const char *)HARDEN_HOOK_ARG(fregs, 1),
			   harden_cgroup_mkdir_ok, (void *)HARDEN_HOOK_ARG(fregs, 0));
}

/**
 * hook_cgroup_rmdir() - rmdir(2) in a cgroup hierarchy.
 * @fregs: cgroup_rmdir(kn)
 */
static HARDEN_HOOK(hook_cgroup_rmdir)
{
	struct kernfs_node *kn = (void *)HARDEN_HOOK_ARG(fregs, 0);

	harden_hook_hit(ops);
	harden_host_refuse(fregs, HARDEN_GROUP_F_CGROUPFS, HARDEN_OP_CGROUP_WRITE,
			   kn->name, harden_cgroup_rmdir_ok, kn);
}

static u32 harden_kernfs_fstype(unsigned long magic)
{
	switch (magic) {
	case SYSFS_MAGIC:	return HARDEN_FSTYPE_SYSFS;
	case DEBUGFS_MAGIC:	return HARDEN_FSTYPE_DEBUGFS;
	case TRACEFS_MAGIC:	return HARDEN_FSTYPE_TRACEFS;
	case SECURITYFS_MAGIC:	return HARDEN_FSTYPE_SECURITYFS;
	case CONFIGFS_MAGIC:	return HARDEN_FSTYPE_CONFIGFS;
	case EFIVARFS_MAGIC:	return HARDEN_FSTYPE_EFIVARFS;
	case PSTOREFS_MAGIC:	return HARDEN_FSTYPE_PSTORE;
	}
	return HARDEN_FSTYPE_UNKNOWN;
}

/* What a member does to a kernel object: harden_host_inode_op()'s @how. */
enum harden_host_how {
	HARDEN_HOST_READ,	/* open for reading only */
	HARDEN_HOST_WRITE,	/* open for writing */
	HARDEN_HOST_ATTR,	/* chmod, chown, set/remove xattr, directory changes */
};

/*
 * May a member write under /proc/PID (@pid)? Only for a task of its own
 * container (or one already gone: nothing to protect), and under
 * /proc/PID/net (@net) only a network namespace that is not the host's.
 */
static bool harden_proc_pid_ok(struct harden_cg *cg, struct pid *pid, bool net)
{
	struct harden_cg *tcg;
	struct task_struct *t;

	if (net && current->nsproxy && current->nsproxy->net_ns == &init_net)
		return false;
	t = pid_task(pid, PIDTYPE_PID);
	if (!t)
		return true;
	tcg = harden_task_container(t, harden_policy_get());
	return tcg && harden_cg_same_container(cg, tcg);
}

/*
 * harden_host_inode_op() - the violation @how on @d by a member of @grp
 * would be, or HARDEN_OP_OTHER if none. Sets *@detail. Devices and sysctl
 * opens are the caller's; a sysctl's attributes the kernel keeps itself.
 */
static u16 harden_host_inode_op(const struct harden_group *grp,
				struct harden_cg *cg, struct dentry *d,
				struct inode *inode, enum harden_host_how how,
				u32 *detail)
{
	unsigned long magic = inode->i_sb->s_magic;
	struct kernfs_node *kn;
	bool net = false;
	struct pid *pid;

	*detail = 0;
	switch (magic) {
	case PROC_SUPER_MAGIC:
		if (!(grp->flags & HARDEN_GROUP_F_PROCFS) ||
		    READ_ONCE(harden_proc_i(inode)->sysctl))
			return HARDEN_OP_OTHER;
		/* Reads (ps, top: most opens here) need no walk. */
		if (how == HARDEN_HOST_READ)
			return harden_proc_kmem(d) ? HARDEN_OP_PROC_READ :
						     HARDEN_OP_OTHER;
		pid = harden_proc_owner(d, &net);
		return pid && harden_proc_pid_ok(cg, pid, net) ?
		       HARDEN_OP_OTHER : HARDEN_OP_PROC_WRITE;
	case CGROUP2_SUPER_MAGIC:
		if (how == HARDEN_HOST_READ || !(grp->flags & HARDEN_GROUP_F_CGROUPFS))
			return HARDEN_OP_OTHER;
		kn = inode->i_private;
		if (!cg || !kn)
			return HARDEN_OP_CGROUP_WRITE;
		if (how == HARDEN_HOST_WRITE)
			return harden_cgroup_write_ok(kn, cg->id) ?
			       HARDEN_OP_OTHER : HARDEN_OP_CGROUP_WRITE;
		/*
		 * Attributes: only of cgroups strictly below the container's,
		 * or a host user could be handed a knob (chmod 666 on the
		 * root's cgroup.procs, say) that no open check ever sees.
		 */
		if (kernfs_type(kn) != KERNFS_DIR)
			kn = kn->parent;
		return kn && harden_cgroup_dir_in(kn, cg->id, true) ?
		       HARDEN_OP_OTHER : HARDEN_OP_CGROUP_WRITE;
	case CGROUP_SUPER_MAGIC:
		return how != HARDEN_HOST_READ &&
		       (grp->flags & HARDEN_GROUP_F_CGROUPFS) ?
		       HARDEN_OP_CGROUP_WRITE : HARDEN_OP_OTHER;
	case BINFMTFS_MAGIC:
		/*
		 * /proc/sys/fs/binfmt_misc: a registered interpreter runs for
		 * every matching exec on the host, as whoever execs. Global
		 * before 6.7, and a host mount comes along with -v /proc:...
		 */
		return how != HARDEN_HOST_READ &&
		       (grp->flags & HARDEN_GROUP_F_SYSCTL) ?
		       HARDEN_OP_SYSCTL_WRITE : HARDEN_OP_OTHER;
	}
	*detail = harden_kernfs_fstype(magic);
	if (*detail == HARDEN_FSTYPE_UNKNOWN || !(grp->flags & HARDEN_GROUP_F_SYSFS))
		goto none;
	if (how != HARDEN_HOST_READ)
		return HARDEN_OP_SYSFS_WRITE;
	/*
	 * tracefs and debugfs are the kernel's debugging views: trace_pipe
	 * consumes the host's trace, others show kernel memory. Not even
	 * read.
	 */
	if (*detail == HARDEN_FSTYPE_TRACEFS || *detail == HARDEN_FSTYPE_DEBUGFS)
		return HARDEN_OP_SYSFS_READ;
none:
	*detail = 0;
	return HARDEN_OP_OTHER;
}

/*
 * harden_host_open_op() - the violation an open of @file by a member of
 * @grp would be, or HARDEN_OP_OTHER if none. Sets *@detail.
 */
static u16 harden_host_open_op(const struct harden_group *grp,
			       struct harden_cg *cg, struct file *file,
			       u32 *detail)
{
	struct inode *inode = file_inode(file);
	bool write = file->f_mode & FMODE_WRITE;

	*detail = 0;
	if (S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode)) {
		bool block = S_ISBLK(inode->i_mode);

		if (!(grp->flags & HARDEN_GROUP_F_DEVICES) ||
		    (!block && harden_dev_safe(inode->i_rdev)) ||
		    harden_dev_rule_match(grp, block, inode->i_rdev))
			return HARDEN_OP_OTHER;
		*detail = MAJOR(inode->i_rdev);
		return block ? HARDEN_OP_BLOCK_OPEN : HARDEN_OP_CHAR_OPEN;
	}
	if (inode->i_sb->s_magic == PROC_SUPER_MAGIC &&
	    file->f_op == harden_sysctl_fops)
		return write && (grp->flags & HARDEN_GROUP_F_SYSCTL) &&
		       !harden_sysctl_own(harden_proc_i(inode)) ?
		       HARDEN_OP_SYSCTL_WRITE : HARDEN_OP_OTHER;
	return harden_host_inode_op(grp, cg, file->f_path.dentry, inode,
				    write ? HARDEN_HOST_WRITE : HARDEN_HOST_READ,
				    detail);
}

/**
 * hook_security_file_open() - opens of the host's kernel interfaces.
 * @fregs: security_file_open(file)
 *
 * Called in do_dentry_open() once f_mode is final and before the
 * filesystem's own open: a refused open has done nothing yet. O_PATH opens
 * never get here, and cannot read or write.
 */
static HARDEN_HOOK(hook_security_file_open)
{
	struct file *file = (void *)HARDEN_HOOK_ARG(fregs, 0);
	const struct harden_group *grp;
	struct harden_cg *cg = NULL;
	const char *object;
	char buf[128];
	bool deny = false;
	u32 detail;
	u16 op;

	harden_hook_hit(ops);
	if (!harden_current_maybe_bound())
		return;
	rcu_read_lock();
	grp = harden_current_policed(HARDEN_GROUP_F_HOST, &cg);
	if (!grp)
		goto out;
	op = harden_host_open_op(grp, cg, file, &detail);
	if (op == HARDEN_OP_OTHER)
		goto out;
	/* A device is named by its type and number, anything else by path. */
	if (op == HARDEN_OP_BLOCK_OPEN || op == HARDEN_OP_CHAR_OPEN) {
		snprintf(buf, sizeof(buf), "%c %u:%u %s",
			 op == HARDEN_OP_BLOCK_OPEN ? 'b' : 'c',
			 MAJOR(file_inode(file)->i_rdev),
			 MINOR(file_inode(file)->i_rdev),
			 file->f_path.dentry->d_name.name);
		object = buf;
	} else {
		object = harden_host_object(file->f_path.dentry, buf, sizeof(buf));
	}
	deny = harden_decide_obj(grp, cg, HARDEN_AREA_HOST, op, detail, 0, object,
				 NULL) == HARDEN_DENY;
out:
	rcu_read_unlock();
	if (deny)
		harden_hook_deny_eperm(fregs);
}

/*
 * harden_host_inode_check() - the check for a change to @d (in directory
 * @dir for a directory change, else NULL) that opens nothing: chmod,
 * chown, truncate, xattrs, and creating, removing or renaming entries.
 * Without it, a --privileged container could chmod 666 a sysfs or
 * tracefs knob, or the root cgroup's cgroup.procs, for any host user to
 * write; or remove efivars and pstore records, or make tracefs instances.
 */
static void harden_host_inode_check(struct ftrace_regs *fregs, struct inode *dir,
				    struct dentry *d)
{
	struct inode *inode = dir ?: d_backing_inode(d);
	const struct harden_group *grp;
	struct harden_cg *cg = NULL;
	unsigned long magic;
	bool deny = false;
	char buf[128];
	u32 detail;
	u16 op;

	if (!harden_current_maybe_bound() || !inode)
		return;
	magic = inode->i_sb->s_magic;
	/*
	 * Directory changes: cgroup v2 has its own mkdir and rmdir hooks
	 * (and nothing else); in procfs there are none to make.
	 */
	if (dir && (magic == CGROUP2_SUPER_MAGIC || magic == PROC_SUPER_MAGIC))
		return;
	rcu_read_lock();
	grp = harden_current_policed(HARDEN_GROUP_F_HOST, &cg);
	if (!grp)
		goto out;
	op = harden_host_inode_op(grp, cg, d, inode, HARDEN_HOST_ATTR, &detail);
	if (op != HARDEN_OP_OTHER)
		deny = harden_decide_obj(grp, cg, HARDEN_AREA_HOST, op, detail, 0,
					 harden_host_object(d, buf, sizeof(buf)),
					 NULL) == HARDEN_DENY;
out:
	rcu_read_unlock();
	if (deny)
		harden_hook_deny_eperm(fregs);
}

/**
 * hook_security_inode_setattr() - chmod and chown.
 * @fregs: security_inode_setattr(idmap, dentry, attr)
 *
 * The first argument is a user_namespace on 6.1 and a mnt_idmap on 6.12:
 * only the dentry and the attributes are read. Sizes and times are left
 * alone: O_TRUNC on every shell redirection lands here, truncating a
 * sysfs, procfs or cgroup file does nothing, and the write-open that
 * comes with it is checked anyway.
 */
static HARDEN_HOOK(hook_security_inode_setattr)
{
	const struct iattr *attr = (const void *)HARDEN_HOOK_ARG(fregs, 2);

	harden_hook_hit(ops);
	if (attr->ia_valid & (ATTR_MODE | ATTR_UID | ATTR_GID))
		harden_host_inode_check(fregs, NULL, (void *)HARDEN_HOOK_ARG(fregs, 1));
}

/**
 * hook_security_inode_xattr() - extended attributes set or removed.
 * @fregs: security_inode_setxattr(idmap, dentry, ...),
 *         security_inode_removexattr(idmap, dentry, name)
 */
static HARDEN_HOOK(hook_security_inode_xattr)
{
	harden_hook_hit(ops);
	harden_host_inode_check(fregs, NULL, (void *)HARDEN_HOOK_ARG(fregs, 1));
}

/**
 * hook_security_inode_dirop() - an entry made or removed in a directory.
 * @fregs: security_inode_{create,unlink,symlink,mkdir,rmdir,mknod}(dir,
 *         dentry, ...)
 */
static HARDEN_HOOK(hook_security_inode_dirop)
{
	harden_hook_hit(ops);
	harden_host_inode_check(fregs, (void *)HARDEN_HOOK_ARG(fregs, 0),
				(void *)HARDEN_HOOK_ARG(fregs, 1));
}

/**
 * hook_security_inode_link() - a hard link made in a directory.
 * @fregs: security_inode_link(old_dentry, dir, new_dentry)
 */
static HARDEN_HOOK(hook_security_inode_link)
{
	harden_hook_hit(ops);
	harden_host_inode_check(fregs, (void *)HARDEN_HOOK_ARG(fregs, 1),
				(void *)HARDEN_HOOK_ARG(fregs, 2));
}

/**
 * hook_security_inode_rename() - an entry renamed (both directories).
 * @fregs: security_inode_rename(old_dir, old_dentry, new_dir, new_dentry,
 *         flags)
 */
static HARDEN_HOOK(hook_security_inode_rename)
{
	harden_hook_hit(ops);
	harden_host_inode_check(fregs, (void *)HARDEN_HOOK_ARG(fregs, 0),
				(void *)HARDEN_HOOK_ARG(fregs, 1));
	harden_host_inode_check(fregs, (void *)HARDEN_HOOK_ARG(fregs, 2),
				(void *)HARDEN_HOOK_ARG(fregs, 3));
}

/**
 * hook_security_kernel_module_request() - module autoload by a member.
 * @fregs: security_kernel_module_request(kmod_name)
 *
 * request_module() runs modprobe as host root; what it loads is chosen by
 * the request ("net-pf-38", "fs-ext4"), so a container could pull in any
 * module with an alias it can name. Refused, the request fails as if the
 * module did not exist.
 */
static HARDEN_HOOK(hook_security_kernel_module_request)
{
	harden_hook_hit(ops);
	harden_host_refuse(fregs, HARDEN_GROUP_F_AUTOLOAD, HARDEN_OP_MODULE_REQUEST,
			   (const char *)HARDEN_HOOK_ARG(fregs, 0), NULL, NULL);
}

/*
 * The kernel keyrings: a container's root, without a user namespace, is
 * the host root's key_user, with its user and session keyrings (cifs, nfs,
 * kerberos, fscrypt keys). Docker's seccomp profile refuses these three
 * system calls to every container; --privileged switches it off.
 */
#define harden_sys_keyring(fregs, call) \
	harden_host_refuse(fregs, HARDEN_GROUP_F_KEYRING, HARDEN_OP_KEYRING, call, \
			   NULL, NULL)

/**
 * hook_sys_add_key() - add_key(2), x64 and ia32.
 * @fregs: __x64_sys_add_key / __ia32_sys_add_key(regs)
 */
static HARDEN_HOOK(hook_sys_add_key)
{
	harden_hook_hit(ops);
	harden_sys_keyring(fregs, "add_key");
}

/**
 * hook_sys_request_key() - request_key(2), x64 and ia32.
 * @fregs: __x64_sys_request_key / __ia32_sys_request_key(regs)
 */
static HARDEN_HOOK(hook_sys_request_key)
{
	harden_hook_hit(ops);
	harden_sys_keyring(fregs, "request_key");
}

/**
 * hook_sys_keyctl() - keyctl(2), x64 and ia32.
 * @fregs: __x64_sys_keyctl / __ia32_compat_sys_keyctl(regs)
 */
static HARDEN_HOOK(hook_sys_keyctl)
{
	harden_hook_hit(ops);
	harden_sys_keyring(fregs, "keyctl");
}

/*
 * Is current a kernel usermode helper? They are the only user tasks whose
 * parent is a kernel thread (the workqueue that forked them), init aside.
 */
static bool harden_current_umh(void)
{
	struct task_struct *parent;
	bool umh;

	if ((current->flags & PF_KTHREAD) || is_global_init(current))
		return false;
	rcu_read_lock();
	parent = rcu_dereference(current->real_parent);
	umh = parent && (parent->flags & PF_KTHREAD);
	rcu_read_unlock();
	return umh;
}

/*
 * Whom to count a refused helper against. The helper runs outside every
 * container; the one way in that names its container is a path through
 * /proc/PID (core_pattern's "|/proc/%P/root/..."), PID in the initial pid
 * namespace, where helpers run: its container, while PID lives (a dumping
 * task waits for its helper). Otherwise the refusal is reported only.
 * Caller holds rcu_read_lock().
 */
static void harden_umh_culprit(const char *filename,
			       const struct harden_group **grpp,
			       struct harden_cg **cgp)
{
	struct task_struct *t;
	unsigned int nr = 0;
	const char *p;

	if (strncmp(filename, "/proc/", 6))
		return;
	for (p = filename + 6; *p >= '0' && *p <= '9' && nr < PID_MAX_LIMIT; p++)
		nr = nr * 10 + (*p - '0');
	if (*p != '/' || !nr)
		return;
	t = pid_task(find_pid_ns(nr, &init_pid_ns), PIDTYPE_PID);
	*cgp = t ? harden_task_container(t, harden_policy_get()) : NULL;
	*grpp = *cgp ? harden_cg_group(*cgp, harden_policy_get()) : NULL;
}

/**
 * hook_security_bprm_check() - the usermode-helper backstop.
 * @fregs: security_bprm_check(bprm)
 *
 * A helper the kernel starts on a container's behalf (a core_pattern pipe
 * on its crash, modprobe for its autoload) runs as host root outside every
 * container. Pointed into a container, e.g. "|/proc/%P/root/evil", it runs
 * the container's program with that power. With sysctl readonly no
 * container can set such a pattern; this is the second line, for a host
 * that was configured so: a helper may only execute a file of the host's
 * own tree (reachable from its root, which is init's). Once any group
 * polices the host area, whatever the group's mode: it is tamper.
 */
static HARDEN_HOOK(hook_security_bprm_check)
{
	struct linux_binprm *bprm = (void *)HARDEN_HOOK_ARG(fregs, 0);
	const struct harden_group *grp = NULL;
	const struct harden_policy *pol;
	struct harden_cg *cg = NULL;
	char buf[128];
	bool host_area;

	harden_hook_hit(ops);
	if (!harden_current_umh())
		return;
	rcu_read_lock();
	pol = harden_policy_get();
	host_area = pol && (pol->flags & HARDEN_GROUP_F_HOST);
	rcu_read_unlock();
	if (!host_area || !bprm->file || !current->fs ||
	    path_is_under(&bprm->file->f_path, &current->fs->root))
		return;
	pr_warn_ratelimited("usermode helper refused: %s is not in the host's file tree\n",
			    bprm->filename);
	rcu_read_lock();
	harden_umh_culprit(bprm->filename, &grp, &cg);
	harden_decide_obj(grp, cg, HARDEN_AREA_TAMPER, HARDEN_OP_UMH_EXEC, 0, 0,
			  harden_host_object(bprm->file->f_path.dentry, buf,
					     sizeof(buf)), NULL);
	rcu_read_unlock();
	harden_hook_deny_eperm(fregs);
}

static struct harden_hook harden_host_hooks[] = {
	{ .name = "security_file_open", .area = HARDEN_AREA_HOST,
	  .func = hook_security_file_open, .ipmodify = true },
	{ .name = "security_kernel_module_request", .area = HARDEN_AREA_HOST,
	  .func = hook_security_kernel_module_request, .ipmodify = true },
#define HARDEN_HOST_INODE_HOOK(fn, cb) \
	{ .name = fn, .area = HARDEN_AREA_HOST, .func = cb, .ipmodify = true }
	HARDEN_HOST_INODE_HOOK("security_inode_setattr", hook_security_inode_setattr),
	HARDEN_HOST_INODE_HOOK("security_inode_setxattr", hook_security_inode_xattr),
	HARDEN_HOST_INODE_HOOK("security_inode_removexattr", hook_security_inode_xattr),
	HARDEN_HOST_INODE_HOOK("security_inode_create", hook_security_inode_dirop),
	HARDEN_HOST_INODE_HOOK("security_inode_unlink", hook_security_inode_dirop),
	HARDEN_HOST_INODE_HOOK("security_inode_symlink", hook_security_inode_dirop),
	HARDEN_HOST_INODE_HOOK("security_inode_mkdir", hook_security_inode_dirop),
	HARDEN_HOST_INODE_HOOK("security_inode_rmdir", hook_security_inode_dirop),
	HARDEN_HOST_INODE_HOOK("security_inode_mknod", hook_security_inode_dirop),
	HARDEN_HOST_INODE_HOOK("security_inode_link", hook_security_inode_link),
	HARDEN_HOST_INODE_HOOK("security_inode_rename", hook_security_inode_rename),
#undef HARDEN_HOST_INODE_HOOK
	{ .name = "cgroup_mkdir", .area = HARDEN_AREA_HOST,
	  .func = hook_cgroup_mkdir, .ipmodify = true },
	{ .name = "cgroup_rmdir", .area = HARDEN_AREA_HOST,
	  .func = hook_cgroup_rmdir, .ipmodify = true },
	{ .name = "__x64_sys_add_key", .area = HARDEN_AREA_HOST,
	  .func = hook_sys_add_key, .ipmodify = true },
	{ .name = "__x64_sys_request_key", .area = HARDEN_AREA_HOST,
	  .func = hook_sys_request_key, .ipmodify = true },
	{ .name = "__x64_sys_keyctl", .area = HARDEN_AREA_HOST,
	  .func = hook_sys_keyctl, .ipmodify = true },
#ifdef CONFIG_IA32_EMULATION
	{ .name = "__ia32_sys_add_key", .area = HARDEN_AREA_HOST,
	  .func = hook_sys_add_key, .ipmodify = true },
	{ .name = "__ia32_sys_request_key", .area = HARDEN_AREA_HOST,
	  .func = hook_sys_request_key, .ipmodify = true },
	{ .name = "__ia32_compat_sys_keyctl", .area = HARDEN_AREA_HOST,
	  .func = hook_sys_keyctl, .ipmodify = true },
#endif
	{ .name = "security_bprm_check", .area = HARDEN_AREA_TAMPER,
	  .func = hook_security_bprm_check, .ipmodify = true },
};

static struct harden_hook_set harden_host_set = {
	.hooks = harden_host_hooks,
	.n = ARRAY_SIZE(harden_host_hooks),
};

int harden_host_group_build(struct harden_group *grp, const struct nlattr *nest,
			    struct netlink_ext_ack *extack)
{
	const struct nlattr *a;
	int rem;

	grp->n_devices = 0;
	nla_for_each_nested(a, nest, rem) {
		u64 r;

		if (nla_type(a) != HARDEN_GROUP_A_DEVICE)
			continue;
		if (!(grp->flags & HARDEN_GROUP_F_DEVICES)) {
			NL_SET_ERR_MSG_ATTR(extack, a, "device rule without the devices flag");
			return -EINVAL;
		}
		if (grp->n_devices >= HARDEN_MAX_DEVICES) {
			NL_SET_ERR_MSG_ATTR(extack, a, "too many device rules (HARDEN_MAX_DEVICES)");
			return -E2BIG;
		}
		r = nla_get_u64(a);
		if (!(r & (HARDEN_DEVICE_CHAR | HARDEN_DEVICE_BLOCK)) ||
		    (r & ~(HARDEN_DEVICE_CHAR | HARDEN_DEVICE_BLOCK |
			   HARDEN_DEVICE_MAJOR_ANY | HARDEN_DEVICE_MINOR_ANY |
			   (HARDEN_DEVICE_MAJOR_MASK << HARDEN_DEVICE_MAJOR_SHIFT) |
			   HARDEN_DEVICE_MINOR_MASK)) ||
		    ((r & HARDEN_DEVICE_MAJOR_ANY) &&
		     (r & (HARDEN_DEVICE_MAJOR_MASK << HARDEN_DEVICE_MAJOR_SHIFT))) ||
		    ((r & HARDEN_DEVICE_MINOR_ANY) && (r & HARDEN_DEVICE_MINOR_MASK))) {
			NL_SET_ERR_MSG_ATTR(extack, a, "malformed device rule");
			return -EINVAL;
		}
		grp->devices[grp->n_devices++] = r;
	}
	return 0;
}

int harden_host_group_fill(struct sk_buff *skb, const struct harden_group *grp)
{
	unsigned int i;

	for (i = 0; (grp->flags & HARDEN_GROUP_F_DEVICES) && i < grp->n_devices; i++)
		if (nla_put_u64_64bit(skb, HARDEN_GROUP_A_DEVICE, grp->devices[i],
				      HARDEN_GROUP_A_UNSPEC))
			return -EMSGSIZE;
	return 0;
}

/* Reads @len bytes at kernel address @src; false if they cannot be read. */
static bool harden_peek(void *dst, const void *src, size_t len)
{
	return !copy_from_kernel_nofault(dst, src, len);
}

/*
 * Learn the sysctl file operations, the default table set and the UTS
 * handler from /proc/sys/kernel/hostname, and check that struct
 * harden_proc_inode matches the kernel's on it and on /proc/self/stat.
 * Every read of a guessed field goes through copy_from_kernel_nofault().
 */
static int harden_host_learn(void)
{
	struct harden_proc_inode *pi;
	struct ctl_table_header *head;
	struct ctl_table *table;
	const char *procname;
	char name[16] = "";
	struct pid *pid;
	struct file *f;
	int err = -ENOEXEC;

	f = filp_open("/proc/sys/kernel/hostname", O_RDONLY, 0);
	if (IS_ERR(f)) {
		pr_err("cannot open /proc/sys/kernel/hostname (%ld): is /proc mounted?\n",
		       PTR_ERR(f));
		return PTR_ERR(f);
	}
	pi = harden_proc_i(file_inode(f));
	if (!harden_peek(&head, &pi->sysctl, sizeof(head)) ||
	    !harden_peek(&table, &pi->sysctl_entry, sizeof(table)) ||
	    !harden_peek(&pid, &pi->pid, sizeof(pid)) || pid || !head || !table ||
	    !harden_peek(&procname, &table->procname, sizeof(procname)) ||
	    !harden_peek(name, procname, sizeof(name) - 1) ||
	    strcmp(name, "hostname"))
		goto out;
	harden_sysctl_fops = f->f_op;
	harden_sysctl_default_set = head->set;
	harden_uts_handler = (const void *)table->proc_handler;
	fput(f);

	f = filp_open("/proc/self/stat", O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	pi = harden_proc_i(file_inode(f));
	if (harden_peek(&pid, &pi->pid, sizeof(pid)) && pid == task_pid(current))
		err = 0;
out:
	fput(f);
	if (err)
		pr_err("this kernel's procfs inodes are not laid out as harden expects; not loading\n");
	return err;
}

int harden_host_init(void)
{
	int err = harden_host_learn();

	if (err)
		return err;
	return harden_hooks_attach(&harden_host_set);
}

void harden_host_uninit(void)
{
	harden_hooks_detach(&harden_host_set);
}
