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
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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
	fprintf(stderr, "hprobe: bad action\n"
		"usage: hprobe ACTION [ARG]  (sethostname NAME | mount-tmpfs DIR |\n"
		"  finit-module FILE | delete-module NAME | sndbufforce | chown PATH |\n"
		"  setuid UID | raw-socket | uring-personality |\n"
		"  memfd-exec ACTION [ARG] | repeat N ACTION [ARG])\n");
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
