// SPDX-License-Identifier: GPL-2.0
/*
 * ptprobe: one process-access operation per run, for the VM tests of
 * harden's ptrace area (tests/vm/ptrace.sh, tests/vm/ptrace_docker.sh).
 *
 * Each access action reaches another process exactly once through the
 * kernel's ptrace_may_access() (ptrace, /proc/PID/..., process_vm_*,
 * pidfd_getfd, setns through a pidfd, kcmp) or through
 * check_kill_permission() (kill, tkill, tgkill, rt_sigqueueinfo,
 * pidfd_send_signal), so the tests can check harden's counters to the
 * unit. Built static and without PIE, so it also runs inside a busybox
 * image and every ptprobe process has its marker at the same address.
 *
 *   ptprobe box [-H] CGROUP ACTION [ARG...]
 *       join CGROUP (made if missing; relative to /sys/fs/cgroup unless it
 *       starts with /sys/), unshare the mount namespace (not with -H), and
 *       exec ACTION: a container task for harden, bound at that exec.
 *   ptprobe target FILE
 *       a process to act on: counts the SIGURGs it gets in FILE ("N\n",
 *       written first, so FILE existing means ready), then sleeps forever.
 *   ptprobe child ACTION [ARG...]
 *       fork a child (same binding, same container) that waits on a pipe;
 *       run ACTION here with every "@" argument replaced by its pid.
 *   ptprobe child-traceme
 *       fork a child that asks PTRACE_TRACEME (of us, its parent).
 *   ptprobe thread ACTION [ARG...]
 *       start a thread of ours that waits on a pipe; run ACTION here with
 *       every "@" argument replaced by its thread id.
 * A PID argument "self" is our own pid.
 *
 * Access actions (PID: the target; * marks PTRACE_MODE_ATTACH):
 *   attach* PID      PTRACE_ATTACH, wait for the stop, PTRACE_DETACH
 *   seize* PID       PTRACE_SEIZE (detached when we exit)
 *   mem* PID [ADDR]  open /proc/PID/mem, read the marker (or ADDR)
 *   environ PID      open and read /proc/PID/environ
 *   maps PID         open and read /proc/PID/maps
 *   stat PID         open and read /proc/PID/stat (the kernel asks only
 *                    with PTRACE_MODE_NOAUDIT, for a few fields)
 *   wchan PID        open and read /proc/PID/wchan ("0" when refused)
 *   root PID         list /proc/PID/root/
 *   cwd PID          readlink /proc/PID/cwd
 *   nsenter PID      open /proc/PID/ns/mnt, setns() into it (as nsenter -m)
 *   ns-pidfd PID     setns(pidfd_open(PID), CLONE_NEWNS)
 *   vm-readv* PID [ADDR]   process_vm_readv of the marker (or ADDR)
 *   vm-writev* PID   process_vm_writev of the marker (its own bytes back)
 *   getfd* PID FD    pidfd_getfd(pidfd_open(PID), FD)
 *   kcmp PID         kcmp(self, PID, KCMP_VM)
 *   traceme          PTRACE_TRACEME (our parent would trace us)
 * Scheduling actions (harmless to the target: the same values back):
 *   nice PID         setpriority(PRIO_PROCESS, PID, its own nice value)
 *   affinity PID     sched_setaffinity(PID, its own CPU mask)
 * Signal actions (SIG: a number or a name without SIG: URG, CONT, TERM...):
 *   kill PID SIG | tkill PID SIG | tgkill PID SIG | sigqueue PID SIG |
 *   pidfd-signal PID SIG | kill-all SIG (kill(-1, SIG))
 *
 * Prints one line "ACTION PID: ok (...)" or "ACTION PID: ERRNAME (text)".
 * Exit: 0 the operation succeeded, 1 EPERM or EACCES, 3 any other error,
 * 2 usage.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef KCMP_VM
#define KCMP_VM 1
#endif

/* Writable (.data): process_vm_writev writes it back in place. */
char ptprobe_marker[32] = "ptprobe-marker-5f3c9a1e";

#include "probe.h"

static int report(int rc)
{
	int e = errno;

	if (rc == 0) {
		printf("%s: ok\n", what);
		return 0;
	}
	printf("%s: %s (%s)\n", what, strerrorname_np(e) ?: "?", strerror(e));
	return e == EPERM || e == EACCES ? 1 : 3;
}

static const struct { const char *name; int sig; } signames[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "KILL", SIGKILL },
	{ "USR1", SIGUSR1 }, { "USR2", SIGUSR2 }, { "TERM", SIGTERM },
	{ "CONT", SIGCONT }, { "STOP", SIGSTOP }, { "URG", SIGURG },
	{ "WINCH", SIGWINCH },
};

static int sig_of(const char *s)
{
	size_t i;

	if (!strncmp(s, "SIG", 3))
		s += 3;
	for (i = 0; i < sizeof(signames) / sizeof(signames[0]); i++)
		if (!strcmp(s, signames[i].name))
			return signames[i].sig;
	return atoi(s);
}

static pid_t pid_arg(const char *s)
{
	return !strcmp(s, "self") ? getpid() : (pid_t)atoi(s);
}

/* --- target ------------------------------------------------------------ */

static int urg_fd = -1;
static volatile unsigned long urg_n;

/* Async-signal-safe: digits by hand, one pwrite at offset 0. */
static void on_urg(int sig)
{
	char buf[24];
	unsigned long n = ++urg_n;
	int i = sizeof(buf);

	(void)sig;
	buf[--i] = '\n';
	do {
		buf[--i] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	if (urg_fd >= 0 && ftruncate(urg_fd, 0) == 0 &&
	    pwrite(urg_fd, buf + i, sizeof(buf) - i, 0) < 0)
		urg_fd = -1;
}

static int target(const char *file)
{
	struct sigaction sa = { .sa_handler = on_urg, .sa_flags = SA_RESTART };
	char tmp[4096];

	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	urg_fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (urg_fd < 0 || write(urg_fd, "0\n", 2) != 2 || sigaction(SIGURG, &sa, NULL) ||
	    rename(tmp, file)) {
		snprintf(what, sizeof(what), "target %s", file);
		return report(-1);
	}
	for (;;)
		pause();
}

/* --- box ----------------------------------------------------------------- */

static int box(int argc, char **argv)
{
	int host = 0;

	argv++, argc--;
	if (argc > 0 && !strcmp(argv[0], "-H")) {
		host = 1;
		argv++, argc--;
	}
	if (argc < 2)
		return 2;
	if (box_join(argv[0]) < 0)
		return report(-1);
	box_exec(argv, "ptprobe", host);
	return report(-1);
}

/* --- access actions ----------------------------------------------------- */

static unsigned long addr_arg(int argc, char **argv, int i)
{
	return argc > i ? strtoul(argv[i], NULL, 0) : (unsigned long)ptprobe_marker;
}

static int access_action(int argc, char **argv)
{
	const char *a = argv[0];
	pid_t pid = pid_arg(argc > 1 ? argv[1] : "0");
	char path[128], buf[256];
	int fd, st;
	ssize_t n;

	snprintf(what, sizeof(what), "%s %d", a, (int)pid);
	if (!strcmp(a, "attach")) {
		if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) < 0)
			return report(-1);
		if (waitpid(pid, &st, __WALL) < 0)
			return report(-1);
		if (ptrace(PTRACE_DETACH, pid, NULL, NULL) < 0)
			return report(-1);
		return ok("attached, stopped (%s), detached",
			  WIFSTOPPED(st) ? strsignal(WSTOPSIG(st)) : "?");
	}
	if (!strcmp(a, "nice")) {
		int nice;

		errno = 0;
		nice = getpriority(PRIO_PROCESS, pid);
		if (nice == -1 && errno)
			return report(-1);
		if (setpriority(PRIO_PROCESS, pid, nice) < 0)
			return report(-1);
		return ok("nice %d set", nice);
	}
	if (!strcmp(a, "affinity")) {
		cpu_set_t set;

		if (sched_getaffinity(pid, sizeof(set), &set) < 0 ||
		    sched_setaffinity(pid, sizeof(set), &set) < 0)
			return report(-1);
		return ok("%d CPUs set", CPU_COUNT(&set));
	}
	if (!strcmp(a, "seize")) {
		if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) < 0)
			return report(-1);
		return ok("seized");
	}
	if (!strcmp(a, "mem") || !strcmp(a, "environ") || !strcmp(a, "maps") ||
	    !strcmp(a, "stat") || !strcmp(a, "wchan")) {
		unsigned long addr = addr_arg(argc, argv, 2);

		snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, a);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return report(-1);
		if (!strcmp(a, "mem"))
			n = pread(fd, buf, sizeof(ptprobe_marker), (off_t)addr);
		else
			n = read(fd, buf, sizeof(buf) - 1);
		if (n < 0)
			return report(-1);
		buf[n] = 0;
		if (!strcmp(a, "mem") && argc <= 2 && strcmp(buf, ptprobe_marker)) {
			printf("%s: read %zd bytes at %#lx, not the marker\n", what, n, addr);
			return 3;
		}
		if (!strcmp(a, "mem"))
			return ok("%zd bytes at %#lx%s", n, addr, argc > 2 ? "" : ": the marker");
		if (!strcmp(a, "wchan"))
			return ok("%s: %s", path, buf);
		return ok("read %zd bytes of %s", n, path);
	}
	if (!strcmp(a, "root")) {
		struct dirent *e;
		DIR *d;
		int cnt = 0;

		snprintf(path, sizeof(path), "/proc/%d/root/", (int)pid);
		d = opendir(path);
		if (!d)
			return report(-1);
		while ((e = readdir(d)))
			cnt++;
		closedir(d);
		return ok("%d entries in %s", cnt, path);
	}
	if (!strcmp(a, "cwd")) {
		snprintf(path, sizeof(path), "/proc/%d/cwd", (int)pid);
		n = readlink(path, buf, sizeof(buf) - 1);
		if (n < 0)
			return report(-1);
		buf[n] = 0;
		return ok("%s -> %s", path, buf);
	}
	if (!strcmp(a, "nsenter") || !strcmp(a, "ns-pidfd")) {
		char before[64] = "?", after[64] = "?";

		n = readlink("/proc/self/ns/mnt", before, sizeof(before) - 1);
		before[n > 0 ? n : 1] = 0;
		if (!strcmp(a, "nsenter")) {
			snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)pid);
			fd = open(path, O_RDONLY | O_CLOEXEC);
		} else {
			fd = (int)syscall(SYS_pidfd_open, pid, 0);
		}
		if (fd < 0)
			return report(-1);
		if (setns(fd, CLONE_NEWNS))
			return report(-1);
		n = readlink("/proc/self/ns/mnt", after, sizeof(after) - 1);
		after[n > 0 ? n : 1] = 0;
		return ok("mount namespace %s -> %s", before, after);
	}
	if (!strcmp(a, "vm-readv") || !strcmp(a, "vm-writev")) {
		unsigned long addr = addr_arg(argc, argv, 2);
		char data[sizeof(ptprobe_marker)];
		struct iovec local = { data, sizeof(data) };
		struct iovec remote = { (void *)addr, sizeof(data) };

		if (!strcmp(a, "vm-readv")) {
			n = process_vm_readv(pid, &local, 1, &remote, 1, 0);
			if (n < 0)
				return report(-1);
			if (argc <= 2 && memcmp(data, ptprobe_marker, sizeof(data))) {
				printf("%s: read %zd bytes at %#lx, not the marker\n", what, n, addr);
				return 3;
			}
			return ok("%zd bytes at %#lx%s", n, addr, argc > 2 ? "" : ": the marker");
		}
		memcpy(data, ptprobe_marker, sizeof(data));
		n = process_vm_writev(pid, &local, 1, &remote, 1, 0);
		if (n < 0)
			return report(-1);
		return ok("%zd bytes written at %#lx", n, addr);
	}
	if (!strcmp(a, "getfd") && argc == 3) {
		int pfd = (int)syscall(SYS_pidfd_open, pid, 0);

		snprintf(what, sizeof(what), "getfd %d %s", (int)pid, argv[2]);
		if (pfd < 0)
			return report(-1);
		fd = (int)syscall(SYS_pidfd_getfd, pfd, atoi(argv[2]), 0);
		if (fd < 0)
			return report(-1);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n = readlink(path, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = 0;
		return ok("got fd %d -> %s", fd, buf);
	}
	if (!strcmp(a, "kcmp")) {
		long r = syscall(SYS_kcmp, getpid(), pid, KCMP_VM, 0, 0);

		if (r < 0)
			return report(-1);
		return ok("kcmp KCMP_VM = %ld", r);
	}
	fprintf(stderr, "ptprobe: bad action %s\n", a);
	return 2;
}

static int signal_action(int argc, char **argv)
{
	const char *a = argv[0];
	pid_t pid = pid_arg(argv[1]);
	int sig = sig_of(argv[argc - 1]), fd;
	long r;

	snprintf(what, sizeof(what), "%s %s %s", a, argc > 2 ? argv[1] : "-1", argv[argc - 1]);
	if (!strcmp(a, "kill"))
		r = kill(pid, sig);
	else if (!strcmp(a, "kill-all"))
		r = kill(-1, sig);
	else if (!strcmp(a, "tkill"))
		r = syscall(SYS_tkill, pid, sig);
	else if (!strcmp(a, "tgkill"))
		r = syscall(SYS_tgkill, pid, pid, sig);
	else if (!strcmp(a, "sigqueue"))
		r = sigqueue(pid, sig, (union sigval){ .sival_int = 1 });
	else if (!strcmp(a, "pidfd-signal")) {
		fd = (int)syscall(SYS_pidfd_open, pid, 0);
		if (fd < 0)
			return report(-1);
		r = syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0);
	} else {
		fprintf(stderr, "ptprobe: bad action %s\n", a);
		return 2;
	}
	return report(r < 0 ? -1 : 0);
}

static int one(int argc, char **argv);

/* child ACTION ARG...: ACTION on a child of ours, "@" standing for its pid. */
static int with_child(int argc, char **argv)
{
	int p[2], i, rc, st;
	char pid[16], c;
	pid_t child;

	if (pipe2(p, O_CLOEXEC))
		return report(-1);
	fflush(stdout);
	child = fork();
	if (child < 0)
		return report(-1);
	if (child == 0) {
		close(p[1]);
		while (read(p[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(p[0]);
	snprintf(pid, sizeof(pid), "%d", (int)child);
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "@"))
			argv[i] = pid;
	rc = one(argc - 1, argv + 1);
	fflush(stdout);
	close(p[1]);
	while (waitpid(child, &st, __WALL) < 0 && errno == EINTR)
		;
	return rc;
}

static int thread_pipe[2];

static void *thread_wait(void *arg)
{
	char c;

	*(volatile pid_t *)arg = gettid();
	while (read(thread_pipe[0], &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

/* thread ACTION ARG...: ACTION on a thread of ours, "@" standing for its tid. */
static int with_thread(int argc, char **argv)
{
	volatile pid_t tid = 0;
	char buf[16];
	pthread_t th;
	int i, rc;

	if (pipe2(thread_pipe, O_CLOEXEC) || pthread_create(&th, NULL, thread_wait, (void *)&tid))
		return report(-1);
	while (!tid)
		sched_yield();
	snprintf(buf, sizeof(buf), "%d", (int)tid);
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "@"))
			argv[i] = buf;
	rc = one(argc - 1, argv + 1);
	close(thread_pipe[1]);
	pthread_join(th, NULL);
	return rc;
}

/* child-traceme: a child asks to be traced by us, its parent. */
static int child_traceme(void)
{
	pid_t child;
	int st;

	fflush(stdout);
	child = fork();
	if (child < 0)
		return report(-1);
	if (child == 0) {
		snprintf(what, sizeof(what), "child-traceme (child %d, parent %d)",
			 (int)getpid(), (int)getppid());
		st = report((int)ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0 ? -1 : 0);
		fflush(stdout);
		_exit(st);
	}
	if (waitpid(child, &st, __WALL) < 0)
		return report(-1);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 3;
}

static int one(int argc, char **argv)
{
	const char *a = argc > 0 ? argv[0] : "";
	static const char *const acc[] = {
		"attach", "seize", "mem", "environ", "maps", "stat", "wchan", "root", "cwd",
		"nsenter", "ns-pidfd", "vm-readv", "vm-writev", "getfd", "kcmp",
		"nice", "affinity",
	};
	static const char *const sigs[] = {
		"kill", "tkill", "tgkill", "sigqueue", "pidfd-signal",
	};
	size_t i;

	if (!strcmp(a, "box"))
		return box(argc, argv);
	if (!strcmp(a, "target") && argc == 2)
		return target(argv[1]);
	if (!strcmp(a, "child") && argc >= 2)
		return with_child(argc, argv);
	if (!strcmp(a, "thread") && argc >= 2)
		return with_thread(argc, argv);
	if (!strcmp(a, "child-traceme") && argc == 1)
		return child_traceme();
	if (!strcmp(a, "traceme") && argc == 1) {
		snprintf(what, sizeof(what), "traceme (parent %d)", (int)getppid());
		return report((int)ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0 ? -1 : 0);
	}
	if (!strcmp(a, "kill-all") && argc == 2)
		return signal_action(argc, argv);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (!strcmp(a, sigs[i]) && argc == 3)
			return signal_action(argc, argv);
	for (i = 0; i < sizeof(acc) / sizeof(acc[0]); i++)
		if (!strcmp(a, acc[i]) && argc >= 2 && argc <= 3)
			return access_action(argc, argv);
	fprintf(stderr, "usage: ptprobe box [-H] CGROUP ACTION [ARG...] | target FILE |\n"
		"  child|thread ACTION [ARG|@...] | child-traceme | traceme |\n"
		"  attach|seize|environ|maps|stat|wchan|root|cwd|nsenter|ns-pidfd|vm-writev|kcmp PID |\n"
		"  nice|affinity PID |\n"
		"  mem|vm-readv PID [ADDR] | getfd PID FD |\n"
		"  kill|tkill|tgkill|sigqueue|pidfd-signal PID SIG | kill-all SIG\n");
	return 2;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return one(argc - 1, argv + 1);
}
