// SPDX-License-Identifier: GPL-2.0
/*
 * Atomic replacement of a metrics text file (hardctl metrics --textfile).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "textfile.h"

int textfile_write(const char *path, const char *data, size_t len, char *err,
		   size_t errlen)
{
	char *tmp = NULL, *dir = NULL;
	const char *what = "create";
	size_t done = 0;
	int fd, dfd, e;

	if (asprintf(&tmp, "%s.tmp.%d", path, (int)getpid()) < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	/* O_EXCL|O_NOFOLLOW: never write through a planted link. */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		goto fail;
	/* 0644 whatever the umask: node_exporter may run as another user. */
	what = "set the mode of";
	if (fchmod(fd, 0644) < 0)
		goto fail_fd;
	what = "write";
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail_fd;
		done += (size_t)n;
	}
	what = "sync";
	if (fsync(fd) < 0)
		goto fail_fd;
	what = "close";
	if (close(fd) < 0) {
		fd = -1;
		goto fail_unlink;
	}
	if (rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		snprintf(err, errlen, "cannot rename %s onto %s: %s", tmp, path,
			 strerror(e));
		free(tmp);
		return -1;
	}
	/* Best effort: make the rename itself durable. */
	dir = strdup(path);
	if (dir) {
		dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	free(dir);
	free(tmp);
	return 0;

fail_fd:
	e = errno;
	close(fd);
	errno = e;
fail_unlink:
	e = errno;
	unlink(tmp);
	errno = e;
fail:
	snprintf(err, errlen, "cannot %s %s: %s", what, tmp, strerror(errno));
	free(tmp);
	return -1;
}
