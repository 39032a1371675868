// SPDX-License-Identifier: GPL-2.0
/*
 * Mounts: what a policed task may do to the mount tree, whatever
 * capabilities it holds. "mount deny" makes every mount operation a
 * violation; "mount allow TYPE..." allows new mounts of those filesystem
 * types and nothing else; a group without the mount flag is not policed
 * here. Only bound (armed) tasks are policed: runc mounts the container's
 * root, /proc and the masks before the entrypoint's exec binds it.
 *
 * Every path into the mount tree has a hook:
 *   mount(2)        security_sb_mount, all flag combinations
 *   umount2(2)      security_sb_umount
 *   pivot_root(2)   security_sb_pivotroot
 *   move_mount(2)   security_move_mount: moves, and the only way to attach
 *                   a tree from fsmount(2) or open_tree(OPEN_TREE_CLONE)
 *   fsconfig(2)     security_sb_kern_mount (CMD_CREATE) and
 *                   security_sb_remount (CMD_RECONFIGURE)
 *   fsopen(2), fsmount(2), open_tree(2), mount_setattr(2): no LSM hook at
 *                   all, so the syscalls themselves, x64 and ia32 entry
 *                   points (x32 shares the x64 ones)
 * fsmount(2) needs its own hook: its mount fd works through openat(2)
 * without ever being attached, so no move_mount() would see it.
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/path.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/syscall.h>
#include <uapi/linux/mount.h>

#include "decision.h"
#include "harden_names.h"
#include "hooks.h"
#include "mount.h"
#include "policy.h"
#include "track.h"

/* fsconfig(2) has number 431 in the x64, x32 (with the x32 bit) and ia32 tables. */
#define HARDEN_NR_FSCONFIG	431
#define HARDEN_X32_SYSCALL_BIT	0x40000000

static const char *const harden_fstype_names[] = HARDEN_FSTYPE_NAMES;

/* Length of a filesystem type's name without its ".subtype" (fuse.sshfs). */
static size_t harden_fstype_len(const char *type)
{
	return strcspn(type, ".");
}

/* The detail for a type name: its enum harden_fstype. */
static u32 harden_fstype_id(const char *type)
{
	size_t n;
	u32 i;

	if (!type || !*type)
		return HARDEN_FSTYPE_UNKNOWN;
	n = harden_fstype_len(type);
	for (i = HARDEN_FSTYPE_OTHER + 1; i < ARRAY_SIZE(harden_fstype_names); i++)
		if (strlen(harden_fstype_names[i]) == n &&
		    !strncmp(harden_fstype_names[i], type, n))
			return i;
	return HARDEN_FSTYPE_OTHER;
}

static bool harden_mount_type_allowed(const struct harden_group *grp,
				      const char *type)
{
	size_t n;
	u8 i;

	if (!type)
		return false;
	n = harden_fstype_len(type);
	for (i = 0; i < grp->n_mount_types; i++)
		if (strlen(grp->mount_types[i]) == n &&
		    !strncmp(grp->mount_types[i], type, n))
			return true;
	return false;
}

static const char *harden_sb_type(const struct super_block *sb)
{
	return sb && sb->s_type ? sb->s_type->name : NULL;
}

static const char *harden_mnt_type(const struct vfsmount *mnt)
{
	return mnt ? harden_sb_type(mnt->mnt_sb) : NULL;
}

/*
 * harden_mount_check() - decide @op for current, if a group polices its
 * mounts.
 * @type: the filesystem type involved, or NULL: the detail
 * @object: for the event (a source, a device), or NULL
 * @new_mount: @op creates a filesystem of @type, which "mount allow TYPE"
 *             may allow; every other op is a violation for any policing
 *             group
 *
 * Returns true when the call must fail with -EPERM. RCU read side inside;
 * no allocation, no lock: safe in any hook.
 */
static bool harden_mount_check(u16 op, const char *type, const char *object,
			       bool new_mount)
{
	const struct harden_group *grp;
	struct harden_cg *cg = NULL;
	bool deny = false;

	if (!harden_current_maybe_bound())
		return false;
	rcu_read_lock();
	grp = harden_current_policed(HARDEN_GROUP_F_MOUNT, &cg);
	if (grp && !(new_mount && harden_mount_type_allowed(grp, type)))
		deny = harden_decide_obj(grp, cg, HARDEN_AREA_MOUNT, op,
					 harden_fstype_id(type), 0,
					 object, NULL) == HARDEN_DENY;
	rcu_read_unlock();
	return deny;
}

/**
 * hook_security_sb_mount() - mount(2), whatever its flags ask.
 * @fregs: security_sb_mount(dev_name, path, type, flags, data)
 *
 * Called by path_mount() before it looks at capabilities, with the flags
 * it is about to act on; the op follows path_mount()'s own order of tests
 * so that what is counted is what the kernel would have done. @dev_name
 * and @type are kernel copies of the caller's strings. A new mount of a
 * listed type passes here and again at security_sb_kern_mount(), which
 * leaves mount(2) to this hook (see hook_security_sb_kern_mount()).
 */
static HARDEN_HOOK(hook_security_sb_mount)
{
	const char *dev_name = (const char *)HARDEN_HOOK_ARG(fregs, 0);
	const struct path *path = (const struct path *)HARDEN_HOOK_ARG(fregs, 1);
	const char *type = (const char *)HARDEN_HOOK_ARG(fregs, 2);
	unsigned long flags = HARDEN_HOOK_ARG(fregs, 3);
	const char *ftype = NULL;
	bool new_mount = false;
	u16 op;

	harden_hook_hit(ops);
	if (!harden_current_maybe_bound())
		return;
	if (flags & MS_REMOUNT) {
		op = HARDEN_OP_MOUNT_REMOUNT;
		ftype = harden_mnt_type(path->mnt);
	} else if (flags & MS_BIND) {
		op = HARDEN_OP_MOUNT_BIND;
	} else if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)) {
		op = HARDEN_OP_MOUNT_PROPAGATION;
		ftype = harden_mnt_type(path->mnt);
		dev_name = NULL;
	} else if (flags & MS_MOVE) {
		op = HARDEN_OP_MOUNT_MOVE;
	} else {
		op = HARDEN_OP_MOUNT;
		ftype = type;
		new_mount = true;
	}
	if (harden_mount_check(op, ftype, dev_name, new_mount))
		harden_hook_deny_eperm(fregs);
}

/**
 * hook_security_sb_umount() - umount(2), umount2(2).
 * @fregs: security_sb_umount(mnt, flags)
 */
static HARDEN_HOOK(hook_security_sb_umount)
{
	const struct vfsmount *mnt = (const void *)HARDEN_HOOK_ARG(fregs, 0);

	harden_hook_hit(ops);
	if (harden_mount_check(HARDEN_OP_UMOUNT, harden_mnt_type(mnt), NULL, false))
		harden_hook_deny_eperm(fregs);
}

/**
 * hook_security_sb_pivotroot() - pivot_root(2).
 * @fregs: security_sb_pivotroot(old_path, new_path)
 */
static HARDEN_HOOK(hook_security_sb_pivotroot)
{
	const struct path *new = (const void *)HARDEN_HOOK_ARG(fregs, 1);

	harden_hook_hit(ops);
	if (harden_mount_check(HARDEN_OP_PIVOT_ROOT, harden_mnt_type(new->mnt),
			       NULL, false))
		harden_hook_deny_eperm(fregs);
}

/**
 * hook_security_move_mount() - move_mount(2): moving a mount, or attaching
 * a detached tree made by fsmount(2) or open_tree(OPEN_TREE_CLONE).
 * @fregs: security_move_mount(from_path, to_path)
 */
static HARDEN_HOOK(hook_security_move_mount)
{
	const struct path *from = (const void *)HARDEN_HOOK_ARG(fregs, 0);

	harden_hook_hit(ops);
	if (harden_mount_check(HARDEN_OP_MOVE_MOUNT, harden_mnt_type(from->mnt),
			       NULL, false))
		harden_hook_deny_eperm(fregs);
}

/*
 * Is current inside fsconfig(2)? security_sb_kern_mount() and
 * security_sb_remount() also run for mount(2) and umount(2), which their
 * own hooks decide already: deciding again would count one call twice in
 * audit mode. The syscall number is the kernel's (orig_ax), not anything
 * the caller can change while the call runs.
 */
static bool harden_in_fsconfig(void)
{
	long nr = syscall_get_nr(current, task_pt_regs(current));

	return (nr & ~HARDEN_X32_SYSCALL_BIT) == HARDEN_NR_FSCONFIG;
}

/**
 * hook_security_sb_kern_mount() - fsconfig(FSCONFIG_CMD_CREATE): a new
 * superblock, before fsmount(2) can make a mount of it.
 * @fregs: security_sb_kern_mount(sb)
 *
 * The type is the superblock's own, whatever name fsopen(2) was given.
 */
static HARDEN_HOOK(hook_security_sb_kern_mount)
{
	const struct super_block *sb = (const void *)HARDEN_HOOK_ARG(fregs, 0);

	harden_hook_hit(ops);
	if (!harden_current_maybe_bound() || !harden_in_fsconfig())
		return;
	if (harden_mount_check(HARDEN_OP_FSCONFIG_CREATE, harden_sb_type(sb),
			       sb->s_id, true))
		harden_hook_deny_eperm(fregs);
}

/**
 * hook_security_sb_remount() - fsconfig(FSCONFIG_CMD_RECONFIGURE) of a
 * superblock picked with fspick(2).
 * @fregs: security_sb_remount(sb, mnt_opts)
 */
static HARDEN_HOOK(hook_security_sb_remount)
{
	const struct super_block *sb = (const void *)HARDEN_HOOK_ARG(fregs, 0);

	harden_hook_hit(ops);
	if (!harden_current_maybe_bound() || !harden_in_fsconfig())
		return;
	if (harden_mount_check(HARDEN_OP_FSCONFIG_RECONFIGURE, harden_sb_type(sb),
			       sb->s_id, false))
		harden_hook_deny_eperm(fregs);
}

/*
 * Copy a user string without faulting: hooks cannot sleep. Returns false,
 * with @buf empty, if it is not all readable now or longer than @size - 1.
 */
static bool harden_user_str(char *buf, size_t size, const char __user *u)
{
	size_t i;

	for (i = 0; i < size; i++) {
		if (copy_from_user_nofault(&buf[i], u + i, 1))
			break;
		if (!buf[i])
			return true;
	}
	buf[0] = '\0';
	return false;
}

/*
 * fsopen(fs_name, flags): the type is still the caller's string. Only a
 * policed task's call reads it; a name that cannot be read without
 * faulting, or longer than any type, counts as an unlisted type.
 */
static void harden_sys_fsopen(struct ftrace_regs *fregs, bool ia32)
{
	const char __user *uname;
	char type[HARDEN_FSTYPE_MAX];

	if (!harden_current_maybe_bound())
		return;
	uname = (const char __user *)harden_sys_arg(harden_sys_regs(fregs), ia32, 0);
	harden_user_str(type, sizeof(type), uname);
	if (harden_mount_check(HARDEN_OP_FSOPEN, type[0] ? type : NULL,
			       type[0] ? type : NULL, true))
		harden_hook_deny_eperm(fregs);
}

/**
 * hook_x64_sys_fsopen() - fsopen(2), which has no LSM hook.
 * @fregs: __x64_sys_fsopen(regs)
 */
static HARDEN_HOOK(hook_x64_sys_fsopen)
{
	harden_hook_hit(ops);
	harden_sys_fsopen(fregs, false);
}

/**
 * hook_ia32_sys_fsopen() - the same for 32-bit callers.
 * @fregs: __ia32_sys_fsopen(regs)
 */
static HARDEN_HOOK(hook_ia32_sys_fsopen)
{
	harden_hook_hit(ops);
	harden_sys_fsopen(fregs, true);
}

/**
 * hook_sys_fsmount() - fsmount(2): a detached mount, usable through
 * openat(2) on its fd without ever being attached. No LSM hook.
 * @fregs: __x64_sys_fsmount / __ia32_sys_fsmount(regs)
 *
 * A violation under any policing rule, "mount allow TYPE" included: a
 * new mount of a listed type goes through mount(2).
 */
static HARDEN_HOOK(hook_sys_fsmount)
{
	harden_hook_hit(ops);
	if (harden_mount_check(HARDEN_OP_FSMOUNT, NULL, NULL, false))
		harden_hook_deny_eperm(fregs);
}

/*
 * open_tree(dfd, filename, flags): only OPEN_TREE_CLONE makes a mount (a
 * detached copy of a tree, e.g. of / from a --pid=host container's view
 * of the host); without it open_tree() is an O_PATH open.
 */
static void harden_sys_open_tree(struct ftrace_regs *fregs, bool ia32)
{
	unsigned int flags;

	if (!harden_current_maybe_bound())
		return;
	flags = (unsigned int)harden_sys_arg(harden_sys_regs(fregs), ia32, 2);
	if ((flags & OPEN_TREE_CLONE) &&
	    harden_mount_check(HARDEN_OP_OPEN_TREE_CLONE, NULL, NULL, false))
		harden_hook_deny_eperm(fregs);
}

/**
 * hook_x64_sys_open_tree() - open_tree(2) with OPEN_TREE_CLONE. No LSM hook.
 * @fregs: __x64_sys_open_tree(regs)
 */
static HARDEN_HOOK(hook_x64_sys_open_tree)
{
	harden_hook_hit(ops);
	harden_sys_open_tree(fregs, false);
}

/**
 * hook_ia32_sys_open_tree() - the same for 32-bit callers.
 * @fregs: __ia32_sys_open_tree(regs)
 */
static HARDEN_HOOK(hook_ia32_sys_open_tree)
{
	harden_hook_hit(ops);
	harden_sys_open_tree(fregs, true);
}

/**
 * hook_sys_mount_setattr() - mount_setattr(2): read-only, nosuid, idmaps,
 * propagation of a mount or a tree. No LSM hook.
 * @fregs: __x64_sys_mount_setattr / __ia32_sys_mount_setattr(regs)
 */
static HARDEN_HOOK(hook_sys_mount_setattr)
{
	harden_hook_hit(ops);
	if (harden_mount_check(HARDEN_OP_MOUNT_SETATTR, NULL, NULL, false))
		harden_hook_deny_eperm(fregs);
}

#define HARDEN_MOUNT_HOOK(fn, cb)				\
	{ .name = fn, .func = cb, .ipmodify = true,		\
	  .area = HARDEN_AREA_MOUNT }

static struct harden_hook harden_mount_hooks[] = {
	HARDEN_MOUNT_HOOK("security_sb_mount", hook_security_sb_mount),
	HARDEN_MOUNT_HOOK("security_sb_umount", hook_security_sb_umount),
	HARDEN_MOUNT_HOOK("security_sb_pivotroot", hook_security_sb_pivotroot),
	HARDEN_MOUNT_HOOK("security_move_mount", hook_security_move_mount),
	HARDEN_MOUNT_HOOK("security_sb_kern_mount", hook_security_sb_kern_mount),
	HARDEN_MOUNT_HOOK("security_sb_remount", hook_security_sb_remount),
	HARDEN_MOUNT_HOOK("__x64_sys_fsopen", hook_x64_sys_fsopen),
	HARDEN_MOUNT_HOOK("__x64_sys_fsmount", hook_sys_fsmount),
	HARDEN_MOUNT_HOOK("__x64_sys_open_tree", hook_x64_sys_open_tree),
	HARDEN_MOUNT_HOOK("__x64_sys_mount_setattr", hook_sys_mount_setattr),
#ifdef CONFIG_IA32_EMULATION
	HARDEN_MOUNT_HOOK("__ia32_sys_fsopen", hook_ia32_sys_fsopen),
	HARDEN_MOUNT_HOOK("__ia32_sys_fsmount", hook_sys_fsmount),
	HARDEN_MOUNT_HOOK("__ia32_sys_open_tree", hook_ia32_sys_open_tree),
	HARDEN_MOUNT_HOOK("__ia32_sys_mount_setattr", hook_sys_mount_setattr),
#endif
};

static struct harden_hook_set harden_mount_set = {
	.hooks = harden_mount_hooks,
	.n = ARRAY_SIZE(harden_mount_hooks),
};

static bool harden_fstype_name_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isalnum(*s) && *s != '_' && *s != '-')
			return false;
	return true;
}

int harden_mount_group_build(struct harden_group *grp, const struct nlattr *nest,
			     struct netlink_ext_ack *extack)
{
	const struct nlattr *a;
	int rem;
	u8 i;

	grp->n_mount_types = 0;
	nla_for_each_nested(a, nest, rem) {
		char *t;

		if (nla_type(a) != HARDEN_GROUP_A_MOUNT_TYPE)
			continue;
		if (!(grp->flags & HARDEN_GROUP_F_MOUNT)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "mount type without the mount flag");
			return -EINVAL;
		}
		if (grp->n_mount_types == HARDEN_MAX_MOUNT_TYPES) {
			NL_SET_ERR_MSG_ATTR(extack, a, "too many mount types");
			return -EINVAL;
		}
		t = grp->mount_types[grp->n_mount_types];
		nla_strscpy(t, a, HARDEN_FSTYPE_MAX);
		if (!harden_fstype_name_ok(t)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "mount type may hold only [A-Za-z0-9_-]");
			return -EINVAL;
		}
		for (i = 0; i < grp->n_mount_types; i++) {
			if (!strcmp(grp->mount_types[i], t)) {
				NL_SET_ERR_MSG_ATTR(extack, a, "duplicate mount type");
				return -EINVAL;
			}
		}
		grp->n_mount_types++;
	}
	return 0;
}

int harden_mount_group_fill(struct sk_buff *skb, const struct harden_group *grp)
{
	u8 i;

	for (i = 0; i < grp->n_mount_types; i++)
		if (nla_put_string(skb, HARDEN_GROUP_A_MOUNT_TYPE,
				   grp->mount_types[i]))
			return -EMSGSIZE;
	return 0;
}

int harden_mount_init(void)
{
	return harden_hooks_attach(&harden_mount_set);
}

void harden_mount_uninit(void)
{
	harden_hooks_detach(&harden_mount_set);
}
