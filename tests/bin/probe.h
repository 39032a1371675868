/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What netprobe and ptprobe share: both print one line per operation,
 * "WHAT: ok (...)" or "WHAT: ERRNAME (text)", and both have a `box`
 * command that makes the probe a container task for harden. Each keeps its
 * own report() (the exit codes differ); included once, by the probe's only
 * source file.
 */
#ifndef _HARDEN_TEST_PROBE_H
#define _HARDEN_TEST_PROBE_H

#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The operation, as the output line names it. */
static char what[4200];

static int ok(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int ok(const char *fmt, ...)
{
	va_list ap;

	printf("%s: ok (", what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(")\n");
	return 0;
}

/*
 * box_join() - the start of `box`: join cgroup @cg (made if missing, with
 * its parents; relative to /sys/fs/cgroup unless it starts with /sys/).
 * Sets what to "box PATH". Return: 0, or -1 with errno set.
 */
static int box_join(const char *cg)
{
	char path[4096], pid[32], *p;
	int fd, i;

	if (!strncmp(cg, "/sys/", 5))
		snprintf(path, sizeof(path), "%s", cg);
	else
		snprintf(path, sizeof(path), "/sys/fs/cgroup%s", cg);
	for (p = path + 15; (p = strchr(p + 1, '/')); ) {	/* mkdir -p */
		*p = 0;
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
	snprintf(what, sizeof(what), "box %s", path);
	i = (int)strlen(path);
	snprintf(path + i, sizeof(path) - i, "/cgroup.procs");
	snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, pid, strlen(pid)) < 0)
		return -1;	/* the caller reports errno and exits */
	close(fd);
	return 0;
}

/*
 * box_exec() - the end of `box`: unshare the mount namespace (unless
 * @host) and exec ourselves as "@name ACTION ARG..." (@argv is ACTION and
 * its arguments): harden binds the task at that exec, in a container mount
 * namespace. Return: -1 with errno set; on success it does not return.
 */
static int box_exec(char **argv, const char *name, int host)
{
	if (!host && unshare(CLONE_NEWNS))
		return -1;
	fflush(stdout);
	argv[0] = (char *)name;
	execv("/proc/self/exe", argv);
	return -1;
}

#endif /* _HARDEN_TEST_PROBE_H */
