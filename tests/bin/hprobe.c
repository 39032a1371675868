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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

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
	fprintf(stderr, "hprobe: bad action\n"
		"usage: hprobe ACTION [ARG]  (sethostname NAME | mount-tmpfs DIR |\n"
		"  finit-module FILE | delete-module NAME | sndbufforce | chown PATH |\n"
		"  setuid UID | raw-socket | uring-personality |\n"
		"  memfd-exec ACTION [ARG] | repeat N ACTION [ARG] |\n"
		"  comm NAME ACTION... | wait FILE ACTION... | execfail-wait FILE ACTION... |\n"
		"  execnoent-wait FILE ACTION... | cg-steer DESTFILE SECONDS)\n");
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
