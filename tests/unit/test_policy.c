// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the policy language: ctl/caps.c, ctl/policy.c, ctl/check.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

/* By path: kmod/ comes first on the include path and has its own policy.h. */
#include "../../ctl/caps.h"
#include "../../ctl/policy.h"

int cmd_check(int argc, char **argv);

/*
 * ctl/main.c (left out of unit tests) defines this for the other ctl/
 * files; weak, so that a definition elsewhere in ctl/ still wins.
 */
__attribute__((weak)) const char *prog = "hardctl";
__attribute__((weak)) bool opt_json;

#define ALL_CAPS	((1ULL << (HARDCTL_CAP_LAST + 1)) - 1)
#define CAP(n)		(1ULL << (n))

/* ---- helpers ---------------------------------------------------------- */

static int parse(const char *text, size_t len, struct policy *pol,
		 struct policy_error *err)
{
	return policy_parse(text, len, "t.conf", pol, err);
}

static void expect_ok_n(const char *text, size_t len, struct policy *pol,
			int line)
{
	struct policy_error err;

	if (parse(text, len, pol, &err))
		fail_msg("test line %d: policy rejected: %u:%u: %s\n--- text:\n%.*s",
			 line, err.loc.line, err.loc.col, err.msg,
			 (int)(len > 2000 ? 2000 : len), text);
}

static void expect_err_n(const char *text, size_t len, unsigned int line,
			 unsigned int col, const char *sub, int tline)
{
	struct policy_error err;
	struct policy pol;

	memset(&pol, 0xa5, sizeof(pol));
	if (!parse(text, len, &pol, &err)) {
		policy_free(&pol);
		fail_msg("test line %d: policy accepted, want %u:%u '%s'\n--- text:\n%.*s",
			 tline, line, col, sub, (int)(len > 2000 ? 2000 : len),
			 text);
	}
	if (err.loc.line != line || err.loc.col != col || !strstr(err.msg, sub))
		fail_msg("test line %d: got %u:%u: %s\nwant %u:%u: ...%s...\n--- text:\n%.*s",
			 tline, err.loc.line, err.loc.col, err.msg, line, col,
			 sub, (int)(len > 2000 ? 2000 : len), text);
	/* On error the output is left empty. */
	assert_null(pol.groups);
	assert_int_equal(pol.n_groups, 0);
	assert_string_equal(err.file, "t.conf");
}

/* String literals, so sizeof() keeps embedded NUL bytes. */
#define OK(text, pol)	expect_ok_n(text, sizeof(text) - 1, pol, __LINE__)
#define ERR(text, line, col, sub) \
	expect_err_n(text, sizeof(text) - 1, line, col, sub, __LINE__)
#define ERR_S(text, line, col, sub) \
	expect_err_n(text, strlen(text), line, col, sub, __LINE__)

/* Wrap directives in a group: they start on line 3. */
#define G(body)		"group g {\n\tmatch /g\n" body "}\n"

static char *print_to_string(const struct policy *pol)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	policy_print(f, pol);
	fclose(f);
	return buf;
}

static void assert_same_policy(const struct policy *a, const struct policy *b)
{
	size_t i, j;

	assert_int_equal(a->n_groups, b->n_groups);
	for (i = 0; i < a->n_groups; i++) {
		const struct policy_group *ga = &a->groups[i], *gb = &b->groups[i];

		assert_string_equal(ga->name, gb->name);
		assert_int_equal(ga->n_matches, gb->n_matches);
		for (j = 0; j < ga->n_matches; j++)
			assert_string_equal(ga->matches[j].glob,
					    gb->matches[j].glob);
		assert_int_equal(ga->mode, gb->mode);
		assert_int_equal(ga->flags, gb->flags);
		assert_true(ga->caps == gb->caps);
		assert_int_equal(ga->n_mount_types, gb->n_mount_types);
		for (j = 0; j < ga->n_mount_types; j++)
			assert_string_equal(ga->mount_types[j].name,
					    gb->mount_types[j].name);
		assert_int_equal(ga->ptrace_scope, gb->ptrace_scope);
		assert_int_equal(ga->signal_scope, gb->signal_scope);
		assert_int_equal(ga->n_net_peers, gb->n_net_peers);
		for (j = 0; j < ga->n_net_peers; j++)
			assert_string_equal(ga->net_peers[j].name,
					    gb->net_peers[j].name);
		assert_int_equal(ga->n_devices, gb->n_devices);
		for (j = 0; j < ga->n_devices; j++)
			assert_true(ga->devices[j].rule == gb->devices[j].rule);
	}
}

/* parse(print(p)) == p, and printing is a fixed point. */
static void round_trip(const char *text, size_t len)
{
	struct policy p1, p2;
	struct policy_error err;
	char *s1, *s2;

	expect_ok_n(text, len, &p1, __LINE__);
	s1 = print_to_string(&p1);
	if (policy_parse(s1, strlen(s1), "printed", &p2, &err))
		fail_msg("printed policy rejected: %u:%u: %s\n%s", err.loc.line,
			 err.loc.col, err.msg, s1);
	assert_same_policy(&p1, &p2);
	s2 = print_to_string(&p2);
	assert_string_equal(s1, s2);
	free(s1);
	free(s2);
	policy_free(&p1);
	policy_free(&p2);
}

static char *write_temp(const char *data)
{
	size_t len = strlen(data);
	char *path = strdup("/tmp/harden-test-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static char *mkbuf(size_t len, char fill)
{
	char *b = malloc(len + 1);

	assert_non_null(b);
	memset(b, fill, len);
	b[len] = '\0';
	return b;
}

/* Append to a growing buffer; enough for the generated test policies. */
struct sbuf {
	char *s;
	size_t len, cap;
};

static void sb_printf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(sb->s + sb->len, sb->cap - sb->len, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if (sb->len + n < sb->cap)
			break;
		sb->cap = (sb->cap + n) * 2 + 64;
		sb->s = realloc(sb->s, sb->cap);
		assert_non_null(sb->s);
	}
	sb->len += n;
}

/* ---- caps.c ----------------------------------------------------------- */

static void test_cap_names(void **state)
{
	int cap, other;

	for (cap = 0; cap <= HARDCTL_CAP_LAST; cap++) {
		const char *n = cap_name(cap);
		char buf[64];

		assert_non_null(n);
		assert_int_equal(cap_from_name(n, strlen(n)), cap);
		snprintf(buf, sizeof(buf), "cap_%s", n);
		assert_int_equal(cap_from_name(buf, strlen(buf)), cap);
		for (other = 0; other < cap; other++)
			assert_string_not_equal(n, cap_name(other));
	}
	assert_string_equal(cap_name(0), "CHOWN");
	assert_string_equal(cap_name(21), "SYS_ADMIN");
	assert_string_equal(cap_name(38), "PERFMON");
	assert_string_equal(cap_name(39), "BPF");
	assert_string_equal(cap_name(40), "CHECKPOINT_RESTORE");
	assert_null(cap_name(-1));
	assert_null(cap_name(HARDCTL_CAP_LAST + 1));
	assert_null(cap_name(63));
}

static void test_cap_from_name(void **state)
{
	assert_int_equal(cap_from_name("sys_admin", 9), 21);
	assert_int_equal(cap_from_name("Sys_Admin", 9), 21);
	assert_int_equal(cap_from_name("CAP_SYS_ADMIN", 13), 21);
	assert_int_equal(cap_from_name("cap_sys_admin", 13), 21);
	assert_int_equal(cap_from_name("Cap_Net_Raw", 11), 13);
	/* @len bounds the name: no NUL needed. */
	assert_int_equal(cap_from_name("KILLxyz", 4), 5);
	assert_int_equal(cap_from_name("KILL", 3), -1);
	assert_int_equal(cap_from_name("", 0), -1);
	assert_int_equal(cap_from_name("CAP_", 4), -1);
	assert_int_equal(cap_from_name("CAP_CAP_KILL", 12), -1);
	assert_int_equal(cap_from_name("SYS_ADMINN", 10), -1);
	assert_int_equal(cap_from_name("all", 3), -1);
	assert_int_equal(cap_from_name("KI\0L", 4), -1);
}

/* ---- successful parses ------------------------------------------------ */

static const char design_example[] =
	"# A task's group is the first group, in file order, with a `match` that fits its cgroup v2 path.\n"
	"group default {\n"
	"    match /docker/*                       # glob: '*' stays within one path segment\n"
	"    match /system.slice/docker-*.scope\n"
	"    mode enforce                          # enforce | audit\n"
	"    caps CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE NET_RAW SYS_CHROOT MKNOD AUDIT_WRITE SETFCAP\n"
	"    mount deny                            # deny | allow | allow tmpfs proc ...  (filesystem types)\n"
	"    ptrace container                      # deny | container | allow\n"
	"    net isolate                           # isolate | allow\n"
	"    net peer web                          # isolated, but may talk to group \"web\"\n"
	"}\n";

/* The example without the lines that start with any of @drop. */
static char *example_without(const char *const *drop, size_t n_drop)
{
	char *out = calloc(1, sizeof(design_example));
	const char *line = design_example, *nl;
	size_t i;

	assert_non_null(out);
	for (; *line; line = nl + 1) {
		bool skip = false;

		nl = strchr(line, '\n');
		for (i = 0; i < n_drop; i++)
			if (!strncmp(line, "    ", 4) &&
			    !strncmp(line + 4, drop[i], strlen(drop[i])))
				skip = true;
		if (!skip)
			strncat(out, line, nl - line + 1);
	}
	return out;
}

static void test_design_example(void **state)
{
	static const char *const drop_all[] = { "mount", "ptrace", "net" };
	static const char *const drop_n[] = { "net" };
	static const char *const drop_ni[] = { "net isolate" };
	struct policy pol;
	char *t;
	const struct policy_group *g;
	struct sbuf sb = { 0 };

	/* As written: its peer "web" is not a group of the file. */
	ERR(design_example, 10, 14,
	    "unknown group 'web' in 'net peer' of group 'default'; a peer must be a group defined in this policy");

	/* With a group "web" defined after it: every area. */
	sb_printf(&sb, "%sgroup web {\n    match /docker/web-*\n}\n", design_example);
	expect_ok_n(sb.s, sb.len, &pol, __LINE__);
	g = &pol.groups[0];
	assert_int_equal(g->flags, HARDEN_GROUP_F_CAPS | HARDEN_GROUP_F_MOUNT |
			 HARDEN_GROUP_F_PTRACE | HARDEN_GROUP_F_NET);
	assert_int_equal(g->net_loc.line, 9);
	assert_int_equal(g->net_loc.col, 5);
	assert_int_equal(g->n_net_peers, 1);
	assert_string_equal(g->net_peers[0].name, "web");
	assert_int_equal(g->net_peers[0].loc.line, 10);
	assert_int_equal(g->net_peers[0].loc.col, 14);
	assert_int_equal(g->net_peer_loc.line, 10);
	assert_int_equal(g->net_peer_loc.col, 5);
	assert_int_equal(pol.groups[1].flags, 0);
	policy_free(&pol);
	round_trip(sb.s, sb.len);
	free(sb.s);

	/* Without 'net isolate', the peer line has nothing to be an exception to. */
	t = example_without(drop_ni, 1);
	ERR_S(t, 9, 5, "'net peer' in group 'default' without 'net isolate'");
	free(t);

	/* Without the net lines: caps, mount and ptrace. */
	t = example_without(drop_n, 1);
	expect_ok_n(t, strlen(t), &pol, __LINE__);
	g = &pol.groups[0];
	assert_int_equal(g->flags, HARDEN_GROUP_F_CAPS | HARDEN_GROUP_F_MOUNT |
			 HARDEN_GROUP_F_PTRACE);
	assert_int_equal(g->n_mount_types, 0);
	assert_int_equal(g->mount_loc.line, 7);
	assert_int_equal(g->mount_loc.col, 5);
	assert_int_equal(g->ptrace_scope, HARDEN_SCOPE_CONTAINER);
	assert_int_equal(g->ptrace_loc.line, 8);
	assert_int_equal(g->ptrace_loc.col, 5);
	assert_int_equal(g->signal_loc.line, 0);
	assert_int_equal(g->net_loc.line, 0);
	assert_int_equal(g->n_net_peers, 0);
	policy_free(&pol);
	round_trip(t, strlen(t));
	free(t);

	t = example_without(drop_all, 3);
	expect_ok_n(t, strlen(t), &pol, __LINE__);
	assert_int_equal(pol.n_groups, 1);
	g = &pol.groups[0];
	assert_string_equal(g->name, "default");
	assert_int_equal(g->loc.line, 2);
	assert_int_equal(g->loc.col, 7);
	assert_int_equal(g->n_matches, 2);
	assert_string_equal(g->matches[0].glob, "/docker/*");
	assert_int_equal(g->matches[0].loc.line, 3);
	assert_int_equal(g->matches[0].loc.col, 11);
	assert_string_equal(g->matches[1].glob, "/system.slice/docker-*.scope");
	assert_int_equal(g->matches[1].loc.line, 4);
	assert_int_equal(g->matches[1].loc.col, 11);
	assert_int_equal(g->mode, HARDEN_MODE_ENFORCE);
	assert_int_equal(g->mode_loc.line, 5);
	assert_int_equal(g->mode_loc.col, 5);
	assert_int_equal(g->flags, HARDEN_GROUP_F_CAPS);
	assert_true(g->caps == (CAP(0) | CAP(1) | CAP(3) | CAP(4) | CAP(5) |
				CAP(6) | CAP(7) | CAP(8) | CAP(10) | CAP(13) |
				CAP(18) | CAP(27) | CAP(29) | CAP(31)));
	assert_int_equal(g->caps_loc.line, 6);
	assert_int_equal(g->caps_loc.col, 5);
	policy_free(&pol);
	round_trip(t, strlen(t));
	free(t);
}

static void test_empty_policy(void **state)
{
	struct policy pol;
	struct policy_error err;

	OK("", &pol);
	assert_int_equal(pol.n_groups, 0);
	policy_free(&pol);
	OK("\n\n   \t\n# only a comment\n  # another\n", &pol);
	assert_int_equal(pol.n_groups, 0);
	policy_free(&pol);
	OK("# no newline at the end", &pol);
	assert_int_equal(pol.n_groups, 0);
	policy_free(&pol);
	assert_int_equal(policy_parse(NULL, 0, "x", &pol, &err), 0);
	assert_int_equal(pol.n_groups, 0);
	policy_free(&pol);
	policy_free(&pol);	/* twice is harmless */
}

static void test_minimal_group(void **state)
{
	struct policy pol;
	const struct policy_group *g;

	OK("group a {\nmatch /a\n}\n", &pol);
	assert_int_equal(pol.n_groups, 1);
	g = &pol.groups[0];
	assert_string_equal(pol.file, "t.conf");
	assert_string_equal(g->name, "a");
	assert_int_equal(g->mode, HARDEN_MODE_ENFORCE);
	assert_int_equal(g->mode_loc.line, 0);	/* defaulted */
	assert_int_equal(g->flags, 0);		/* polices nothing */
	assert_true(g->caps == 0);
	assert_int_equal(g->caps_loc.line, 0);
	assert_int_equal(g->n_mount_types, 0);
	assert_int_equal(g->mount_loc.line, 0);
	assert_int_equal(g->ptrace_scope, 0);
	assert_int_equal(g->ptrace_loc.line, 0);
	assert_int_equal(g->signal_scope, 0);
	assert_int_equal(g->signal_loc.line, 0);
	assert_int_equal(g->n_net_peers, 0);
	assert_int_equal(g->net_loc.line, 0);
	assert_int_equal(g->net_peer_loc.line, 0);
	policy_free(&pol);
}

static void test_layout(void **state)
{
	struct policy pol;

	/* '{' on a later line, after blank and comment lines. */
	OK("group a\n\n# the brace:\n{\n match /a\n}\n", &pol);
	assert_int_equal(pol.n_groups, 1);
	assert_int_equal(pol.groups[0].matches[0].loc.line, 5);
	policy_free(&pol);

	/* All on one line; braces need no spaces. */
	OK("group a { match /a }", &pol);
	assert_string_equal(pol.groups[0].matches[0].glob, "/a");
	policy_free(&pol);
	OK("group a{match /a\ncaps kill}\ngroup b{match /b}", &pol);
	assert_int_equal(pol.n_groups, 2);
	assert_true(pol.groups[0].caps == CAP(5));
	assert_string_equal(pol.groups[1].name, "b");
	policy_free(&pol);

	/* Tabs count one column; CRLF line ends; comments after '}'. */
	OK("group a {\r\n\tmatch /x\r\n\tmode audit\r\n} # end\r\n", &pol);
	assert_int_equal(pol.groups[0].matches[0].loc.line, 2);
	assert_int_equal(pol.groups[0].matches[0].loc.col, 8);
	assert_string_equal(pol.groups[0].matches[0].glob, "/x");
	assert_int_equal(pol.groups[0].mode, HARDEN_MODE_AUDIT);
	assert_int_equal(pol.groups[0].mode_loc.col, 2);
	policy_free(&pol);

	/* '#' starts a comment only at the start of a word, as in sh. */
	OK("group a {\n match /a#b\n match /c #d e f\n}\n", &pol);
	assert_string_equal(pol.groups[0].matches[0].glob, "/a#b");
	assert_string_equal(pol.groups[0].matches[1].glob, "/c");
	policy_free(&pol);

	/* UTF-8 in comments is fine. */
	OK("# Richtlinie für Container — ok\ngroup a { match /a } # ✓\n", &pol);
	policy_free(&pol);

	/* Group names: the whole allowed alphabet. */
	OK("group Az09_.- { match /a }", &pol);
	assert_string_equal(pol.groups[0].name, "Az09_.-");
	policy_free(&pol);
}

static void test_groups_in_order(void **state)
{
	struct policy pol;

	OK("group web {\n match /docker/web-*\n mode audit\n caps none\n}\n"
	   "group default {\n match /docker/*\n match /system.slice/docker-*.scope\n caps all\n}\n",
	   &pol);
	assert_int_equal(pol.n_groups, 2);
	assert_string_equal(pol.groups[0].name, "web");
	assert_int_equal(pol.groups[0].mode, HARDEN_MODE_AUDIT);
	assert_int_equal(pol.groups[0].flags, HARDEN_GROUP_F_CAPS);
	assert_true(pol.groups[0].caps == 0);
	assert_string_equal(pol.groups[1].name, "default");
	assert_int_equal(pol.groups[1].loc.line, 6);
	assert_int_equal(pol.groups[1].n_matches, 2);
	assert_true(pol.groups[1].caps == ALL_CAPS);
	policy_free(&pol);
}

static void test_caps_forms(void **state)
{
	struct policy pol;

	OK(G("\tcaps all\n"), &pol);
	assert_true(pol.groups[0].caps == ALL_CAPS);
	assert_int_equal(pol.groups[0].flags, HARDEN_GROUP_F_CAPS);
	assert_int_equal(pol.groups[0].caps_loc.line, 3);
	assert_int_equal(pol.groups[0].caps_loc.col, 2);
	policy_free(&pol);
	OK(G("\tcaps ALL\n"), &pol);
	assert_true(pol.groups[0].caps == ALL_CAPS);
	policy_free(&pol);
	OK(G("\tcaps none\n"), &pol);
	assert_true(pol.groups[0].caps == 0);
	assert_int_equal(pol.groups[0].flags, HARDEN_GROUP_F_CAPS);
	policy_free(&pol);
	OK(G("\tcaps None\n"), &pol);
	assert_int_equal(pol.groups[0].flags, HARDEN_GROUP_F_CAPS);
	policy_free(&pol);

	/* Any case, with or without CAP_. */
	OK(G("\tcaps chown Kill CAP_SYS_ADMIN cap_net_raw Cap_Bpf checkpoint_restore\n"),
	   &pol);
	assert_true(pol.groups[0].caps == (CAP(0) | CAP(5) | CAP(21) | CAP(13) |
					   CAP(39) | CAP(40)));
	policy_free(&pol);

	/* Every name one by one. */
	for (int cap = 0; cap <= HARDCTL_CAP_LAST; cap++) {
		char text[256];

		snprintf(text, sizeof(text), G("\tcaps %s\n"), cap_name(cap));
		expect_ok_n(text, strlen(text), &pol, __LINE__);
		assert_true(pol.groups[0].caps == CAP(cap));
		policy_free(&pol);
	}
}

static void test_mount_forms(void **state)
{
	struct policy pol;
	const struct policy_group *g;

	/* deny: the area is policed, no type allowed. */
	OK(G("\tmount deny\n"), &pol);
	g = &pol.groups[0];
	assert_int_equal(g->flags, HARDEN_GROUP_F_MOUNT);
	assert_int_equal(g->n_mount_types, 0);
	assert_int_equal(g->mount_loc.line, 3);
	assert_int_equal(g->mount_loc.col, 2);
	policy_free(&pol);

	/* allow alone: not policed, the same as no mount line. */
	OK(G("\tmount allow\n"), &pol);
	g = &pol.groups[0];
	assert_int_equal(g->flags, 0);
	assert_int_equal(g->n_mount_types, 0);
	assert_int_equal(g->mount_loc.line, 3);
	policy_free(&pol);
	OK(G("\tcaps none\n\tmount allow # all of them\n"), &pol);
	assert_int_equal(pol.groups[0].flags, HARDEN_GROUP_F_CAPS);
	policy_free(&pol);

	/* allow TYPE...: policed, these types allowed, in the order given. */
	OK(G("\tmount allow tmpfs proc fuse 9p my_fs-2 TMPFS\n"), &pol);
	g = &pol.groups[0];
	assert_int_equal(g->flags, HARDEN_GROUP_F_MOUNT);
	assert_int_equal(g->n_mount_types, 6);
	assert_string_equal(g->mount_types[0].name, "tmpfs");
	assert_int_equal(g->mount_types[0].loc.line, 3);
	assert_int_equal(g->mount_types[0].loc.col, 14);
	assert_string_equal(g->mount_types[1].name, "proc");
	assert_int_equal(g->mount_types[1].loc.col, 20);
	assert_string_equal(g->mount_types[2].name, "fuse");
	assert_string_equal(g->mount_types[3].name, "9p");
	/* Names this hardctl does not know: the host may have them. */
	assert_string_equal(g->mount_types[4].name, "my_fs-2");
	/* Type names are case-sensitive, as in the kernel. */
	assert_string_equal(g->mount_types[5].name, "TMPFS");
	policy_free(&pol);

	/* With the other directives, on one line, before and after caps. */
	OK("group a { match /a\nmount allow tmpfs }\n"
	   "group b { match /b\nmount deny\ncaps kill\nmode audit }\n", &pol);
	assert_int_equal(pol.groups[0].flags, HARDEN_GROUP_F_MOUNT);
	assert_string_equal(pol.groups[0].mount_types[0].name, "tmpfs");
	assert_int_equal(pol.groups[1].flags, HARDEN_GROUP_F_MOUNT | HARDEN_GROUP_F_CAPS);
	assert_int_equal(pol.groups[1].n_mount_types, 0);
	policy_free(&pol);
}

static void test_scope_forms(void **state)
{
	struct policy pol;
	const struct policy_group *g;

	/* deny and container: the area is policed, with that scope. */
	OK(G("\tptrace deny\n"), &pol);
	g = &pol.groups[0];
	assert_int_equal(g->flags, HARDEN_GROUP_F_PTRACE);
	assert_int_equal(g->ptrace_scope, HARDEN_SCOPE_DENY);
	assert_int_equal(g->ptrace_loc.line, 3);
	assert_int_equal(g->ptrace_loc.col, 2);
	assert_int_equal(g->signal_loc.line, 0);
	policy_free(&pol);
	OK(G("\tptrace container\n"), &pol);
	g = &pol.groups[0];
	assert_int_equal(g->flags, HARDEN_GROUP_F_PTRACE);
	assert_int_equal(g->ptrace_scope, HARDEN_SCOPE_CONTAINER);
	policy_free(&pol);
	OK(G("  signal deny\n"), &pol);
	g = &pol.groups[0];
	assert_int_equal(g->flags, HARDEN_GROUP_F_SIGNAL);
	assert_int_equal(g->signal_scope, HARDEN_SCOPE_DENY);
	assert_int_equal(g->signal_loc.line, 3);
	assert_int_equal(g->signal_loc.col, 3);
	assert_int_equal(g->ptrace_loc.line, 0);
	policy_free(&pol);
	OK(G("\tsignal container # same container only\n"), &pol);
	g = &pol.groups[0];
	assert_int_equal(g->flags, HARDEN_GROUP_F_SIGNAL);
	assert_int_equal(g->signal_scope, HARDEN_SCOPE_CONTAINER);
	policy_free(&pol);

	/* allow: not policed, the same as no line, but a line all the same. */
	OK(G("\tptrace allow\n\tsignal allow\n"), &pol);
	g = &pol.groups[0];
	assert_int_equal(g->flags, 0);
	assert_int_equal(g->ptrace_scope, 0);
	assert_int_equal(g->signal_scope, 0);
	assert_int_equal(g->ptrace_loc.line, 3);
	assert_int_equal(g->signal_loc.line, 4);
	policy_free(&pol);

	/* Each area on its own: the two scopes never mix. */
	OK(G("\tsignal deny\n\tptrace container\n"), &pol);
	g = &pol.groups[0];
	assert_int_equal(g->flags, HARDEN_GROUP_F_PTRACE | HARDEN_GROUP_F_SIGNAL);
	assert_int_equal(g->ptrace_scope, HARDEN_SCOPE_CONTAINER);
	assert_int_equal(g->signal_scope, HARDEN_SCOPE_DENY);
	assert_int_equal(g->signal_loc.line, 3);
	assert_int_equal(g->ptrace_loc.line, 4);
	policy_free(&pol);
	OK(G("\tptrace deny\n\tsignal allow\n"), &pol);
	assert_int_equal(pol.groups[0].flags, HARDEN_GROUP_F_PTRACE);
	policy_free(&pol);

	/* With every other directive, on one line, in any order. */
	OK("group a { match /a\nsignal container }\n"
	   "group b { ptrace deny\nmatch /b\nmount deny\ncaps kill\nmode audit\nsignal deny }\n",
	   &pol);
	assert_int_equal(pol.groups[0].flags, HARDEN_GROUP_F_SIGNAL);
	assert_int_equal(pol.groups[1].flags, HARDEN_GROUP_F_PTRACE | HARDEN_GROUP_F_SIGNAL |
			 HARDEN_GROUP_F_MOUNT | HARDEN_GROUP_F_CAPS);
	assert_int_equal(pol.groups[1].mode, HARDEN_MODE_AUDIT);
	assert_int_equal(pol.groups[1].ptrace_loc.line, 3);
	assert_int_equal(pol.groups[1].ptrace_loc.col, 11);
	policy_free(&pol);
}

static void test_net_forms(void **state)
{
	struct sbuf sb = { 0 };
	struct policy pol;
	const struct policy_group *g;
	int i;

	/* isolate: the flag, no peers. */
	OK(G("\tnet isolate\n"), &pol);
	g = &pol.groups[0];
	assert_int_equal(g->flags, HARDEN_GROUP_F_NET);
	assert_int_equal(g->n_net_peers, 0);
	assert_int_equal(g->net_loc.line, 3);
	assert_int_equal(g->net_loc.col, 2);
	assert_int_equal(g->net_peer_loc.line, 0);
	policy_free(&pol);

	/* allow: not policed, as without a line, but a line all the same. */
	OK(G("\tnet allow # the default\n"), &pol);
	g = &pol.groups[0];
	assert_int_equal(g->flags, 0);
	assert_int_equal(g->net_loc.line, 3);
	policy_free(&pol);

	/* Peers: itself, and groups before and after it, over several lines. */
	OK("group db { match /docker/db-* }\n"
	   "group web {\n match /docker/web-*\n net peer web\n net isolate\n"
	   " net peer db  cache # and the cache\n}\n"
	   "group cache { match /docker/cache-*\n net isolate\n net peer web }\n", &pol);
	assert_int_equal(pol.n_groups, 3);
	assert_int_equal(pol.groups[0].flags, 0);
	g = &pol.groups[1];
	assert_int_equal(g->flags, HARDEN_GROUP_F_NET);
	assert_int_equal(g->net_loc.line, 5);
	assert_int_equal(g->net_peer_loc.line, 4);
	assert_int_equal(g->net_peer_loc.col, 2);
	assert_int_equal(g->n_net_peers, 3);
	assert_string_equal(g->net_peers[0].name, "web");
	assert_int_equal(g->net_peers[0].loc.line, 4);
	assert_int_equal(g->net_peers[0].loc.col, 11);
	assert_string_equal(g->net_peers[1].name, "db");
	assert_int_equal(g->net_peers[1].loc.line, 6);
	assert_int_equal(g->net_peers[1].loc.col, 11);
	assert_string_equal(g->net_peers[2].name, "cache");
	assert_int_equal(g->net_peers[2].loc.col, 15);
	g = &pol.groups[2];
	assert_int_equal(g->flags, HARDEN_GROUP_F_NET);
	assert_int_equal(g->n_net_peers, 1);
	assert_string_equal(g->net_peers[0].name, "web");
	policy_free(&pol);

	/* With every other directive, in any order, on one line. */
	OK("group a { net peer a\nsignal deny\nmatch /a\nnet isolate\nmount deny\ncaps kill\n"
	   "ptrace container\nmode audit }\n", &pol);
	assert_int_equal(pol.groups[0].flags, HARDEN_GROUP_F_NET | HARDEN_GROUP_F_SIGNAL |
			 HARDEN_GROUP_F_PTRACE | HARDEN_GROUP_F_MOUNT | HARDEN_GROUP_F_CAPS);
	assert_int_equal(pol.groups[0].mode, HARDEN_MODE_AUDIT);
	policy_free(&pol);

	/* HARDEN_MAX_NET_PEERS peers: every group of a full policy. */
	for (i = 0; i < HARDEN_MAX_NET_PEERS; i++) {
		int j;

		sb_printf(&sb, "group p%d {\n\tmatch /p%d\n\tnet isolate\n\tnet peer", i, i);
		for (j = HARDEN_MAX_NET_PEERS - 1; j >= 0; j--)
			sb_printf(&sb, " p%d", j);
		sb_printf(&sb, "\n}\n");
	}
	expect_ok_n(sb.s, sb.len, &pol, __LINE__);
	assert_int_equal(pol.n_groups, HARDEN_MAX_NET_PEERS);
	assert_int_equal(pol.groups[5].n_net_peers, HARDEN_MAX_NET_PEERS);
	assert_string_equal(pol.groups[5].net_peers[0].name, "p63");
	policy_free(&pol);
	round_trip(sb.s, sb.len);
	free(sb.s);
}

static void test_limits_ok(void **state)
{
	struct sbuf sb = { 0 };
	struct policy pol;
	char *s;
	int i;

	/* 64 groups of 32 matches each. */
	for (i = 0; i < HARDEN_MAX_GROUPS; i++) {
		sb_printf(&sb, "group g%d {\n", i);
		for (int j = 0; j < HARDEN_MAX_MATCHES; j++)
			sb_printf(&sb, "\tmatch /g%d/m%d\n", i, j);
		sb_printf(&sb, "\tcaps kill\n}\n");
	}
	expect_ok_n(sb.s, sb.len, &pol, __LINE__);
	assert_int_equal(pol.n_groups, HARDEN_MAX_GROUPS);
	assert_int_equal(pol.groups[63].n_matches, HARDEN_MAX_MATCHES);
	assert_string_equal(pol.groups[63].matches[31].glob, "/g63/m31");
	policy_free(&pol);
	round_trip(sb.s, sb.len);
	free(sb.s);

	/* 63-byte name, 255-byte glob. */
	s = mkbuf(HARDEN_GROUP_NAME_MAX - 1, 'n');
	sb = (struct sbuf){ 0 };
	sb_printf(&sb, "group %s {\n\tmatch /", s);
	free(s);
	s = mkbuf(HARDEN_GLOB_MAX - 2, 'm');
	sb_printf(&sb, "%s\n}\n", s);
	free(s);
	expect_ok_n(sb.s, sb.len, &pol, __LINE__);
	assert_int_equal(strlen(pol.groups[0].name), HARDEN_GROUP_NAME_MAX - 1);
	assert_int_equal(strlen(pol.groups[0].matches[0].glob),
			 HARDEN_GLOB_MAX - 1);
	policy_free(&pol);
	free(sb.s);

	/* 16 filesystem types, the last one 31 bytes long. */
	sb = (struct sbuf){ 0 };
	sb_printf(&sb, "group a {\n\tmatch /a\n\tmount allow");
	for (i = 0; i < HARDEN_MAX_MOUNT_TYPES - 1; i++)
		sb_printf(&sb, " fs%d", i);
	s = mkbuf(HARDEN_FSTYPE_MAX - 1, 't');
	sb_printf(&sb, " %s\n}\n", s);
	free(s);
	expect_ok_n(sb.s, sb.len, &pol, __LINE__);
	assert_int_equal(pol.groups[0].n_mount_types, HARDEN_MAX_MOUNT_TYPES);
	assert_string_equal(pol.groups[0].mount_types[0].name, "fs0");
	assert_int_equal(strlen(pol.groups[0].mount_types[15].name),
			 HARDEN_FSTYPE_MAX - 1);
	policy_free(&pol);
	round_trip(sb.s, sb.len);
	free(sb.s);
}

/* Exactly POLICY_FILE_MAX bytes of comments: fine, by memory and by file. */
static void test_big_comment_file(void **state)
{
	struct policy_error err;
	struct policy pol;
	char *text = mkbuf(POLICY_FILE_MAX, '#'), *path;
	size_t i;

	for (i = 79; i < POLICY_FILE_MAX; i += 80)
		text[i] = '\n';
	memcpy(text + POLICY_FILE_MAX - 24, "\ngroup a { match /a }\n#", 23);
	expect_ok_n(text, POLICY_FILE_MAX, &pol, __LINE__);
	assert_int_equal(pol.n_groups, 1);
	policy_free(&pol);

	path = write_temp(text);
	assert_int_equal(policy_parse_file(path, &pol, &err), 0);
	assert_int_equal(pol.n_groups, 1);
	assert_string_equal(pol.file, path);
	policy_free(&pol);
	unlink(path);
	free(path);
	free(text);
}

/* ---- errors ------------------------------------------------------------ */

static void test_err_top_level(void **state)
{
	ERR("foo\n", 1, 1, "expected 'group', found 'foo'");
	ERR("\n\n  grop a {\n", 3, 3, "expected 'group', found 'grop'");
	ERR("}\n", 1, 1, "unexpected '}' outside a group");
	ERR("{\n", 1, 1, "expected 'group', found '{'");
	ERR("match /a\n", 1, 1, "'match' outside a group");
	ERR("  caps all\n", 1, 3, "'caps' outside a group");
	ERR("group a { match /a }\n}\n", 2, 1, "unexpected '}' outside a group");
	ERR("Group a {\n", 1, 1, "expected 'group', found 'Group'");
	/* A long token is shortened between characters, never inside one. */
	ERR("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xc3\xa9zzzzzz\n", 1, 1,
	    "expected 'group', found 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'");
	ERR("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xf4\x8f\xbf\xbfzzzz\n", 1, 1,
	    "expected 'group', found 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'");
	ERR("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xc3\xa9zzzz\n", 1, 1,
	    "expected 'group', found 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'");
}

static void test_err_group_header(void **state)
{
	char *s, *t;

	ERR("group\n", 1, 6, "expected a group name after 'group', found end of line");
	ERR("group", 1, 6, "expected a group name after 'group', found end of file");
	ERR("group {\n", 1, 7, "expected a group name after 'group', found '{'");
	ERR("group a/b {\n", 1, 8, "invalid character '/' in group name 'a/b'");
	ERR("group web:1 {\n", 1, 10, "invalid character ':'");
	ERR("group caf\xc3\xa9 {\n", 1, 10, "invalid byte 0xc3 in group name");
	ERR("group a b {\n", 1, 9, "expected '{' after 'group a', found 'b'");
	ERR("group a\nmatch /a\n}\n", 2, 1, "expected '{' after 'group a', found 'match'");
	ERR("group a", 1, 8, "expected '{' after 'group a', found end of file");
	ERR("group a\n", 2, 1, "expected '{' after 'group a', found end of file");
	ERR("group a }", 1, 9, "expected '{' after 'group a', found '}'");

	/* 64-byte name. */
	s = mkbuf(HARDEN_GROUP_NAME_MAX, 'x');
	assert_true(asprintf(&t, "group %s {\n\tmatch /a\n}\n", s) > 0);
	ERR_S(t, 1, 7, "is too long: 64 bytes, the limit is 63");
	free(t);
	free(s);
}

static void test_err_group_body(void **state)
{
	ERR("group a {\n\tmatch /a\n", 3, 1,
	    "unexpected end of file: group 'a' (line 1) has no closing '}'");
	ERR("group a {\n\tmatch /a", 2, 10, "group 'a' (line 1) has no closing '}'");
	ERR("group a {", 1, 10, "has no closing '}'");
	ERR("group a {\n\tmatch /a\n\n# next\ngroup b {\n\tmatch /b\n}\n", 5, 1,
	    "'group' inside group 'a' (opened on line 1); is its closing '}' missing?");
	ERR(G("\t{\n"), 3, 2, "unexpected '{' in group 'g'");
	ERR("group a {\n}\n", 1, 7,
	    "group 'a' has no 'match' line, so it applies to no cgroup");
	ERR("group a {\n\tmode audit\n\tcaps none\n}\n", 1, 7, "has no 'match' line");
	ERR("group a { }", 1, 7, "has no 'match' line");
	ERR("group a {\n\tmatch /a\n} group b {\n", 3, 3,
	    "unexpected 'group' after the '}' of group 'a'; start it on a new line");
	ERR("group a { match /a } }", 1, 22, "unexpected '}' after the '}' of group 'a'");
	ERR("group a {\n\tmatch /a\n}\ngroup a {\n\tmatch /b\n}\n", 4, 7,
	    "duplicate group name 'a' (first defined on line 1)");
	/* Names are case-sensitive, so these differ. */
	{
		struct policy pol;

		OK("group a { match /a }\ngroup A { match /b }\n", &pol);
		policy_free(&pol);
	}
}

static void test_err_directive(void **state)
{
	ERR(G("\tfoo bar\n"), 3, 2,
	    "unknown directive 'foo' in group 'g'; expected 'match', 'mode', 'caps', 'mount', 'ptrace', 'signal', 'net', 'sysctl', 'procfs', 'sysfs', 'cgroupfs', 'devices', 'autoload' or 'keyring'");
	ERR(G("\tsysctrl readonly\n"), 3, 2, "unknown directive 'sysctrl' in group 'g'; did you mean 'sysctl'?");
	ERR(G("\tproc readonly\n"), 3, 2, "unknown directive 'proc' in group 'g'; did you mean 'procfs'?");
	ERR(G("\tSysfs readonly\n"), 3, 2, "unknown directive 'Sysfs' in group 'g'; did you mean 'sysfs'?");
	ERR(G("\tcgroups container\n"), 3, 2, "unknown directive 'cgroups' in group 'g'; did you mean 'cgroupfs'?");
	ERR(G("\tdevice deny\n"), 3, 2, "unknown directive 'device' in group 'g'; did you mean 'devices'?");
	ERR(G("\tautoloads deny\n"), 3, 2, "unknown directive 'autoloads' in group 'g'; did you mean 'autoload'?");
	ERR(G("\tnets isolate\n"), 3, 2, "unknown directive 'nets' in group 'g'; did you mean 'net'?");
	ERR(G("\tNet isolate\n"), 3, 2, "unknown directive 'Net' in group 'g'; did you mean 'net'?");
	ERR(G("\tsignals deny\n"), 3, 2, "unknown directive 'signals' in group 'g'; did you mean 'signal'?");
	ERR(G("\tPtrace deny\n"), 3, 2, "unknown directive 'Ptrace' in group 'g'; did you mean 'ptrace'?");
	ERR(G("\ttrace deny\n"), 3, 2, "unknown directive 'trace' in group 'g'; did you mean 'ptrace'?");
	ERR(G("\tmounts deny\n"), 3, 2, "unknown directive 'mounts' in group 'g'; did you mean 'mount'?");
	ERR(G("\tmach /a\n"), 3, 2, "unknown directive 'mach' in group 'g'; did you mean 'match'?");
	ERR(G("\tMode audit\n"), 3, 2, "unknown directive 'Mode' in group 'g'; did you mean 'mode'?");
	ERR(G("\tcapabilities all\n"), 3, 2, "unknown directive 'capabilities'");
	ERR(G("\tcap kill\n"), 3, 2, "did you mean 'caps'?");
	ERR(G("  \xc2\xa0match /a\n"), 3, 3, "non-ASCII character");
}

static void test_err_match(void **state)
{
	struct sbuf sb = { 0 };
	char *s, *t;
	int i;

	ERR(G("\tmatch\n"), 3, 7,
	    "expected a cgroup path glob after 'match' (e.g. 'match /docker/*'), found end of line");
	ERR("group a {\n\tmatch }\n", 2, 8, "expected a cgroup path glob after 'match'");
	ERR("group a {\n\tmatch", 2, 7, "found end of file");
	ERR(G("\tmatch docker/*\n"), 3, 8,
	    "invalid glob 'docker/*': glob must be an absolute cgroup path");
	ERR(G("\tmatch /docker//x\n"), 3, 16, "invalid glob '/docker//x': empty path segment");
	ERR(G("\tmatch /docker/\n"), 3, 15, "invalid glob '/docker/': trailing '/'");
	ERR(G("\tmatch /a/./b\n"), 3, 11, "'.' and '..' segments are not allowed");
	ERR(G("\tmatch /a/..\n"), 3, 11, "'.' and '..' segments are not allowed");
	ERR(G("\tmatch /caf\xc3\xa9\n"), 3, 12, "non-printable");
	ERR(G("\tmatch /a /b\n"), 3, 11,
	    "unexpected '/b' after the glob; 'match' takes one glob: write one 'match' line per glob");
	ERR(G("\tmatch /a {\n"), 3, 11, "unexpected '{' after the glob");
	ERR(G("\tmatch /g\n"), 3, 8, "duplicate 'match /g' in group 'g' (first on line 2)");
	ERR("group a {\n\tmatch /x\n}\ngroup b {\n\tmatch /y\n\tmatch /x\n}\n", 6, 8,
	    "'match /x' is already in group 'a' (line 2); a cgroup gets the first group that matches");

	/* 256-byte glob: the column of its 256th byte. */
	s = mkbuf(HARDEN_GLOB_MAX - 1, 'a');
	assert_true(asprintf(&t, "group a {\n\tmatch /%s\n}\n", s) > 0);
	ERR_S(t, 2, 8 + HARDEN_GLOB_MAX - 1, "is too long: 256 bytes, the limit is 255");
	free(t);
	free(s);
	/* Long tokens are shortened in messages. */
	s = mkbuf(2000, 'a');
	assert_true(asprintf(&t, "group a {\n\tmatch /%s\n}\n", s) > 0);
	ERR_S(t, 2, 8 + HARDEN_GLOB_MAX - 1, "...' is too long: 2001 bytes");
	free(t);
	free(s);

	/* 33 matches: the 33rd 'match' is the error. */
	sb_printf(&sb, "group a {\n");
	for (i = 0; i < HARDEN_MAX_MATCHES + 1; i++)
		sb_printf(&sb, "\tmatch /m%d\n", i);
	sb_printf(&sb, "}\n");
	ERR_S(sb.s, HARDEN_MAX_MATCHES + 2, 2,
	      "too many 'match' lines in group 'a': the limit is 32");
	free(sb.s);
}

static void test_err_mode(void **state)
{
	ERR(G("\tmode\n"), 3, 6, "expected 'enforce' or 'audit' after 'mode', found end of line");
	ERR(G("\tmode }\n"), 3, 7, "found '}'");
	ERR(G("\tmode strict\n"), 3, 7, "unknown mode 'strict'; expected 'enforce' or 'audit'");
	ERR(G("\tmode Audit\n"), 3, 7, "unknown mode 'Audit'; did you mean 'audit'?");
	ERR(G("\tmode enfroce\n"), 3, 7, "did you mean 'enforce'?");
	ERR(G("\tmode audit now\n"), 3, 13,
	    "unexpected 'now' after the mode; 'mode' takes one value");
	ERR(G("\tmode audit\n\tcaps all\n\tmode enforce\n"), 5, 2,
	    "duplicate 'mode' in group 'g' (first on line 3)");
	ERR(G("\tmode audit\n\tmode audit\n"), 4, 2, "duplicate 'mode'");
}

static void test_err_caps(void **state)
{
	ERR(G("\tcaps\n"), 3, 6,
	    "expected capability names, 'all' or 'none' after 'caps', found end of line");
	ERR("group a {\n\tmatch /a\n\tcaps}", 3, 6, "found '}'");
	ERR(G("\tcaps SYS_ADMINN\n"), 3, 7,
	    "unknown capability 'SYS_ADMINN'; did you mean 'SYS_ADMIN'?");
	ERR(G("\tcaps CAP_SYS_ADMINN\n"), 3, 7,
	    "unknown capability 'CAP_SYS_ADMINN'; did you mean 'SYS_ADMIN'?");
	ERR(G("\tcaps kill FOOBARBAZ\n"), 3, 12,
	    "unknown capability 'FOOBARBAZ'; see capabilities(7)");
	ERR(G("\tcaps CAP_\n"), 3, 7, "unknown capability 'CAP_'");
	ERR(G("\tcaps kill,chown\n"), 3, 7,
	    "unknown capability 'kill,chown'; separate capability names with spaces, not commas");
	ERR(G("\tcaps chown\xc2\xa0kill\n"), 3, 7, "non-ASCII character");
	ERR(G("\tcaps all KILL\n"), 3, 11,
	    "'all' cannot be combined with capability names (found 'KILL')");
	ERR(G("\tcaps none chown\n"), 3, 12,
	    "'none' cannot be combined with capability names (found 'chown')");
	ERR(G("\tcaps KILL all\n"), 3, 12, "'all' must be alone");
	ERR(G("\tcaps KILL None\n"), 3, 12, "'None' must be alone");
	ERR(G("\tcaps all none\n"), 3, 11, "'none' must be alone");
	ERR(G("\tcaps all all\n"), 3, 11, "'all' must be alone");
	ERR(G("\tcaps kill chown KILL\n"), 3, 18,
	    "capability 'KILL' is listed twice in 'caps' (first at column 7)");
	ERR(G("\tcaps kill cap_kill\n"), 3, 12, "listed twice");
	ERR(G("\tcaps kill\n\tcaps chown\n"), 4, 2,
	    "duplicate 'caps' in group 'g' (first on line 3); list all capabilities on one 'caps' line");
	ERR(G("\tcaps none\n\tcaps none\n"), 4, 2, "duplicate 'caps'");
	ERR(G("\tcaps kill {\n"), 3, 12, "unexpected '{' after the capabilities");
}

static void test_err_mount(void **state)
{
	struct sbuf sb = { 0 };
	char *s;
	int i;

	ERR(G("\tmount\n"), 3, 7, "expected 'deny' or 'allow' after 'mount', found end of line");
	ERR("group a {\n\tmatch /a\n\tmount}", 3, 7,
	    "expected 'deny' or 'allow' after 'mount', found '}'");
	ERR(G("\tmount maybe\n"), 3, 8,
	    "unknown mount setting 'maybe'; expected 'deny', 'allow' or 'allow FSTYPE...'");
	ERR(G("\tmount Deny\n"), 3, 8,
	    "unknown mount setting 'Deny'; did you mean 'deny'? (expected 'deny', 'allow' or 'allow FSTYPE...')");
	ERR(G("\tmount alow tmpfs\n"), 3, 8, "unknown mount setting 'alow'; did you mean 'allow'?");
	ERR(G("\tmount tmpfs\n"), 3, 8, "unknown mount setting 'tmpfs'");
	ERR(G("\tmount deny tmpfs\n"), 3, 13,
	    "unexpected 'tmpfs' after 'mount deny'; 'mount deny' takes no filesystem types; to allow some, write 'mount allow TYPE...'");
	ERR(G("\tmount deny {\n"), 3, 13, "unexpected '{' after 'mount deny'");
	ERR(G("\tmount allow tmpfs {\n"), 3, 20, "unexpected '{' after the filesystem types");

	/* Type names: the column of the offending byte. */
	ERR(G("\tmount allow tmp/fs\n"), 3, 17,
	    "invalid character '/' in filesystem type 'tmp/fs'; use only letters, digits, '_' and '-'");
	ERR(G("\tmount allow tmpfs proc fuse.sshfs 9p\n"), 3, 29,
	    "filesystem type 'fuse.sshfs' has a subtype; write its base type 'fuse', which covers every 'fuse.*' subtype");
	ERR(G("\tmount allow .hidden\n"), 3, 14, "invalid character '.' in filesystem type '.hidden'");
	ERR(G("\tmount allow tmpfs,proc\n"), 3, 19, "invalid character ','");
	ERR(G("\tmount allow ext4\xc2\xa0xfs\n"), 3, 18,
	    "invalid byte 0xc2 in filesystem type 'ext4\xc2\xa0xfs'");
	ERR(G("\tmount allow \"tmpfs\"\n"), 3, 14, "invalid character '\"'");
	ERR(G("\tmount allow tmpfs tmpfs\n"), 3, 20,
	    "filesystem type 'tmpfs' is listed twice in 'mount allow' (first at column 14)");
	ERR(G("\tmount allow proc tmpfs ext4 tmpfs\n"), 3, 30, "'tmpfs' is listed twice");
	ERR(G("\tmount allow all\n"), 3, 14,
	    "'all' is not a filesystem type; 'mount allow' alone allows every mount");
	ERR(G("\tmount allow tmpfs None\n"), 3, 20,
	    "'None' is not a filesystem type; 'mount deny' allows no mount");

	/* Duplicate lines, whatever their forms. */
	ERR(G("\tmount deny\n\tmount allow tmpfs\n"), 4, 2,
	    "duplicate 'mount' in group 'g' (first on line 3); list all filesystem types on one 'mount allow' line");
	ERR(G("\tmount allow\n\tmount deny\n"), 4, 2, "duplicate 'mount' in group 'g' (first on line 3)");
	ERR(G("\tmount allow tmpfs\n\tcaps none\n\tmount allow proc\n"), 5, 2,
	    "duplicate 'mount'");
	/* Outside a group. */
	ERR("mount deny\n", 1, 1, "'mount' outside a group");

	/* 32 bytes is one too many. */
	s = mkbuf(HARDEN_FSTYPE_MAX, 'x');
	sb_printf(&sb, "group a {\n\tmatch /a\n\tmount allow tmpfs %s\n}\n", s);
	ERR_S(sb.s, 3, 20, "filesystem type 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' is too long: 32 bytes, the limit is 31");
	free(s);
	free(sb.s);

	/* The 17th type, at its own column. */
	sb = (struct sbuf){ 0 };
	sb_printf(&sb, "group a {\n\tmatch /a\n\tmount allow");
	for (i = 0; i < HARDEN_MAX_MOUNT_TYPES + 1; i++)
		sb_printf(&sb, " t%02d", i);
	sb_printf(&sb, "\n}\n");
	ERR_S(sb.s, 3, 14 + 4 * HARDEN_MAX_MOUNT_TYPES,
	      "too many filesystem types in 'mount allow': the limit is 16");
	free(sb.s);
}

/* The full message, exactly, at its line and column. */
static void expect_err_exact(const char *text, unsigned int line, unsigned int col,
			     const char *msg, int tline)
{
	struct policy_error err;
	struct policy pol;

	expect_err_n(text, strlen(text), line, col, msg, tline);
	assert_int_equal(parse(text, strlen(text), &pol, &err), -1);
	if (strcmp(err.msg, msg))
		fail_msg("test line %d: got '%s'\nwant '%s'", tline, err.msg, msg);
}
#define ERR_X(text, line, col, msg) expect_err_exact(text, line, col, msg, __LINE__)

static void test_err_scope(void **state)
{
	/* No setting. */
	ERR_X(G("\tptrace\n"), 3, 8,
	      "expected 'deny', 'container' or 'allow' after 'ptrace', found end of line");
	ERR_X(G("\tsignal\n"), 3, 8,
	      "expected 'deny', 'container' or 'allow' after 'signal', found end of line");
	ERR_X("group a {\n\tmatch /a\n\tsignal}", 3, 8,
	      "expected 'deny', 'container' or 'allow' after 'signal', found '}'");
	ERR_X("group a {\n\tmatch /a\n\tptrace", 3, 8,
	      "expected 'deny', 'container' or 'allow' after 'ptrace', found end of file");
	ERR_X(G("\tsignal {\n"), 3, 9,
	      "expected 'deny', 'container' or 'allow' after 'signal', found '{'");

	/* Unknown settings, with a hint where one fits. */
	ERR_X(G("\tptrace sometimes\n"), 3, 9,
	      "unknown ptrace setting 'sometimes'; expected 'deny', 'container' or 'allow'");
	ERR_X(G("\tsignal hostile\n"), 3, 9,
	      "unknown signal setting 'hostile'; expected 'deny', 'container' or 'allow'");
	ERR_X(G("\tptrace Deny\n"), 3, 9,
	      "unknown ptrace setting 'Deny'; did you mean 'deny'? (expected 'deny', 'container' or 'allow')");
	ERR_X(G("\tsignal contianer\n"), 3, 9,
	      "unknown signal setting 'contianer'; did you mean 'container'? (expected 'deny', 'container' or 'allow')");
	ERR_X(G("\tptrace containers\n"), 3, 9,
	      "unknown ptrace setting 'containers'; did you mean 'container'? (expected 'deny', 'container' or 'allow')");
	ERR_X(G("\tsignal alow\n"), 3, 9,
	      "unknown signal setting 'alow'; did you mean 'allow'? (expected 'deny', 'container' or 'allow')");
	ERR_X(G("\tptrace none\n"), 3, 9,
	      "unknown ptrace setting 'none'; to reach no other task, write 'ptrace deny'");
	ERR_X(G("\tsignal None\n"), 3, 9,
	      "unknown signal setting 'None'; to reach no other task, write 'signal deny'");
	ERR_X(G("\tptrace all\n"), 3, 9,
	      "unknown ptrace setting 'all'; to leave ptrace alone, write 'ptrace allow'");
	ERR_X(G("\tsignal ALL\n"), 3, 9,
	      "unknown signal setting 'ALL'; to leave signals alone, write 'signal allow'");
	ERR_X(G("\tptrace self\n"), 3, 9,
	      "unknown ptrace setting 'self'; a task may always act on itself and its threads: to reach no other task, write 'ptrace deny'");
	ERR_X(G("\tptrace d\xc3\xa9ny\n"), 3, 9,
	      "unknown ptrace setting 'd\xc3\xa9ny'; did you mean 'deny'? (expected 'deny', 'container' or 'allow') (it holds a non-ASCII character; was it pasted from a web page?)");
	ERR_X(G("\tsignal \xc2\xa0" "container\n"), 3, 9,
	      "unknown signal setting '\xc2\xa0" "container'; did you mean 'container'? (expected 'deny', 'container' or 'allow') (it holds a non-ASCII character; was it pasted from a web page?)");
	ERR_X(G("\tsignal \xe2\x80\x94\n"), 3, 9,
	      "unknown signal setting '\xe2\x80\x94'; expected 'deny', 'container' or 'allow' (it holds a non-ASCII character; was it pasted from a web page?)");

	/* 'signal' takes a scope, not signals: by name, any case, or number. */
	ERR_X(G("\tsignal KILL\n"), 3, 9,
	      "unknown signal setting 'KILL'; 'signal' covers every signal: expected 'deny', 'container' or 'allow'");
	ERR_X(G("\tsignal sigterm\n"), 3, 9,
	      "unknown signal setting 'sigterm'; 'signal' covers every signal: expected 'deny', 'container' or 'allow'");
	ERR_X(G("\tsignal 9\n"), 3, 9,
	      "unknown signal setting '9'; 'signal' covers every signal: expected 'deny', 'container' or 'allow'");
	ERR_X(G("\tsignal 0\n"), 3, 9,
	      "unknown signal setting '0'; 'signal' covers every signal: expected 'deny', 'container' or 'allow'");
	/* Not a signal: the usual message. */
	ERR_X(G("\tsignal 65\n"), 3, 9,
	      "unknown signal setting '65'; expected 'deny', 'container' or 'allow'");
	/* ptrace is not about signals. */
	ERR_X(G("\tptrace KILL\n"), 3, 9,
	      "unknown ptrace setting 'KILL'; expected 'deny', 'container' or 'allow'");

	/* One value only. */
	ERR_X(G("\tptrace deny all\n"), 3, 14,
	      "unexpected 'all' after the ptrace setting; 'ptrace' takes one value");
	ERR_X(G("\tsignal deny KILL TERM\n"), 3, 14,
	      "unexpected 'KILL' after the signal setting; 'signal' takes one value, which covers every signal");
	ERR_X(G("\tsignal container {\n"), 3, 19,
	      "unexpected '{' after the signal setting; 'signal' takes one value, which covers every signal");
	ERR_X(G("\tptrace allow container\n"), 3, 15,
	      "unexpected 'container' after the ptrace setting; 'ptrace' takes one value");

	/* Duplicate lines, whatever their settings; the other area is another line. */
	ERR_X(G("\tptrace deny\n\tptrace deny\n"), 4, 2,
	      "duplicate 'ptrace' in group 'g' (first on line 3)");
	ERR_X(G("\tptrace allow\n\tcaps none\n\tptrace container\n"), 5, 2,
	      "duplicate 'ptrace' in group 'g' (first on line 3)");
	ERR_X(G("\tsignal container\n\tptrace deny\n\tsignal allow\n"), 5, 2,
	      "duplicate 'signal' in group 'g' (first on line 3)");
	ERR_X("group a { match /a\nsignal deny\n  signal deny }", 3, 3,
	      "duplicate 'signal' in group 'a' (first on line 2)");

	/* Outside a group. */
	ERR_X("ptrace deny\n", 1, 1,
	      "'ptrace' outside a group; directives go inside 'group NAME { ... }'");
	ERR_X("group a { match /a }\n  signal container\n", 2, 3,
	      "'signal' outside a group; directives go inside 'group NAME { ... }'");
	/* Keywords are case-sensitive. */
	ERR_X("Signal deny\n", 1, 1, "expected 'group', found 'Signal'");
}

static void test_err_net(void **state)
{
	struct sbuf sb = { 0 };
	int i;

	/* No setting, an unknown one (with a hint where one fits), trailing words. */
	ERR_X(G("\tnet\n"), 3, 5,
	      "expected 'isolate', 'allow' or 'peer GROUP...' after 'net', found end of line");
	ERR_X("group a {\n\tmatch /a\n\tnet}", 3, 5,
	      "expected 'isolate', 'allow' or 'peer GROUP...' after 'net', found '}'");
	ERR_X("group a {\n\tmatch /a\n\tnet", 3, 5,
	      "expected 'isolate', 'allow' or 'peer GROUP...' after 'net', found end of file");
	ERR_X(G("\tnet open\n"), 3, 6,
	      "unknown net setting 'open'; expected 'isolate', 'allow' or 'peer GROUP...'");
	ERR_X(G("\tnet isolat\n"), 3, 6,
	      "unknown net setting 'isolat'; did you mean 'isolate'? (expected 'isolate', 'allow' or 'peer GROUP...')");
	ERR_X(G("\tnet peers web\n"), 3, 6,
	      "unknown net setting 'peers'; did you mean 'peer'? (expected 'isolate', 'allow' or 'peer GROUP...')");
	ERR_X(G("\tnet Allow\n"), 3, 6,
	      "unknown net setting 'Allow'; did you mean 'allow'? (expected 'isolate', 'allow' or 'peer GROUP...')");
	ERR_X(G("\tnet deny\n"), 3, 6,
	      "unknown net setting 'deny'; to cut a group's containers off from other containers, write 'net isolate' (expected 'isolate', 'allow' or 'peer GROUP...')");
	ERR_X(G("\tnet isolated\n"), 3, 6,
	      "unknown net setting 'isolated'; to cut a group's containers off from other containers, write 'net isolate' (expected 'isolate', 'allow' or 'peer GROUP...')");
	ERR_X(G("\tnet \xc2\xa0isolate\n"), 3, 6,
	      "unknown net setting '\xc2\xa0isolate'; did you mean 'isolate'? (expected 'isolate', 'allow' or 'peer GROUP...') (it holds a non-ASCII character; was it pasted from a web page?)");
	ERR_X(G("\tnet isolate now\n"), 3, 14,
	      "unexpected 'now' after 'net isolate'; it takes no value: name the groups it may talk to on a 'net peer GROUP...' line");
	ERR_X(G("\tnet allow g\n"), 3, 12,
	      "unexpected 'g' after 'net allow'; it takes no value: name the groups it may talk to on a 'net peer GROUP...' line");

	/* net peer: group names only. */
	ERR_X(G("\tnet isolate\n\tnet peer\n"), 4, 10,
	      "expected a group name after 'net peer', found end of line");
	ERR_X(G("\tnet isolate\n\tnet peer {\n"), 4, 11,
	      "expected a group name after 'net peer', found '{'");
	ERR_X(G("\tnet isolate\n\tnet peer g a/b\n"), 4, 14,
	      "invalid character '/' in group name 'a/b'; use only letters, digits, '_', '.' and '-'");
	ERR_X(G("\tnet isolate\n\tnet peer g {\n"), 4, 13,
	      "unexpected '{' after the peer groups; 'net peer' takes group names only");

	/* A peer is named once per group, across lines too. */
	ERR_X(G("\tnet isolate\n\tnet peer g g\n"), 4, 13,
	      "group 'g' is named twice in 'net peer' of group 'g' (first on line 4, column 11)");
	ERR_X("group a { match /a\nnet peer b\nnet isolate\n  net peer c b }\n"
	      "group b { match /b }\ngroup c { match /c }\n", 4, 14,
	      "group 'b' is named twice in 'net peer' of group 'a' (first on line 2, column 10)");

	/* Peers need 'net isolate' in the same group, before or after them. */
	ERR_X(G("\tnet peer g\n"), 3, 2,
	      "'net peer' in group 'g' without 'net isolate': peers are the exceptions to isolation; add 'net isolate' to the group");
	ERR_X(G("\tnet allow\n\tnet peer g\n"), 4, 2,
	      "'net peer' in group 'g', which has 'net allow' (line 3): peers are the exceptions to 'net isolate'; write 'net isolate' there, or remove this line");
	ERR_X(G("\tnet peer g\n\tnet allow\n"), 3, 2,
	      "'net peer' in group 'g', which has 'net allow' (line 4): peers are the exceptions to 'net isolate'; write 'net isolate' there, or remove this line");
	/* At the first peer line; isolation in another group does not count. */
	ERR("group a { match /a\n net isolate }\ngroup b { match /b\n caps none\n"
	    " net peer a\n net peer b }\n", 5, 2,
	    "'net peer' in group 'b' without 'net isolate'");
	/* The group's other errors come first: it is checked once it is closed. */
	ERR_X(G("\tnet peer g\n\tcaps bogus\n"), 4, 7,
	      "unknown capability 'bogus'; see capabilities(7) for the names");

	/* Each peer is a group of the file: at the token, with a hint. */
	ERR_X(G("\tnet isolate\n\tnet peer web\n"), 4, 11,
	      "unknown group 'web' in 'net peer' of group 'g'; a peer must be a group defined in this policy");
	ERR_X("group web { match /w }\ngroup a { match /a\n net isolate\n net peer a wbe }\n", 4, 13,
	      "unknown group 'wbe' in 'net peer' of group 'a'; did you mean 'web'? (a peer is a group of this policy)");
	/* Group names are case-sensitive. */
	ERR_X("group a { match /a\n net isolate\n net peer Web }\ngroup web { match /w }\n", 3, 11,
	      "unknown group 'Web' in 'net peer' of group 'a'; did you mean 'web'? (a peer is a group of this policy)");
	ERR_X(G("\tnet isolate\n\tnet peer all\n"), 4, 11,
	      "unknown group 'all' in 'net peer' of group 'g'; to let its containers talk to every container, write 'net allow'");
	/* Syntax errors anywhere in the file come before unknown peers. */
	ERR_X("group a { match /a\n net isolate\n net peer nope }\ngroup b { matc /b }\n", 4, 11,
	      "unknown directive 'matc' in group 'b'; did you mean 'match'?");

	/* One setting per group: duplicates and contradictions, at the second. */
	ERR_X(G("\tnet isolate\n\tnet isolate\n"), 4, 2,
	      "duplicate 'net isolate' in group 'g' (first on line 3)");
	ERR_X(G("\tnet allow\n\tcaps none\n\tnet allow\n"), 5, 2,
	      "duplicate 'net allow' in group 'g' (first on line 3)");
	ERR_X(G("\tnet isolate\n\tnet allow\n"), 4, 2,
	      "'net allow' contradicts 'net isolate' in group 'g' (line 3); keep one");
	ERR_X(G("\tnet allow\n\tnet peer g\n\tnet isolate\n"), 5, 2,
	      "'net isolate' contradicts 'net allow' in group 'g' (line 3); keep one");

	/* Outside a group; keywords are case-sensitive. */
	ERR_X("net isolate\n", 1, 1,
	      "'net' outside a group; directives go inside 'group NAME { ... }'");
	ERR_X("NET isolate\n", 1, 1, "expected 'group', found 'NET'");

	/* At most HARDEN_MAX_NET_PEERS peers: the next name is refused. */
	sb_printf(&sb, "group g {\n\tmatch /g\n\tnet isolate\n\tnet peer");
	for (i = 0; i <= HARDEN_MAX_NET_PEERS; i++)
		sb_printf(&sb, " p%d", i);
	sb_printf(&sb, "\n}\n");
	ERR_S(sb.s, 4, 11 + 3 * 10 + 4 * (HARDEN_MAX_NET_PEERS - 10),
	      "too many 'net peer' groups in group 'g': the limit is 64");
	free(sb.s);
}

#define DEV_C(maj, min)	HARDEN_DEVICE_RULE(HARDEN_DEVICE_CHAR, maj, min)
#define DEV_B(maj, min)	HARDEN_DEVICE_RULE(HARDEN_DEVICE_BLOCK, maj, min)
#define DEV_A(maj, min)	HARDEN_DEVICE_RULE(HARDEN_DEVICE_CHAR | HARDEN_DEVICE_BLOCK, maj, min)

static void test_host_forms(void **state)
{
	static const struct {
		const char *kw, *on;
		uint32_t flag;
		size_t off;
	} lines[] = {
		{ "sysctl", "readonly", HARDEN_GROUP_F_SYSCTL,
		  offsetof(struct policy_group, sysctl_loc) },
		{ "procfs", "readonly", HARDEN_GROUP_F_PROCFS,
		  offsetof(struct policy_group, procfs_loc) },
		{ "sysfs", "readonly", HARDEN_GROUP_F_SYSFS,
		  offsetof(struct policy_group, sysfs_loc) },
		{ "cgroupfs", "container", HARDEN_GROUP_F_CGROUPFS,
		  offsetof(struct policy_group, cgroupfs_loc) },
		{ "autoload", "deny", HARDEN_GROUP_F_AUTOLOAD,
		  offsetof(struct policy_group, autoload_loc) },
		{ "keyring", "deny", HARDEN_GROUP_F_KEYRING,
		  offsetof(struct policy_group, keyring_loc) },
	};
	struct policy pol;
	const struct policy_group *g;
	const struct policy_loc *loc;
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		struct sbuf sb = { 0 };

		/* The setting that polices: its flag, at the keyword. */
		sb_printf(&sb, "group g {\n\tmatch /g\n\t%s %s # why\n}\n",
			  lines[i].kw, lines[i].on);
		expect_ok_n(sb.s, sb.len, &pol, __LINE__);
		g = &pol.groups[0];
		loc = (const void *)((const char *)g + lines[i].off);
		assert_int_equal(g->flags, lines[i].flag);
		assert_int_equal(loc->line, 3);
		assert_int_equal(loc->col, 2);
		policy_free(&pol);
		round_trip(sb.s, sb.len);
		free(sb.s);

		/* allow: not policed, the same as no line. */
		sb = (struct sbuf){ 0 };
		sb_printf(&sb, "group g {\n\tmatch /g\n\t%s allow\n}\n", lines[i].kw);
		expect_ok_n(sb.s, sb.len, &pol, __LINE__);
		g = &pol.groups[0];
		loc = (const void *)((const char *)g + lines[i].off);
		assert_int_equal(g->flags, 0);
		assert_int_equal(loc->line, 3);
		policy_free(&pol);
		free(sb.s);
	}

	/* All of them, in any order, with the other areas. */
	OK(G("\tautoload deny\n\tsysfs readonly\n\tcaps none\n\tsysctl readonly\n"
	     "\tcgroupfs container\n\tdevices deny\n\tprocfs readonly\n\tmount deny\n"
	     "\tkeyring deny\n"),
	   &pol);
	assert_int_equal(pol.groups[0].flags, HARDEN_GROUP_F_HOST |
			 HARDEN_GROUP_F_CAPS | HARDEN_GROUP_F_MOUNT);
	assert_int_equal(pol.groups[0].n_devices, 0);
	policy_free(&pol);
}

static void test_devices_forms(void **state)
{
	struct policy pol;
	const struct policy_group *g;
	char text[32];

	/* deny: policed, nothing beyond the safe set. */
	OK(G("\tdevices deny\n"), &pol);
	g = &pol.groups[0];
	assert_int_equal(g->flags, HARDEN_GROUP_F_DEVICES);
	assert_int_equal(g->n_devices, 0);
	assert_int_equal(g->devices_loc.line, 3);
	assert_int_equal(g->devices_loc.col, 2);
	policy_free(&pol);

	/* allow alone: not policed, as without the line. */
	OK(G("\tdevices allow\n"), &pol);
	g = &pol.groups[0];
	assert_int_equal(g->flags, 0);
	assert_int_equal(g->n_devices, 0);
	assert_int_equal(g->devices_loc.line, 3);
	policy_free(&pol);

	/* Names, globs and specs, in order; lines add up. */
	OK(G("\tdevices allow kvm loop* c:10:201\n"
	     "\tdevices allow b:254:* a:*:3 c:4095:1048575 net/tun\n"), &pol);
	g = &pol.groups[0];
	assert_int_equal(g->flags, HARDEN_GROUP_F_DEVICES);
	assert_int_equal(g->devices_loc.line, 3);
	assert_int_equal(g->n_devices, 8);
	assert_true(g->devices[0].rule == DEV_C(10, 232));
	assert_int_equal(g->devices[0].loc.line, 3);
	assert_int_equal(g->devices[0].loc.col, 16);
	/* loop* is loop and loop-control, both at the glob. */
	assert_true(g->devices[1].rule == DEV_B(7, HARDEN_DEVICE_MINOR_ANY));
	assert_true(g->devices[2].rule == DEV_C(10, 237));
	assert_int_equal(g->devices[2].loc.col, 20);
	assert_true(g->devices[3].rule == DEV_C(10, 201));
	assert_true(g->devices[4].rule == DEV_B(254, HARDEN_DEVICE_MINOR_ANY));
	assert_int_equal(g->devices[4].loc.line, 4);
	assert_true(g->devices[5].rule == (DEV_A(0, 3) | HARDEN_DEVICE_MAJOR_ANY));
	assert_true(g->devices[6].rule == DEV_C(4095, 1048575));
	assert_true(g->devices[7].rule == DEV_C(10, 200));
	policy_free(&pol);
	/* net/tun is tun. */
	ERR(G("\tdevices allow tun net/tun\n"), 3, 20,
	    "device 'net/tun' (tun) is already allowed in group 'g' (line 3, column 16)");

	/* Every name of the table, and '*' for all of them at once. */
	OK(G("\tdevices allow fuse tun kvm loop loop-control nbd sd sr sg vhost-net\n"
	     "\tdevices allow vhost-vsock uinput hwrng dri snd input kmsg mem port\n"), &pol);
	assert_int_equal(pol.groups[0].n_devices, 19);
	policy_free(&pol);
	OK(G("\tdevices allow *\n"), &pol);
	assert_int_equal(pol.groups[0].n_devices, 19);
	policy_free(&pol);
	OK(G("\tdevices allow vhost-*\n"), &pol);
	assert_int_equal(pol.groups[0].n_devices, 2);
	policy_free(&pol);

	/* Printed by name when the table has the rule, else as a spec. */
	policy_device_text(DEV_C(10, 232), text, sizeof(text));
	assert_string_equal(text, "kvm");
	policy_device_text(DEV_C(10, 200), text, sizeof(text));
	assert_string_equal(text, "tun");
	policy_device_text(DEV_B(7, HARDEN_DEVICE_MINOR_ANY), text, sizeof(text));
	assert_string_equal(text, "loop");
	policy_device_text(DEV_C(7, HARDEN_DEVICE_MINOR_ANY), text, sizeof(text));
	assert_string_equal(text, "c:7:*");
	policy_device_text(DEV_A(10, 232), text, sizeof(text));
	assert_string_equal(text, "a:10:232");
	policy_device_text(DEV_B(0, 0) | HARDEN_DEVICE_MAJOR_ANY |
			   HARDEN_DEVICE_MINOR_ANY, text, sizeof(text));
	assert_string_equal(text, "b:*:*");
}

static void test_err_host(void **state)
{
	ERR_X(G("\tsysctl\n"), 3, 8,
	      "expected 'readonly' or 'allow' after 'sysctl', found end of line");
	ERR_X("group a {\n\tmatch /a\n\tcgroupfs}", 3, 10,
	      "expected 'container' or 'allow' after 'cgroupfs', found '}'");
	ERR_X(G("\tsysctl readonlyy\n"), 3, 9,
	      "unknown sysctl setting 'readonlyy'; did you mean 'readonly'? (expected 'readonly' or 'allow')");
	ERR_X(G("\tprocfs alow\n"), 3, 9,
	      "unknown procfs setting 'alow'; did you mean 'allow'? (expected 'readonly' or 'allow')");
	ERR_X(G("\tsysfs rw\n"), 3, 8,
	      "unknown sysfs setting 'rw'; expected 'readonly' or 'allow'");
	ERR_X(G("\tsysfs deny\n"), 3, 8,
	      "unknown sysfs setting 'deny'; to keep members from writing sysfs and its kin, write 'sysfs readonly' (expected 'readonly' or 'allow')");
	ERR_X(G("\tcgroupfs readonly\n"), 3, 11,
	      "unknown cgroupfs setting 'readonly'; to let members write only their own container's cgroups, write 'cgroupfs container' (expected 'container' or 'allow')");
	ERR_X(G("\tautoload container\n"), 3, 11,
	      "unknown autoload setting 'container'; to keep members from making the kernel load modules, write 'autoload deny' (expected 'deny' or 'allow')");
	ERR_X(G("\tautoload den\n"), 3, 11,
	      "unknown autoload setting 'den'; did you mean 'deny'? (expected 'deny' or 'allow')");
	ERR_X(G("\tsysctl readonly kernel.*\n"), 3, 18,
	      "unexpected 'kernel.*' after 'sysctl readonly'; it takes no value");
	ERR_X(G("\tprocfs allow x\n"), 3, 15,
	      "unexpected 'x' after 'procfs allow'; it takes no value: 'allow' leaves the interface alone");

	/* A second line: duplicate or contradiction, at it, naming the first. */
	ERR_X(G("\tsysctl readonly\n\tsysctl allow\n"), 4, 2,
	      "'sysctl allow' contradicts 'sysctl readonly' in group 'g' (line 3); keep one");
	ERR_X(G("\tcgroupfs allow\n\tmode audit\n\tcgroupfs container\n"), 5, 2,
	      "'cgroupfs container' contradicts 'cgroupfs allow' in group 'g' (line 3); keep one");
	ERR_X(G("\tautoload deny\n\tautoload deny\n"), 4, 2,
	      "duplicate 'autoload deny' in group 'g' (first on line 3)");
	ERR_X(G("\tsysfs allow\n\tsysfs allow\n"), 4, 2,
	      "duplicate 'sysfs allow' in group 'g' (first on line 3)");

	/* Outside a group. */
	ERR_X("sysctl readonly\n", 1, 1,
	      "'sysctl' outside a group; directives go inside 'group NAME { ... }'");
	ERR_X("devices deny\n", 1, 1,
	      "'devices' outside a group; directives go inside 'group NAME { ... }'");
}

static void test_err_devices(void **state)
{
	struct sbuf sb = { 0 };
	int i;

	ERR_X(G("\tdevices\n"), 3, 9,
	      "expected 'deny', 'allow' or 'allow DEVICE...' after 'devices', found end of line");
	ERR_X(G("\tdevices dney\n"), 3, 10,
	      "unknown devices setting 'dney'; did you mean 'deny'? (expected 'deny', 'allow' or 'allow DEVICE...')");
	ERR_X(G("\tdevices kvm\n"), 3, 10,
	      "unknown devices setting 'kvm'; expected 'deny', 'allow' or 'allow DEVICE...'");
	ERR_X(G("\tdevices deny kvm\n"), 3, 15,
	      "unexpected 'kvm' after 'devices deny'; 'devices deny' takes no devices; to allow some, write 'devices allow DEVICE...'");

	/* Unknown names and globs, with a hint where one is close. */
	ERR_X(G("\tdevices allow kvm kmv\n"), 3, 20,
	      "unknown device 'kmv'; did you mean 'kvm'? (a device is a name from harden.conf(5) (glob '*' allowed) or 'c:MAJOR:MINOR', 'b:MAJOR:MINOR', 'a:MAJOR:MINOR' ('*' for any))");
	ERR_X(G("\tdevices allow KVM\n"), 3, 16,
	      "unknown device 'KVM'; did you mean 'kvm'? (a device is a name from harden.conf(5) (glob '*' allowed) or 'c:MAJOR:MINOR', 'b:MAJOR:MINOR', 'a:MAJOR:MINOR' ('*' for any))");
	ERR_X(G("\tdevices allow nvme*\n"), 3, 16,
	      "device glob 'nvme*' matches no known device name; a device is a name from harden.conf(5) (glob '*' allowed) or 'c:MAJOR:MINOR', 'b:MAJOR:MINOR', 'a:MAJOR:MINOR' ('*' for any)");
	ERR_X(G("\tdevices allow watchdog\n"), 3, 16,
	      "unknown device 'watchdog'; a device is a name from harden.conf(5) (glob '*' allowed) or 'c:MAJOR:MINOR', 'b:MAJOR:MINOR', 'a:MAJOR:MINOR' ('*' for any)");
	ERR_X(G("\tdevices allow /dev/kvm\n"), 3, 16,
	      "unknown device '/dev/kvm'; devices are named without '/dev/' (e.g. 'kvm', 'net/tun'), or written as 'c:MAJOR:MINOR'");
	ERR_X(G("\tdevices allow all\n"), 3, 16,
	      "'all' is not a device; 'devices allow' alone leaves devices alone");
	ERR_X(G("\tdevices allow none\n"), 3, 16,
	      "'none' is not a device; 'devices deny' allows only the safe set");

	/* Specs: errors at the exact column. */
	ERR_X(G("\tdevices allow x:1:2\n"), 3, 16,
	      "invalid device type in 'x:1:2'; a device rule starts with 'c:' (character), 'b:' (block) or 'a:' (both), as in 'c:10:200'");
	ERR_X(G("\tdevices allow char:1:2\n"), 3, 16,
	      "invalid device type in 'char:1:2'; a device rule starts with 'c:' (character), 'b:' (block) or 'a:' (both), as in 'c:10:200'");
	ERR_X(G("\tdevices allow c:10\n"), 3, 20,
	      "missing ':MINOR' in device 'c:10'; write 'c:MAJOR:MINOR' ('*' for any)");
	ERR_X(G("\tdevices allow c::1\n"), 3, 18,
	      "missing major number in device 'c::1'; expected a number or '*'");
	ERR_X(G("\tdevices allow b:8:\n"), 3, 20,
	      "missing minor number in device 'b:8:'; expected a number or '*'");
	ERR_X(G("\tdevices allow c:1x:3\n"), 3, 19,
	      "invalid character 'x' in the major number of device 'c:1x:3'; expected a number or '*'");
	ERR_X(G("\tdevices allow c:10:2:3\n"), 3, 22,
	      "invalid character ':' in the minor number of device 'c:10:2:3'; expected a number or '*'");
	ERR_X(G("\tdevices allow c:10:**\n"), 3, 21,
	      "invalid character '*' in the minor number of device 'c:10:**'; expected a number or '*'");
	ERR_X(G("\tdevices allow c:-1:3\n"), 3, 18,
	      "invalid character '-' in the major number of device 'c:-1:3'; expected a number or '*'");
	ERR_X(G("\tdevices allow c:4096:0\n"), 3, 18,
	      "major number 4096 of device 'c:4096:0' is out of range: the limit is 4095");
	ERR_X(G("\tdevices allow b:8:1048576\n"), 3, 20,
	      "minor number 1048576 of device 'b:8:1048576' is out of range: the limit is 1048575");
	ERR_X(G("\tdevices allow c:99999999999999999999999:0\n"), 3, 18,
	      "major number 99999999999999999999999 of device 'c:99999999999999999999999:0' is out of range: the limit is 4095");

	/* Duplicates, within a line and across lines. */
	ERR_X(G("\tdevices allow kvm c:10:232\n"), 3, 20,
	      "device 'c:10:232' (kvm) is already allowed in group 'g' (line 3, column 16)");
	ERR_X(G("\tdevices allow loop*\n\tdevices allow loop\n"), 4, 16,
	      "device 'loop' (loop) is already allowed in group 'g' (line 3, column 16)");

	/* A second line that contradicts the first, at it, naming the first. */
	ERR_X(G("\tdevices deny\n\tdevices allow kvm\n"), 4, 2,
	      "'devices allow DEVICE...' contradicts 'devices deny' in group 'g' (line 3); keep one");
	ERR_X(G("\tdevices deny\n\tdevices allow\n"), 4, 2,
	      "'devices allow' contradicts 'devices deny' in group 'g' (line 3); keep one");
	ERR_X(G("\tdevices allow kvm\n\tdevices deny\n"), 4, 2,
	      "'devices deny' contradicts 'devices allow DEVICE...' in group 'g' (line 3); keep one");
	ERR_X(G("\tdevices allow kvm\n\tdevices allow\n"), 4, 2,
	      "'devices allow' contradicts 'devices allow DEVICE...' in group 'g' (line 3); keep one");
	ERR_X(G("\tdevices allow\n\tdevices allow kvm\n"), 4, 2,
	      "'devices allow DEVICE...' contradicts 'devices allow' in group 'g' (line 3); keep one");
	ERR_X(G("\tdevices allow\n\tdevices deny\n"), 4, 2,
	      "'devices deny' contradicts 'devices allow' in group 'g' (line 3); keep one");
	ERR_X(G("\tdevices deny\n\tdevices deny\n"), 4, 2,
	      "duplicate 'devices deny' in group 'g' (first on line 3)");
	ERR_X(G("\tdevices allow\n\tdevices allow\n"), 4, 2,
	      "duplicate 'devices allow' in group 'g' (first on line 3)");

	/* 32 rules are fine, the 33rd is an error at its token. */
	sb_printf(&sb, "group g {\n\tmatch /g\n\tdevices allow");
	for (i = 0; i < HARDEN_MAX_DEVICES; i++)
		sb_printf(&sb, " c:300:%d", i);
	sb_printf(&sb, "\n}\n");
	round_trip(sb.s, sb.len);
	free(sb.s);
	sb = (struct sbuf){ 0 };
	sb_printf(&sb, "group g {\n\tmatch /g\n\tdevices allow");
	for (i = 0; i < HARDEN_MAX_DEVICES; i++)
		sb_printf(&sb, " c:300:%02d", i);
	sb_printf(&sb, "\n\tdevices allow kvm\n}\n");
	ERR_S(sb.s, 4, 16,
	      "too many devices in 'devices allow' of group 'g': the limit is 32 rules");
	free(sb.s);
	/* A glob that would pass the limit, too. */
	sb = (struct sbuf){ 0 };
	sb_printf(&sb, "group g {\n\tmatch /g\n\tdevices allow");
	for (i = 0; i < HARDEN_MAX_DEVICES - 10; i++)
		sb_printf(&sb, " c:300:%02d", i);
	sb_printf(&sb, " *\n}\n");
	ERR_S(sb.s, 3, 15 + 9 * (HARDEN_MAX_DEVICES - 10) + 1,
	      "too many devices in 'devices allow' of group 'g': the limit is 32 rules");
	free(sb.s);
}

static void test_err_too_many_groups(void **state)
{
	struct sbuf sb = { 0 };
	int i;

	for (i = 0; i < HARDEN_MAX_GROUPS + 1; i++)
		sb_printf(&sb, "group g%d {\n\tmatch /g%d\n}\n", i, i);
	ERR_S(sb.s, 3 * HARDEN_MAX_GROUPS + 1, 1, "too many groups: the limit is 64");
	free(sb.s);
}

static void test_err_bytes(void **state)
{
	ERR("group a {\n\0", 2, 1, "NUL byte in the policy");
	ERR("# comment \0 here\n", 1, 11, "NUL byte");
	ERR("\0", 1, 1, "NUL byte");
	ERR("group a {\n\tmatch /a\x01\n}\n", 2, 10, "control character 0x01");
	ERR("group a {\n\tmatch /a\x0b\n}\n", 2, 10, "control character 0x0b");
	ERR("group a {\n\tmatch /a\x1b[0m\n}\n", 2, 10, "control character 0x1b");
	ERR("# \x7f\n", 1, 3, "control character 0x7f");
	ERR("# \xc2\x85 next line\n", 1, 3, "control character U+0085");
	ERR("# caf\xe9\n", 1, 6, "invalid UTF-8 byte 0xe9");
	ERR("\n# \xff", 2, 3, "invalid UTF-8 byte 0xff");
	ERR("# \xc0\x80\n", 1, 3, "invalid UTF-8 byte 0xc0");	/* overlong NUL */
	ERR("# \xe0\x80\xaf\n", 1, 3, "invalid UTF-8 byte 0xe0");	/* overlong */
	ERR("# \xed\xa0\x80\n", 1, 3, "invalid UTF-8 byte 0xed");	/* surrogate */
	ERR("# \xf4\x90\x80\x80\n", 1, 3, "invalid UTF-8");	/* > U+10FFFF */
	ERR("# \xe2\x82", 1, 3, "invalid UTF-8");		/* truncated */
	ERR("# \xe2\x82x\n", 1, 3, "invalid UTF-8");
	ERR("# \x80\n", 1, 3, "invalid UTF-8 byte 0x80");
}

static void test_err_too_large(void **state)
{
	char *text = mkbuf(POLICY_FILE_MAX + 1, '#');
	struct policy_error err;
	struct policy pol;
	char *path;

	ERR_S(text, 0, 0, "policy is too large: 1048577 bytes, the limit is 1048576");

	/* A regular file is refused by its size, before reading it. */
	free(text);
	text = mkbuf(2 * POLICY_FILE_MAX, '#');
	path = write_temp(text);
	assert_int_equal(policy_parse_file(path, &pol, &err), -1);
	assert_int_equal(err.loc.line, 0);
	assert_string_equal(err.file, path);
	assert_string_equal(err.msg, "policy is too large: 2097152 bytes, the limit is 1048576");
	assert_null(pol.groups);
	unlink(path);
	free(path);
	free(text);
}

/* From a pipe the size is unknown: reading must stop past the limit. */
static void test_err_too_large_pipe(void **state)
{
	struct policy_error err;
	struct policy pol;
	int fds[2], saved, status;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Endless writer: it must be stopped by EPIPE, not by EOF. */
		static char chunk[65536];

		signal(SIGPIPE, SIG_DFL);
		close(fds[0]);
		memset(chunk, '#', sizeof(chunk));
		for (;;)
			if (write(fds[1], chunk, sizeof(chunk)) < 0)
				_exit(errno == EPIPE ? 0 : 1);
	}
	close(fds[1]);
	saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);
	assert_true(dup2(fds[0], STDIN_FILENO) >= 0);
	close(fds[0]);

	assert_int_equal(policy_parse_file("-", &pol, &err), -1);

	dup2(saved, STDIN_FILENO);
	close(saved);
	assert_string_equal(err.file, "<stdin>");
	assert_int_equal(err.loc.line, 0);
	assert_string_equal(err.msg,
			    "policy is too large: more than 1048576 bytes, the limit is 1048576");
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true((WIFEXITED(status) && WEXITSTATUS(status) == 0) ||
		    (WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE));
}

static void test_parse_file_errors(void **state)
{
	struct policy_error err;
	struct policy pol;
	char *path;

	assert_int_equal(policy_parse_file("/nonexistent/policy.conf", &pol, &err), -1);
	assert_string_equal(err.file, "/nonexistent/policy.conf");
	assert_int_equal(err.loc.line, 0);
	assert_non_null(strstr(err.msg, "cannot open: No such file or directory"));

	assert_int_equal(policy_parse_file("/tmp", &pol, &err), -1);
	assert_non_null(strstr(err.msg, "directory"));

	path = write_temp("group a {\n\tmatch /a\n\tcaps kil\n}\n");
	assert_int_equal(policy_parse_file(path, &pol, &err), -1);
	assert_string_equal(err.file, path);
	assert_int_equal(err.loc.line, 3);
	assert_int_equal(err.loc.col, 7);
	assert_non_null(strstr(err.msg, "unknown capability 'kil'; did you mean 'KILL'?"));
	unlink(path);
	free(path);
}

static void test_error_print(void **state)
{
	struct policy_error err = { .file = "p.conf", .loc = { 3, 7 },
				    .msg = "unknown capability 'X'" };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	policy_error_print(f, &err);
	err.loc.line = 0;
	err.loc.col = 0;
	snprintf(err.msg, sizeof(err.msg), "cannot open: Permission denied");
	policy_error_print(f, &err);
	fclose(f);
	assert_string_equal(buf,
			    "p.conf:3:7: error: unknown capability 'X'\n"
			    "p.conf: error: cannot open: Permission denied\n");
	free(buf);
}

/* ---- printing ---------------------------------------------------------- */

static void test_print_canonical(void **state)
{
	struct policy pol;
	char *s;

	OK("# c\ngroup web\n{\n  signal   container\n  mount   allow tmpfs  proc\n  caps  net_raw CAP_CHOWN kill   # x\n  mode audit\n"
	   "  match /docker/web-*\n  match /a\n ptrace container\n}\n\n\ngroup all { match /docker/* \n caps ALL }\n"
	   "group none { match /x\nsignal deny\nnet peer none web\nptrace deny\nmount deny\ncaps none\n"
	   "net isolate\nnet peer all }\n"
	   "group bare { match /y\nmount allow\nptrace allow\nsignal allow\nnet allow }\n"
	   "group alone { match /z\nnet isolate }\n", &pol);
	s = print_to_string(&pol);
	assert_string_equal(s,
			    "group web {\n"
			    "\tmatch /docker/web-*\n"
			    "\tmatch /a\n"
			    "\tmode audit\n"
			    "\tcaps CHOWN KILL NET_RAW\n"
			    "\tmount allow tmpfs proc\n"
			    "\tptrace container\n"
			    "\tsignal container\n"
			    "}\n"
			    "\n"
			    "group all {\n"
			    "\tmatch /docker/*\n"
			    "\tmode enforce\n"
			    "\tcaps all\n"
			    "}\n"
			    "\n"
			    "group none {\n"
			    "\tmatch /x\n"
			    "\tmode enforce\n"
			    "\tcaps none\n"
			    "\tmount deny\n"
			    "\tptrace deny\n"
			    "\tsignal deny\n"
			    "\tnet isolate\n"
			    "\tnet peer none web all\n"
			    "}\n"
			    "\n"
			    "group bare {\n"
			    "\tmatch /y\n"
			    "\tmode enforce\n"
			    "}\n"
			    "\n"
			    "group alone {\n"
			    "\tmatch /z\n"
			    "\tmode enforce\n"
			    "\tnet isolate\n"
			    "}\n");
	free(s);
	policy_free(&pol);

	/* Empty policy prints as nothing, and reads back as empty. */
	OK("", &pol);
	s = print_to_string(&pol);
	assert_string_equal(s, "");
	free(s);
	policy_free(&pol);
}

/*
 * A scope this hardctl has no name for (a newer kernel's) is shown as its
 * number, which check then refuses; a scope without its flag is not shown.
 */
static void test_print_net_without_flag(void **state)
{
	struct policy pol;
	char *s;

	/* Peers without the flag (never parsed so) are not shown. */
	OK(G("\tnet allow\n"), &pol);
	pol.groups[0].n_net_peers = 1;
	strcpy(pol.groups[0].net_peers[0].name, "g");
	s = print_to_string(&pol);
	assert_string_equal(s, "group g {\n\tmatch /g\n\tmode enforce\n}\n");
	free(s);
	policy_free(&pol);
}

static void test_print_scope_unknown(void **state)
{
	struct policy pol;
	char *s;

	OK(G("\tptrace deny\n"), &pol);
	pol.groups[0].ptrace_scope = 2;
	pol.groups[0].signal_scope = HARDEN_SCOPE_CONTAINER;	/* no flag */
	s = print_to_string(&pol);
	assert_string_equal(s, "group g {\n\tmatch /g\n\tmode enforce\n\tptrace 2\n}\n");
	ERR_X(s, 4, 9, "unknown ptrace setting '2'; expected 'deny', 'container' or 'allow'");
	free(s);
	policy_free(&pol);
}

/* All 41 names listed one by one print as "caps all"; 40 of them do not. */
static void test_print_caps_all(void **state)
{
	struct sbuf sb = { 0 };
	struct policy pol;
	char *s;
	int cap;

	sb_printf(&sb, "group a {\n\tmatch /a\n\tcaps");
	for (cap = HARDCTL_CAP_LAST; cap >= 0; cap--)
		sb_printf(&sb, " %s", cap_name(cap));
	sb_printf(&sb, "\n}\n");
	expect_ok_n(sb.s, sb.len, &pol, __LINE__);
	assert_true(pol.groups[0].caps == ALL_CAPS);
	s = print_to_string(&pol);
	assert_non_null(strstr(s, "\tcaps all\n"));
	free(s);

	pol.groups[0].caps &= ~CAP(21);
	s = print_to_string(&pol);
	assert_null(strstr(s, "caps all"));
	assert_null(strstr(s, "SYS_ADMIN"));
	assert_non_null(strstr(s, "\tcaps CHOWN DAC_OVERRIDE "));
	assert_non_null(strstr(s, " BPF CHECKPOINT_RESTORE\n"));
	free(s);

	/* Bits beyond the known capabilities (a newer kernel) are shown. */
	pol.groups[0].caps = CAP(5) | CAP(45);
	s = print_to_string(&pol);
	assert_non_null(strstr(s, "\tcaps KILL # also allows capability numbers 45\n"));
	free(s);
	policy_free(&pol);
	free(sb.s);
}

static void test_round_trip(void **state)
{
	static const char *const texts[] = {
		"",
		"group a { match /a }",
		"group a { match / }",
		"group web {\n match /docker/web-*\n mode audit\n caps none\n}\n"
		"group default {\n match /docker/*\n match /system.slice/docker-*.scope\n caps all\n}\n",
		"group x-1.y_2 {\n\tmatch /k8s/*/pod?*/*\n\tmatch /a#b\n\tcaps cap_sys_admin bpf PERFMON chown\n\tmode enforce\n}\n",
		"group a { match /a\n caps kill }\ngroup b { match /b\n mode audit }\n"
		"group c { match /c\n caps all }\n",
		"group a { match /a\n mount deny }\ngroup b { match /b\n mount allow }\n"
		"group c { match /c\n mount allow tmpfs proc fuse 9p\n caps none }\n"
		"group d { match /d\n mount allow x\n mode audit }\n",
		"group a { match /a\n ptrace deny }\ngroup b { match /b\n ptrace container }\n"
		"group c { match /c\n ptrace allow }\ngroup d { match /d\n signal deny }\n"
		"group e { match /e\n signal container }\ngroup f { match /f\n signal allow }\n"
		"group g { match /g\n signal deny\n ptrace container\n mount deny\n caps none\n mode audit }\n",
		"group a { match /a\n net isolate }\ngroup b { match /b\n net allow }\n"
		"group c { match /c\n net peer c a\n net peer d\n net isolate\n mode audit }\n"
		"group d { match /d\n net isolate\n net peer c\n signal deny\n ptrace deny\n"
		" mount allow tmpfs\n caps none }\n",
		"group a { match /a\n sysctl readonly\n procfs readonly\n sysfs readonly\n"
		" cgroupfs container\n devices deny\n autoload deny }\n"
		"group b { match /b\n sysctl allow\n procfs allow\n sysfs allow\n"
		" cgroupfs allow\n devices allow\n autoload allow\n mode audit }\n"
		"group c { match /c\n devices allow kvm net/tun loop* c:10:* b:254:* a:*:*\n"
		" devices allow c:1:3 b:7:0 c:226:* fuse\n sysfs readonly\n net isolate\n caps none }\n",
	};
	size_t i;
	int cap;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		round_trip(texts[i], strlen(texts[i]));

	/* Every single capability, and every set of all-but-one. */
	for (cap = 0; cap <= HARDCTL_CAP_LAST; cap++) {
		struct sbuf sb = { 0 };
		int c;

		sb_printf(&sb, "group a {\n\tmatch /a\n\tcaps %s\n}\n", cap_name(cap));
		sb_printf(&sb, "group b {\n\tmatch /b\n\tcaps");
		for (c = 0; c <= HARDCTL_CAP_LAST; c++)
			if (c != cap)
				sb_printf(&sb, " %s", cap_name(c));
		sb_printf(&sb, "\n}\n");
		round_trip(sb.s, sb.len);
		free(sb.s);
	}
}

/*
 * The shipped policies must be valid and round-trip. (No glob(3) here:
 * -Ikmod makes <glob.h> find kmod/glob.h.)
 */
static void test_round_trip_shipped(void **state)
{
	static const char *const dirs[] = { "policies", "../../policies" };
	struct policy_error err;
	struct policy pol;
	struct dirent *de;
	size_t i, n = 0, l;
	DIR *d;

	for (i = 0; i < 2 && !n; i++) {
		d = opendir(dirs[i]);
		if (!d)
			continue;
		while ((de = readdir(d))) {
			char *path, *buf = malloc(POLICY_FILE_MAX + 1);
			size_t len;
			FILE *f;

			l = strlen(de->d_name);
			if (l < 6 || strcmp(de->d_name + l - 5, ".conf")) {
				free(buf);
				continue;
			}
			assert_true(asprintf(&path, "%s/%s", dirs[i], de->d_name) > 0);
			f = fopen(path, "r");
			assert_non_null(f);
			assert_non_null(buf);
			len = fread(buf, 1, POLICY_FILE_MAX + 1, f);
			fclose(f);
			if (policy_parse_file(path, &pol, &err))
				fail_msg("%s:%u:%u: %s", path, err.loc.line,
					 err.loc.col, err.msg);
			policy_free(&pol);
			round_trip(buf, len);
			free(buf);
			free(path);
			n++;
		}
		closedir(d);
	}
	if (!n)
		skip();
}

/* ---- hardctl check ------------------------------------------------------ */

/* Run cmd_check with stdout and stderr captured into @out and @err. */
static int run_check(char **out, char **err, int argc, ...)
{
	char *argv[8];
	char opath[] = "/tmp/harden-out-XXXXXX", epath[] = "/tmp/harden-err-XXXXXX";
	int ofd = mkstemp(opath), efd = mkstemp(epath), so, se, rc, i;
	va_list ap;
	FILE *f;
	long n;

	assert_true(ofd >= 0 && efd >= 0 && argc < 8);
	va_start(ap, argc);
	for (i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	argv[argc] = NULL;

	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	dup2(ofd, 1);
	dup2(efd, 2);
	rc = cmd_check(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);

	for (i = 0; i < 2; i++) {
		f = fopen(i ? epath : opath, "r");
		assert_non_null(f);
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		rewind(f);
		*(i ? err : out) = calloc(1, n + 1);
		assert_int_equal(fread(*(i ? err : out), 1, n, f), (size_t)n);
		fclose(f);
	}
	close(ofd);
	close(efd);
	unlink(opath);
	unlink(epath);
	return rc;
}

static void test_cmd_check(void **state)
{
	char *good = write_temp("group a { match /a }\ngroup b { match /b }\n");
	char *one = write_temp("group a { match /a }\n");
	char *empty = write_temp("# nothing\n");
	char *bad = write_temp("group a {\n\tmatch /a\n\tcaps SYS_ADMINN\n}\n");
	char *out, *err, *want;

	assert_int_equal(run_check(&out, &err, 2, "check", good), 0);
	assert_true(asprintf(&want, "%s: OK, 2 groups\n", good) > 0);
	assert_string_equal(out, want);
	assert_string_equal(err, "");
	free(want);
	free(out);
	free(err);

	assert_int_equal(run_check(&out, &err, 2, "check", one), 0);
	assert_non_null(strstr(out, ": OK, 1 group\n"));
	free(out);
	free(err);

	assert_int_equal(run_check(&out, &err, 2, "check", empty), 0);
	assert_non_null(strstr(out, ": OK, 0 groups"));
	free(out);
	free(err);

	assert_int_equal(run_check(&out, &err, 3, "check", "-q", good), 0);
	assert_string_equal(out, "");
	assert_string_equal(err, "");
	free(out);
	free(err);

	assert_int_equal(run_check(&out, &err, 3, "check", bad, "--quiet"), 1);
	assert_string_equal(out, "");
	assert_true(asprintf(&want, "%s:3:7: error: unknown capability 'SYS_ADMINN'; did you mean 'SYS_ADMIN'?\n",
			     bad) > 0);
	assert_string_equal(err, want);
	free(want);
	free(out);
	free(err);

	/*
	 * A group that an earlier one shadows: a warning at the later glob
	 * with a path that proves it, exit 0, and -q keeps it. The ordered
	 * policy (control) gets none; nor does a glob only partly shadowed
	 * that no example path hits (/docker, not /docker/x).
	 */
	{
		char *shadow = write_temp("group docker {\n\tmatch /docker/*\n\tmatch /**/docker-*.scope\n}\n"
					  "group ci {\n\tmatch /ci.slice/docker-*.scope\n\tmatch /docker\n}\n");
		char *ordered = write_temp("group ci {\n\tmatch /ci.slice/docker-*.scope\n}\n"
					   "group docker {\n\tmatch /**/docker-*.scope\n}\n");

		assert_int_equal(run_check(&out, &err, 3, "check", "-q", shadow), 0);
		assert_string_equal(out, "");
		assert_true(asprintf(&want, "%s:6:8: warning: cgroup /ci.slice/docker-x.scope gets group 'docker' (its 'match /**/docker-*.scope' on line 3), not 'ci': the first group that matches wins; put 'ci' before 'docker' if it should\n",
				     shadow) > 0);
		assert_string_equal(err, want);
		free(want);
		free(out);
		free(err);
		assert_int_equal(run_check(&out, &err, 2, "check", ordered), 0);
		assert_string_equal(err, "");
		free(out);
		free(err);
		unlink(shadow);
		unlink(ordered);
		free(shadow);
		free(ordered);
	}

	assert_int_equal(run_check(&out, &err, 2, "check", "/nonexistent.conf"), 1);
	assert_non_null(strstr(err, "/nonexistent.conf: error: cannot open"));
	free(out);
	free(err);

	/* "--" ends the options. */
	assert_int_equal(run_check(&out, &err, 3, "check", "--", good), 0);
	free(out);
	free(err);

	/* Usage errors: 2, with the usage on stderr. */
	assert_int_equal(run_check(&out, &err, 1, "check"), 2);
	assert_non_null(strstr(err, "Usage: hardctl check [-q] FILE|-"));
	assert_string_equal(out, "");
	free(out);
	free(err);
	assert_int_equal(run_check(&out, &err, 3, "check", "-x", good), 2);
	assert_non_null(strstr(err, "unknown option '-x'"));
	assert_non_null(strstr(err, "Usage:"));
	free(out);
	free(err);
	assert_int_equal(run_check(&out, &err, 3, "check", good, one), 2);
	assert_non_null(strstr(err, "Usage:"));
	free(out);
	free(err);

	/* Help: 0, on stdout. */
	assert_int_equal(run_check(&out, &err, 2, "check", "-h"), 0);
	assert_non_null(strstr(out, "Usage: hardctl check"));
	assert_string_equal(err, "");
	free(out);
	free(err);
	assert_int_equal(run_check(&out, &err, 3, "check", good, "--help"), 0);
	assert_non_null(strstr(out, "Usage: hardctl check"));
	free(out);
	free(err);

	unlink(good);
	unlink(one);
	unlink(empty);
	unlink(bad);
	free(good);
	free(one);
	free(empty);
	free(bad);
}

static void test_cmd_check_stdin(void **state)
{
	char *path = write_temp("group a { match /a }\n");
	int fd = open(path, O_RDONLY), saved = dup(STDIN_FILENO), rc;
	char *out, *err;

	assert_true(fd >= 0 && saved >= 0);
	dup2(fd, STDIN_FILENO);
	close(fd);
	rc = run_check(&out, &err, 2, "check", "-");
	dup2(saved, STDIN_FILENO);
	close(saved);
	assert_int_equal(rc, 0);
	assert_string_equal(out, "<stdin>: OK, 1 group\n");
	free(out);
	free(err);
	unlink(path);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cap_names),
		cmocka_unit_test(test_cap_from_name),
		cmocka_unit_test(test_design_example),
		cmocka_unit_test(test_empty_policy),
		cmocka_unit_test(test_minimal_group),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_groups_in_order),
		cmocka_unit_test(test_caps_forms),
		cmocka_unit_test(test_mount_forms),
		cmocka_unit_test(test_scope_forms),
		cmocka_unit_test(test_net_forms),
		cmocka_unit_test(test_limits_ok),
		cmocka_unit_test(test_big_comment_file),
		cmocka_unit_test(test_err_top_level),
		cmocka_unit_test(test_err_group_header),
		cmocka_unit_test(test_err_group_body),
		cmocka_unit_test(test_err_directive),
		cmocka_unit_test(test_err_match),
		cmocka_unit_test(test_err_mode),
		cmocka_unit_test(test_err_caps),
		cmocka_unit_test(test_err_mount),
		cmocka_unit_test(test_err_scope),
		cmocka_unit_test(test_err_net),
		cmocka_unit_test(test_host_forms),
		cmocka_unit_test(test_devices_forms),
		cmocka_unit_test(test_err_host),
		cmocka_unit_test(test_err_devices),
		cmocka_unit_test(test_err_too_many_groups),
		cmocka_unit_test(test_err_bytes),
		cmocka_unit_test(test_err_too_large),
		cmocka_unit_test(test_err_too_large_pipe),
		cmocka_unit_test(test_parse_file_errors),
		cmocka_unit_test(test_error_print),
		cmocka_unit_test(test_print_canonical),
		cmocka_unit_test(test_print_scope_unknown),
		cmocka_unit_test(test_print_net_without_flag),
		cmocka_unit_test(test_print_caps_all),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_round_trip_shipped),
		cmocka_unit_test(test_cmd_check),
		cmocka_unit_test(test_cmd_check_stdin),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
