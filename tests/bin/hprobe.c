// SPDX-License-Identifier: GPL-2.0
/*
 * hprobe: make exactly one privileged system call, for the VM tests.
 *
 * Each action needs one capability and asks for it exactly once, so the
 * tests can check harden's counters to the unit. Built static, so it also
 * runs inside a busybox container.
 *
 * Exit: 0 the call succeeded, 1 EPERM, 3 any other error (printed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* For the capability-set attacks (atk_*) */
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "uring.h"

static int report(const char *what, int rc)
{
	if (rc == 0) {
		printf("%s: ok\n", what);
		return 0;
	}
	printf("%s: %s (%s)\n", what, strerrorname_np(errno) ?: "?", strerror(errno));
	return errno == EPERM ? 1 : 3;
}

static int memfd_exec(int argc, char **argv)
{
	int src, mfd;
	struct stat st;

	/* Re-execute ourselves from an anonymous memfd, as fileless malware does. */
	src = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	mfd = memfd_create("hprobe", 0);
	if (src < 0 || mfd < 0 || fstat(src, &st) < 0 ||
	    sendfile(mfd, src, NULL, st.st_size) != st.st_size)
		return report("memfd-exec setup", -1);
	close(src);
	argv[0] = "hprobe";
	fexecve(mfd, argv, (char *[]){ NULL });
	(void)argc;
	return report("fexecve", -1);
}

/*
 * Binding actions (tests/vm/binding_docker.sh): a container task tries to
 * escape being bound (scan evasion) or to get a new process out of its
 * container's cgroup before that process execs (cgroup steering).
 */
static int one(int argc, char **argv);

#define BIND_WAIT_SECS 900	/* every wait is bounded */

/* Sleep @ms milliseconds. */
static void bind_nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* comm NAME ACTION [ARG...]: prctl(PR_SET_NAME, NAME), then ACTION. */
static int bind_comm(int argc, char **argv)
{
	if (prctl(PR_SET_NAME, argv[1], 0, 0, 0) < 0)
		return report("prctl", -1);
	return one(argc - 2, argv + 2);
}

/* wait FILE ACTION [ARG...]: poll until FILE exists, then ACTION here. */
static int bind_wait(int argc, char **argv)
{
	time_t end = time(NULL) + BIND_WAIT_SECS;

	while (access(argv[1], F_OK)) {
		if (time(NULL) > end) {
			printf("wait: %s: timed out\n", argv[1]);
			return 3;
		}
		bind_nap(10);
	}
	return one(argc - 2, argv + 2);
}

/*
 * execfail-wait FILE ACTION [ARG...]: until FILE exists, execve() in a tight
 * loop something that fails after the LSM's bprm_creds_for_exec: a memfd of
 * printable junk (ENOEXEC; printable, so no binfmt module is requested).
 * execnoent-wait: the same with a path that does not exist (fails at open).
 * Then ACTION in this same process.
 */
static int bind_execfail_wait(int argc, char **argv)
{
	static const char junk[] = "hprobe: not an executable\n";
	int noent = !strcmp(argv[0], "execnoent-wait");
	time_t end = time(NULL) + BIND_WAIT_SECS;
	char *xargv[] = { "hprobe-junk", NULL }, *xenv[] = { NULL };
	long n = 0;
	int fd = -1, err = 0;

	if (!noent) {
		fd = (int)syscall(SYS_memfd_create, "hprobe-junk", 0);
		if (fd < 0 || write(fd, junk, sizeof(junk) - 1) != sizeof(junk) - 1)
			return report("execfail-wait setup", -1);
	}
	while (access(argv[1], F_OK)) {
		if (time(NULL) > end) {
			printf("%s: %s: timed out\n", argv[0], argv[1]);
			return 3;
		}
		if (noent)
			execve("/nonexistent/hprobe", xargv, xenv);
		else
			syscall(SYS_execveat, fd, "", xargv, xenv, AT_EMPTY_PATH);
		err = errno;	/* only reached when the exec failed */
		n++;
	}
	if (fd >= 0)
		close(fd);
	printf("%s: %ld failed execs (last %s)\n", argv[0], n,
	       n ? strerrorname_np(err) ?: "?" : "none");
	fflush(stdout);
	return one(argc - 2, argv + 2);
}

/* First line's word of /proc/PID/comm into @buf ("?" if gone). */
static void bind_comm_of(pid_t pid, char *buf, size_t len)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	f = fopen(path, "re");
	if (!f || !fgets(buf, (int)len, f))
		snprintf(buf, len, "?");
	if (f)
		fclose(f);
	buf[strcspn(buf, "\n")] = 0;
}

/*
 * cg-steer DESTFILE SECONDS: watch our own cgroup v2's cgroup.procs (needs
 * the host's cgroup tree at /sys/fs/cgroup: --cgroupns=host) and move every
 * process that appears there to the cgroup named in DESTFILE (read at each
 * move, e.g. "/" or "/elsewhere"). One line per attempt, flushed:
 *   moved PID COMM-BEFORE COMM-AFTER -> DEST: ok | ERRNAME
 * Each process is tried once.
 */
static int bind_cg_steer(int argc, char **argv)
{
	char own[600] = "", path[640], dpath[560], dest[512], c1[32], c2[32], line[600];
	static pid_t seen[4096];
	size_t nseen = 0, i;
	time_t end = time(NULL) + atoi(argv[2]);
	FILE *f;
	int pid, fd, rc, err;

	(void)argc;
	f = fopen("/proc/self/cgroup", "re");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "0::", 3))
			snprintf(own, sizeof(own), "%s", line + 3);
	if (f)
		fclose(f);
	own[strcspn(own, "\n")] = 0;
	if (!own[0] || !strcmp(own, "/")) {
		printf("cg-steer: own cgroup '%s' unusable (need --cgroupns=host)\n", own);
		return 3;
	}
	snprintf(path, sizeof(path), "/sys/fs/cgroup%s/cgroup.procs", own);
	/* Nice -20 (while still allowed) to win more races against runc init. */
	if (setpriority(PRIO_PROCESS, 0, -20))
		printf("cg-steer: setpriority: %s\n", strerrorname_np(errno) ?: "?");
	printf("cg-steer: watching %s\n", path);
	fflush(stdout);
	for (;;) {
		f = fopen(path, "re");
		if (!f)
			return report(path, -1);
		while (fscanf(f, "%d", &pid) == 1) {
			for (i = 0; i < nseen && seen[i] != pid; i++)
				;
			if (i < nseen || nseen == sizeof(seen) / sizeof(seen[0]))
				continue;
			seen[nseen++] = pid;
			if (pid == getpid() || pid == 1)
				continue;
			bind_comm_of(pid, c1, sizeof(c1));
			fd = open(argv[1], O_RDONLY | O_CLOEXEC);
			rc = fd < 0 ? -1 : (int)read(fd, dest, sizeof(dest) - 1);
			if (fd >= 0)
				close(fd);
			dest[rc > 0 ? rc : 0] = 0;
			dest[strcspn(dest, "\n")] = 0;
			while (strlen(dest) && dest[strlen(dest) - 1] == '/')
				dest[strlen(dest) - 1] = 0;
			snprintf(dpath, sizeof(dpath), "/sys/fs/cgroup%s/cgroup.procs", dest);
			snprintf(line, sizeof(line), "%d\n", pid);
			fd = open(dpath, O_WRONLY | O_CLOEXEC);
			rc = fd < 0 ? -1 : (write(fd, line, strlen(line)) < 0 ? -1 : 0);
			err = errno;
			if (fd >= 0)
				close(fd);
			bind_comm_of(pid, c2, sizeof(c2));
			printf("moved %d %s %s -> %s: %s\n", pid, c1, c2, dest[0] ? dest : "/",
			       rc == 0 ? "ok" : strerrorname_np(err) ?: "?");
			fflush(stdout);
		}
		fclose(f);
		if (time(NULL) > end)
			return 0;
		bind_nap(2);
	}
}

/*
 * Capability-set attacks (tests/vm/capsets_docker.sh): routes by which a
 * container task could use a capability that harden's security_capable()
 * veto never sees, because the check is made on a cred other than
 * current->real_cred (io_uring workers, a file's opener cred), or bypasses
 * security_capable() (cap_mmap_addr, ptrace's permitted-subset rule).
 * Each succeeds in a --privileged container without harden; with the
 * capability sets clamped to the allow-list, each must fail.
 */

/* Number of io-wq worker threads ("iou-wrk-*") this process has. */
static int atk_iou_workers(void)
{
	char path[300], comm[32];
	struct dirent *e;
	int n = 0, fd;
	ssize_t len;
	DIR *d = opendir("/proc/self/task");

	while (d && (e = readdir(d))) {
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		len = read(fd, comm, sizeof(comm) - 1);
		close(fd);
		if (len > 0 && !strncmp(comm, "iou-wrk", 7))
			n++;
	}
	if (d)
		closedir(d);
	return n;
}

/*
 * Install a new struct cred without needing any capability: PR_SET_KEEPCAPS
 * is prepare_creds() + commit_creds(). From now on current->real_cred is
 * not the cred any earlier-created io-wq worker, personality or file holds.
 */
static int atk_new_cred(void)
{
	return prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0);
}

/* Print "WHAT: ok (EXTRA)" or the error of @res (a -errno), as report(). */
static int atk_result(const char *what, int res, const char *extra)
{
	if (res >= 0) {
		printf("%s: ok%s%s%s\n", what, extra ? " (" : "", extra ?: "", extra ? ")" : "");
		return 0;
	}
	errno = -res;
	return report(what, -1);
}

/*
 * uring-setxattr PATH / uring-open PATH: start an io-wq worker (async NOP)
 * under the current cred, change cred, then have the worker (whose
 * real_cred is the old cred) run SETXATTR trusted.hprobe (CAP_SYS_ADMIN)
 * or OPENAT of a CAP_SYS_RAWIO device under the new one.
 */
static int atk_uring_worker(int argc, char **argv)
{
	static const char value[] = "hprobe";
	struct io_uring_sqe sqe;
	struct uring r;
	char what[300], extra[64];
	int res, w1, w2;

	(void)argc;
	snprintf(what, sizeof(what), "%s %s", argv[0], argv[1]);
	if (uring_init(&r) < 0)
		return report("io_uring_setup", -1);
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_NOP;
	sqe.flags = IOSQE_ASYNC;
	if (uring_run(&r, &sqe, &res) < 0)
		return report("io_uring_enter (NOP)", -1);
	/*
	 * Let the worker go idle (it posts the CQE first), so that it, and not
	 * a worker created for the next request under the new cred, runs it.
	 */
	nanosleep(&(struct timespec){ 0, 200000000L }, NULL);
	w1 = atk_iou_workers();
	if (atk_new_cred() < 0)
		return report("prctl(PR_SET_KEEPCAPS)", -1);
	memset(&sqe, 0, sizeof(sqe));
	sqe.flags = IOSQE_ASYNC;
	if (!strcmp(argv[0], "uring-setxattr")) {
		sqe.opcode = IORING_OP_SETXATTR;
		sqe.addr = (unsigned long)"trusted.hprobe";
		sqe.addr2 = (unsigned long)value;
		sqe.len = sizeof(value) - 1;
		sqe.addr3 = (unsigned long)argv[1];
	} else {
		sqe.opcode = IORING_OP_OPENAT;
		sqe.fd = AT_FDCWD;
		sqe.addr = (unsigned long)argv[1];
		sqe.open_flags = O_RDONLY | O_CLOEXEC;
	}
	if (uring_run(&r, &sqe, &res) < 0)
		return report("io_uring_enter", -1);
	w2 = atk_iou_workers();
	snprintf(extra, sizeof(extra), "iou-wrk threads: %d before, %d after", w1, w2);
	return atk_result(what, res, extra);
}

/*
 * uring-personality highbit [PATH] | uring-personality PATH: register a
 * personality (with "highbit", through a registered ring fd and
 * IORING_REGISTER_USE_REGISTERED_RING in the opcode, which 6.1 refuses
 * with EINVAL). With PATH: change cred, then SETXATTR trusted.hprobe on
 * PATH under the personality (the old cred), in a worker whose real_cred
 * is the new one.
 */
static int atk_uring_personality(int argc, char **argv)
{
	static const char value[] = "hprobe";
	int highbit = !strcmp(argv[1], "highbit");
	const char *path = highbit ? (argc > 2 ? argv[2] : NULL) : argv[1];
	const char *mode = highbit ? "uring-personality highbit" : "uring-personality";
	unsigned int op = IORING_REGISTER_PERSONALITY;
	struct io_uring_rsrc_update up;
	struct io_uring_sqe sqe;
	struct uring r;
	char what[300], extra[64];
	int regfd, id, res;

	if (uring_init(&r) < 0)
		return report("io_uring_setup", -1);
	regfd = r.fd;
	if (highbit) {
		memset(&up, 0, sizeof(up));
		up.offset = -1U;	/* any free slot */
		up.data = (unsigned int)r.fd;
		if (syscall(SYS_io_uring_register, r.fd, IORING_REGISTER_RING_FDS, &up, 1) != 1)
			return report("io_uring_register(RING_FDS)", -1);
		regfd = (int)up.offset;
		op |= 1U << 31;		/* IORING_REGISTER_USE_REGISTERED_RING */
	}
	id = (int)syscall(SYS_io_uring_register, regfd, op, NULL, 0);
	snprintf(what, sizeof(what), "%s: register", mode);
	if (id < 0)
		return report(what, -1);
	snprintf(extra, sizeof(extra), "personality %d", id);
	if (!path)
		return atk_result(what, 0, extra);
	if (atk_new_cred() < 0)
		return report("prctl(PR_SET_KEEPCAPS)", -1);
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_SETXATTR;
	sqe.flags = IOSQE_ASYNC;
	sqe.personality = (unsigned short)id;
	sqe.addr = (unsigned long)"trusted.hprobe";
	sqe.addr2 = (unsigned long)value;
	sqe.len = sizeof(value) - 1;
	sqe.addr3 = (unsigned long)path;
	if (uring_run(&r, &sqe, &res) < 0)
		return report("io_uring_enter", -1);
	snprintf(what, sizeof(what), "%s: %s; setxattr %s", mode, extra, path);
	return atk_result(what, res, NULL);
}

/*
 * fcred-read [FILE]: open FILE (default /proc/modules), fork; the child
 * changes cred and reads it. Kernel addresses in it are shown only if the
 * cred checked (file->f_cred, the opener's) has CAP_SYSLOG. Exit 0 shown,
 * 1 hidden.
 */
static int atk_fcred_read(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/proc/modules";
	static char buf[1 << 20];
	size_t tot = 0;
	ssize_t n;
	int fd, st, nums = 0, nz = 0;
	char *p, *end;
	pid_t pid;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return report(path, -1);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return report("fork", -1);
	if (pid == 0) {	/* exit(), not _exit(): flush the one line */
		if (atk_new_cred() < 0)
			exit(report("prctl(PR_SET_KEEPCAPS)", -1));
		/* sysfs section files refuse a read past offset 0: EINVAL ends it. */
		while (tot < sizeof(buf) - 1 &&
		       (n = read(fd, buf + tot, sizeof(buf) - 1 - tot)) != 0) {
			if (n < 0) {
				if (tot)
					break;
				exit(report("read", -1));
			}
			tot += (size_t)n;
		}
		buf[tot] = 0;
		for (p = buf; (p = strstr(p, "0x")); p = end) {
			end = p + 2;
			nums++;
			if (strtoull(p + 2, &end, 16))
				nz++;
		}
		if (!nums) {
			printf("fcred-read %s: no addresses listed\n", path);
			exit(3);
		}
		printf("fcred-read %s: addresses: %s (%d of %d non-zero)\n", path,
		       nz ? "shown" : "hidden", nz, nums);
		exit(nz ? 0 : 1);
	}
	if (waitpid(pid, &st, 0) < 0)
		return report("waitpid", -1);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 3;
}

/* mmap-low: an anonymous page at 0x1000, below vm.mmap_min_addr (CAP_SYS_RAWIO). */
static int atk_mmap_low(void)
{
	void *p = mmap((void *)0x1000, 4096, PROT_READ | PROT_WRITE,
		       MAP_FIXED | MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);

	if (p == MAP_FAILED)
		return report("mmap-low 0x1000", -1);
	*(volatile char *)p = 1;
	munmap(p, 4096);
	return report("mmap-low 0x1000", 0);
}

/*
 * ptrace-attach PID | proc-root PID | vm-readv PID | pidfd-getfd PID FD:
 * reach another process through ptrace_may_access(), which lets a caller
 * whose permitted (or effective, for /proc) set is a superset of the
 * target's through without asking for CAP_SYS_PTRACE.
 */
static int atk_ptrace_family(int argc, char **argv)
{
	const char *a = argv[0];
	pid_t pid = (pid_t)atoi(argv[1]);
	char what[64], path[64], extra[300];
	int st;

	snprintf(what, sizeof(what), "%s %d", a, (int)pid);
	if (!strcmp(a, "ptrace-attach")) {
		if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) < 0)
			return report(what, -1);
		waitpid(pid, &st, __WALL);
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
		return atk_result(what, 0, "attached and detached");
	}
	if (!strcmp(a, "proc-root")) {
		struct dirent *e;
		int n = 0;
		DIR *d;

		snprintf(path, sizeof(path), "/proc/%d/root/", (int)pid);
		d = opendir(path);
		if (!d)
			return report(what, -1);
		while ((e = readdir(d)))
			n++;
		closedir(d);
		snprintf(extra, sizeof(extra), "%d entries in %s", n, path);
		return atk_result(what, 0, extra);
	}
	if (!strcmp(a, "vm-readv")) {
		unsigned long lo = 0x10000, hi;
		char perms[8] = "", data[16];
		struct iovec local = { data, sizeof(data) }, remote;
		const char *how = "maps unreadable, probing 0x10000";
		ssize_t n;
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
		f = fopen(path, "re");
		if (f) {
			while (fscanf(f, "%lx-%lx %7s%*[^\n]", &lo, &hi, perms) == 3 &&
			       perms[0] != 'r')
				;
			fclose(f);
			how = "first readable mapping";
		}
		remote.iov_base = (void *)lo;
		remote.iov_len = sizeof(data);
		n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
		if (n < 0 && errno == EFAULT && !f)
			return atk_result(what, 0, "access granted: EFAULT at an unmapped address");
		if (n < 0)
			return report(what, -1);
		snprintf(extra, sizeof(extra), "%zd bytes at %#lx, %s%s", n, lo, how,
			 n >= 4 && !memcmp(data, "\177ELF", 4) ? ": an ELF header" : "");
		return atk_result(what, 0, extra);
	}
	if (!strcmp(a, "pidfd-getfd") && argc == 3) {
		int pfd = (int)syscall(SYS_pidfd_open, pid, 0), fd;
		char target[256] = "?";
		ssize_t n;

		snprintf(what, sizeof(what), "pidfd-getfd %d %s", (int)pid, argv[2]);
		if (pfd < 0)
			return report("pidfd_open", -1);
		fd = (int)syscall(SYS_pidfd_getfd, pfd, atoi(argv[2]), 0);
		if (fd < 0)
			return report(what, -1);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n = readlink(path, target, sizeof(target) - 1);
		target[n > 0 ? n : 1] = 0;
		snprintf(extra, sizeof(extra), "got fd %d -> %s", fd, target);
		return atk_result(what, 0, extra);
	}
	fprintf(stderr, "hprobe: bad action\n");
	return 2;
}

/*
 * write-via HOW PATH DATA: write DATA to PATH through one write path of
 * the kernel, for the host-interfaces tests: "write" (open + write),
 * "pwritev", "splice" (from a pipe), "sendfile" (from a memfd), "uring"
 * (IORING_OP_OPENAT then IORING_OP_WRITE, both forced onto an io-wq
 * worker), "openat2". Every one needs a file opened for writing first.
 */
static int host_write_via(int argc, char **argv)
{
	const char *how = argv[1], *path = argv[2], *data = argv[3];
	size_t len = strlen(data);
	char what[300];
	ssize_t n = -1;
	int fd;

	(void)argc;
	snprintf(what, sizeof(what), "write-via %s %s", how, path);
	if (!strcmp(how, "uring")) {
		struct io_uring_sqe sqe;
		struct uring r;
		int res;

		if (uring_init(&r) < 0)
			return report("io_uring_setup", -1);
		memset(&sqe, 0, sizeof(sqe));
		sqe.opcode = IORING_OP_OPENAT;
		sqe.flags = IOSQE_ASYNC;
		sqe.fd = AT_FDCWD;
		sqe.addr = (unsigned long)path;
		sqe.open_flags = O_WRONLY | O_CLOEXEC;
		if (uring_run(&r, &sqe, &res) < 0)
			return report("io_uring_enter", -1);
		if (res < 0)
			return atk_result(what, res, "openat");
		fd = res;
		memset(&sqe, 0, sizeof(sqe));
		sqe.opcode = IORING_OP_WRITE;
		sqe.flags = IOSQE_ASYNC;
		sqe.fd = fd;
		sqe.addr = (unsigned long)data;
		sqe.len = len;
		if (uring_run(&r, &sqe, &res) < 0)
			return report("io_uring_enter", -1);
		return atk_result(what, res, "write");
	}
	if (!strcmp(how, "openat2")) {
		struct { unsigned long long flags, mode, resolve; } how2 = { O_WRONLY, 0, 0 };

		fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how2, sizeof(how2));
	} else {
		fd = open(path, O_WRONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return report(what, -1);
	if (!strcmp(how, "write") || !strcmp(how, "openat2")) {
		n = write(fd, data, len);
	} else if (!strcmp(how, "pwritev")) {
		struct iovec iov = { (void *)data, len };

		n = pwritev(fd, &iov, 1, 0);
	} else if (!strcmp(how, "splice")) {
		int p[2];

		if (pipe(p) < 0 || write(p[1], data, len) != (ssize_t)len)
			return report("pipe", -1);
		n = splice(p[0], NULL, fd, NULL, len, 0);
	} else if (!strcmp(how, "sendfile")) {
		int m = memfd_create("hprobe", 0);

		if (m < 0 || write(m, data, len) != (ssize_t)len)
			return report("memfd", -1);
		n = sendfile(fd, m, &(off_t){ 0 }, len);
	} else {
		fprintf(stderr, "hprobe: write-via: unknown way %s\n", how);
		return 2;
	}
	return report(what, n < 0 ? -1 : 0);
}

/*
 * clone-into CGDIR: clone3(CLONE_INTO_CGROUP) into cgroup directory CGDIR;
 * the child exits at once. setown PID SIG: make PID the owner of a pipe's
 * SIGIO with F_SETSIG SIG (O_ASYNC), then write to the pipe: the kernel
 * sends SIG to PID, never through kill(2).
 */
static int host_clone_into(const char *dir)
{
	struct {
		unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal,
			stack, stack_size, tls, set_tid, set_tid_size, cgroup;
	} args = { 0 };
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	long pid;

	if (fd < 0)
		return report("open cgroup dir", -1);
	args.flags = 0x200000000ULL;	/* CLONE_INTO_CGROUP */
	args.exit_signal = SIGCHLD;
	args.cgroup = (unsigned long long)fd;
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid((pid_t)pid, NULL, 0);
	return report("clone-into", pid < 0 ? -1 : 0);
}

/*
 * clone-race OWN FOREIGN SECONDS: for SECONDS, clone3(CLONE_INTO_CGROUP)
 * into a descriptor that a second thread keeps pointing at OWN, then at
 * FOREIGN (dup2), so that the kernel's own lookup of it may see another
 * directory than a check made just before. Each child reads its cgroup:
 * exit 42 if it is in FOREIGN. Prints the outcomes; exit 0 if no child ran
 * in FOREIGN, 1 if one did (the race won: harden's backstop failed, or
 * no harden).
 */
static volatile int race_stop;
static int race_fd, race_own, race_foreign;

static void *race_swap(void *arg)
{
	(void)arg;
	while (!race_stop) {
		dup2(race_foreign, race_fd);
		dup2(race_own, race_fd);
	}
	return NULL;
}

static int host_clone_race(const char *own, const char *foreign, int secs)
{
	struct {
		unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal,
			stack, stack_size, tls, set_tid, set_tid_size, cgroup;
	} args = { 0 };
	unsigned long tries = 0, refused = 0, ok = 0, killed = 0, escaped = 0, other = 0;
	int other_errno = 0;
	const char *rel = foreign + strlen("/sys/fs/cgroup");
	time_t end = time(NULL) + secs;
	pthread_t th;
	char want[4200];

	race_own = open(own, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	race_foreign = open(foreign, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (race_own < 0 || race_foreign < 0 || strncmp(foreign, "/sys/fs/cgroup/", 15))
		return report("open cgroup dirs (under /sys/fs/cgroup)", -1);
	race_fd = dup2(race_own, 100);
	snprintf(want, sizeof(want), "0::%s\n", rel);
	if (race_fd < 0 || pthread_create(&th, NULL, race_swap, NULL))
		return report("dup2, thread", -1);
	args.flags = 0x200000000ULL;	/* CLONE_INTO_CGROUP */
	args.exit_signal = SIGCHLD;
	args.cgroup = (unsigned long long)race_fd;
	while (time(NULL) < end) {
		long pid = syscall(SYS_clone3, &args, sizeof(args));
		int st;

		tries++;
		if (pid == 0) {
			char buf[4200] = "";
			int fd = open("/proc/self/cgroup", O_RDONLY);
			ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

			_exit(n > 0 && !strcmp(buf, want) ? 42 : 0);
		}
		if (pid < 0) {
			if (errno == EPERM) {
				refused++;
			} else {
				other++;
				other_errno = errno;
			}
			continue;
		}
		if (waitpid((pid_t)pid, &st, 0) < 0)
			other++;
		else if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
			killed++;
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 42)
			escaped++;
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ok++;
		else
			other++;
	}
	race_stop = 1;
	pthread_join(th, NULL);
	printf("clone-race: tries %lu refused %lu ok %lu killed %lu escaped %lu other %lu (%s)\n",
	       tries, refused, ok, killed, escaped, other,
	       other_errno ? strerrorname_np(other_errno) : "-");
	return escaped ? 1 : 0;
}

static int host_setown(pid_t pid, int sig)
{
	int p[2];

	if (pipe(p) < 0)
		return report("pipe", -1);
	if (fcntl(p[0], F_SETOWN, pid) < 0 || fcntl(p[0], F_SETSIG, sig) < 0 ||
	    fcntl(p[0], F_SETFL, O_ASYNC | O_NONBLOCK) < 0)
		return report("setown", -1);
	if (write(p[1], "x", 1) != 1)
		return report("write", -1);
	printf("setown: owner now %d\n", fcntl(p[0], F_GETOWN));
	return 0;
}

static int one(int argc, char **argv)
{
	const char *a = argv[0];

	if (!strcmp(a, "sethostname") && argc == 2)	/* CAP_SYS_ADMIN */
		return report(a, sethostname(argv[1], strlen(argv[1])));
	if (!strcmp(a, "mount-tmpfs") && argc == 2)	/* CAP_SYS_ADMIN */
		return report(a, mount("hprobe", argv[1], "tmpfs", 0, NULL));
	if (!strcmp(a, "finit-module") && argc == 2) {	/* CAP_SYS_MODULE */
		int fd = open(argv[1], O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			return report("open", -1);
		return report(a, (int)syscall(SYS_finit_module, fd, "", 0));
	}
	if (!strcmp(a, "delete-module") && argc == 2)	/* CAP_SYS_MODULE */
		return report(a, (int)syscall(SYS_delete_module, argv[1], O_NONBLOCK));
	if (!strcmp(a, "delete-module-force") && argc == 2)	/* rmmod -f */
		return report(a, (int)syscall(SYS_delete_module, argv[1],
					      O_NONBLOCK | O_TRUNC));
	if (!strcmp(a, "sndbufforce") && argc == 1) {	/* CAP_NET_ADMIN */
		int fd = socket(AF_UNIX, SOCK_DGRAM, 0), v = 65536;

		return report(a, setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof(v)));
	}
	if (!strcmp(a, "chown") && argc == 2)		/* CAP_CHOWN */
		return report(a, chown(argv[1], 65534, 65534));
	if (!strcmp(a, "setuid") && argc == 2)		/* CAP_SETUID */
		return report(a, setuid(atoi(argv[1])));
	if (!strcmp(a, "raw-socket") && argc == 1) {	/* CAP_NET_RAW */
		int fd = socket(AF_INET, SOCK_RAW, 1);

		return report(a, fd < 0 ? -1 : 0);
	}
	if (!strcmp(a, "uring-personality") && argc == 1) {
		/* io_uring_setup(2) with zeroed params, then register a personality. */
		long p[15] = { 0 };
		int fd = (int)syscall(SYS_io_uring_setup, 4, p);

		if (fd < 0)
			return report("io_uring_setup", -1);
		return report(a, syscall(SYS_io_uring_register, fd, 9, NULL, 0) < 0 ? -1 : 0);
	}
	if (!strcmp(a, "memfd-exec") && argc >= 2)
		return memfd_exec(argc, argv);
	if (!strcmp(a, "comm") && argc >= 3)
		return bind_comm(argc, argv);
	if (!strcmp(a, "wait") && argc >= 3)
		return bind_wait(argc, argv);
	if ((!strcmp(a, "execfail-wait") || !strcmp(a, "execnoent-wait")) && argc >= 3)
		return bind_execfail_wait(argc, argv);
	if (!strcmp(a, "cg-steer") && argc == 3)
		return bind_cg_steer(argc, argv);
	if ((!strcmp(a, "uring-setxattr") || !strcmp(a, "uring-open")) && argc == 2)
		return atk_uring_worker(argc, argv);
	if (!strcmp(a, "uring-personality") && (argc == 2 || argc == 3))
		return atk_uring_personality(argc, argv);
	if (!strcmp(a, "fcred-read") && argc <= 2)
		return atk_fcred_read(argc, argv);
	if (!strcmp(a, "mmap-low") && argc == 1)
		return atk_mmap_low();
	if ((!strcmp(a, "ptrace-attach") || !strcmp(a, "proc-root") ||
	     !strcmp(a, "vm-readv")) && argc == 2)
		return atk_ptrace_family(argc, argv);
	if (!strcmp(a, "pidfd-getfd") && argc == 3)
		return atk_ptrace_family(argc, argv);
	if (!strcmp(a, "write-via") && argc == 4)
		return host_write_via(argc, argv);
	if (!strcmp(a, "add-key") && argc == 1)	/* into the user keyring */
		return report(a, syscall(SYS_add_key, "user", "hprobe", "v", 1, -4) < 0 ? -1 : 0);
	if (!strcmp(a, "clone-race") && argc == 4)
		return host_clone_race(argv[1], argv[2], atoi(argv[3]));
	if (!strcmp(a, "clone-into") && argc == 2)
		return host_clone_into(argv[1]);
	if (!strcmp(a, "setown") && argc == 3)
		return host_setown(atoi(argv[1]), atoi(argv[2]));
	fprintf(stderr, "hprobe: bad action\n"
		"usage: hprobe ACTION [ARG]  (sethostname NAME | mount-tmpfs DIR |\n"
		"  finit-module FILE | delete-module[-force] NAME | sndbufforce | chown PATH |\n"
		"  setuid UID | raw-socket | uring-personality |\n"
		"  memfd-exec ACTION [ARG] | repeat N ACTION [ARG] |\n"
		"  comm NAME ACTION... | wait FILE ACTION... | execfail-wait FILE ACTION... |\n"
		"  execnoent-wait FILE ACTION... | cg-steer DESTFILE SECONDS)\n");
	fputs("  capability-set attacks: uring-setxattr PATH | uring-open PATH |\n"
	      "  uring-personality highbit [PATH] | uring-personality PATH |\n"
	      "  fcred-read [FILE] | mmap-low | ptrace-attach PID | proc-root PID |\n"
	      "  vm-readv PID | pidfd-getfd PID FD\n"
	      "  host interfaces: write-via write|pwritev|splice|sendfile|uring|openat2 PATH DATA |\n"
	      "  clone-into CGDIR | clone-race OWN FOREIGN SECONDS | setown PID SIG | add-key\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	int i, n, rc = 0;

	if (argc >= 4 && !strcmp(argv[1], "repeat")) {
		n = atoi(argv[2]);
		for (i = 0; i < n; i++)
			rc |= one(argc - 3, argv + 3);
		return rc;
	}
	if (argc < 2)
		return one(0, (char *[]){ "", NULL });
	return one(argc - 1, argv + 1);
}
