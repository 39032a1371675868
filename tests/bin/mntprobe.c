// SPDX-License-Identifier: GPL-2.0
/*
 * mntprobe: one mount operation per invocation, for the VM tests of harden's
 * mount policy (tests/vm/mount.sh, tests/vm/mount_docker.sh).
 *
 * Every operation is a raw syscall(2) (no libmount, no glibc wrapper), so
 * what the kernel sees is exactly what the action names. An action prefixed
 * with "ia32-" makes the same mount-family calls through `int $0x80` (the
 * 32-bit entry points) from this 64-bit binary, with every pointer argument
 * in a MAP_32BIT buffer.
 *
 * Output: one line "ACTION: ok[ (what)]" or "ACTION: ENAME (strerror)[ at
 * STEP]" (STEP: which call of a multi-call action failed).
 * Exit: 0 the action succeeded, 1 it failed, 2 usage or a setup error.
 *
 *   mount-new TYPE SRC DIR [DATA]   mount(2) of a new filesystem
 *   mount-bind SRC DIR              mount(2) MS_BIND
 *   mount-remount DIR [ro]          mount(2) MS_REMOUNT [| MS_RDONLY]
 *   mount-move SRC DIR              mount(2) MS_MOVE
 *   mount-private DIR               mount(2) MS_PRIVATE
 *   mount-fuse DIR [TYPE]           open /dev/fuse; mount(2) TYPE (default
 *                                   fuse) with fd=N,rootmode=40000,...
 *   umount DIR                      umount2(2)
 *   pivot-root NEW PUT_OLD          pivot_root(2)
 *   fsopen TYPE                     fsopen(2)
 *   fsconfig-create CTX [SRC]       fsconfig(2) [SET_STRING source,] CMD_CREATE
 *   fsconfig-create-excl CTX [SRC]  the same with CMD_CREATE_EXCL (6.6+)
 *   fsconfig-reconfigure DIR        fspick(2) + fsconfig(2) CMD_RECONFIGURE
 *   fspick DIR                      fspick(2) only (never checked)
 *   fsmount CTX [SRC]               CREATE (unless CTX is a created context)
 *                                   + fsmount(2), then the detached mount
 *                                   used only through openat(mntfd, ...):
 *                                   a file written and read back
 *   move-mount MNT DIR [SRC]        move_mount(2) of a detached mount to DIR
 *   open-tree-clone PATH            open_tree(2) OPEN_TREE_CLONE, then its
 *                                   entries read through openat(fd, ".")
 *   open-tree PATH                  open_tree(2) without a clone (never checked)
 *   mount-setattr DIR               mount_setattr(2) MOUNT_ATTR_RDONLY
 *
 *   CTX is a filesystem type (fsopen(2) first, its failure reported "at
 *   fsopen") or fd:N, a context inherited from `box`'s setup. MNT is a type
 *   (fsopen, CREATE and fsmount first) or fd:N, a detached mount.
 *
 *   hostns ACTION...                setns(2) into /proc/1/ns/mnt, then ACTION
 *                                   in this process (no exec)
 *   box [-H] [-n] CGROUP_DIR [SETUP...] -- ACTION [ARG...]
 *       The process that runs it must be unarmed (a host task). It moves
 *       itself into CGROUP_DIR (created if needed; "-": stays), unshares its
 *       mount namespace (not with -H) and makes / rprivate, runs SETUP, then
 *       execs itself for ACTION: that exec in a non-init mount namespace
 *       arms it if CGROUP_DIR belongs to a group. -n: no exec, ACTION runs in
 *       this (unarmed) process. SETUP items, in order:
 *         dir:PATH           mkdir -p
 *         tmpfs:PATH         mkdir -p, mount a tmpfs there
 *         pivot:PATH         tmpfs:PATH and mkdir PATH/old
 *         fsopen:TYPE[:SRC]  fsopen (and source): fd 10, 11, ... in order
 *         fsctx:TYPE[:SRC]   ... and CMD_CREATE
 *         fsmnt:TYPE[:SRC]   ... and fsmount
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Debian 12's headers have most of these; older ones do not. */
#ifndef MS_REMOUNT
#define MS_REMOUNT		32
#endif
#ifndef MS_BIND
#define MS_BIND			4096
#endif
#ifndef MS_MOVE
#define MS_MOVE			8192
#endif
#ifndef MS_REC
#define MS_REC			16384
#endif
#ifndef MS_PRIVATE
#define MS_PRIVATE		(1 << 18)
#endif
#ifndef MS_RDONLY
#define MS_RDONLY		1
#endif
#ifndef FSOPEN_CLOEXEC
#define FSOPEN_CLOEXEC		0x00000001
#endif
#ifndef FSPICK_CLOEXEC
#define FSPICK_CLOEXEC		0x00000001
#endif
#ifndef FSMOUNT_CLOEXEC
#define FSMOUNT_CLOEXEC		0x00000001
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE		1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC	O_CLOEXEC
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH	0x00000004
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY	0x00000001
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE		0x8000
#endif
/* enum fsconfig_command (glibc defines it as an enum with same-named macros) */
#ifndef FSCONFIG_SET_STRING
#define FSCONFIG_SET_STRING	1
#endif
#ifndef FSCONFIG_CMD_CREATE
#define FSCONFIG_CMD_CREATE	6
#endif
#ifndef FSCONFIG_CMD_RECONFIGURE
#define FSCONFIG_CMD_RECONFIGURE 7
#endif
#define MP_FSCONFIG_CMD_CREATE_EXCL 8	/* 6.6 and later */

struct mp_mount_attr {		/* struct mount_attr, MOUNT_ATTR_SIZE_VER0 */
	uint64_t attr_set;
	uint64_t attr_clr;
	uint64_t propagation;
	uint64_t userns_fd;
};

/* x86-64 and ia32 syscall numbers */
enum mp_call { C_MOUNT, C_UMOUNT2, C_PIVOT_ROOT, C_OPEN_TREE, C_MOVE_MOUNT,
	       C_FSOPEN, C_FSCONFIG, C_FSMOUNT, C_FSPICK, C_MOUNT_SETATTR };
static const struct { const char *name; long x64, ia32; } calls[] = {
	[C_MOUNT]	  = { "mount",		165,  21 },
	[C_UMOUNT2]	  = { "umount2",	166,  52 },
	[C_PIVOT_ROOT]	  = { "pivot_root",	155, 217 },
	[C_OPEN_TREE]	  = { "open_tree",	428, 428 },
	[C_MOVE_MOUNT]	  = { "move_mount",	429, 429 },
	[C_FSOPEN]	  = { "fsopen",		430, 430 },
	[C_FSCONFIG]	  = { "fsconfig",	431, 431 },
	[C_FSMOUNT]	  = { "fsmount",	432, 432 },
	[C_FSPICK]	  = { "fspick",		433, 433 },
	[C_MOUNT_SETATTR] = { "mount_setattr",	442, 442 },
};

static int ia32;		/* the mount-family calls go through int $0x80 */
static char *low;		/* MAP_32BIT arena for their pointer arguments */
static size_t low_used;
#define LOW_SIZE (64 * 1024)

static const char *step;	/* the call that failed, for the result line */
static const char *action;	/* argv[0] of the action, as given */

static void *lowmem(const void *p, size_t n)
{
	void *r;

	if (!ia32 || !p)
		return (void *)p;
	if (!low) {
		low = mmap(NULL, LOW_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
		if (low == MAP_FAILED) {
			perror("mntprobe: mmap(MAP_32BIT)");
			exit(2);
		}
	}
	n = (n + 15) & ~(size_t)15;
	if (low_used + n > LOW_SIZE) {
		fprintf(stderr, "mntprobe: low arena full\n");
		exit(2);
	}
	r = memcpy(low + low_used, p, n);
	low_used += n;
	return r;
}

/* A string argument, copied below 4 GiB for the ia32 entry points. */
static long S(const char *s)
{
	return (long)(uintptr_t)(s ? lowmem(s, strlen(s) + 1) : NULL);
}

/* int $0x80 faults (SIGSEGV) where the kernel has no ia32 entry points. */
static void int80_fault(int sig)
{
	static const char msg[] = ": no ia32 syscalls (int $0x80 faulted)\n";

	(void)sig;
	if (write(1, action, strlen(action)) < 0 || write(1, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(2);
}

static long int80(long nr, long a, long b, long c, long d, long e)
{
	long ret;

	signal(SIGSEGV, int80_fault);

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
			 : "memory", "cc", "r8", "r9", "r10", "r11");
	return (int)ret;	/* eax, sign-extended */
}

/* One mount-family call: -1 with errno set (and step named) on failure. */
static long mc(enum mp_call c, long a, long b, long c2, long d, long e)
{
	long r;

	if (ia32) {
		r = int80(calls[c].ia32, a, b, c2, d, e);
		if (r < 0 && r > -4096) {
			errno = (int)-r;
			r = -1;
		}
	} else {
		r = syscall(calls[c].x64, a, b, c2, d, e);
	}
	if (r < 0)
		step = calls[c].name;
	return r;
}

static int report(long rc, const char *extra)
{
	if (rc >= 0) {
		if (extra && *extra)
			printf("%s: ok (%s)\n", action, extra);
		else
			printf("%s: ok\n", action);
		return 0;
	}
	printf("%s: %s (%s)%s%s\n", action, strerrorname_np(errno) ?: "?",
	       strerror(errno), step ? " at " : "", step ?: "");
	return 1;
}

/* A libc call that is not the one under test failed. */
static int fail_other(const char *what)
{
	step = what;
	return report(-1, NULL);
}

static int mkdir_p(const char *path)
{
	char buf[4096], *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0755) && errno != EEXIST)
		return -1;
	return 0;
}

/* fd:N -> N, else -1 */
static int inherited_fd(const char *s)
{
	char *end;
	long n;

	if (strncmp(s, "fd:", 3))
		return -1;
	n = strtol(s + 3, &end, 10);
	return (*end || n < 0 || n > 1023) ? -1 : (int)n;
}

static long do_fsopen(const char *type)
{
	return mc(C_FSOPEN, S(type), FSOPEN_CLOEXEC, 0, 0, 0);
}

static long do_set_source(int fd, const char *src)
{
	if (!src)
		return 0;
	return mc(C_FSCONFIG, fd, FSCONFIG_SET_STRING, S("source"), S(src), 0);
}

static int create_excl;	/* fsconfig-create-excl: FSCONFIG_CMD_CREATE_EXCL */

static long do_create(int fd)
{
	return mc(C_FSCONFIG, fd, create_excl ? MP_FSCONFIG_CMD_CREATE_EXCL :
		  FSCONFIG_CMD_CREATE, 0, 0, 0);
}

static long do_fsmount(int fd)
{
	return mc(C_FSMOUNT, fd, FSMOUNT_CLOEXEC, 0, 0, 0);
}

/*
 * A context of TYPE with SRC, created (create) or not. TYPE may be fd:N (a
 * context from box's setup: created already when @created says so).
 */
static long get_ctx(const char *type, const char *src, int create)
{
	long fd = inherited_fd(type);

	if (fd >= 0)
		return fd;
	fd = do_fsopen(type);
	if (fd < 0 || do_set_source(fd, src) < 0 || (create && do_create(fd) < 0))
		return -1;
	return fd;
}

/* Entries of the directory of @fd, read through openat(fd, "."). */
static int count_entries(int fd, long *n)
{
	int dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;

	if (dfd < 0)
		return -1;
	d = fdopendir(dfd);
	if (!d)
		return -1;
	*n = 0;
	while (readdir(d))
		(*n)++;
	closedir(d);
	return 0;
}

static int act_fsmount(int argc, char **argv)
{
	static const char text[] = "mntprobe was here\n";
	char buf[64], extra[128];
	long ctx, mfd;
	int ffd;
	ssize_t n;

	ctx = get_ctx(argv[1], argc > 2 ? argv[2] : NULL, inherited_fd(argv[1]) < 0);
	if (ctx < 0)
		return report(-1, NULL);
	mfd = do_fsmount(ctx);
	if (mfd < 0)
		return report(-1, NULL);
	/* The detached mount, used only through openat(mntfd, ...). */
	ffd = openat(mfd, "mntprobe.txt", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (ffd < 0)
		return fail_other("openat(mntfd)");
	if (write(ffd, text, sizeof(text) - 1) != sizeof(text) - 1)
		return fail_other("write");
	n = pread(ffd, buf, sizeof(buf), 0);
	if (n != sizeof(text) - 1 || memcmp(buf, text, n)) {
		errno = EIO;
		return fail_other("pread");
	}
	snprintf(extra, sizeof(extra), "wrote and read back mntprobe.txt through openat(mntfd)");
	return report(0, extra);
}

static int act_move_mount(int argc, char **argv)
{
	long mfd = inherited_fd(argv[1]), ctx;

	if (mfd < 0) {
		ctx = get_ctx(argv[1], argc > 3 ? argv[3] : NULL, 1);
		if (ctx < 0)
			return report(-1, NULL);
		mfd = do_fsmount(ctx);
		if (mfd < 0)
			return report(-1, NULL);
	}
	return report(mc(C_MOVE_MOUNT, mfd, S(""), AT_FDCWD, S(argv[2]),
			 MOVE_MOUNT_F_EMPTY_PATH), NULL);
}

static int act_open_tree(const char *path, int clone)
{
	long fd, n;
	char extra[64];

	fd = mc(C_OPEN_TREE, AT_FDCWD, S(path),
		OPEN_TREE_CLOEXEC | (clone ? OPEN_TREE_CLONE : 0), 0, 0);
	if (fd < 0)
		return report(-1, NULL);
	if (count_entries(fd, &n))
		return fail_other("openat(treefd, \".\")");
	snprintf(extra, sizeof(extra), "%ld entries through openat", n);
	return report(0, extra);
}

static int act_mount_fuse(int argc, char **argv)
{
	char data[128];
	int fd = open("/dev/fuse", O_RDWR);	/* kept open: the connection */

	if (fd < 0)
		return fail_other("open /dev/fuse");
	snprintf(data, sizeof(data), "fd=%d,rootmode=40000,user_id=0,group_id=0", fd);
	return report(mc(C_MOUNT, S("mntprobe"), S(argv[1]), S(argc > 2 ? argv[2] : "fuse"),
			 0, S(data)), NULL);
}

static int one(int argc, char **argv);

static int act_hostns(int argc, char **argv)
{
	int fd = open("/proc/1/ns/mnt", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return fail_other("open /proc/1/ns/mnt");
	if (setns(fd, CLONE_NEWNS))
		return fail_other("setns");
	close(fd);
	if (chdir("/"))
		return fail_other("chdir");
	return one(argc - 1, argv + 1);
}

/* box's setup steps; exits 2 on any failure */
static int next_fd = 10;

static void setup_die(const char *item, const char *what)
{
	printf("box: setup %s: %s: %s (%s)\n", item, what,
	       strerrorname_np(errno) ?: "?", strerror(errno));
	exit(2);
}

static void setup_item(const char *item)
{
	char buf[4096], *arg, *src;
	long fd;

	if (snprintf(buf, sizeof(buf), "%s", item) >= (int)sizeof(buf) ||
	    !(arg = strchr(buf, ':'))) {
		fprintf(stderr, "mntprobe: box: bad setup item '%s'\n", item);
		exit(2);
	}
	*arg++ = 0;
	if (!strcmp(buf, "dir") || !strcmp(buf, "tmpfs") || !strcmp(buf, "pivot")) {
		if (mkdir_p(arg))
			setup_die(item, "mkdir");
		if (strcmp(buf, "dir") &&
		    syscall(SYS_mount, "mntprobe", arg, "tmpfs", 0, NULL))
			setup_die(item, "mount tmpfs");
		if (!strcmp(buf, "pivot")) {
			snprintf(buf, sizeof(buf), "%s/old", arg);
			if (mkdir(buf, 0755))
				setup_die(item, "mkdir old");
		}
		return;
	}
	if (strcmp(buf, "fsopen") && strcmp(buf, "fsctx") && strcmp(buf, "fsmnt")) {
		fprintf(stderr, "mntprobe: box: bad setup item '%s'\n", item);
		exit(2);
	}
	src = strchr(arg, ':');
	if (src)
		*src++ = 0;
	fd = syscall(SYS_fsopen, arg, 0);
	if (fd < 0)
		setup_die(item, "fsopen");
	if (src && syscall(SYS_fsconfig, fd, FSCONFIG_SET_STRING, "source", src, 0))
		setup_die(item, "fsconfig source");
	if (strcmp(buf, "fsopen") && syscall(SYS_fsconfig, fd, FSCONFIG_CMD_CREATE, NULL, NULL, 0))
		setup_die(item, "fsconfig create");
	if (!strcmp(buf, "fsmnt")) {
		long m = syscall(SYS_fsmount, fd, 0, 0);

		if (m < 0)
			setup_die(item, "fsmount");
		close(fd);
		fd = m;
	}
	if (dup2(fd, next_fd) < 0)	/* no O_CLOEXEC: crosses the exec */
		setup_die(item, "dup2");
	close(fd);
	next_fd++;
}

static int act_box(int argc, char **argv)
{
	int i = 1, host = 0, noexec = 0, fd;
	const char *cg;
	char path[4096], pid[32];

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "-H"))
			host = 1;
		else if (!strcmp(argv[i], "-n"))
			noexec = 1;
		else
			break;
	}
	if (i >= argc)
		goto usage;
	cg = argv[i++];
	if (strcmp(cg, "-")) {
		if (mkdir_p(cg))
			setup_die(cg, "mkdir");
		snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
		fd = open(path, O_WRONLY | O_CLOEXEC);
		snprintf(pid, sizeof(pid), "%d\n", getpid());
		if (fd < 0 || write(fd, pid, strlen(pid)) < 0)
			setup_die(path, "join");
		close(fd);
	}
	if (!host) {
		if (unshare(CLONE_NEWNS))
			setup_die("unshare", "CLONE_NEWNS");
		if (syscall(SYS_mount, "none", "/", NULL, MS_REC | MS_PRIVATE, NULL))
			setup_die("/", "make rprivate");
	}
	for (; i < argc && strcmp(argv[i], "--"); i++)
		setup_item(argv[i]);
	if (i + 1 >= argc)
		goto usage;
	i++;
	fflush(stdout);
	if (noexec)
		return one(argc - i, argv + i);
	argv[i - 1] = "mntprobe";	/* argv[0] of the exec */
	execv("/proc/self/exe", argv + i - 1);
	setup_die("execv", "/proc/self/exe");
	return 2;
usage:
	fprintf(stderr, "usage: mntprobe box [-H] [-n] CGROUP_DIR [SETUP...] -- ACTION [ARG...]\n");
	return 2;
}

static int one(int argc, char **argv)
{
	const char *a;
	struct mp_mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
	long fd;

	if (argc < 1)
		goto usage;
	action = argv[0];
	a = argv[0];
	if (!strncmp(a, "ia32-", 5)) {
		ia32 = 1;
		a += 5;
	}
	if (!strcmp(a, "mount-new") && (argc == 4 || argc == 5))
		return report(mc(C_MOUNT, S(argv[2]), S(argv[3]), S(argv[1]), 0,
				 S(argc == 5 ? argv[4] : NULL)), NULL);
	if (!strcmp(a, "mount-bind") && argc == 3)
		return report(mc(C_MOUNT, S(argv[1]), S(argv[2]), 0, MS_BIND, 0), NULL);
	if (!strcmp(a, "mount-remount") && (argc == 2 || (argc == 3 && !strcmp(argv[2], "ro"))))
		return report(mc(C_MOUNT, 0, S(argv[1]), 0,
				 MS_REMOUNT | (argc == 3 ? MS_RDONLY : 0), 0), NULL);
	if (!strcmp(a, "mount-move") && argc == 3)
		return report(mc(C_MOUNT, S(argv[1]), S(argv[2]), 0, MS_MOVE, 0), NULL);
	if (!strcmp(a, "mount-private") && argc == 2)
		return report(mc(C_MOUNT, S("none"), S(argv[1]), 0, MS_PRIVATE, 0), NULL);
	if (!strcmp(a, "mount-fuse") && (argc == 2 || argc == 3))
		return act_mount_fuse(argc, argv);
	if (!strcmp(a, "umount") && argc == 2)
		return report(mc(C_UMOUNT2, S(argv[1]), 0, 0, 0, 0), NULL);
	if (!strcmp(a, "pivot-root") && argc == 3)
		return report(mc(C_PIVOT_ROOT, S(argv[1]), S(argv[2]), 0, 0, 0), NULL);
	if (!strcmp(a, "fsopen") && argc == 2)
		return report(do_fsopen(argv[1]), NULL);
	create_excl = !strcmp(a, "fsconfig-create-excl");
	if ((create_excl || !strcmp(a, "fsconfig-create")) && (argc == 2 || argc == 3)) {
		fd = get_ctx(argv[1], NULL, 0);
		if (fd < 0 || do_set_source(fd, argc == 3 ? argv[2] : NULL) < 0)
			return report(-1, NULL);
		return report(do_create(fd), NULL);
	}
	if (!strcmp(a, "fsconfig-reconfigure") && argc == 2) {
		fd = mc(C_FSPICK, AT_FDCWD, S(argv[1]), FSPICK_CLOEXEC, 0, 0);
		if (fd < 0)
			return report(-1, NULL);
		return report(mc(C_FSCONFIG, fd, FSCONFIG_CMD_RECONFIGURE, 0, 0, 0), NULL);
	}
	if (!strcmp(a, "fspick") && argc == 2)
		return report(mc(C_FSPICK, AT_FDCWD, S(argv[1]), FSPICK_CLOEXEC, 0, 0), NULL);
	if (!strcmp(a, "fsmount") && (argc == 2 || argc == 3))
		return act_fsmount(argc, argv);
	if (!strcmp(a, "move-mount") && (argc == 3 || argc == 4))
		return act_move_mount(argc, argv);
	if (!strcmp(a, "open-tree-clone") && argc == 2)
		return act_open_tree(argv[1], 1);
	if (!strcmp(a, "open-tree") && argc == 2)
		return act_open_tree(argv[1], 0);
	if (!strcmp(a, "mount-setattr") && argc == 2)
		return report(mc(C_MOUNT_SETATTR, AT_FDCWD, S(argv[1]), 0,
				 (long)(uintptr_t)lowmem(&attr, sizeof(attr)), sizeof(attr)), NULL);
	if (!ia32 && !strcmp(a, "hostns") && argc >= 2)
		return act_hostns(argc, argv);
	if (!ia32 && !strcmp(a, "box") && argc >= 4)
		return act_box(argc, argv);
usage:
	fprintf(stderr, "mntprobe: bad action\n"
		"usage: mntprobe [ia32-]ACTION ARG...  (mount-new TYPE SRC DIR [DATA] |\n"
		"  mount-bind SRC DIR | mount-remount DIR [ro] | mount-move SRC DIR |\n"
		"  mount-private DIR | mount-fuse DIR [TYPE] | umount DIR |\n"
		"  pivot-root NEW PUT_OLD | fsopen TYPE | fsconfig-create[-excl] CTX [SRC] |\n"
		"  fsconfig-reconfigure DIR | fspick DIR | fsmount CTX [SRC] |\n"
		"  move-mount MNT DIR [SRC] | open-tree-clone PATH | open-tree PATH |\n"
		"  mount-setattr DIR)   CTX, MNT: a filesystem type or fd:N\n"
		"       mntprobe hostns ACTION ARG...\n"
		"       mntprobe box [-H] [-n] CGROUP_DIR [SETUP...] -- ACTION ARG...\n"
		"         SETUP: dir:PATH tmpfs:PATH pivot:PATH fsopen:TYPE[:SRC]\n"
		"                fsctx:TYPE[:SRC] fsmnt:TYPE[:SRC]\n");
	return 2;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return one(argc - 1, argv + 1);
}
