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
	size_t i, seg_start = 1, globstar = 0;
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
			if (seg_len == 2 && glob[seg_start] == '*' &&
			    glob[seg_start + 1] == '*') {
				*err_off = seg_start;
				if (globstar)
					return "at most one '**' segment per glob";
				globstar = seg_start;
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
 * Match glob[0, gend) against path[0, end): the classic two-pointer
 * wildcard match, in which a '*' never crosses a '/'.
 */
static bool harden_glob_match_range(const char *glob, const char *gend,
				    const char *path, const char *end)
{
	const char *star_g = NULL, *star_p = NULL;

	while (path < end) {
		if (glob < gend && *glob == '*') {
			star_g = ++glob;
			star_p = path;
			continue;
		}
		if (glob < gend && *glob != '/' &&
		    (*glob == '?' ? *path != '/' : *glob == *path)) {
			glob++;
			path++;
			continue;
		}
		if (glob < gend && *glob == '/' && *path == '/') {
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
	while (glob < gend && *glob == '*')
		glob++;
	return glob == gend;
}

/* The start of a glob's globstar segment (a segment that is just "**"), or NULL. */
static const char *harden_glob_globstar(const char *glob)
{
	for (; *glob; glob++)
		if (glob[0] == '/' && glob[1] == '*' && glob[2] == '*' &&
		    (glob[3] == '/' || glob[3] == '\0'))
			return glob;
	return NULL;
}

static size_t harden_count_slashes(const char *s, const char *end)
{
	size_t n = 0;

	for (; s < end; s++)
		n += *s == '/';
	return n;
}

/*
 * Like harden_glob_match() on @path truncated to its first @len bytes.
 *
 * A glob has at most one globstar segment (harden_glob_check()), which
 * matches zero or more whole segments. Its head and its tail each match a
 * fixed number of segments, so the part of the path each one covers is
 * fixed too: no backtracking, and the cost stays linear in the path.
 */
static bool harden_glob_match_prefix(const char *glob, const char *path,
				     size_t len)
{
	const char *gs = harden_glob_globstar(glob);
	const char *tail, *gend = glob + strlen(glob), *end = path + len;
	const char *s, *t;
	size_t head_segs, tail_segs, n;

	if (!gs)
		return harden_glob_match_range(glob, gend, path, end);

	/*
	 * The root "/" has no segment at all: a lone globstar matches it, and
	 * a glob with any other segment does not.
	 */
	if (len == 1)
		end = path;
	tail = gs + 3;
	head_segs = harden_count_slashes(glob, gs);
	tail_segs = harden_count_slashes(tail, gend);
	if (harden_count_slashes(path, end) < head_segs + tail_segs)
		return false;

	/* s: the end of the first head_segs segments. */
	for (s = path, n = 0; s < end; s++)
		if (*s == '/' && n++ == head_segs)
			break;
	/* t: the start of the last tail_segs segments. */
	for (t = end, n = 0; n < tail_segs; n++)
		while (*--t != '/')
			;
	return harden_glob_match_range(glob, gs, path, s) &&
	       harden_glob_match_range(tail, gend, t, end);
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
