// SPDX-License-Identifier: GPL-2.0
/*
 * capbench: time one operation in a loop, for bench/run.
 *
 *   capbench OP N      prints "OP N ns_per_op"
 *
 * OPs: getpid (no hook: the control), setuid0 (one security_capable,
 * CAP_SETUID, allowed; each also frees a cred through RCU, which makes it
 * noisy), chroot (chroot("."): one security_capable, CAP_SYS_CHROOT,
 * allowed, and nothing freed: the steady measure of an allowed check),
 * sethostname (one security_capable, CAP_SYS_ADMIN),
 * forkexit (security_task_alloc + free_task), exec (security_bprm_* hooks;
 * re-executes itself with OP "noop"), open (open(2) O_RDONLY and close of
 * ./capbench.f: one security_file_open), openwr (the same, O_WRONLY),
 * opendev (/dev/null O_WRONLY: the device check), creatunlink (create a
 * file and unlink it: security_inode_create, security_file_open,
 * security_inode_unlink).
 *
 * Run in a VM under `-icount shift=0,sleep=off`: guest time then follows
 * the instruction count, so runs reproduce closely.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n, i;
	long long t0, t1;
	const char *op;

	if (argc == 2 && !strcmp(argv[1], "noop"))
		return 0;
	if (argc != 3) {
		fprintf(stderr, "usage: capbench getpid|setuid0|chroot|sethostname|forkexit|exec|open|openwr|opendev|creatunlink N\n");
		return 2;
	}
	op = argv[1];
	n = atol(argv[2]);
	if (!strncmp(op, "open", 4)) {
		int fd = open("capbench.f", O_WRONLY | O_CREAT, 0644);

		if (fd < 0)
			return 3;
		close(fd);
	}
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		if (!strcmp(op, "getpid")) {
			syscall(SYS_getpid);
		} else if (!strcmp(op, "setuid0")) {
			if (setuid(0))
				return 3;
		} else if (!strcmp(op, "chroot")) {
			if (chroot("."))
				return 3;
		} else if (!strcmp(op, "sethostname")) {
			sethostname("bench", 5);	/* allowed or EPERM: both timed */
		} else if (!strcmp(op, "forkexit")) {
			pid_t p = fork();

			if (p == 0)
				_exit(0);
			waitpid(p, NULL, 0);
		} else if (!strcmp(op, "exec")) {
			pid_t p = fork();

			if (p == 0) {
				execl("/proc/self/exe", "capbench", "noop", (char *)NULL);
				_exit(127);
			}
			waitpid(p, NULL, 0);
		} else if (!strcmp(op, "creatunlink")) {
			int fd = open("capbench.c", O_WRONLY | O_CREAT | O_EXCL, 0644);

			if (fd < 0 || close(fd) || unlink("capbench.c"))
				return 3;
		} else if (!strncmp(op, "open", 4)) {
			int fd = open(!strcmp(op, "opendev") ? "/dev/null" : "capbench.f",
				      !strcmp(op, "open") ? O_RDONLY : O_WRONLY);

			if (fd < 0)
				return 3;
			close(fd);
		} else {
			fprintf(stderr, "capbench: unknown op %s\n", op);
			return 2;
		}
	}
	t1 = now_ns();
	printf("%s %ld %.1f\n", op, n, (double)(t1 - t0) / (double)n);
	return 0;
}
