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

/*
 * The length of the character class at @glob (which is '['), up to and
 * including its ']', or 0 if it is not one: a '/' or the end of the glob
 * comes first. After an optional '!' or '^', a ']' is a member.
 */
static size_t harden_glob_class_len(const char *glob, const char *gend)
{
	const char *p = glob + 1;

	if (p < gend && (*p == '!' || *p == '^'))
		p++;
	if (p < gend && *p == ']')
		p++;
	for (; p < gend && *p != ']'; p++)
		if (*p == '/')
			return 0;
	return p < gend ? p - glob + 1 : 0;
}

/*
 * The members of the class at @glob start after '[' and an optional '!' or
 * '^' (*@neg); harden_glob_class_next() reads one from *@p, before @end
 * (the closing ']'): a range "a-z" or a single character as [*lo, *hi].
 * The checker and the matcher both walk a class with these two, so they
 * read it alike.
 */
static const char *harden_glob_class_body(const char *glob, bool *neg)
{
	*neg = glob[1] == '!' || glob[1] == '^';
	return glob + 1 + *neg;
}

static void harden_glob_class_next(const char **p, const char *end,
				   char *lo, char *hi)
{
	const char *m = *p;

	*lo = *hi = m[0];
	if (m + 2 < end && m[1] == '-') {
		*hi = m[2];
		*p = m + 3;
	} else {
		*p = m + 1;
	}
}

/* Does the class at @glob, @clen bytes long, match character @c? */
static bool harden_glob_class_match(const char *glob, size_t clen, char c)
{
	const char *end = glob + clen - 1, *p;
	bool neg;
	char lo, hi;

	for (p = harden_glob_class_body(glob, &neg); p < end;) {
		harden_glob_class_next(&p, end, &lo, &hi);
		if (c >= lo && c <= hi)
			return !neg;
	}
	return neg;
}

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
		if (c == '[') {
			size_t clen = harden_glob_class_len(glob + i, glob + len);
			const char *p, *m, *cend = glob + i + clen - 1;
			bool neg;
			char lo, hi;

			*err_off = i;
			if (!clen)
				return "'[' opens a character class that no ']' closes in its segment";
			for (p = glob + i + 1; p < cend; p++) {
				if (*p <= ' ' || *p > '~') {
					*err_off = p - glob;
					return "glob holds a space or non-printable character";
				}
			}
			for (p = harden_glob_class_body(glob + i, &neg); p < cend;) {
				m = p;
				harden_glob_class_next(&p, cend, &lo, &hi);
				if (lo > hi) {
					*err_off = m - glob;
					return "reversed range in a character class";
				}
			}
			i += clen - 1;
		}
	}
	return NULL;
}

/*
 * Match glob[0, gend) against path[0, end): the classic two-pointer
 * wildcard match, in which a '*' never crosses a '/'. A character class
 * matches one character, like '?'.
 */
static bool harden_glob_match_range(const char *glob, const char *gend,
				    const char *path, const char *end)
{
	const char *star_g = NULL, *star_p = NULL;
	size_t clen;

	while (path < end) {
		if (glob < gend && *glob == '*') {
			star_g = ++glob;
			star_p = path;
			continue;
		}
		clen = glob < gend && *glob == '[' ?
		       harden_glob_class_len(glob, gend) : 0;
		if (clen ? *path != '/' &&
			   harden_glob_class_match(glob, clen, *path) :
		    glob < gend && *glob != '/' &&
		    (*glob == '?' ? *path != '/' : *glob == *path)) {
			glob += clen ?: 1;
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
 * A glob with a globstar: its head (before the "**" segment) matches a fixed
 * number of leading segments and its tail (after it) a fixed number of
 * trailing ones, so the part of the path each covers is fixed: no
 * backtracking.
 */
struct harden_globstar {
	const char *head, *gs, *tail, *gend;
	size_t head_segs, tail_segs;
};

static void harden_globstar_init(struct harden_globstar *g, const char *glob,
				 const char *gs)
{
	g->head = glob;
	g->gs = gs;
	g->tail = gs + 3;
	g->gend = glob + strlen(glob);
	g->head_segs = harden_count_slashes(glob, gs);
	g->tail_segs = harden_count_slashes(g->tail, g->gend);
}

/* The end of the first @segs segments of path[0, end). */
static const char *harden_segs_end(const char *path, const char *end,
				   size_t segs)
{
	size_t n = 0;

	for (; path < end; path++)
		if (*path == '/' && n++ == segs)
			break;
	return path;
}

/*
 * Does the tail match the end of a path that ends at @end and has @nslash
 * segments? The root has none.
 */
static bool harden_globstar_tail(const struct harden_globstar *g,
				 const char *end, size_t nslash)
{
	const char *t = end;
	size_t n;

	if (nslash < g->head_segs + g->tail_segs)
		return false;
	/* t: the start of the last tail_segs segments, after the head's. */
	for (n = 0; n < g->tail_segs; n++)
		while (*--t != '/')
			;
	return harden_glob_match_range(g->tail, g->gend, t, end);
}

/*
 * Match @glob against @path and, if @subtree, each of its ancestors: "/a/b",
 * then "/a", then "/". The cost is linear in the path for each glob segment,
 * with no recursion or allocation, so it is safe in atomic context: a
 * globstar's head is matched once for all ancestors, and each ancestor
 * costs only the tail's last segments.
 */
static bool harden_glob_match_at(const char *glob, const char *path,
				 bool subtree)
{
	const char *gs = harden_glob_globstar(glob);
	size_t len = strlen(path), nslash;
	const char *end, *s;
	struct harden_globstar g;

	if (!gs) {
		const char *gend = glob + strlen(glob);

		for (;;) {
			/* The root is "/", never "". */
			if (harden_glob_match_range(glob, gend, path,
						    path + (len ? len : 1)))
				return true;
			if (!subtree || len <= 1)
				return false;
			while (len > 1 && path[--len] != '/')
				;
		}
	}

	harden_globstar_init(&g, glob, gs);
	/* The root "/" has no segment: only a lone globstar matches it. */
	end = len == 1 ? path : path + len;
	nslash = harden_count_slashes(path, end);
	if (nslash < g.head_segs + g.tail_segs)
		return false;
	s = harden_segs_end(path, end, g.head_segs);
	if (!harden_glob_match_range(g.head, g.gs, path, s))
		return false;	/* nor for any ancestor with enough segments */
	for (;;) {
		if (harden_globstar_tail(&g, end, nslash))
			return true;
		if (!subtree || nslash <= g.head_segs + g.tail_segs)
			return false;
		while (*--end != '/')
			;
		nslash--;
	}
}

bool harden_glob_match_subtree(const char *glob, const char *path)
{
	return harden_glob_match_at(glob, path, true);
}

bool harden_glob_match(const char *glob, const char *path)
{
	return harden_glob_match_at(glob, path, false);
}

#ifndef __KERNEL__
bool harden_glob_example(const char *glob, const char *star, char *out,
			 size_t size)
{
	size_t i, o = 0, slen = strlen(star), len = strlen(glob);

	if (!size)
		return false;
	for (i = 0; i < len; i++) {
		char c = glob[i];
		size_t clen = c == '[' ?
			      harden_glob_class_len(glob + i, glob + len) : 0;

		if (c == '/' && glob[i + 1] == '*' && glob[i + 2] == '*' &&
		    (glob[i + 3] == '/' || glob[i + 3] == '\0')) {
			/* A globstar: no segment (a lone globstar is the root). */
			i += 2;
			if (glob[i + 1] == '\0' && o == 0)
				c = '/';
			else
				continue;
		} else if (c == '*') {
			if (o + slen >= size)
				return false;
			memcpy(out + o, star, slen);
			o += slen;
			continue;
		} else if (c == '?') {
			c = 'x';
		} else if (clen) {
			char m = 'x';

			/* 'x' if the class takes it, else its lowest member. */
			if (!harden_glob_class_match(glob + i, clen, m))
				for (m = '!'; m <= '~'; m++)
					if (m != '/' &&
					    harden_glob_class_match(glob + i, clen, m))
						break;
			if (m > '~')
				return false;
			c = m;
			i += clen - 1;
		}
		if (o + 1 >= size)
			return false;
		out[o++] = c;
	}
	out[o] = '\0';
	/* Whatever the class or star filler did, the example must match. */
	return harden_glob_match(glob, out);
}
#endif
