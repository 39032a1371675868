// SPDX-License-Identifier: GPL-2.0
/*
 * stressprobe: a tight loop of operations that harden's hooks see, for the
 * VM stress test (tests/vm/stress.sh). Under TCG every fork+exec costs about
 * 0.1 s, so one process makes thousands of hooked calls instead. Static, so
 * it also runs inside a busybox image. Errors are expected (the policy
 * refuses most of these operations) and only counted.
 *
 *   stressprobe box [-n NETNS] [-u] CGROUP ACTION [ARG...]
 *       join CGROUP (made if missing; relative to /sys/fs/cgroup unless it
 *       starts with /sys/), enter network namespace NETNS (a name under
 *       /run/netns or a path), unshare the mount namespace (and with -u the
 *       UTS namespace), make / rprivate and exec ACTION: a container task
 *       for harden, bound at that exec.
 *   stressprobe run SECONDS TARGET ADDR
 *       for SECONDS, round after round: chroot("."), sethostname, mount and
 *       umount a tmpfs, fsopen/fsconfig/fsmount, open /proc/TARGET/ns/net,
 *       /proc/1/ns/mnt and /proc/TARGET/mem, kill(TARGET, 0 and SIGURG), a
 *       UDP sendto and a TCP connect to ADDR port 9 and to 127.0.0.1, open
 *       /proc/sys/kernel/hostname for writing and core_pattern for
 *       reading, mkdir/rmdir in its own cgroup and outside it; every 8th
 *       round a clone3 child, every 16th a PTRACE_ATTACH of TARGET, every
 *       32nd a fork+exec of "stressprobe nop".
 *       Runs at nice 10, so that the shell loops beside it still get the
 *       CPU. Prints "stressprobe: rounds=N calls=N refused=N" (refused:
 *       EPERM or EACCES).
 *   stressprobe target
 *       a process to act on: ignores SIGURG, sleeps forever.
 *   stressprobe nop
 *       exits 0 (the exec is the point).
 *
 * Exit: 0 done, 2 usage or setup error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static unsigned long calls, refused;

/* Count one call's outcome; returns rc. */
static long note(long rc)
{
	calls++;
	if (rc < 0 && (errno == EPERM || errno == EACCES))
		refused++;
	return rc;
}

static void close_if(int fd)
{
	if (fd >= 0)
		close(fd);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *self_path(void)
{
	static char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (n <= 0)
		return "/proc/self/exe";
	path[n] = 0;
	return path;
}

static int usage(void)
{
	fprintf(stderr, "usage: stressprobe box [-n NETNS] [-u] CGROUP ACTION [ARG...]\n"
		"       stressprobe run SECONDS TARGET ADDR | target | nop\n");
	return 2;
}

static void own_cgroup(char *buf, size_t len);

static int box(int argc, char **argv)
{
	const char *netns = NULL;
	char path[4096], pid[32];
	int uts = 0, i = 2, fd;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			netns = argv[++i];
		else if (!strcmp(argv[i], "-u"))
			uts = 1;
		else
			return usage();
	}
	if (argc - i < 2)
		return usage();
	if (!strncmp(argv[i], "/sys/", 5))
		snprintf(path, sizeof(path), "%s", argv[i]);
	else
		snprintf(path, sizeof(path), "/sys/fs/cgroup/%s", argv[i]);
	mkdir(path, 0755);	/* one level: the caller made the parent */
	strncat(path, "/cgroup.procs", sizeof(path) - strlen(path) - 1);
	fd = open(path, O_WRONLY);
	snprintf(pid, sizeof(pid), "%d\n", getpid());
	if (fd < 0 || write(fd, pid, strlen(pid)) < 0) {
		char own[4096];

		/* For the stress test's diagnosis: which call, who, from where. */
		own_cgroup(own, sizeof(own));
		fprintf(stderr, "stressprobe: join %s: %s: %s (pid %d, from %s)\n", path,
			fd < 0 ? "open" : "write", strerror(errno), getpid(), own);
		return 2;
	}
	close(fd);
	if (netns) {
		char ns[4096];

		if (strchr(netns, '/'))
			snprintf(ns, sizeof(ns), "%s", netns);
		else
			snprintf(ns, sizeof(ns), "/run/netns/%s", netns);
		fd = open(ns, O_RDONLY);
		if (fd < 0 || setns(fd, CLONE_NEWNET)) {
			fprintf(stderr, "stressprobe: netns %s: %s\n", ns, strerror(errno));
			return 2;
		}
		close(fd);
	}
	if (unshare(CLONE_NEWNS | (uts ? CLONE_NEWUTS : 0)) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)) {
		fprintf(stderr, "stressprobe: unshare: %s\n", strerror(errno));
		return 2;
	}
	/* By its name, so that comm (in harden's events) is "stressprobe". */
	execv(self_path(), argv + i);
	fprintf(stderr, "stressprobe: exec: %s\n", strerror(errno));
	return 2;
}

/* Our own cgroup's directory, from /proc/self/cgroup ("0::/x/y"). */
static void own_cgroup(char *buf, size_t len)
{
	char line[4000] = "";
	FILE *f = fopen("/proc/self/cgroup", "r");

	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = 0;
		fclose(f);
	}
	line[strcspn(line, "\n")] = 0;
	snprintf(buf, len, "/sys/fs/cgroup%s", strncmp(line, "0::", 3) ? "/" : line + 3);
}

static void net_once(const struct sockaddr_in *sa)
{
	int fd;

	fd = note(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
	if (fd >= 0) {
		note(sendto(fd, "stress", 6, MSG_DONTWAIT, (const struct sockaddr *)sa,
			    sizeof(*sa)));
		close(fd);
	}
	fd = note(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
	if (fd >= 0) {
		note(connect(fd, (const struct sockaddr *)sa, sizeof(*sa)));
		close(fd);
	}
}

static void attach(pid_t target)
{
	int st;

	if (note(ptrace(PTRACE_ATTACH, target, 0, 0)) < 0)
		return;
	waitpid(target, &st, __WALL);
	ptrace(PTRACE_DETACH, target, 0, 0);
}

static void child_clone3(void)
{
	struct clone_args ca = { .exit_signal = SIGCHLD };
	long pid = note(syscall(SYS_clone3, &ca, sizeof(ca)));

	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

static void child_exec(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		execl(self_path(), "stressprobe", "nop", (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		calls++;
		waitpid(pid, NULL, 0);
	}
}

static int run(int argc, char **argv)
{
	char mnt[64], ns[64], mem[64], cg[4096], sub[4200], out[4200], buf[64];
	struct sockaddr_in peer = { .sin_family = AF_INET, .sin_port = htons(9) };
	struct sockaddr_in lo = { .sin_family = AF_INET, .sin_port = htons(9) };
	unsigned long rounds = 0;
	double end;
	pid_t target;
	int fd, ctx, m;

	if (argc != 5)
		return usage();
	end = now() + atof(argv[2]);
	target = atoi(argv[3]);
	if (inet_pton(AF_INET, argv[4], &peer.sin_addr) != 1)
		return usage();
	inet_pton(AF_INET, "127.0.0.1", &lo.sin_addr);
	snprintf(mnt, sizeof(mnt), "/tmp/stressprobe-%d", getpid());
	snprintf(ns, sizeof(ns), "/proc/%d/ns/net", target);
	snprintf(mem, sizeof(mem), "/proc/%d/mem", target);
	own_cgroup(cg, sizeof(cg));
	snprintf(sub, sizeof(sub), "%s/sp-%d", cg, getpid());
	snprintf(out, sizeof(out), "/sys/fs/cgroup/stress-victim/sp-%d", getpid());
	mkdir(mnt, 0700);
	signal(SIGURG, SIG_IGN);
	/* The loops of tests/vm/stress.sh beside us must get the CPU too. */
	if (nice(10) == -1)
		calls++;

	while (now() < end) {
		rounds++;
		note(chroot("."));
		note(sethostname("harden-vm", 9));
		if (note(mount("stress", mnt, "tmpfs", 0, "size=64k")) == 0)
			note(umount2(mnt, MNT_DETACH));
		ctx = note(syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC));
		if (ctx >= 0) {
			if (note(syscall(SYS_fsconfig, ctx, FSCONFIG_CMD_CREATE, NULL, NULL, 0)) == 0) {
				m = note(syscall(SYS_fsmount, ctx, FSMOUNT_CLOEXEC, 0));
				close_if(m);
			}
			close(ctx);
		}
		close_if(note(open(ns, O_RDONLY | O_CLOEXEC)));
		close_if(note(open("/proc/1/ns/mnt", O_RDONLY | O_CLOEXEC)));
		fd = note(open(mem, O_RDONLY | O_CLOEXEC));
		close_if(fd);
		note(kill(target, 0));
		note(kill(target, SIGURG));
		net_once(&peer);
		net_once(&lo);
		close_if(note(open("/proc/sys/kernel/hostname", O_WRONLY | O_CLOEXEC)));
		fd = note(open("/proc/sys/kernel/core_pattern", O_RDONLY | O_CLOEXEC));
		if (fd >= 0) {
			if (read(fd, buf, sizeof(buf)) < 0)
				calls++;
			close(fd);
		}
		if (note(mkdir(sub, 0755)) == 0)
			note(rmdir(sub));
		if (note(mkdir(out, 0755)) == 0)
			note(rmdir(out));
		if (rounds % 8 == 0)
			child_clone3();
		if (rounds % 16 == 0)
			attach(target);
		if (rounds % 32 == 0)
			child_exec();
	}
	rmdir(mnt);
	printf("stressprobe: rounds=%lu calls=%lu refused=%lu\n", rounds, calls, refused);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (!strcmp(argv[1], "box"))
		return box(argc, argv);
	if (!strcmp(argv[1], "run"))
		return run(argc, argv);
	if (!strcmp(argv[1], "target")) {
		signal(SIGURG, SIG_IGN);
		for (;;)
			pause();
	}
	if (!strcmp(argv[1], "nop"))
		return 0;
	return usage();
}
