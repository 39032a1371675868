// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup v2 path globs, shared by the module, hardctl and the unit tests.
 */
#ifdef __KERNEL__
#include <linux/string.h>
#else
#include <string.h>
#endif

#include "uapi/linux/harden.h"
#include "glob.h"

const char *harden_glob_check(const char *glob, size_t *err_off)
{
	size_t i, seg_start = 1;
	size_t len = strnlen(glob, HARDEN_GLOB_MAX);

	*err_off = 0;
	if (len == 0)
		return "empty glob";
	if (len >= HARDEN_GLOB_MAX) {
		*err_off = HARDEN_GLOB_MAX - 1;
		return "glob too long (at most 255 bytes)";
	}
	if (glob[0] != '/')
		return "glob must be an absolute cgroup path starting with '/'";
	if (len == 1)
		return NULL;

	for (i = 1; i <= len; i++) {
		char c = glob[i];

		if (c == '/' || c == '\0') {
			size_t seg_len = i - seg_start;

			/* A trailing '/' is at i - 1: i is the NUL. */
			*err_off = c ? i : i - 1;
			if (seg_len == 0)
				return c ? "empty path segment ('//')" :
					   "trailing '/' in glob";
			if ((seg_len == 1 && glob[seg_start] == '.') ||
			    (seg_len == 2 && glob[seg_start] == '.' &&
			     glob[seg_start + 1] == '.')) {
				*err_off = seg_start;
				return "'.' and '..' segments are not allowed";
			}
			seg_start = i + 1;
			continue;
		}
		if (c <= ' ' || c > '~') {
			*err_off = i;
			return "glob holds a space or non-printable character";
		}
	}
	return NULL;
}

/*
 * Like harden_glob_match() on @path truncated to its first @len bytes.
 * Classic two-pointer wildcard match; a '*' never crosses a '/'.
 */
static bool harden_glob_match_prefix(const char *glob, const char *path,
				     size_t len)
{
	const char *star_g = NULL, *star_p = NULL, *end = path + len;

	while (path < end) {
		if (*glob == '*') {
			star_g = ++glob;
			star_p = path;
			continue;
		}
		if (*glob && *glob != '/' && (*glob == '?' ? *path != '/' :
					      *glob == *path)) {
			glob++;
			path++;
			continue;
		}
		if (*glob == '/' && *path == '/') {
			/* Crossing a segment: earlier stars can no longer grow. */
			star_g = NULL;
			glob++;
			path++;
			continue;
		}
		if (star_g && *star_p != '/') {
			glob = star_g;
			path = ++star_p;
			continue;
		}
		return false;
	}
	while (*glob == '*')
		glob++;
	return *glob == '\0';
}

bool harden_glob_match_subtree(const char *glob, const char *path)
{
	size_t len = strlen(path);

	/* The path itself, then each ancestor: "/a/b/c", "/a/b", "/a", "/". */
	for (;;) {
		if (harden_glob_match_prefix(glob, path, len ? len : 1))
			return true;
		if (len <= 1)
			return false;
		while (len > 1 && path[--len] != '/')
			;
	}
}

bool harden_glob_match(const char *glob, const char *path)
{
	return harden_glob_match_prefix(glob, path, strlen(path));
}
