/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cgroup v2 path globs. This file and glob.c build both into the module and
 * into hardctl and the unit tests, so they use nothing but freestanding C.
 */
#ifndef _HARDEN_GLOB_H
#define _HARDEN_GLOB_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#endif

/*
 * harden_glob_check() - validate a glob.
 * @glob: NUL-terminated glob
 * @err_off: on error, the byte offset of the offending character
 *
 * A glob is an absolute path ("/" or "/a/b"): no empty segment, no trailing
 * slash, no "." or ".." segment, only printable non-space ASCII, and shorter
 * than HARDEN_GLOB_MAX. '*' matches any run of characters other than '/',
 * '?' one character other than '/'. A segment that is just "**" (a
 * globstar) matches zero or more whole segments; at most one per glob, so
 * that matching stays linear.
 *
 * Return: NULL if valid, else a static message.
 */
const char *harden_glob_check(const char *glob, size_t *err_off);

/*
 * harden_glob_match() - match a cgroup path against a valid glob.
 *
 * The whole path must match. Runs in O(len(glob) * len(path)) without
 * recursion or allocation, so it is safe in atomic context.
 */
bool harden_glob_match(const char *glob, const char *path);

/*
 * harden_glob_match_subtree() - does @glob match @path or one of its
 * ancestors? A container's cgroup owns its sub-cgroups (systemd or Docker
 * running inside it, runc exec joining a child), so "/docker/x" covers
 * "/docker/x/init.scope". Atomic-safe, no allocation.
 */
bool harden_glob_match_subtree(const char *glob, const char *path);

#ifndef __KERNEL__
/*
 * harden_glob_example() - a path that @glob matches (userspace only: hardctl
 * uses it to find a group that an earlier group shadows).
 * @glob: a valid glob
 * @star: what each '*' becomes, a string without '/'
 * @out: the path, @size bytes at most with its NUL
 *
 * A '?' becomes 'x', a character class 'x' or else its lowest member, and a
 * globstar no segment at all.
 *
 * Return: true if @out holds a path that @glob matches; false if it does
 * not fit or the class cannot be filled (such as "[!!-~]").
 */
bool harden_glob_example(const char *glob, const char *star, char *out,
			 size_t size);
#endif

#endif /* _HARDEN_GLOB_H */
