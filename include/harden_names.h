/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * Names of the UAPI's areas and operations, shared in place by the module
 * (kernel log lines) and hardctl (tables, JSON, Prometheus labels), so
 * that every place an admin reads them agrees. Not part of the UAPI: the
 * names are how harden presents the numbers, and new ones are appended
 * with the enums in uapi/linux/harden.h.
 */
#ifndef _HARDEN_NAMES_H
#define _HARDEN_NAMES_H

#include "uapi/linux/harden.h"

#define HARDEN_AREA_NAMES {				\
	[HARDEN_AREA_CAP] = "cap",			\
	[HARDEN_AREA_MOUNT] = "mount",			\
	[HARDEN_AREA_PTRACE] = "ptrace",		\
	[HARDEN_AREA_NET] = "net",			\
	[HARDEN_AREA_HOST] = "host",			\
	[HARDEN_AREA_TAMPER] = "tamper",		\
}

#define HARDEN_OP_NAMES {				\
	[HARDEN_OP_OTHER] = "other",			\
	[HARDEN_OP_CAPABLE] = "capable",		\
	[HARDEN_OP_DELETE_MODULE] = "delete_module",	\
	[HARDEN_OP_CONTROL] = "control",		\
	[HARDEN_OP_EVENTS_JOIN] = "events_join",	\
	[HARDEN_OP_IOURING_PERSONALITY] = "iouring_personality", \
	[HARDEN_OP_CGROUP_MOVE] = "cgroup_move",	\
	[HARDEN_OP_MODULE_PARAM] = "module_param",	\
	[HARDEN_OP_MODULE_LOAD] = "module_load",	\
	[HARDEN_OP_KEXEC] = "kexec",			\
	[HARDEN_OP_MOUNT] = "mount",			\
	[HARDEN_OP_MOUNT_BIND] = "mount_bind",		\
	[HARDEN_OP_MOUNT_REMOUNT] = "mount_remount",	\
	[HARDEN_OP_MOUNT_MOVE] = "mount_move",		\
	[HARDEN_OP_MOUNT_PROPAGATION] = "mount_propagation", \
	[HARDEN_OP_UMOUNT] = "umount",			\
	[HARDEN_OP_PIVOT_ROOT] = "pivot_root",		\
	[HARDEN_OP_MOVE_MOUNT] = "move_mount",		\
	[HARDEN_OP_FSOPEN] = "fsopen",			\
	[HARDEN_OP_FSCONFIG_CREATE] = "fsconfig_create", \
	[HARDEN_OP_FSCONFIG_RECONFIGURE] = "fsconfig_reconfigure", \
	[HARDEN_OP_FSMOUNT] = "fsmount",		\
	[HARDEN_OP_OPEN_TREE_CLONE] = "open_tree_clone", \
	[HARDEN_OP_MOUNT_SETATTR] = "mount_setattr",	\
	[HARDEN_OP_PTRACE_READ] = "ptrace_read",	\
	[HARDEN_OP_PTRACE_ATTACH] = "ptrace_attach",	\
	[HARDEN_OP_PTRACE_TRACEME] = "ptrace_traceme",	\
	[HARDEN_OP_SIGNAL] = "signal",			\
	[HARDEN_OP_NET_CONNECT] = "net_connect",	\
	[HARDEN_OP_NET_SEND] = "net_send",		\
	[HARDEN_OP_NET_RECV] = "net_recv",		\
	[HARDEN_OP_NET_FORWARD] = "net_forward",	\
	[HARDEN_OP_NET_SPOOF] = "net_spoof",		\
	[HARDEN_OP_NET_PACKET] = "net_packet",		\
	[HARDEN_OP_SYSCTL_WRITE] = "sysctl_write",	\
	[HARDEN_OP_PROC_WRITE] = "proc_write",		\
	[HARDEN_OP_PROC_READ] = "proc_read",		\
	[HARDEN_OP_SYSFS_WRITE] = "sysfs_write",	\
	[HARDEN_OP_CGROUP_WRITE] = "cgroup_write",	\
	[HARDEN_OP_BLOCK_OPEN] = "block_open",		\
	[HARDEN_OP_CHAR_OPEN] = "char_open",		\
	[HARDEN_OP_MODULE_REQUEST] = "module_request",	\
	[HARDEN_OP_UMH_EXEC] = "umh_exec",		\
	[HARDEN_OP_SYSFS_READ] = "sysfs_read",		\
	[HARDEN_OP_PRLIMIT] = "prlimit",		\
	[HARDEN_OP_KEYRING] = "keyring",		\
	[HARDEN_OP_SCHED] = "sched",			\
}

/* The ptrace ops' detail: who was acted on. */
#define HARDEN_TARGET_NAMES {				\
	[HARDEN_TARGET_UNKNOWN] = "-",			\
	[HARDEN_TARGET_HOST] = "host",			\
	[HARDEN_TARGET_OTHER] = "other_container",	\
	[HARDEN_TARGET_SAME] = "same_container",	\
}

#define HARDEN_SCOPE_NAMES {				\
	[HARDEN_SCOPE_DENY] = "deny",			\
	[HARDEN_SCOPE_CONTAINER] = "container",		\
}

/*
 * Filesystem type names, as the kernel registers them; the mount ops'
 * detail. UNKNOWN prints as "-", OTHER as "other".
 */
#define HARDEN_FSTYPE_NAMES {				\
	[HARDEN_FSTYPE_UNKNOWN] = "-",			\
	[HARDEN_FSTYPE_OTHER] = "other",		\
	[HARDEN_FSTYPE_TMPFS] = "tmpfs",		\
	[HARDEN_FSTYPE_PROC] = "proc",			\
	[HARDEN_FSTYPE_SYSFS] = "sysfs",		\
	[HARDEN_FSTYPE_CGROUP] = "cgroup",		\
	[HARDEN_FSTYPE_CGROUP2] = "cgroup2",		\
	[HARDEN_FSTYPE_DEVPTS] = "devpts",		\
	[HARDEN_FSTYPE_MQUEUE] = "mqueue",		\
	[HARDEN_FSTYPE_DEVTMPFS] = "devtmpfs",		\
	[HARDEN_FSTYPE_OVERLAY] = "overlay",		\
	[HARDEN_FSTYPE_EXT2] = "ext2",			\
	[HARDEN_FSTYPE_EXT3] = "ext3",			\
	[HARDEN_FSTYPE_EXT4] = "ext4",			\
	[HARDEN_FSTYPE_XFS] = "xfs",			\
	[HARDEN_FSTYPE_BTRFS] = "btrfs",		\
	[HARDEN_FSTYPE_VFAT] = "vfat",			\
	[HARDEN_FSTYPE_FUSE] = "fuse",			\
	[HARDEN_FSTYPE_FUSEBLK] = "fuseblk",		\
	[HARDEN_FSTYPE_NFS] = "nfs",			\
	[HARDEN_FSTYPE_NFS4] = "nfs4",			\
	[HARDEN_FSTYPE_CIFS] = "cifs",			\
	[HARDEN_FSTYPE_9P] = "9p",			\
	[HARDEN_FSTYPE_BPF] = "bpf",			\
	[HARDEN_FSTYPE_DEBUGFS] = "debugfs",		\
	[HARDEN_FSTYPE_TRACEFS] = "tracefs",		\
	[HARDEN_FSTYPE_SECURITYFS] = "securityfs",	\
	[HARDEN_FSTYPE_CONFIGFS] = "configfs",		\
	[HARDEN_FSTYPE_HUGETLBFS] = "hugetlbfs",	\
	[HARDEN_FSTYPE_BINFMT_MISC] = "binfmt_misc",	\
	[HARDEN_FSTYPE_RAMFS] = "ramfs",		\
	[HARDEN_FSTYPE_SQUASHFS] = "squashfs",		\
	[HARDEN_FSTYPE_ISO9660] = "iso9660",		\
	[HARDEN_FSTYPE_EFIVARFS] = "efivarfs",		\
	[HARDEN_FSTYPE_PSTORE] = "pstore",		\
	[HARDEN_FSTYPE_AUTOFS] = "autofs",		\
	[HARDEN_FSTYPE_NSFS] = "nsfs",			\
	[HARDEN_FSTYPE_FUSECTL] = "fusectl",		\
}

#endif /* _HARDEN_NAMES_H */
