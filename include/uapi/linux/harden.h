/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * harden: per-container host hardening, generic netlink UAPI.
 *
 * Shared in place by the kernel module (kmod/) and hardctl (ctl/). This
 * header holds enums and #defines only. Version 1 was reshaped once before
 * its first release (area-neutral counters and events, one attribute per
 * group); from here on every enum is append-only: never renumber, never
 * reuse a value. Decoders skip attribute types they do not know.
 *
 * The family is visible only in the initial network namespace. Every
 * operation requires CAP_NET_ADMIN (GENL_ADMIN_PERM) and is refused to any
 * task that is inside a container (a policed task, or a task in a
 * container mount namespace whose cgroup a group matches), whatever
 * capabilities it holds. The host admin (initial mount namespace, not
 * bound to a container) is never refused, whatever the policy matches.
 *
 * Lists inside one message (hooks, counters) are NLA_NESTED_ARRAY: a nest
 * whose children are nests; the children's attribute type is their index
 * and is otherwise ignored. Lists that can grow with the policy or with the
 * number of containers (groups, cgroups, totals) are dumps: one object per
 * message, so no list is bound by the 64 KiB of one attribute.
 *
 * HARDEN_CMD_GET_STATUS
 * ---------------------
 *
 * Request: no attributes. Reply:
 *
 *    HARDEN_A_VERSION: NLA_NUL_STRING, module version
 *    HARDEN_A_GENERATION: NLA_U64, generation of the policy in force;
 *                         0 means no policy has been loaded
 *    HARDEN_A_LOAD_TIME: NLA_U64, CLOCK_REALTIME seconds of the last load
 *    HARDEN_A_GROUP_COUNT: NLA_U32, groups in the policy in force
 *    HARDEN_A_TRACKED_TASKS: NLA_U32, tasks bound to a container cgroup
 *    HARDEN_A_CGROUP_COUNT: NLA_U32, cgroups harden keeps state for
 *    HARDEN_A_HOOKS: NLA_NESTED_ARRAY
 *        0: NLA_NESTED
 *            HARDEN_HOOK_A_NAME: NLA_NUL_STRING, hooked kernel function
 *            HARDEN_HOOK_A_HITS: NLA_U64, calls seen since load
 *            HARDEN_HOOK_A_AREA: NLA_U8, enum harden_area that owns it
 *        ...
 *    HARDEN_A_MEMORY: NLA_U64, bytes of kernel memory harden holds for
 *                     tracked tasks and cgroups (charged to the memory
 *                     cgroup of the task that caused each allocation)
 *    HARDEN_A_EVENTS_SENT: NLA_U64, events multicast since load
 *    HARDEN_A_EVENTS_DROPPED: NLA_U64, events not sent since load: over a
 *                             cgroup's rate (HARDEN_EVENTS_PER_SEC,
 *                             HARDEN_EVENTS_BURST), queue full
 *                             (HARDEN_EVENTS_QUEUE), or out of memory.
 *                             Counters are never dropped, only events.
 *    HARDEN_A_NET_ADDRS: NLA_U32, IPv4/IPv6 addresses of all network
 *                        namespaces harden tracks (at most
 *                        HARDEN_NET_ADDRS), the net area's map from an
 *                        address to its container
 *    HARDEN_A_NET_UNTRACKED: NLA_U64, addresses added since load that
 *                            found the table full: traffic to and from
 *                            them counts as outside traffic
 *    HARDEN_A_LOCKED: NLA_U8, 1 once HARDEN_CMD_LOCK went through (until
 *                     reboot), else 0
 *    HARDEN_A_LOCK_TIME: NLA_U64, CLOCK_REALTIME seconds of the lock;
 *                        absent while unlocked
 *    HARDEN_A_LOCK_REFUSED: NLA_U64, requests refused because of the
 *                           lock since it was taken: policy loads and
 *                           removals of the module, from the host admin
 *                           as well (containers' attempts are also
 *                           counted as tamper against their group)
 *    HARDEN_A_CLAMPS_PENDING: NLA_U32, capability clamps queued on
 *                             running tasks that have not run yet; each
 *                             holds a reference on the module (it runs
 *                             harden's code), so while it is not 0 the
 *                             module cannot be removed. A task that is
 *                             stopped (SIGSTOP, ptrace) keeps its clamp
 *                             pending until it runs again.
 *
 * HARDEN_CMD_SET_POLICY
 * ---------------------
 *
 * Replaces the whole policy in one transaction. The kernel validates every
 * attribute and builds the new policy before it swaps it in; on any error
 * nothing changes and the error comes back through extack, pointing at the
 * offending attribute. No HARDEN_A_GROUP loads an empty policy, which
 * polices nothing.
 *
 *    HARDEN_A_GROUP: NLA_NESTED, repeated once per group at top level, at
 *                    most HARDEN_MAX_GROUPS, in priority order (first match
 *                    wins)
 *        HARDEN_GROUP_A_NAME: NLA_NUL_STRING, [a-zA-Z0-9_.-], at most
 *                             HARDEN_GROUP_NAME_MAX - 1 bytes, unique
 *        HARDEN_GROUP_A_MATCH: NLA_NUL_STRING, cgroup v2 path glob, at most
 *                              HARDEN_GLOB_MAX - 1 bytes; repeated
 *                              1..HARDEN_MAX_MATCHES times. '*', '?' and
 *                              '[set]' within a segment, at most one "**"
 *                              segment (any number of segments), as in
 *                              harden.conf(5); an invalid glob is EINVAL
 *        HARDEN_GROUP_A_MODE: NLA_U8, enum harden_mode
 *        HARDEN_GROUP_A_FLAGS: NLA_U32, HARDEN_GROUP_F_*: which areas this
 *                              group polices; unknown bits are rejected
 *        HARDEN_GROUP_A_CAPS: NLA_U64, bit N allows capability N; required
 *                             with HARDEN_GROUP_F_CAPS
 *        HARDEN_GROUP_A_MOUNT_TYPE: NLA_NUL_STRING, a filesystem type
 *                             (name as in /proc/filesystems, without a
 *                             ".subtype": "fuse" covers "fuse.sshfs"),
 *                             [a-zA-Z0-9_-], at most HARDEN_FSTYPE_MAX - 1
 *                             bytes; repeated 0..HARDEN_MAX_MOUNT_TYPES
 *                             times, only with HARDEN_GROUP_F_MOUNT.
 *                             HARDEN_GROUP_F_MOUNT without any: every
 *                             mount operation is a violation ("mount
 *                             deny"); with some: new mounts of these types
 *                             are allowed and every other mount operation
 *                             is a violation ("mount allow TYPE...").
 *                             Without HARDEN_GROUP_F_MOUNT the group
 *                             leaves mounts alone ("mount allow").
 *        HARDEN_GROUP_A_PTRACE: NLA_U8, enum harden_scope: which other
 *                             tasks a member may reach with ptrace-class
 *                             access (ptrace, /proc/PID/mem, root, ns,
 *                             process_vm_*, pidfd_getfd, kcmp); required
 *                             with HARDEN_GROUP_F_PTRACE, refused without
 *        HARDEN_GROUP_A_SIGNAL: NLA_U8, enum harden_scope: which other
 *                             tasks a member may send signals to; required
 *                             with HARDEN_GROUP_F_SIGNAL, refused without
 *        HARDEN_GROUP_A_NET_PEER: NLA_NUL_STRING, the name of a group of
 *                             the same policy (this group's own name
 *                             included) whose containers this group's
 *                             containers may exchange traffic with;
 *                             repeated 0..HARDEN_MAX_NET_PEERS times, only
 *                             with HARDEN_GROUP_F_NET, each name once.
 *                             HARDEN_GROUP_F_NET isolates the group's
 *                             containers ("net isolate"): their sockets
 *                             exchange no IPv4/IPv6 traffic with another
 *                             container's (a task or socket whose cgroup
 *                             some group matches) unless each end that
 *                             isolates lists the other's group. Traffic
 *                             with the host and the outside world, and
 *                             inside one network namespace, is not
 *                             affected. Without the flag: "net allow".
 *        HARDEN_GROUP_A_DEVICE: NLA_U64, a device rule
 *                             (HARDEN_DEVICE_RULE()) the group's members
 *                             may open beyond the safe set; repeated
 *                             0..HARDEN_MAX_DEVICES times, only with
 *                             HARDEN_GROUP_F_DEVICES.
 * Host kernel interfaces (HARDEN_AREA_HOST). The kernel objects are told
 * apart by superblock and inode, never by path, so bind mounts, fresh
 * proc/sysfs mounts, /proc/self/fd and io_uring opens are all the same:
 *    HARDEN_GROUP_F_SYSCTL: no write-open of a sysctl that is not the
 *        member's own namespace's: writable stay the ones the kernel keeps
 *        per non-initial network, IPC, mqueue or user namespace, and
 *        kernel.hostname/domainname in a non-initial UTS namespace.
 *        Writes into binfmt_misc (global before 6.7) count here too.
 *    HARDEN_GROUP_F_PROCFS: no write-open of a /proc file that is neither
 *        a sysctl nor under /proc/PID of a task of the same container (or
 *        of the task's own /proc/PID/net); no open at all of the views of
 *        kernel memory: kcore, kpagecount, kpageflags, kpagecgroup,
 *        vmcore.
 *    HARDEN_GROUP_F_SYSFS: no write-open, attribute change (chmod, chown,
 *        xattrs) or directory change (create, mkdir, unlink, rename, ...)
 *        in sysfs, debugfs, tracefs, securityfs, configfs, efivarfs or
 *        pstore; tracefs and debugfs are not even readable.
 *    HARDEN_GROUP_F_CGROUPFS: cgroup v2 files may be opened for writing
 *        only in cgroups below the member's container cgroup, and in that
 *        cgroup itself only cgroup.procs, cgroup.threads,
 *        cgroup.subtree_control, cgroup.freeze and cgroup.kill; never in a
 *        cgroup v1 hierarchy. mkdir only there too, rmdir only below;
 *        attributes (chmod, chown, xattrs) only strictly below.
 *    HARDEN_GROUP_F_DEVICES: no block device may be opened, and of the
 *        character devices only the safe set: null 1:3, zero 1:5, full
 *        1:7, random 1:8, urandom 1:9, tty 5:0, ptmx 5:2, the pts
 *        136-143:* (a container's /dev/console is one), fuse 10:229,
 *        net/tun 10:200; plus the group's
 *        HARDEN_GROUP_A_DEVICE rules.
 *    HARDEN_GROUP_F_AUTOLOAD: module autoload requests (request_module())
 *        made by members fail.
 *    HARDEN_GROUP_F_KEYRING: add_key(2), request_key(2) and keyctl(2) fail
 *        for members: without a user namespace a container's root shares
 *        the host root's user keyring (and request_key runs
 *        /sbin/request-key as host root); Docker's seccomp profile, off
 *        under --privileged, refuses them to every container.
 * Whatever the policy, once any group has one of these flags, a kernel
 * usermode helper (a core_pattern pipe, modprobe, ...) may not execute a
 * program that is not in the host's file tree (e.g. reached through
 * /proc/PID/root of a container); refused as HARDEN_OP_UMH_EXEC (tamper),
 * counted against the container of PID when the helper's path goes
 * through /proc/PID (core_pattern's %P), otherwise only reported.
 *
 * A full policy (HARDEN_MAX_GROUPS groups of HARDEN_MAX_MATCHES globs of
 * HARDEN_GLOB_MAX bytes) is about 540 KiB, more than a netlink socket's
 * default send buffer: a client sets SO_SNDBUF (or, as CAP_NET_ADMIN,
 * SO_SNDBUFFORCE) to at least the message size before it sends.
 *
 * Reply: HARDEN_A_GENERATION of the new policy.
 *
 * HARDEN_CMD_GET_POLICY (dump)
 * ----------------------------
 *
 * Request: no attributes. The first message carries HARDEN_A_GENERATION,
 * HARDEN_A_LOAD_TIME and HARDEN_A_GROUP_COUNT; then one message per group,
 * in priority order, each with HARDEN_A_GENERATION and one HARDEN_A_GROUP
 * exactly as accepted by HARDEN_CMD_SET_POLICY. A load during the dump
 * shows as a change of HARDEN_A_GENERATION; the client starts again.
 *
 * HARDEN_CMD_GET_STATS (dump)
 * ---------------------------
 *
 * One message per cgroup that has tasks bound to it or non-zero counters.
 * A removed cgroup's counters are kept HARDEN_CGROUP_KEEP_SECS after its
 * last task left; they are already in the per-group totals
 * (HARDEN_CMD_GET_TOTALS), so nothing is lost when the entry goes.
 *
 *    HARDEN_A_CGROUP: NLA_NESTED
 *        HARDEN_CGROUP_A_ID: NLA_U64, cgroup v2 id (inode number)
 *        HARDEN_CGROUP_A_PATH: NLA_NUL_STRING, path when first seen (set by
 *                              whoever named the cgroup: untrusted bytes)
 *        HARDEN_CGROUP_A_GROUP: NLA_NUL_STRING, group it matches under the
 *                               policy in force; absent if none
 *        HARDEN_CGROUP_A_TASKS: NLA_U32, tasks bound to it now
 *        HARDEN_CGROUP_A_REMOVED: NLA_U64, CLOCK_REALTIME seconds when the
 *                                 cgroup was found removed; absent while
 *                                 it exists
 *        HARDEN_CGROUP_A_COUNTERS: NLA_NESTED_ARRAY, non-zero counters
 *            0: NLA_NESTED
 *                HARDEN_COUNTER_A_AREA: NLA_U8, enum harden_area
 *                HARDEN_COUNTER_A_OP: NLA_U16, enum harden_op
 *                HARDEN_COUNTER_A_DETAIL: NLA_U32, meaning set by the op
 *                HARDEN_COUNTER_A_DENIED: NLA_U64
 *                HARDEN_COUNTER_A_AUDITED: NLA_U64
 *            ...
 *
 * A cgroup keeps at most HARDEN_CGROUP_COUNTERS distinct (area, op,
 * detail) keys; further keys are counted under (area, HARDEN_OP_OTHER,
 * HARDEN_DETAIL_OTHER), so counts are exact per area even then.
 *
 * HARDEN_CMD_GET_TOTALS (dump)
 * ----------------------------
 *
 * Per-group totals since the module was loaded, never decreasing: they are
 * counted at each decision under the group's name, so container restarts
 * (new cgroups), removed cgroups and reloads never take anything away. One
 * message per group name ever loaded, at most HARDEN_MAX_TOTALS names;
 * later names are counted under HARDEN_TOTAL_OTHER.
 *
 *    HARDEN_A_TOTAL: NLA_NESTED
 *        HARDEN_TOTAL_A_GROUP: NLA_NUL_STRING, group name
 *        HARDEN_TOTAL_A_COUNTERS: NLA_NESTED_ARRAY, one per area with a
 *                                 non-zero count
 *            0: NLA_NESTED
 *                HARDEN_COUNTER_A_AREA: NLA_U8
 *                HARDEN_COUNTER_A_DENIED: NLA_U64
 *                HARDEN_COUNTER_A_AUDITED: NLA_U64
 *            ...
 *
 * HARDEN_CMD_LOCK
 * ---------------
 *
 * Request: no attributes. Locks harden until the next reboot, as Yama's
 * ptrace_scope=3 does: from then on HARDEN_CMD_SET_POLICY is refused with
 * EPERM whatever the policy (a looser one as well as a stricter one), and
 * delete_module(2) of harden is refused with EPERM to every task, the host
 * admin included, even with O_TRUNC (rmmod -f). Nothing undoes it; a
 * second HARDEN_CMD_LOCK changes nothing and succeeds. Refused with
 * EINVAL while no policy has been loaded (generation 0): there would be
 * nothing to hold. Reads (status, dumps, events) stay open to the admin.
 *
 * Reply: HARDEN_A_GENERATION of the policy now held, HARDEN_A_LOCK_TIME.
 *
 * HARDEN_CMD_EVENT (multicast group HARDEN_MCGRP_EVENTS)
 * ------------------------------------------------------
 *
 * Sent by the kernel for each violation, after the fact, from a workqueue;
 * at most HARDEN_EVENTS_PER_SEC per cgroup with bursts of
 * HARDEN_EVENTS_BURST. Joining the group needs CAP_NET_ADMIN and is
 * refused, and counted as tamper, to tasks inside a container.
 *
 *    HARDEN_A_EVENT: NLA_NESTED
 *        HARDEN_EVENT_A_TIME: NLA_U64, CLOCK_REALTIME nanoseconds
 *        HARDEN_EVENT_A_MODE: NLA_U8, enum harden_mode (the decision:
 *                             ENFORCE denied, AUDIT allowed and counted)
 *        HARDEN_EVENT_A_AREA: NLA_U8, enum harden_area
 *        HARDEN_EVENT_A_OP: NLA_U16, enum harden_op
 *        HARDEN_EVENT_A_DETAIL: NLA_U32
 *        HARDEN_EVENT_A_PID: NLA_U32, in the initial pid namespace
 *        HARDEN_EVENT_A_COMM: NLA_NUL_STRING, untrusted bytes
 *        HARDEN_EVENT_A_CGROUP_ID: NLA_U64
 *        HARDEN_EVENT_A_CGROUP: NLA_NUL_STRING, path, untrusted bytes
 *        HARDEN_EVENT_A_GROUP: NLA_NUL_STRING, absent if none
 *        HARDEN_EVENT_A_DROPPED: NLA_U64, events dropped since load, so a
 *                                listener sees a gap when it grows
 *        HARDEN_EVENT_A_OBJECT: NLA_NUL_STRING, what the operation acted
 *                               on, where known, at most
 *                               HARDEN_OBJECT_MAX - 1 bytes (longer ones
 *                               are cut); untrusted bytes. Mount ops: the
 *                               source as the caller gave it (a device,
 *                               a path) or the filesystem type name.
 *        HARDEN_EVENT_A_TARGET_PID: NLA_U32, ptrace area: the task acted
 *                                   on, in the initial pid namespace
 *        HARDEN_EVENT_A_TARGET_COMM: NLA_NUL_STRING, its name; untrusted
 *        HARDEN_EVENT_A_TARGET_CGROUP_ID: NLA_U64, its cgroup v2 id
 *        HARDEN_EVENT_A_TARGET_CGROUP: NLA_NUL_STRING, that cgroup's path
 *                                      when the event was sent; absent if
 *                                      it is gone by then
 *        HARDEN_EVENT_A_TARGET_GROUP: NLA_NUL_STRING, net area: the peer
 *                                     container's group; absent if none
 *
 * Net area events: HARDEN_EVENT_A_TARGET_CGROUP_ID and _CGROUP name the
 * peer container (absent for a packet socket), HARDEN_EVENT_A_OBJECT the
 * peer's address and port ("10.0.0.2:80", "[fd00::2]:53"). A packet
 * checked on receipt is seen in softirq context, where no task is acting:
 * those events carry no HARDEN_EVENT_A_PID and no HARDEN_EVENT_A_COMM.
 */

#ifndef _UAPI_LINUX_HARDEN_H
#define _UAPI_LINUX_HARDEN_H

#define HARDEN_GENL_NAME	"harden"
#define HARDEN_GENL_VERSION	1
#define HARDEN_MCGRP_EVENTS	"events"

/* Limits. Both sides enforce them; the kernel is the authority. */
#define HARDEN_GROUP_NAME_MAX	64	/* bytes, including the NUL */
#define HARDEN_GLOB_MAX		256	/* bytes, including the NUL */
#define HARDEN_MAX_GROUPS	64
#define HARDEN_MAX_MATCHES	32	/* per group */
#define HARDEN_CAP_BITS		64	/* width of HARDEN_GROUP_A_CAPS */
#define HARDEN_CGROUP_COUNTERS	64	/* distinct counter keys per cgroup */
#define HARDEN_CGROUP_KEEP_SECS	900	/* counters of a removed cgroup */
#define HARDEN_MAX_TOTALS	256	/* group names with their own totals */
#define HARDEN_TOTAL_OTHER	"_other" /* totals beyond HARDEN_MAX_TOTALS */
#define HARDEN_EVENTS_PER_SEC	10	/* per cgroup, sustained */
#define HARDEN_EVENTS_BURST	50	/* per cgroup */
#define HARDEN_EVENTS_QUEUE	256	/* per CPU, events awaiting send */
#define HARDEN_DETAIL_OTHER	0xffffffffU
#define HARDEN_MAX_MOUNT_TYPES	16	/* per group */
#define HARDEN_FSTYPE_MAX	32	/* bytes, including the NUL */
#define HARDEN_OBJECT_MAX	64	/* bytes, including the NUL */
#define HARDEN_MAX_NET_PEERS	HARDEN_MAX_GROUPS	/* per group */
/* IPv4/IPv6 addresses of all network namespaces that harden tracks */
#define HARDEN_NET_ADDRS	8192
/* of them, per network namespace other than the initial one */
#define HARDEN_NET_ADDRS_PER_NS	64
#define HARDEN_MAX_DEVICES	32	/* device rules per group */

enum harden_mode {
	HARDEN_MODE_ENFORCE = 0,
	HARDEN_MODE_AUDIT = 1,
	__HARDEN_MODE_MAX
};
#define HARDEN_MODE_MAX (__HARDEN_MODE_MAX - 1)

/* Policy areas; counters, events and hooks are keyed by them. */
enum harden_area {
	HARDEN_AREA_CAP,	/* capability allow-list */
	HARDEN_AREA_MOUNT,	/* mount, umount, new mount API */
	HARDEN_AREA_PTRACE,	/* ptrace, /proc/PID, namespaces, signals */
	HARDEN_AREA_NET,	/* traffic between containers */
	HARDEN_AREA_HOST,	/* host kernel interfaces */
	/* attempts to change or switch off harden; always refused */
	HARDEN_AREA_TAMPER,
	__HARDEN_AREA_MAX
};
#define HARDEN_AREA_MAX (__HARDEN_AREA_MAX - 1)

/*
 * Operations, in every area. HARDEN_COUNTER_A_DETAIL and
 * HARDEN_EVENT_A_DETAIL mean, per op:
 *   CAPABLE: the capability number
 *   CONTROL: the harden command (enum harden_cmd) that was refused
 *   mount area: the filesystem type involved (enum harden_fstype),
 *               HARDEN_FSTYPE_UNKNOWN where none is known
 *   PTRACE_*: the target (enum harden_target)
 *   SIGNAL: the signal number (0: a kill(2) probe)
 *   NET_*: the IP protocol (IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP,
 *          IPPROTO_ICMPV6, ...; 0 where none, e.g. a packet socket)
 *   SYSFS_WRITE, SYSFS_READ: the filesystem (enum harden_fstype)
 *   PRLIMIT, SCHED: the target (enum harden_target)
 *   BLOCK_OPEN, CHAR_OPEN: the device's major number
 *   all others: 0
 */
enum harden_op {
	HARDEN_OP_OTHER,		/* counter overflow, see above */
	HARDEN_OP_CAPABLE,		/* cap: use of a capability */
	HARDEN_OP_DELETE_MODULE,	/* tamper: delete_module(2) */
	HARDEN_OP_CONTROL,		/* tamper: a harden netlink command */
	HARDEN_OP_EVENTS_JOIN,		/* tamper: join the events group */
	HARDEN_OP_IOURING_PERSONALITY,	/* tamper: IORING_REGISTER_PERSONALITY */
	/* tamper: moving a task out of its container's cgroup subtree */
	HARDEN_OP_CGROUP_MOVE,
	HARDEN_OP_MODULE_PARAM,		/* tamper: writing a harden module parameter */
	HARDEN_OP_MODULE_LOAD,		/* tamper: init_module(2), finit_module(2) */
	HARDEN_OP_KEXEC,		/* tamper: kexec_load(2), kexec_file_load(2) */
	/* mount area; the legacy mount(2) ops are named by what its flags ask */
	HARDEN_OP_MOUNT,		/* mount(2) of a new filesystem */
	HARDEN_OP_MOUNT_BIND,		/* mount(2) MS_BIND */
	HARDEN_OP_MOUNT_REMOUNT,	/* mount(2) MS_REMOUNT, with or without MS_BIND */
	HARDEN_OP_MOUNT_MOVE,		/* mount(2) MS_MOVE */
	/* mount(2) MS_SHARED, MS_PRIVATE, MS_SLAVE, MS_UNBINDABLE */
	HARDEN_OP_MOUNT_PROPAGATION,
	HARDEN_OP_UMOUNT,		/* umount(2), umount2(2) */
	HARDEN_OP_PIVOT_ROOT,		/* pivot_root(2) */
	HARDEN_OP_MOVE_MOUNT,		/* move_mount(2): move, or attach a detached tree */
	HARDEN_OP_FSOPEN,		/* fsopen(2) */
	HARDEN_OP_FSCONFIG_CREATE,	/* fsconfig(2) FSCONFIG_CMD_CREATE */
	HARDEN_OP_FSCONFIG_RECONFIGURE,	/* fsconfig(2) FSCONFIG_CMD_RECONFIGURE */
	HARDEN_OP_FSMOUNT,		/* fsmount(2): a detached mount */
	HARDEN_OP_OPEN_TREE_CLONE,	/* open_tree(2) OPEN_TREE_CLONE */
	HARDEN_OP_MOUNT_SETATTR,	/* mount_setattr(2) */
	/* ptrace area */
	HARDEN_OP_PTRACE_READ,		/* PTRACE_MODE_READ: /proc/PID/root, ns, fd, maps, kcmp */
	/* PTRACE_MODE_ATTACH: attach, seize, /proc/PID/mem, process_vm_*, pidfd_getfd */
	HARDEN_OP_PTRACE_ATTACH,
	HARDEN_OP_PTRACE_TRACEME,	/* PTRACE_TRACEME: be traced by the parent */
	HARDEN_OP_SIGNAL,		/* kill(2), tgkill(2), sigqueue, pidfd_send_signal(2) */
	/* net area */
	HARDEN_OP_NET_CONNECT,		/* connect(2) to another container's address */
	HARDEN_OP_NET_SEND,		/* a packet sent to another container */
	HARDEN_OP_NET_RECV,		/* a packet from another container reaching a socket */
	HARDEN_OP_NET_FORWARD,		/* a packet a container's netns forwards to another container */
	HARDEN_OP_NET_SPOOF,		/* a packet whose source address is not its netns' own */
	/*
	 * socket(2) of a family other than unix, inet, inet6, netlink, alg
	 * (AF_PACKET, AF_XDP, ...): traffic past the IP checks
	 */
	HARDEN_OP_NET_PACKET,
	/* host area: the host kernel's own interfaces (HARDEN_GROUP_F_SYSCTL..AUTOLOAD) */
	HARDEN_OP_SYSCTL_WRITE,		/* write-open of a host-global sysctl */
	/*
	 * write-open of a /proc file that is neither a sysctl nor under the
	 * /proc/PID of a task of the same container (sysrq-trigger, ...)
	 */
	HARDEN_OP_PROC_WRITE,
	HARDEN_OP_PROC_READ,		/* open of a kernel-memory view (kcore, kpage*, ...) */
	HARDEN_OP_SYSFS_WRITE,		/* write-open in sysfs and kin; detail: enum harden_fstype */
	/* write-open, mkdir or rmdir in cgroupfs outside the container's subtree */
	HARDEN_OP_CGROUP_WRITE,
	HARDEN_OP_BLOCK_OPEN,		/* open of a block device; detail: its major */
	HARDEN_OP_CHAR_OPEN,		/* open of a char device outside the allowed set; detail: major */
	HARDEN_OP_MODULE_REQUEST,	/* module autoload (request_module) */
	/*
	 * tamper: a kernel usermode helper (core-dump pipe, modprobe, ...)
	 * about to run a program that is not in the host's file tree
	 */
	HARDEN_OP_UMH_EXEC,
	/* host: open of a tracefs or debugfs file for reading; detail: enum harden_fstype */
	HARDEN_OP_SYSFS_READ,
	/* ptrace area: prlimit(2) on another task (scope of HARDEN_GROUP_A_PTRACE) */
	HARDEN_OP_PRLIMIT,
	/* host: add_key(2), request_key(2), keyctl(2) (HARDEN_GROUP_F_KEYRING) */
	HARDEN_OP_KEYRING,
	/*
	 * ptrace area: the scheduling of another task: setpriority(2),
	 * sched_setscheduler(2), sched_setparam(2), sched_setattr(2),
	 * sched_setaffinity(2), ioprio_set(2), migrate_pages(2), move_pages(2)
	 * (with HARDEN_GROUP_F_PTRACE: tasks outside the container, under
	 * either scope)
	 */
	HARDEN_OP_SCHED,
	__HARDEN_OP_MAX
};
#define HARDEN_OP_MAX (__HARDEN_OP_MAX - 1)

/*
 * Filesystem types a mount op's detail names. Types not listed here are
 * HARDEN_FSTYPE_OTHER (the event's HARDEN_EVENT_A_OBJECT may name them).
 */
enum harden_fstype {
	HARDEN_FSTYPE_UNKNOWN,		/* none involved, or not known */
	HARDEN_FSTYPE_OTHER,
	HARDEN_FSTYPE_TMPFS,
	HARDEN_FSTYPE_PROC,
	HARDEN_FSTYPE_SYSFS,
	HARDEN_FSTYPE_CGROUP,
	HARDEN_FSTYPE_CGROUP2,
	HARDEN_FSTYPE_DEVPTS,
	HARDEN_FSTYPE_MQUEUE,
	HARDEN_FSTYPE_DEVTMPFS,
	HARDEN_FSTYPE_OVERLAY,
	HARDEN_FSTYPE_EXT2,
	HARDEN_FSTYPE_EXT3,
	HARDEN_FSTYPE_EXT4,
	HARDEN_FSTYPE_XFS,
	HARDEN_FSTYPE_BTRFS,
	HARDEN_FSTYPE_VFAT,
	HARDEN_FSTYPE_FUSE,
	HARDEN_FSTYPE_FUSEBLK,
	HARDEN_FSTYPE_NFS,
	HARDEN_FSTYPE_NFS4,
	HARDEN_FSTYPE_CIFS,
	HARDEN_FSTYPE_9P,
	HARDEN_FSTYPE_BPF,
	HARDEN_FSTYPE_DEBUGFS,
	HARDEN_FSTYPE_TRACEFS,
	HARDEN_FSTYPE_SECURITYFS,
	HARDEN_FSTYPE_CONFIGFS,
	HARDEN_FSTYPE_HUGETLBFS,
	HARDEN_FSTYPE_BINFMT_MISC,
	HARDEN_FSTYPE_RAMFS,
	HARDEN_FSTYPE_SQUASHFS,
	HARDEN_FSTYPE_ISO9660,
	HARDEN_FSTYPE_EFIVARFS,
	HARDEN_FSTYPE_PSTORE,
	HARDEN_FSTYPE_AUTOFS,
	HARDEN_FSTYPE_NSFS,
	HARDEN_FSTYPE_FUSECTL,
	__HARDEN_FSTYPE_MAX
};
#define HARDEN_FSTYPE_MAX_ID (__HARDEN_FSTYPE_MAX - 1)

/* Who a ptrace-area op acted on: the detail of the PTRACE_* ops. */
enum harden_target {
	HARDEN_TARGET_UNKNOWN,
	HARDEN_TARGET_HOST,		/* a task bound to no container */
	HARDEN_TARGET_OTHER,		/* a task of another container */
	HARDEN_TARGET_SAME,		/* a task of the same container (scope deny) */
	__HARDEN_TARGET_MAX
};
#define HARDEN_TARGET_MAX (__HARDEN_TARGET_MAX - 1)

/*
 * Which other tasks a group's members may reach (HARDEN_GROUP_A_PTRACE,
 * HARDEN_GROUP_A_SIGNAL). A task may always act on itself and on its own
 * threads. "allow" is the absence of the area's flag.
 */
enum harden_scope {
	HARDEN_SCOPE_DENY,		/* no other task */
	HARDEN_SCOPE_CONTAINER,		/* tasks of the same container only */
	__HARDEN_SCOPE_MAX
};
#define HARDEN_SCOPE_MAX (__HARDEN_SCOPE_MAX - 1)

/* Areas a group polices. A group without an area's flag leaves it alone. */
#define HARDEN_GROUP_F_CAPS	(1U << 0)
#define HARDEN_GROUP_F_MOUNT	(1U << 1)
#define HARDEN_GROUP_F_PTRACE	(1U << 2)
#define HARDEN_GROUP_F_SIGNAL	(1U << 3)
#define HARDEN_GROUP_F_NET	(1U << 4)	/* net isolate */
/* Host kernel interfaces (area HARDEN_AREA_HOST); see HARDEN_CMD_SET_POLICY. */
#define HARDEN_GROUP_F_SYSCTL	(1U << 5)	/* sysctl readonly */
#define HARDEN_GROUP_F_PROCFS	(1U << 6)	/* procfs readonly */
#define HARDEN_GROUP_F_SYSFS	(1U << 7)	/* sysfs readonly */
#define HARDEN_GROUP_F_CGROUPFS	(1U << 8)	/* cgroupfs container */
#define HARDEN_GROUP_F_DEVICES	(1U << 9)	/* devices deny / allow DEVICE... */
#define HARDEN_GROUP_F_AUTOLOAD	(1U << 10)	/* autoload deny */
#define HARDEN_GROUP_F_KEYRING	(1U << 11)	/* keyring deny */
#define HARDEN_GROUP_F_HOST	(HARDEN_GROUP_F_SYSCTL | HARDEN_GROUP_F_PROCFS | \
				 HARDEN_GROUP_F_SYSFS | HARDEN_GROUP_F_CGROUPFS | \
				 HARDEN_GROUP_F_DEVICES | HARDEN_GROUP_F_AUTOLOAD | \
				 HARDEN_GROUP_F_KEYRING)
#define HARDEN_GROUP_F_ALL	(HARDEN_GROUP_F_CAPS | HARDEN_GROUP_F_MOUNT | \
				 HARDEN_GROUP_F_PTRACE | HARDEN_GROUP_F_SIGNAL | \
				 HARDEN_GROUP_F_NET | HARDEN_GROUP_F_HOST)

/*
 * A device rule (HARDEN_GROUP_A_DEVICE, NLA_U64): one or both type bits,
 * the major in bits 32..43 or HARDEN_DEVICE_MAJOR_ANY, the minor in bits
 * 0..19 or HARDEN_DEVICE_MINOR_ANY. No other bit may be set.
 */
#define HARDEN_DEVICE_CHAR	(1ULL << 63)
#define HARDEN_DEVICE_BLOCK	(1ULL << 62)
#define HARDEN_DEVICE_MAJOR_ANY	(1ULL << 61)
#define HARDEN_DEVICE_MINOR_ANY	(1ULL << 31)
#define HARDEN_DEVICE_MAJOR_SHIFT	32
#define HARDEN_DEVICE_MAJOR_MASK	0xfffULL	/* after the shift */
#define HARDEN_DEVICE_MINOR_MASK	0xfffffULL
#define HARDEN_DEVICE_RULE(type, major, minor) \
	((type) | ((unsigned long long)(major) << HARDEN_DEVICE_MAJOR_SHIFT) | \
	 (unsigned long long)(minor))

enum harden_cmd {
	HARDEN_CMD_UNSPEC,
	HARDEN_CMD_GET_STATUS,
	HARDEN_CMD_SET_POLICY,
	HARDEN_CMD_GET_POLICY,
	HARDEN_CMD_GET_STATS,
	HARDEN_CMD_GET_TOTALS,
	HARDEN_CMD_EVENT,
	HARDEN_CMD_LOCK,
	__HARDEN_CMD_MAX
};
#define HARDEN_CMD_MAX (__HARDEN_CMD_MAX - 1)

enum harden_attr {
	HARDEN_A_UNSPEC,
	HARDEN_A_VERSION,
	HARDEN_A_GENERATION,
	HARDEN_A_LOAD_TIME,
	HARDEN_A_GROUP_COUNT,
	HARDEN_A_TRACKED_TASKS,
	HARDEN_A_CGROUP_COUNT,
	HARDEN_A_HOOKS,
	HARDEN_A_GROUP,
	HARDEN_A_CGROUP,
	HARDEN_A_MEMORY,
	HARDEN_A_EVENTS_SENT,
	HARDEN_A_EVENTS_DROPPED,
	HARDEN_A_TOTAL,
	HARDEN_A_EVENT,
	HARDEN_A_NET_ADDRS,
	HARDEN_A_NET_UNTRACKED,
	HARDEN_A_LOCKED,
	HARDEN_A_LOCK_TIME,
	HARDEN_A_LOCK_REFUSED,
	HARDEN_A_CLAMPS_PENDING,
	__HARDEN_A_MAX
};
#define HARDEN_A_MAX (__HARDEN_A_MAX - 1)

enum harden_hook_attr {
	HARDEN_HOOK_A_UNSPEC,
	HARDEN_HOOK_A_NAME,
	HARDEN_HOOK_A_HITS,
	HARDEN_HOOK_A_AREA,
	__HARDEN_HOOK_A_MAX
};
#define HARDEN_HOOK_A_MAX (__HARDEN_HOOK_A_MAX - 1)

enum harden_group_attr {
	HARDEN_GROUP_A_UNSPEC,
	HARDEN_GROUP_A_NAME,
	HARDEN_GROUP_A_MATCH,
	HARDEN_GROUP_A_MODE,
	HARDEN_GROUP_A_FLAGS,
	HARDEN_GROUP_A_CAPS,
	HARDEN_GROUP_A_MOUNT_TYPE,
	HARDEN_GROUP_A_PTRACE,
	HARDEN_GROUP_A_SIGNAL,
	HARDEN_GROUP_A_NET_PEER,
	HARDEN_GROUP_A_DEVICE,
	__HARDEN_GROUP_A_MAX
};
#define HARDEN_GROUP_A_MAX (__HARDEN_GROUP_A_MAX - 1)

enum harden_cgroup_attr {
	HARDEN_CGROUP_A_UNSPEC,
	HARDEN_CGROUP_A_ID,
	HARDEN_CGROUP_A_PATH,
	HARDEN_CGROUP_A_GROUP,
	HARDEN_CGROUP_A_TASKS,
	HARDEN_CGROUP_A_REMOVED,
	HARDEN_CGROUP_A_COUNTERS,
	__HARDEN_CGROUP_A_MAX
};
#define HARDEN_CGROUP_A_MAX (__HARDEN_CGROUP_A_MAX - 1)

enum harden_counter_attr {
	HARDEN_COUNTER_A_UNSPEC,
	HARDEN_COUNTER_A_AREA,
	HARDEN_COUNTER_A_OP,
	HARDEN_COUNTER_A_DETAIL,
	HARDEN_COUNTER_A_DENIED,
	HARDEN_COUNTER_A_AUDITED,
	__HARDEN_COUNTER_A_MAX
};
#define HARDEN_COUNTER_A_MAX (__HARDEN_COUNTER_A_MAX - 1)

enum harden_total_attr {
	HARDEN_TOTAL_A_UNSPEC,
	HARDEN_TOTAL_A_GROUP,
	HARDEN_TOTAL_A_COUNTERS,
	__HARDEN_TOTAL_A_MAX
};
#define HARDEN_TOTAL_A_MAX (__HARDEN_TOTAL_A_MAX - 1)

enum harden_event_attr {
	HARDEN_EVENT_A_UNSPEC,
	HARDEN_EVENT_A_TIME,
	HARDEN_EVENT_A_MODE,
	HARDEN_EVENT_A_AREA,
	HARDEN_EVENT_A_OP,
	HARDEN_EVENT_A_DETAIL,
	HARDEN_EVENT_A_PID,
	HARDEN_EVENT_A_COMM,
	HARDEN_EVENT_A_CGROUP_ID,
	HARDEN_EVENT_A_CGROUP,
	HARDEN_EVENT_A_GROUP,
	HARDEN_EVENT_A_DROPPED,
	HARDEN_EVENT_A_OBJECT,
	HARDEN_EVENT_A_TARGET_PID,
	HARDEN_EVENT_A_TARGET_COMM,
	HARDEN_EVENT_A_TARGET_CGROUP_ID,
	HARDEN_EVENT_A_TARGET_CGROUP,
	HARDEN_EVENT_A_TARGET_GROUP,
	__HARDEN_EVENT_A_MAX
};
#define HARDEN_EVENT_A_MAX (__HARDEN_EVENT_A_MAX - 1)

#endif /* _UAPI_LINUX_HARDEN_H */
