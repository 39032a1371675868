// SPDX-License-Identifier: GPL-2.0
/*
 * hostprobe: opens of the host kernel's files by every path the kernel
 * offers, for the VM tests of harden's host area (tests/vm/host_docker.sh,
 * tests/vm/host.sh). Every call is a raw syscall(2) where glibc has no
 * wrapper, so what the kernel sees is exactly what the action names.
 *
 * Output: one line "ACTION: ok (what)" or "ACTION: ENAME (strerror) at
 * STEP" (STEP: which call failed). Exit: 0 the action succeeded, 1 it
 * failed, 2 usage or a setup error.
 *
 *   open PATH r|w|rw [DATA]      open(2); read up to 64 bytes, or write DATA
 *                                (MODE r0, w0, rw0: the open alone, no I/O)
 *   openat2 PATH r|w|rw [DATA]   openat2(2), the same
 *   uring PATH r|w|rw [DATA]     io_uring IORING_OP_OPENAT (inline, as the
 *                                kernel first tries it), then read(2) or
 *                                write(2) on the fd it returns
 *   uring-async PATH r|w|rw [DATA]
 *                                the same with IOSQE_ASYNC: the open runs in
 *                                an io-wq worker thread
 *   reopen PATH [DATA]           open(2) O_RDONLY, then open(2)
 *                                /proc/self/fd/N O_WRONLY and write DATA
 *   rdonly-write PATH [DATA]     open(2) O_RDONLY, then write(2) DATA to it
 *   pwritev PATH [DATA]          open(2) O_WRONLY, pwritev(2) DATA at 0
 *   sendfile PATH [DATA]         open(2) O_WRONLY, sendfile(2) DATA from a
 *                                memfd into it
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "uring.h"

static const char *action;

static int fail(int err, const char *step)
{
	const char *name = strerrorname_np(err);

	printf("%s: %s (%s) at %s\n", action, name ? name : "E?", strerror(err), step);
	return 1;
}

static int no_io;

static int open_flags(const char *mode)
{
	size_t n = strlen(mode);

	if (n > 1 && mode[n - 1] == '0') {
		no_io = 1;
		if (!strncmp(mode, "r", n - 1))
			return O_RDONLY;
		if (!strncmp(mode, "w", n - 1))
			return O_WRONLY;
		if (!strncmp(mode, "rw", n - 1))
			return O_RDWR;
	}
	if (!strcmp(mode, "r"))
		return O_RDONLY;
	if (!strcmp(mode, "w"))
		return O_WRONLY;
	if (!strcmp(mode, "rw"))
		return O_RDWR;
	fprintf(stderr, "hostprobe: mode r, w or rw, not %s\n", mode);
	exit(2);
}

/* read or write on an fd just opened; prints the result line */
static int use_fd(int fd, int flags, const char *data, const char *how)
{
	char buf[65];
	ssize_t n;

	if (no_io) {
		printf("%s: ok (%s, no I/O)\n", action, how);
		return 0;
	}
	if ((flags & O_ACCMODE) == O_RDONLY) {
		n = read(fd, buf, sizeof(buf) - 1);
		if (n < 0)
			return fail(errno, "read");
		printf("%s: ok (%s, read %zd bytes)\n", action, how, n);
		return 0;
	}
	n = write(fd, data, strlen(data));
	if (n < 0)
		return fail(errno, "write");
	printf("%s: ok (%s, wrote %zd bytes)\n", action, how, n);
	return 0;
}

static int uring_openat(const char *path, int flags, int async)
{
	struct io_uring_sqe sqe;
	struct uring r;
	int res;

	if (uring_init(&r) < 0)
		return -1000 - errno;
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_OPENAT;
	sqe.fd = AT_FDCWD;
	sqe.addr = (uintptr_t)path;
	sqe.open_flags = flags;
	sqe.flags = async ? IOSQE_ASYNC : 0;
	sqe.user_data = 1;
	if (uring_run(&r, &sqe, &res) < 0)
		return -1000 - errno;
	return res;
}

int main(int argc, char **argv)
{
	const char *path, *data;
	char fdpath[64];
	int flags, fd, fd2;

	if (argc < 3) {
		fprintf(stderr, "usage: hostprobe ACTION PATH [MODE] [DATA] (see the source)\n");
		return 2;
	}
	action = argv[1];
	path = argv[2];

	if (!strcmp(action, "open") || !strcmp(action, "openat2") ||
	    !strcmp(action, "uring") || !strcmp(action, "uring-async")) {
		if (argc < 4)
			return 2;
		flags = open_flags(argv[3]);
		data = argc > 4 ? argv[4] : "1\n";
		if (!strcmp(action, "open")) {
			fd = open(path, flags | O_CLOEXEC);
			if (fd < 0)
				return fail(errno, "open");
			return use_fd(fd, flags, data, "open");
		}
		if (!strcmp(action, "openat2")) {
			struct open_how how;

			memset(&how, 0, sizeof(how));
			how.flags = flags | O_CLOEXEC;
			fd = syscall(__NR_openat2, AT_FDCWD, path, &how, sizeof(how));
			if (fd < 0)
				return fail(errno, "openat2");
			return use_fd(fd, flags, data, "openat2");
		}
		fd = uring_openat(path, flags, !strcmp(action, "uring-async"));
		if (fd <= -1000)
			return fail(-fd - 1000, "io_uring setup"), 2;
		if (fd < 0)
			return fail(-fd, "IORING_OP_OPENAT");
		return use_fd(fd, flags, data, "IORING_OP_OPENAT");
	}
	data = argc > 3 ? argv[3] : "1\n";
	if (!strcmp(action, "reopen")) {
		fd = open(path, O_RDONLY);
		if (fd < 0)
			return fail(errno, "open O_RDONLY");
		snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
		fd2 = open(fdpath, O_WRONLY);
		if (fd2 < 0)
			return fail(errno, "open /proc/self/fd O_WRONLY");
		return use_fd(fd2, O_WRONLY, data, "reopen");
	}
	if (!strcmp(action, "rdonly-write")) {
		fd = open(path, O_RDONLY);
		if (fd < 0)
			return fail(errno, "open O_RDONLY");
		return use_fd(fd, O_WRONLY, data, "write on O_RDONLY");
	}
	if (!strcmp(action, "pwritev")) {
		struct iovec iov = { .iov_base = (void *)data, .iov_len = strlen(data) };
		ssize_t n;

		fd = open(path, O_WRONLY);
		if (fd < 0)
			return fail(errno, "open");
		n = pwritev(fd, &iov, 1, 0);
		if (n < 0)
			return fail(errno, "pwritev");
		printf("%s: ok (wrote %zd bytes)\n", action, n);
		return 0;
	}
	if (!strcmp(action, "sendfile")) {
		int mfd = memfd_create("hostprobe", 0);
		ssize_t n;

		if (mfd < 0 || write(mfd, data, strlen(data)) < 0 || lseek(mfd, 0, SEEK_SET) < 0)
			return fail(errno, "memfd"), 2;
		fd = open(path, O_WRONLY);
		if (fd < 0)
			return fail(errno, "open");
		n = sendfile(fd, mfd, NULL, strlen(data));
		if (n < 0)
			return fail(errno, "sendfile");
		printf("%s: ok (wrote %zd bytes)\n", action, n);
		return 0;
	}
	fprintf(stderr, "hostprobe: unknown action %s\n", action);
	return 2;
}
