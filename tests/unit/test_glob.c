// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for kmod/glob.c: harden_glob_check() and harden_glob_match().
 */
#include <fnmatch.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "uapi/linux/harden.h"
#include "../../kmod/glob.h"

/*
 * ctl/main.c (left out of unit tests) defines this for the other ctl/
 * files; weak, so that a definition elsewhere in ctl/ still wins.
 */
__attribute__((weak)) const char *prog = "hardctl";
__attribute__((weak)) bool opt_json;

static void check_ok(const char *glob)
{
	size_t off = 12345;
	const char *msg = harden_glob_check(glob, &off);

	if (msg)
		fail_msg("glob '%s' rejected: %s (offset %zu)", glob, msg, off);
}

static void check_bad(const char *glob, size_t want_off, const char *want_msg)
{
	size_t off = 12345;
	const char *msg = harden_glob_check(glob, &off);

	if (!msg)
		fail_msg("glob '%s' accepted", glob);
	if (off != want_off || !strstr(msg, want_msg))
		fail_msg("glob '%s': got offset %zu '%s', want %zu '%s'",
			 glob, off, msg, want_off, want_msg);
}

static void test_check_valid(void **state)
{
	char g[HARDEN_GLOB_MAX];

	check_ok("/");
	check_ok("/docker");
	check_ok("/docker/*");
	check_ok("/system.slice/docker-*.scope");
	check_ok("/a?b/*/c*d*");
	check_ok("/.a/..b/...");	/* only exactly "." and ".." are banned */
	check_ok("/a#b/{x}/[y]");
	check_ok("/[0-9a-f][!.]/[]]/[^a-]/x]");
	check_ok("/[a-c-b]");		/* a-c, then '-' and 'b': as it matches */
	check_ok("/*");
	check_ok("/**");
	check_ok("/**/docker-*.scope");
	check_ok("/a/**/b/*");
	check_ok("/a**/b**");		/* '**' inside a segment is a plain '*' */

	memset(g, 'a', sizeof(g));
	g[0] = '/';
	g[HARDEN_GLOB_MAX - 1] = '\0';	/* 255 bytes: the longest allowed */
	check_ok(g);
}

static void test_check_invalid(void **state)
{
	char g[HARDEN_GLOB_MAX + 10];

	check_bad("", 0, "empty");
	check_bad("docker/*", 0, "absolute");
	check_bad("*", 0, "absolute");
	check_bad("/a/", 2, "trailing");
	check_bad("//", 1, "empty path segment");
	check_bad("/a//b", 3, "empty path segment");
	check_bad("/.", 1, "'..'");
	check_bad("/./a", 1, "'.'");
	check_bad("/a/..", 3, "'..'");
	check_bad("/a/../b", 3, "'..'");
	check_bad("/a b", 2, "space");
	check_bad("/a\tb", 2, "non-printable");
	check_bad("/ab\x7f", 3, "non-printable");
	check_bad("/caf\xc3\xa9", 4, "non-printable");
	check_bad("/**/a/**", 6, "at most one '**'");
	check_bad("/**/**", 4, "at most one '**'");
	check_bad("/a[b", 2, "no ']' closes");
	check_bad("/a[b/c]", 2, "no ']' closes");
	check_bad("/[]", 1, "no ']' closes");
	check_bad("/[!]", 1, "no ']' closes");
	check_bad("/x/[z-a]", 4, "reversed range");
	check_bad("/[a\tb]", 3, "non-printable");

	memset(g, 'a', sizeof(g));
	g[0] = '/';
	g[HARDEN_GLOB_MAX] = '\0';	/* 256 bytes */
	check_bad(g, HARDEN_GLOB_MAX - 1, "too long");
	g[HARDEN_GLOB_MAX + 5] = '\0';
	check_bad(g, HARDEN_GLOB_MAX - 1, "too long");
}

#define MATCH(g, p)	assert_true(harden_glob_match(g, p))
#define NOMATCH(g, p)	assert_false(harden_glob_match(g, p))

static void test_match_exact(void **state)
{
	MATCH("/docker", "/docker");
	MATCH("/a/b/c", "/a/b/c");
	NOMATCH("/docker", "/Docker");		/* case-sensitive */
	NOMATCH("/docker", "/docker2");
	NOMATCH("/docker", "/docke");
	NOMATCH("/docker", "/docker/abc");
	NOMATCH("/docker/abc", "/docker");
	NOMATCH("/a/b", "/ab");
	NOMATCH("/ab", "/a/b");
}

static void test_match_root(void **state)
{
	MATCH("/", "/");
	NOMATCH("/", "/a");
	NOMATCH("/a", "/");
	NOMATCH("/", "");
	/* As fnmatch(FNM_PATHNAME): '*' may be empty, so "/" + '*' fits the root. */
	MATCH("/*", "/");
	MATCH("/*", "/init.scope");
	NOMATCH("/*", "/system.slice/cron.service");
}

static void test_match_star(void **state)
{
	MATCH("/docker/*", "/docker/abc");
	MATCH("/docker/*", "/docker/0123456789abcdef");
	NOMATCH("/docker/*", "/docker/abc/def");
	NOMATCH("/docker/*", "/docker");
	NOMATCH("/docker/*", "/dockerx/abc");
	NOMATCH("/docker/*", "/other/abc");

	MATCH("/system.slice/docker-*.scope",
	      "/system.slice/docker-4f3a9e2b1c.scope");
	MATCH("/system.slice/docker-*.scope", "/system.slice/docker-.scope");
	MATCH("/system.slice/docker-*.scope",
	      "/system.slice/docker-a.scope.scope");
	NOMATCH("/system.slice/docker-*.scope",
		"/system.slice/docker-abc.scope/init");
	NOMATCH("/system.slice/docker-*.scope",
		"/system.slice/docker-a/b.scope");
	NOMATCH("/system.slice/docker-*.scope",
		"/system.slice/containerd-abc.scope");
	NOMATCH("/system.slice/docker-*.scope", "/system.slice/docker-abc.scop");

	MATCH("/*/*", "/a/b");
	NOMATCH("/*/*", "/a");
	NOMATCH("/*/*", "/a/b/c");
	MATCH("/a*", "/a");
	MATCH("/*a", "/a");
	MATCH("/**", "/abc");
	MATCH("/*a*b*", "/xxaxxbxx");
	NOMATCH("/*a*b*", "/xxbxxaxx");
	MATCH("/*x/y", "/axbx/y");		/* '*' takes "axb" */
	NOMATCH("/*a/b", "/xa/c");
	NOMATCH("/*/b", "/a/c/b");
	MATCH("/a*/b*", "/aa/bb");
	NOMATCH("/a*/b*", "/aa/x/bb");
	MATCH("/k8s/*/pod*/*", "/k8s/burstable/pod123/ctr");
	NOMATCH("/k8s/*/pod*/*", "/k8s/burstable/x/pod123/ctr");
}

static void test_match_question(void **state)
{
	MATCH("/a?c", "/abc");
	NOMATCH("/a?c", "/ac");
	NOMATCH("/a?c", "/abbc");
	NOMATCH("/a?c", "/a/c");		/* '?' never matches '/' */
	MATCH("/???", "/abc");
	NOMATCH("/???", "/ab");
	MATCH("/?*", "/a");
	NOMATCH("/?*", "/");
	MATCH("/*?/b", "/xy/b");
}

/* '*', '?', '[' classes and a "**" segment are the metacharacters. */
static void test_match_literals(void **state)
{
	MATCH("/a\\b", "/a\\b");		/* no escapes: '\\' is itself */
	MATCH("/x.y", "/x.y");
	NOMATCH("/x.y", "/xzy");
	MATCH("/a{b}", "/a{b}");
	MATCH("/a]", "/a]");			/* a lone ']' is itself */
}

static void test_match_class(void **state)
{
	MATCH("/a[b]", "/ab");
	NOMATCH("/a[b]", "/a[b]");
	MATCH("/[0-9a-f]x", "/7x");
	MATCH("/[0-9a-f]x", "/ex");
	NOMATCH("/[0-9a-f]x", "/gx");
	NOMATCH("/[0-9a-f]x", "/Ax");
	MATCH("/[!0-9]", "/a");
	NOMATCH("/[!0-9]", "/5");
	MATCH("/[^0-9]", "/a");
	MATCH("/[]a]", "/]");			/* a leading ']' is a member */
	MATCH("/[]a]", "/a");
	MATCH("/[!]a]", "/b");
	NOMATCH("/[!]a]", "/]");
	MATCH("/[a-]", "/-");			/* a trailing '-' too */
	MATCH("/[a-c-b]", "/-");		/* a range ends a member */
	NOMATCH("/[a-c-b]", "/d");
	MATCH("/[[]", "/[");
	NOMATCH("/[!a]", "/");			/* never the '/' after it */
	NOMATCH("/[!a]/b", "//b");
	MATCH("/*[0-9]", "/abc7");
	NOMATCH("/*[0-9]", "/abc");
	MATCH("/docker-[0-9a-f]*.scope", "/docker-3f.scope");
	NOMATCH("/docker-[0-9a-f]*.scope", "/docker-x3.scope");
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Backtracking matchers blow up on these; this one must stay linear-ish. */
static void test_match_pathological(void **state)
{
	static const char *const globs[] = {
		"/*a*a*a*a*b",
		"/*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b",
		"/*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a/*b",
		"/a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*?b",
	};
	size_t len = 16384, i;
	char *path = malloc(len + 1);
	double t0, dt;

	assert_non_null(path);
	memset(path, 'a', len);
	path[0] = '/';
	path[len] = '\0';
	t0 = now();
	for (i = 0; i < sizeof(globs) / sizeof(globs[0]); i++)
		NOMATCH(globs[i], path);
	path[len - 1] = 'b';
	MATCH(globs[0], path);
	MATCH(globs[1], path);
	dt = now() - t0;
	free(path);
	/* Generous bound so that it holds under valgrind too. */
	if (dt > 5.0)
		fail_msg("pathological globs took %.2f s", dt);
}

/* A "**" segment: fnmatch has no globstar, test_match_globstar_vs_ref does. */
static bool ref_has_globstar(const char *glob)
{
	const char *g;

	for (g = strstr(glob, "/**"); g; g = strstr(g + 1, "/**"))
		if (!g[3] || g[3] == '/')
			return true;
	return false;
}

/*
 * Cross-check against glibc fnmatch(FNM_PATHNAME), whose '*' and '?' do
 * not match '/' either, on many small random globs and paths.
 */
static void test_match_vs_fnmatch(void **state)
{
	static const char galpha[] = "ab/*?[]!-";
	static const char palpha[] = "ab/";
	char glob[12], path[12];
	unsigned int seed = 12345, i, n, checked = 0;
	size_t off;

	for (i = 0; i < 300000; i++) {
		glob[0] = '/';
		n = 1 + rand_r(&seed) % 9;
		for (unsigned int k = 1; k < n; k++)
			glob[k] = galpha[rand_r(&seed) % 9];
		glob[n] = '\0';
		if (harden_glob_check(glob, &off) || ref_has_globstar(glob))
			continue;
		path[0] = '/';
		n = 1 + rand_r(&seed) % 9;
		for (unsigned int k = 1; k < n; k++)
			path[k] = palpha[rand_r(&seed) % 3];
		path[n] = '\0';
		checked++;
		if (harden_glob_match(glob, path) !=
		    (fnmatch(glob, path, FNM_PATHNAME) == 0))
			fail_msg("glob '%s' path '%s': harden %d, fnmatch %d",
				 glob, path, harden_glob_match(glob, path),
				 fnmatch(glob, path, FNM_PATHNAME) == 0);
	}
	assert_true(checked > 10000);
}

/* A segment that is just "**" matches zero or more whole segments. */
static void test_match_globstar(void **state)
{
	const char *id = "/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char g[HARDEN_GLOB_MAX], p[160];

	MATCH("/**", "/");
	MATCH("/**", "/a");
	MATCH("/**", "/a/b/c");
	MATCH("/**/docker-*.scope", "/docker-a.scope");
	MATCH("/**/docker-*.scope", "/system.slice/docker-a.scope");
	MATCH("/**/docker-*.scope", "/ci.slice/docker-a.scope");
	MATCH("/**/docker-*.scope", "/a.slice/a-b.slice/docker-a.scope");
	NOMATCH("/**/docker-*.scope", "/");
	NOMATCH("/**/docker-*.scope", "/system.slice/cron.service");
	NOMATCH("/**/docker-*.scope", "/system.slice/docker-a.scope/init");
	NOMATCH("/**/docker-*.scope", "/xdocker-a.scope");
	MATCH("/a/**/b", "/a/b");
	MATCH("/a/**/b", "/a/x/b");
	MATCH("/a/**/b", "/a/x/y/z/b");
	NOMATCH("/a/**/b", "/a");
	NOMATCH("/a/**/b", "/b");
	NOMATCH("/a/**/b", "/x/a/b");
	NOMATCH("/a/**/b", "/a/b/x");
	MATCH("/a/**", "/a");
	MATCH("/a/**", "/a/b/c");
	NOMATCH("/a/**", "/");
	NOMATCH("/a/**", "/b");
	MATCH("/*/**/?", "/x/y");
	NOMATCH("/*/**/?", "/x/yy");
	NOMATCH("/*/**/?", "/x");
	MATCH("/a/**/b/c", "/a/b/b/c");
	MATCH("/a/**/*/c", "/a/b/c");
	NOMATCH("/a/**/*/c", "/a/c");

	/* policies/docker-default.conf's line for the cgroupfs driver. */
	snprintf(g, sizeof(g), "/**/%s%.48s",
		 "[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]"
		 "[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]",
		 "????????????????????????????????????????????????");
	MATCH(g, id);
	snprintf(p, sizeof(p), "/docker%s", id);
	MATCH(g, p);
	snprintf(p, sizeof(p), "/escape/a/b%s", id);
	MATCH(g, p);
	snprintf(p, sizeof(p), "%sx", id);
	NOMATCH(g, p);
	NOMATCH(g, "/docker/short");
	/* 64 bytes, but not an ID: a snap app's scope, a flatpak one. */
	NOMATCH(g, "/user.slice/snap.microk8s.kubectl-0f4c8a2e-5b1d-4c3e-9a7f-1e2d3c4b5a69.scope");
	NOMATCH(g, "/user.slice/app-flatpak-org.example.AnotherLongAppName.Viewer-12345678.scope");
	/* Which the glob of 64 '?' this replaced matched. */
	MATCH("/**/????????????????????????????????????????????????????????????????",
	      "/user.slice/snap.microk8s.kubectl-0f4c8a2e-5b1d-4c3e-9a7f-1e2d3c4b5a69.scope");

	/* The subtree form: a container's own sub-cgroups. */
	snprintf(p, sizeof(p), "/escape%s/init.scope", id);
	assert_true(harden_glob_match_subtree(g, p));
	assert_true(harden_glob_match_subtree("/**/docker-*.scope",
					      "/x.slice/docker-a.scope/sub"));
	assert_false(harden_glob_match_subtree("/**/docker-*.scope",
					       "/x.slice/other.scope/sub"));
}

/* Reference for a glob with one globstar: every way to split the path. */
static bool ref_globstar(const char *glob, const char *path)
{
	const char *gs = strstr(glob, "/**");
	char head[32], tail[32], ph[16], pt[16];
	size_t plen = strlen(path), s, t;

	while (gs && gs[3] && gs[3] != '/')
		gs = strstr(gs + 1, "/**");
	if (!gs)
		return fnmatch(glob, path, FNM_PATHNAME) == 0;
	snprintf(head, sizeof(head), "%.*s", (int)(gs - glob), glob);
	snprintf(tail, sizeof(tail), "%s", gs + 3);
	if (strcmp(path, "/") == 0)
		plen = 0;
	/* s, t: segment boundaries with s <= t; the globstar takes [s, t). */
	for (s = 0; s <= plen; s++) {
		if (s < plen && path[s] != '/')
			continue;
		snprintf(ph, sizeof(ph), "%.*s", (int)s, path);
		if (!(*head ? fnmatch(head, ph, FNM_PATHNAME) == 0 : !*ph))
			continue;
		for (t = s; t <= plen; t++) {
			if (t < plen && path[t] != '/')
				continue;
			snprintf(pt, sizeof(pt), "%.*s", (int)(plen - t), path + t);
			if (*tail ? fnmatch(tail, pt, FNM_PATHNAME) == 0 : !*pt)
				return true;
		}
	}
	return false;
}

/* Reference subtree: the path or any ancestor, by ref_globstar(). */
static bool ref_subtree(const char *glob, const char *path)
{
	char p[16];
	size_t len = strlen(path);

	snprintf(p, sizeof(p), "%s", path);
	for (;;) {
		if (ref_globstar(glob, p))
			return true;
		if (len <= 1)
			return false;
		while (len > 1 && p[--len] != '/')
			;
		p[len ? len : 1] = '\0';
		if (!len)
			p[0] = '/';
	}
}

static void test_match_globstar_vs_ref(void **state)
{
	static const char *const segs[] = { "a", "b", "*", "?", "a*", "**", "[ab]", "[!a]*" };
	static const char palpha[] = "ab/";
	char glob[32], path[12];
	unsigned int seed = 777, i, k, n, checked = 0;
	size_t off;

	for (i = 0; i < 200000; i++) {
		glob[0] = '\0';
		n = 1 + rand_r(&seed) % 4;
		for (k = 0; k < n; k++) {
			strcat(glob, "/");
			strcat(glob, segs[rand_r(&seed) % 8]);
		}
		if (harden_glob_check(glob, &off) || !strstr(glob, "/**"))
			continue;
		path[0] = '/';
		n = 1 + rand_r(&seed) % 9;
		for (k = 1; k < n; k++)
			path[k] = palpha[rand_r(&seed) % 3];
		path[n] = '\0';
		if (strstr(path, "//") || (n > 1 && path[n - 1] == '/'))
			continue;	/* not a cgroup path */
		checked++;
		if (harden_glob_match(glob, path) != ref_globstar(glob, path))
			fail_msg("glob '%s' path '%s': harden %d, reference %d",
				 glob, path, harden_glob_match(glob, path),
				 ref_globstar(glob, path));
		if (harden_glob_match_subtree(glob, path) != ref_subtree(glob, path))
			fail_msg("subtree: glob '%s' path '%s': harden %d, reference %d",
				 glob, path, harden_glob_match_subtree(glob, path),
				 ref_subtree(glob, path));
	}
	assert_true(checked > 10000);
}

/*
 * Subtree matching of a globstar glob on a deep path must stay cheap: it
 * runs in a hook, once per new cgroup, and a --privileged container can
 * make its cgroups deep. 2,047 levels, 4 KiB.
 */
static void test_match_globstar_deep(void **state)
{
	static const char *const globs[] = {
		"/**/docker-*.scope",
		"/**/[0-9a-f][0-9a-f][0-9a-f][0-9a-f]????????????????????????????????????????????????????????????",
		"/a/**/*a*a*a*b",
		"/**",
	};
	size_t len = 4094, i, k;
	char *path = malloc(len + 1);
	double t0, dt;

	assert_non_null(path);
	for (i = 0; i < len; i += 2) {
		path[i] = '/';
		path[i + 1] = 'a';
	}
	path[len] = '\0';
	t0 = now();
	for (k = 0; k < 2000; k++) {
		for (i = 0; i < 3; i++)
			assert_false(harden_glob_match_subtree(globs[i], path));
		assert_true(harden_glob_match_subtree(globs[3], path));
	}
	dt = now() - t0;
	free(path);
	/*
	 * A hang detector, not a benchmark: quadratic matching took 8.3 s
	 * here, linear matching 0.1 s.
	 */
	if (dt > 5.0)
		fail_msg("deep subtree matching took %.2f s for 2000 rounds", dt);
}

/* A group's match covers the cgroup's descendants: a container owns its subtree. */
static void test_match_subtree(void **state)
{
	(void)state;
	assert_true(harden_glob_match_subtree("/docker/*", "/docker/abc"));
	assert_true(harden_glob_match_subtree("/docker/*", "/docker/abc/init.scope"));
	assert_true(harden_glob_match_subtree("/docker/*", "/docker/abc/system.slice/x.service"));
	assert_false(harden_glob_match_subtree("/docker/*", "/docker"));
	assert_false(harden_glob_match_subtree("/docker/*", "/dockerx/abc"));
	assert_false(harden_glob_match_subtree("/docker/*", "/system.slice/docker-a.scope"));
	assert_true(harden_glob_match_subtree("/system.slice/docker-*.scope",
					      "/system.slice/docker-ab.scope/init.scope"));
	assert_false(harden_glob_match_subtree("/system.slice/docker-*.scope",
					       "/system.slice/docker-ab.scopex"));
	/* A glob never matches a longer name by matching a prefix of a segment. */
	assert_false(harden_glob_match_subtree("/a/b", "/a/bc"));
	assert_true(harden_glob_match_subtree("/a/b", "/a/b/c"));
	/* "/" is every cgroup's ancestor. */
	assert_true(harden_glob_match_subtree("/", "/"));
	assert_true(harden_glob_match_subtree("/", "/a/b"));
	assert_false(harden_glob_match_subtree("/a", "/"));
	/* A star still stops at '/' in the ancestor being tried. */
	assert_false(harden_glob_match_subtree("/a*", "/b/a"));
	assert_true(harden_glob_match_subtree("/a*", "/ab/c"));
}

/* An example path matches its glob: hardctl's shadow warning relies on it. */
static void test_example(void **state)
{
	static const struct { const char *glob, *star, *want; } cases[] = {
		{ "/", "x", "/" },
		{ "/docker/*", "x", "/docker/x" },
		{ "/docker/*", "abc", "/docker/abc" },
		{ "/a?c", "x", "/axc" },
		{ "/[0-9a-f][!x][]]", "x", "/0!]" },
		{ "/[a-z]", "x", "/x" },
		{ "/**", "x", "/" },
		{ "/**/docker-*.scope", "y", "/docker-y.scope" },
		{ "/a/**/b", "x", "/a/b" },
		{ "/a/**", "x", "/a" },
	};
	char out[64];
	size_t i, off;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_null(harden_glob_check(cases[i].glob, &off) ?
			    cases[i].glob : NULL);
		assert_true(harden_glob_example(cases[i].glob, cases[i].star,
						out, sizeof(out)));
		assert_string_equal(out, cases[i].want);
		assert_true(harden_glob_match(cases[i].glob, out));
	}
	/* A class that admits no printable character has no example. */
	assert_false(harden_glob_example("/[!!-~]", "x", out, sizeof(out)));
	/* Too long for the buffer: no example, and no overflow. */
	assert_false(harden_glob_example("/*", "0123456789", out, 8));
	assert_false(harden_glob_example("/abcdefgh", "x", out, 8));
	assert_true(harden_glob_example("/abcdef", "x", out, 8));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_valid),
		cmocka_unit_test(test_check_invalid),
		cmocka_unit_test(test_match_exact),
		cmocka_unit_test(test_match_root),
		cmocka_unit_test(test_match_star),
		cmocka_unit_test(test_match_question),
		cmocka_unit_test(test_match_literals),
		cmocka_unit_test(test_match_class),
		cmocka_unit_test(test_match_pathological),
		cmocka_unit_test(test_match_vs_fnmatch),
		cmocka_unit_test(test_match_globstar),
		cmocka_unit_test(test_match_globstar_vs_ref),
		cmocka_unit_test(test_match_globstar_deep),
		cmocka_unit_test(test_match_subtree),
		cmocka_unit_test(test_example),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
