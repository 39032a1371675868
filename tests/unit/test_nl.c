// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: policy <-> netlink attributes (one top-level HARDEN_A_GROUP
 * per group), the GET_POLICY dump, extack offset -> file:line:col, family
 * resolution (the events group) and sizing the send buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../ctl/format.h"
#include "../../ctl/nl.h"
#include "../../ctl/policy.h"
#include "../../ctl/policy_nl.h"

__attribute__((weak)) const char *prog = "hardctl";
__attribute__((weak)) bool opt_json;

static const char POLICY[] =
	"group web {\n"
	"\tmatch /docker/web-*\n"
	"\tmatch /system.slice/docker-web*.scope\n"
	"\tmode audit\n"
	"\tcaps CHOWN NET_BIND_SERVICE\n"
	"}\n"
	"group rest {\n"
	"\tmatch /docker/*\n"
	"\tcaps none\n"
	"}\n"
	"group plain {\n"
	"\tmatch /x\n"
	"}\n"
	"group mdeny {\n"
	"\tmatch /md\n"
	"\tmount deny\n"
	"}\n"
	"group mtypes {\n"
	"\tmatch /mt\n"
	"\tcaps KILL\n"
	"\tmount allow tmpfs proc fuse\n"
	"\tmode audit\n"
	"}\n"
	"group mall {\n"
	"\tmatch /ma\n"
	"\tmount allow\n"
	"}\n"
	"group pdeny {\n"		/* line 28 */
	"\tmatch /pd\n"
	"\tptrace deny\n"
	"}\n"
	"group both {\n"		/* line 32 */
	"\tmatch /pb\n"
	"\tsignal container\n"
	"\tmount deny\n"
	"\tptrace container\n"
	"}\n"
	"group pall {\n"		/* line 38 */
	"\tmatch /pa\n"
	"\tptrace allow\n"
	"\tsignal allow\n"
	"\tmode audit\n"
	"}\n";

static char buf[1 << 20];

static struct nlmsghdr *encode(const struct policy *pol, struct policy_nl_map *map)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	g->cmd = HARDEN_CMD_SET_POLICY;
	assert_int_equal(policy_to_nl(nlh, sizeof(buf), pol, map), 0);
	return nlh;
}

static void parse(const char *text, struct policy *pol)
{
	struct policy_error err;

	assert_int_equal(policy_parse(text, strlen(text), "p.conf", pol, &err), 0);
}

static char dump_buf[1 << 20];

/*
 * Feed @d the GET_POLICY dump the kernel would send for the policy in
 * @set (a SET_POLICY message): a header, then one message per group, each
 * with @gen, except that group @bump_at (if >= 0) says @gen + 1.
 */
static void feed_dump(struct policy_dump *d, const struct nlmsghdr *set,
		      uint64_t gen, int bump_at)
{
	const struct nlattr *a;
	struct nlmsghdr *nlh;
	uint32_t n = 0;
	int i = 0;

	mnl_attr_for_each(a, set, HNL_HDRLEN)
		n++;
	nlh = mnl_nlmsg_put_header(dump_buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, gen);
	mnl_attr_put_u64(nlh, HARDEN_A_LOAD_TIME, 1700000000);
	mnl_attr_put_u32(nlh, HARDEN_A_GROUP_COUNT, n);
	assert_int_equal(policy_dump_msg(d, nlh), 0);
	mnl_attr_for_each(a, set, HNL_HDRLEN) {
		nlh = mnl_nlmsg_put_header(dump_buf);
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
		mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, gen + (i++ == bump_at));
		/* A newer kernel's attribute is skipped. */
		mnl_attr_put_u32(nlh, 999, 1);
		mnl_attr_put(nlh, mnl_attr_get_type(a), mnl_attr_get_payload_len(a),
			     mnl_attr_get_payload(a));
		assert_int_equal(policy_dump_msg(d, nlh), 0);
	}
}

static void test_roundtrip(void **state)
{
	struct policy pol, *back;
	struct policy_dump d;
	size_t g, m;

	(void)state;
	parse(POLICY, &pol);
	policy_dump_init(&d);
	feed_dump(&d, encode(&pol, NULL), 7, -1);
	assert_int_equal(policy_dump_check(&d), 0);
	assert_true(d.generation == 7);
	assert_true(d.load_time == 1700000000);
	back = &d.pol;
	assert_int_equal(back->n_groups, pol.n_groups);
	for (g = 0; g < pol.n_groups; g++) {
		assert_string_equal(back->groups[g].name, pol.groups[g].name);
		assert_int_equal(back->groups[g].mode, pol.groups[g].mode);
		assert_int_equal(back->groups[g].flags, pol.groups[g].flags);
		assert_true(back->groups[g].caps == pol.groups[g].caps);
		assert_int_equal(back->groups[g].n_matches, pol.groups[g].n_matches);
		for (m = 0; m < pol.groups[g].n_matches; m++)
			assert_string_equal(back->groups[g].matches[m].glob,
					    pol.groups[g].matches[m].glob);
		assert_int_equal(back->groups[g].n_mount_types,
				 pol.groups[g].n_mount_types);
		for (m = 0; m < pol.groups[g].n_mount_types; m++)
			assert_string_equal(back->groups[g].mount_types[m].name,
					    pol.groups[g].mount_types[m].name);
		assert_int_equal(back->groups[g].ptrace_scope, pol.groups[g].ptrace_scope);
		assert_int_equal(back->groups[g].signal_scope, pol.groups[g].signal_scope);
	}
	/* One top-level HARDEN_A_GROUP per group, and nothing else. */
	{
		struct nlmsghdr *nlh = encode(&pol, NULL);
		const struct nlattr *a;
		size_t want = 0, n = 0;

		for (g = 0; g < pol.n_groups; g++)
			want += policy_nl_group_size(&pol.groups[g]);
		assert_int_equal(mnl_nlmsg_get_payload_len(nlh) -
				 sizeof(struct genlmsghdr), want);
		mnl_attr_for_each(a, nlh, HNL_HDRLEN) {
			assert_int_equal(mnl_attr_get_type(a), HARDEN_A_GROUP);
			n++;
		}
		assert_int_equal(n, pol.n_groups);
	}
	/* "plain" polices nothing: no caps flag, no mask on the wire. */
	assert_int_equal(back->groups[2].flags, 0);
	/* "none" is the caps flag with an empty mask. */
	assert_int_equal(back->groups[1].flags, HARDEN_GROUP_F_CAPS);
	assert_true(back->groups[1].caps == 0);
	/* "mount deny" is the mount flag without types. */
	assert_int_equal(back->groups[3].flags, HARDEN_GROUP_F_MOUNT);
	assert_int_equal(back->groups[3].n_mount_types, 0);
	/* "mount allow TYPE..." is the flag and the types, in order. */
	assert_int_equal(back->groups[4].flags, HARDEN_GROUP_F_CAPS | HARDEN_GROUP_F_MOUNT);
	assert_int_equal(back->groups[4].n_mount_types, 3);
	assert_string_equal(back->groups[4].mount_types[2].name, "fuse");
	assert_int_equal(back->groups[4].mode, HARDEN_MODE_AUDIT);
	/* "mount allow" alone is nothing on the wire. */
	assert_int_equal(back->groups[5].flags, 0);
	assert_int_equal(back->groups[5].n_mount_types, 0);
	/* "ptrace deny" is the flag and scope 0; "container" scope 1. */
	assert_int_equal(back->groups[6].flags, HARDEN_GROUP_F_PTRACE);
	assert_int_equal(back->groups[6].ptrace_scope, HARDEN_SCOPE_DENY);
	assert_int_equal(back->groups[7].flags, HARDEN_GROUP_F_MOUNT | HARDEN_GROUP_F_PTRACE |
			 HARDEN_GROUP_F_SIGNAL);
	assert_int_equal(back->groups[7].ptrace_scope, HARDEN_SCOPE_CONTAINER);
	assert_int_equal(back->groups[7].signal_scope, HARDEN_SCOPE_CONTAINER);
	/* "allow" is nothing on the wire. */
	assert_int_equal(back->groups[8].flags, 0);
	/* And show prints what was parsed. */
	{
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);

		assert_non_null(f);
		assert_int_equal(policy_print_safe(f, back), 0);
		fclose(f);
		assert_non_null(strstr(out, "group mdeny {\n\tmatch /md\n\tmode enforce\n"
				       "\tmount deny\n}\n"));
		assert_non_null(strstr(out, "group mtypes {\n\tmatch /mt\n\tmode audit\n"
				       "\tcaps KILL\n\tmount allow tmpfs proc fuse\n}\n"));
		assert_non_null(strstr(out, "group mall {\n\tmatch /ma\n\tmode enforce\n}\n"));
		assert_non_null(strstr(out, "group pdeny {\n\tmatch /pd\n\tmode enforce\n"
				       "\tptrace deny\n}\n"));
		assert_non_null(strstr(out, "group both {\n\tmatch /pb\n\tmode enforce\n"
				       "\tmount deny\n\tptrace container\n\tsignal container\n}\n"));
		assert_non_null(strstr(out, "group pall {\n\tmatch /pa\n\tmode audit\n}\n"));
		free(out);
	}
	policy_dump_free(&d);
	policy_free(&pol);
}

/* The wire form of each mount setting, attribute by attribute. */
static void test_mount_wire(void **state)
{
	struct nlmsghdr *nlh;
	const struct nlattr *g, *a;
	struct policy pol;
	static const char *const want[] = { "tmpfs", "proc", "fuse" };
	int i = 0, n_types[9] = { 0 }, gi = 0;
	uint32_t flags[9] = { 0 };

	(void)state;
	parse(POLICY, &pol);
	nlh = encode(&pol, NULL);
	mnl_attr_for_each(g, nlh, HNL_HDRLEN) {
		mnl_attr_for_each_nested(a, g) {
			if (mnl_attr_get_type(a) == HARDEN_GROUP_A_FLAGS)
				flags[gi] = mnl_attr_get_u32(a);
			if (mnl_attr_get_type(a) != HARDEN_GROUP_A_MOUNT_TYPE)
				continue;
			n_types[gi]++;
			/* NUL-terminated strings, as NLA_NUL_STRING wants. */
			assert_int_equal(mnl_attr_get_payload_len(a),
					 strlen(want[i]) + 1);
			assert_string_equal(mnl_attr_get_str(a), want[i]);
			i++;
		}
		gi++;
	}
	assert_int_equal(gi, 9);
	assert_int_equal(flags[3], HARDEN_GROUP_F_MOUNT);
	assert_int_equal(n_types[3], 0);
	assert_int_equal(flags[4], HARDEN_GROUP_F_CAPS | HARDEN_GROUP_F_MOUNT);
	assert_int_equal(n_types[4], 3);
	assert_int_equal(flags[5], 0);
	assert_int_equal(n_types[5], 0);
	policy_free(&pol);
}

/* The wire form of each ptrace and signal setting. */
static void test_scope_wire(void **state)
{
	const struct nlattr *g, *a;
	struct nlmsghdr *nlh;
	struct policy pol;
	int gi = 0, n_ptrace[9] = { 0 }, n_signal[9] = { 0 };
	int ptrace[9], signal[9];
	uint32_t flags[9] = { 0 };

	(void)state;
	parse(POLICY, &pol);
	nlh = encode(&pol, NULL);
	mnl_attr_for_each(g, nlh, HNL_HDRLEN) {
		ptrace[gi] = signal[gi] = -1;
		mnl_attr_for_each_nested(a, g) {
			switch (mnl_attr_get_type(a)) {
			case HARDEN_GROUP_A_FLAGS:
				flags[gi] = mnl_attr_get_u32(a);
				break;
			case HARDEN_GROUP_A_PTRACE:
				/* NLA_U8: one byte of payload. */
				assert_int_equal(mnl_attr_get_payload_len(a), 1);
				ptrace[gi] = mnl_attr_get_u8(a);
				n_ptrace[gi]++;
				break;
			case HARDEN_GROUP_A_SIGNAL:
				assert_int_equal(mnl_attr_get_payload_len(a), 1);
				signal[gi] = mnl_attr_get_u8(a);
				n_signal[gi]++;
				break;
			}
		}
		/* Each scope with its flag, once, and never without it. */
		assert_int_equal(n_ptrace[gi], !!(flags[gi] & HARDEN_GROUP_F_PTRACE));
		assert_int_equal(n_signal[gi], !!(flags[gi] & HARDEN_GROUP_F_SIGNAL));
		gi++;
	}
	assert_int_equal(gi, 9);
	for (gi = 0; gi < 6; gi++)
		assert_int_equal(n_ptrace[gi] + n_signal[gi], 0);
	assert_int_equal(flags[6], HARDEN_GROUP_F_PTRACE);
	assert_int_equal(ptrace[6], HARDEN_SCOPE_DENY);
	assert_int_equal(signal[6], -1);
	assert_int_equal(flags[7], HARDEN_GROUP_F_MOUNT | HARDEN_GROUP_F_PTRACE |
			 HARDEN_GROUP_F_SIGNAL);
	assert_int_equal(ptrace[7], HARDEN_SCOPE_CONTAINER);
	assert_int_equal(signal[7], HARDEN_SCOPE_CONTAINER);
	assert_int_equal(flags[8], 0);
	assert_int_equal(ptrace[8], -1);
	assert_int_equal(signal[8], -1);
	/* The values the kernel expects: enum harden_scope, and the flags. */
	assert_int_equal(HARDEN_SCOPE_DENY, 0);
	assert_int_equal(HARDEN_SCOPE_CONTAINER, 1);
	assert_int_equal(HARDEN_GROUP_F_PTRACE, 1U << 2);
	assert_int_equal(HARDEN_GROUP_F_SIGNAL, 1U << 3);
	policy_free(&pol);
}

/* policy_nl_group_size() is what policy_to_nl() emits, group by group. */
static void test_group_size(void **state)
{
	static const char *const bodies[] = {
		"",
		"\tmount deny\n",
		"\tmount allow\n",
		"\tmount allow t\n",
		"\tmount allow abc\n",		/* 4 bytes with the NUL: no padding */
		"\tmount allow abcd\n",		/* 5: padded to 8 */
		"\tmount allow tmpfs proc fuse 9p ext4 xfs btrfs overlay\n\tcaps all\n",
		"\tmount allow a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 b0 b1 b2 b3 b4 "
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n\tcaps none\n",
		"\tptrace deny\n",
		"\tptrace container\n",
		"\tptrace allow\n",
		"\tsignal deny\n",
		"\tsignal allow\n",
		"\tsignal container\n\tptrace deny\n",
		"\tsignal container\n\tptrace container\n\tmount allow tmpfs\n\tcaps all\n",
	};
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct policy pol;
	char text[512];
	size_t i, before, base = 0;

	(void)state;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		snprintf(text, sizeof(text), "group g {\n\tmatch /g\n%s}\n", bodies[i]);
		parse(text, &pol);
		nlh = mnl_nlmsg_put_header(buf);
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
		before = nlh->nlmsg_len;
		assert_int_equal(policy_to_nl(nlh, sizeof(buf), &pol, NULL), 0);
		assert_int_equal(nlh->nlmsg_len - before,
				 policy_nl_group_size(&pol.groups[0]));
		if (i == 0)
			base = policy_nl_group_size(&pol.groups[0]);
		policy_free(&pol);
	}
	/* A scope: 4 bytes of header and 1 of value, padded to 8; allow: none. */
	parse("group g {\n\tmatch /g\n\tptrace deny\n}\n", &pol);
	assert_int_equal(policy_nl_group_size(&pol.groups[0]) - base, 8);
	policy_free(&pol);
	parse("group g {\n\tmatch /g\n\tptrace container\n\tsignal deny\n}\n", &pol);
	assert_int_equal(policy_nl_group_size(&pol.groups[0]) - base, 16);
	policy_free(&pol);
	parse("group g {\n\tmatch /g\n\tptrace allow\n\tsignal allow\n}\n", &pol);
	assert_int_equal(policy_nl_group_size(&pol.groups[0]), base);
	policy_free(&pol);
	/* The types alone: 8 bytes of header and "t\0" padded, and so on. */
	parse("group g {\n\tmatch /g\n\tmount allow t abc abcd\n}\n", &pol);
	assert_int_equal(policy_nl_group_size(&pol.groups[0]) - base, 8 + 8 + 12);
	/*
	 * Types the parser never leaves without the flag do not count
	 * without it either: the encoder does not emit them.
	 */
	pol.groups[0].flags = 0;
	assert_int_equal(policy_nl_group_size(&pol.groups[0]), base);
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	before = nlh->nlmsg_len;
	assert_int_equal(policy_to_nl(nlh, sizeof(buf), &pol, NULL), 0);
	assert_int_equal(nlh->nlmsg_len - before, base);
	policy_free(&pol);
}

/* A load between two dump messages: show must read it again. */
static void test_dump_generation_change(void **state)
{
	struct policy_dump d;
	struct policy pol;

	(void)state;
	parse(POLICY, &pol);
	policy_dump_init(&d);
	feed_dump(&d, encode(&pol, NULL), 7, 1);
	assert_int_equal(policy_dump_check(&d), 1);
	/* Read again: consistent this time. */
	policy_dump_free(&d);
	feed_dump(&d, encode(&pol, NULL), 8, -1);
	assert_int_equal(policy_dump_check(&d), 0);
	assert_true(d.generation == 8);
	policy_dump_free(&d);
	policy_free(&pol);
}

/* Fewer groups than the header said, or no header: never a partial policy. */
static void test_dump_incomplete(void **state)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(dump_buf);
	struct policy_dump d;

	(void)state;
	policy_dump_init(&d);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, 3);
	mnl_attr_put_u32(nlh, HARDEN_A_GROUP_COUNT, 2);
	assert_int_equal(policy_dump_msg(&d, nlh), 0);
	assert_int_equal(policy_dump_check(&d), -1);
	policy_dump_free(&d);
	/* No policy loaded: a header saying 0 groups is complete. */
	nlh = mnl_nlmsg_put_header(dump_buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, 0);
	mnl_attr_put_u32(nlh, HARDEN_A_GROUP_COUNT, 0);
	assert_int_equal(policy_dump_msg(&d, nlh), 0);
	assert_int_equal(policy_dump_check(&d), 0);
	policy_dump_free(&d);
	/* A message without its generation is malformed. */
	nlh = mnl_nlmsg_put_header(dump_buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_u32(nlh, HARDEN_A_GROUP_COUNT, 0);
	assert_int_equal(policy_dump_msg(&d, nlh), -1);
	policy_dump_free(&d);
}

/* Offset of the @nth attribute of @type inside top-level group @grp. */
static uint32_t attr_off(const struct nlmsghdr *nlh, int grp, int type, int nth)
{
	const struct nlattr *g, *a;
	int i = 0;

	mnl_attr_for_each(g, nlh, HNL_HDRLEN) {
		if (mnl_attr_get_type(g) != HARDEN_A_GROUP || i++ != grp)
			continue;
		mnl_attr_for_each_nested(a, g)
			if (mnl_attr_get_type(a) == type && nth-- == 0)
				return (uint32_t)((const char *)a - (const char *)nlh);
	}
	fail_msg("attribute %d of group %d not found", type, grp);
	return 0;
}

static void test_locate(void **state)
{
	struct policy_nl_map map = { 0 };
	struct nlmsghdr *nlh;
	struct policy pol;
	struct policy_loc loc;

	(void)state;
	parse(POLICY, &pol);
	nlh = encode(&pol, &map);

	/* The second match of group 0 is the glob on line 3, column 8. */
	loc = policy_nl_locate(&map, attr_off(nlh, 0, HARDEN_GROUP_A_MATCH, 1));
	assert_int_equal(loc.line, 3);
	assert_int_equal(loc.col, 8);
	/* An offset inside the attribute's payload maps the same way. */
	loc = policy_nl_locate(&map, attr_off(nlh, 0, HARDEN_GROUP_A_MATCH, 1) + 6);
	assert_int_equal(loc.line, 3);
	/* The caps mask of group 0 maps to its caps line. */
	loc = policy_nl_locate(&map, attr_off(nlh, 0, HARDEN_GROUP_A_CAPS, 0));
	assert_int_equal(loc.line, 5);
	/* The name of group 1 maps to its group line. */
	loc = policy_nl_locate(&map, attr_off(nlh, 1, HARDEN_GROUP_A_NAME, 0));
	assert_int_equal(loc.line, 7);
	/* A defaulted mode maps to the group it belongs to. */
	loc = policy_nl_locate(&map, attr_off(nlh, 2, HARDEN_GROUP_A_MODE, 0));
	assert_int_equal(loc.line, 11);
	/* Each filesystem type maps to its own word. */
	loc = policy_nl_locate(&map, attr_off(nlh, 4, HARDEN_GROUP_A_MOUNT_TYPE, 1));
	assert_int_equal(loc.line, 21);
	assert_int_equal(loc.col, 20);
	/*
	 * The flags map to the line of the newest area in them: a kernel
	 * without mount support refuses the flag, and the mount line is why.
	 */
	loc = policy_nl_locate(&map, attr_off(nlh, 4, HARDEN_GROUP_A_FLAGS, 0));
	assert_int_equal(loc.line, 21);
	assert_int_equal(loc.col, 2);
	loc = policy_nl_locate(&map, attr_off(nlh, 3, HARDEN_GROUP_A_FLAGS, 0));
	assert_int_equal(loc.line, 16);
	loc = policy_nl_locate(&map, attr_off(nlh, 0, HARDEN_GROUP_A_FLAGS, 0));
	assert_int_equal(loc.line, 5);
	loc = policy_nl_locate(&map, attr_off(nlh, 2, HARDEN_GROUP_A_FLAGS, 0));
	assert_int_equal(loc.line, 11);
	/*
	 * Each scope maps to its own line; the flags to the newest area's:
	 * signal, even when the ptrace line comes later.
	 */
	loc = policy_nl_locate(&map, attr_off(nlh, 6, HARDEN_GROUP_A_PTRACE, 0));
	assert_int_equal(loc.line, 30);
	assert_int_equal(loc.col, 2);
	loc = policy_nl_locate(&map, attr_off(nlh, 6, HARDEN_GROUP_A_FLAGS, 0));
	assert_int_equal(loc.line, 30);
	loc = policy_nl_locate(&map, attr_off(nlh, 7, HARDEN_GROUP_A_SIGNAL, 0));
	assert_int_equal(loc.line, 34);
	loc = policy_nl_locate(&map, attr_off(nlh, 7, HARDEN_GROUP_A_PTRACE, 0));
	assert_int_equal(loc.line, 36);
	loc = policy_nl_locate(&map, attr_off(nlh, 7, HARDEN_GROUP_A_FLAGS, 0));
	assert_int_equal(loc.line, 34);
	assert_int_equal(loc.col, 2);
	/* "allow" sets no flag: its line is not why the flags are what they are. */
	loc = policy_nl_locate(&map, attr_off(nlh, 8, HARDEN_GROUP_A_FLAGS, 0));
	assert_int_equal(loc.line, 38);
	/* Offsets outside any attribute (the headers) map nowhere. */
	loc = policy_nl_locate(&map, 4);
	assert_int_equal(loc.line, 0);
	loc = policy_nl_locate(&map, 0xffffff);
	assert_int_equal(loc.line, 0);

	policy_nl_map_free(&map);
	policy_free(&pol);
}

static void test_encode_full_buffer(void **state)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct policy pol;

	(void)state;
	parse(POLICY, &pol);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	/* A buffer too small for the policy is an error, never an overflow. */
	assert_int_equal(policy_to_nl(nlh, 64, &pol, NULL), -1);
	policy_free(&pol);
}

static void test_decode_malformed(void **state)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct policy_dump d;
	struct nlattr *g;

	(void)state;
	policy_dump_init(&d);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, 1);
	g = mnl_attr_nest_start(nlh, HARDEN_A_GROUP);
	mnl_attr_put_u32(nlh, HARDEN_GROUP_A_MODE, 1);	/* u8 expected */
	mnl_attr_nest_end(nlh, g);
	assert_int_equal(policy_dump_msg(&d, nlh), -1);
	policy_dump_free(&d);

	/* A HARDEN_A_GROUP that is not a nest. */
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, 1);
	mnl_attr_put_u8(nlh, HARDEN_A_GROUP, 1);
	assert_int_equal(policy_dump_msg(&d, nlh), -1);
	policy_dump_free(&d);
}

/* A group of mount types as the kernel might send it; @n types of @name. */
static struct nlmsghdr *mount_group(uint32_t flags, int n, const char *name,
				    size_t name_len)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *g;
	int i;

	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, 1);
	g = mnl_attr_nest_start(nlh, HARDEN_A_GROUP);
	mnl_attr_put_strz(nlh, HARDEN_GROUP_A_NAME, "g");
	mnl_attr_put_strz(nlh, HARDEN_GROUP_A_MATCH, "/g");
	/* Types before the flags: the order of attributes does not matter. */
	for (i = 0; i < n; i++)
		mnl_attr_put(nlh, HARDEN_GROUP_A_MOUNT_TYPE, name_len, name);
	mnl_attr_put_u32(nlh, HARDEN_GROUP_A_FLAGS, flags);
	mnl_attr_nest_end(nlh, g);
	return nlh;
}

static void test_decode_mount(void **state)
{
	char longest[HARDEN_FSTYPE_MAX], too_long[HARDEN_FSTYPE_MAX + 1];
	struct policy_dump d;

	(void)state;
	memset(longest, 'x', sizeof(longest));
	longest[HARDEN_FSTYPE_MAX - 1] = '\0';
	memset(too_long, 'x', sizeof(too_long));
	too_long[HARDEN_FSTYPE_MAX] = '\0';

	policy_dump_init(&d);
	assert_int_equal(policy_dump_msg(&d, mount_group(HARDEN_GROUP_F_MOUNT,
							 HARDEN_MAX_MOUNT_TYPES,
							 longest, sizeof(longest))), 0);
	assert_int_equal(d.pol.groups[0].n_mount_types, HARDEN_MAX_MOUNT_TYPES);
	assert_string_equal(d.pol.groups[0].mount_types[15].name, longest);
	policy_dump_free(&d);

	/* One type too many, one byte too long, no NUL, no flag: malformed. */
	assert_int_equal(policy_dump_msg(&d, mount_group(HARDEN_GROUP_F_MOUNT,
							 HARDEN_MAX_MOUNT_TYPES + 1,
							 "tmpfs", 6)), -1);
	policy_dump_free(&d);
	assert_int_equal(policy_dump_msg(&d, mount_group(HARDEN_GROUP_F_MOUNT, 1,
							 too_long, sizeof(too_long))), -1);
	policy_dump_free(&d);
	assert_int_equal(policy_dump_msg(&d, mount_group(HARDEN_GROUP_F_MOUNT, 1,
							 "tmpfs", 5)), -1);
	policy_dump_free(&d);
	assert_int_equal(policy_dump_msg(&d, mount_group(0, 1, "tmpfs", 6)), -1);
	policy_dump_free(&d);
	/* The flag alone is "mount deny". */
	assert_int_equal(policy_dump_msg(&d, mount_group(HARDEN_GROUP_F_MOUNT, 0,
							 NULL, 0)), 0);
	assert_int_equal(d.pol.groups[0].flags, HARDEN_GROUP_F_MOUNT);
	assert_int_equal(d.pol.groups[0].n_mount_types, 0);
	policy_dump_free(&d);
}

/* A group with scopes as the kernel might send it; -1: leave one out. */
static struct nlmsghdr *scope_group(uint32_t flags, int ptrace, int signal,
				    bool wide)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *g;

	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, 1);
	g = mnl_attr_nest_start(nlh, HARDEN_A_GROUP);
	mnl_attr_put_strz(nlh, HARDEN_GROUP_A_NAME, "g");
	/* Scopes before the flags: the order of attributes does not matter. */
	if (ptrace >= 0 && wide)
		mnl_attr_put_u32(nlh, HARDEN_GROUP_A_PTRACE, ptrace);
	else if (ptrace >= 0)
		mnl_attr_put_u8(nlh, HARDEN_GROUP_A_PTRACE, ptrace);
	if (signal >= 0)
		mnl_attr_put_u8(nlh, HARDEN_GROUP_A_SIGNAL, signal);
	mnl_attr_put_strz(nlh, HARDEN_GROUP_A_MATCH, "/g");
	mnl_attr_put_u32(nlh, HARDEN_GROUP_A_FLAGS, flags);
	mnl_attr_nest_end(nlh, g);
	return nlh;
}

static void test_decode_scope(void **state)
{
	const uint32_t both = HARDEN_GROUP_F_PTRACE | HARDEN_GROUP_F_SIGNAL;
	struct policy_dump d;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	policy_dump_init(&d);
	assert_int_equal(policy_dump_msg(&d, scope_group(both, HARDEN_SCOPE_CONTAINER,
							 HARDEN_SCOPE_DENY, false)), 0);
	assert_int_equal(d.pol.groups[0].flags, both);
	assert_int_equal(d.pol.groups[0].ptrace_scope, HARDEN_SCOPE_CONTAINER);
	assert_int_equal(d.pol.groups[0].signal_scope, HARDEN_SCOPE_DENY);
	policy_dump_free(&d);

	/* A flag without its scope, a scope without its flag: malformed. */
	assert_int_equal(policy_dump_msg(&d, scope_group(HARDEN_GROUP_F_PTRACE, -1, -1,
							 false)), -1);
	policy_dump_free(&d);
	assert_int_equal(policy_dump_msg(&d, scope_group(both, 0, -1, false)), -1);
	policy_dump_free(&d);
	assert_int_equal(policy_dump_msg(&d, scope_group(0, 0, -1, false)), -1);
	policy_dump_free(&d);
	assert_int_equal(policy_dump_msg(&d, scope_group(HARDEN_GROUP_F_PTRACE, 0, 1,
							 false)), -1);
	policy_dump_free(&d);
	/* Not a u8. */
	assert_int_equal(policy_dump_msg(&d, scope_group(HARDEN_GROUP_F_PTRACE, 0, -1,
							 true)), -1);
	policy_dump_free(&d);

	/*
	 * A scope newer than this hardctl is kept, and show prints its
	 * number: what check refuses, rather than a wrong word.
	 */
	assert_int_equal(policy_dump_msg(&d, scope_group(HARDEN_GROUP_F_SIGNAL, -1, 7,
							 false)), 0);
	assert_int_equal(d.pol.groups[0].signal_scope, 7);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	assert_int_equal(policy_print_safe(f, &d.pol), 0);
	fclose(f);
	assert_string_equal(out, "group g {\n\tmatch /g\n\tmode enforce\n\tsignal 7\n}\n");
	free(out);
	policy_dump_free(&d);
}

/* ---- net area ---- */

static const char NET_POLICY[] =
	"group web {\n"			/* line 1 */
	"\tmatch /docker/web-*\n"
	"\tnet peer db\n"		/* line 3: before 'net isolate' */
	"\tnet isolate\n"
	"\tnet peer web  cache\n"	/* line 5 */
	"\tmode audit\n"
	"}\n"
	"group db {\n"			/* line 8 */
	"\tmatch /docker/db-*\n"
	"\tnet isolate\n"
	"\tsignal deny\n"
	"}\n"
	"group cache {\n"		/* line 13 */
	"\tmatch /docker/cache-*\n"
	"\tnet allow\n"
	"}\n"
	"group alone {\n"		/* line 17 */
	"\tmatch /docker/*\n"
	"\tptrace deny\n"
	"\tnet isolate\n"
	"\tnet peer db\n"
	"}\n";

/* The wire form: the flag for 'net isolate', one NUL string per peer. */
static void test_net_wire(void **state)
{
	static const char *const want[4][3] = {
		{ "db", "web", "cache" }, { NULL }, { NULL }, { "db" },
	};
	const struct nlattr *g, *a;
	struct nlmsghdr *nlh;
	struct policy pol;
	uint32_t flags[4] = { 0 };
	int gi = 0, n_peers[4] = { 0 };

	(void)state;
	parse(NET_POLICY, &pol);
	nlh = encode(&pol, NULL);
	mnl_attr_for_each(g, nlh, HNL_HDRLEN) {
		mnl_attr_for_each_nested(a, g) {
			switch (mnl_attr_get_type(a)) {
			case HARDEN_GROUP_A_FLAGS:
				flags[gi] = mnl_attr_get_u32(a);
				break;
			case HARDEN_GROUP_A_NET_PEER:
				assert_true(n_peers[gi] < 3);
				assert_true(mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0);
				assert_string_equal(mnl_attr_get_str(a), want[gi][n_peers[gi]]);
				/* The name and its NUL, nothing more. */
				assert_int_equal(mnl_attr_get_payload_len(a),
						 strlen(want[gi][n_peers[gi]]) + 1);
				n_peers[gi]++;
				break;
			}
		}
		gi++;
	}
	assert_int_equal(gi, 4);
	assert_int_equal(flags[0], HARDEN_GROUP_F_NET);
	assert_int_equal(n_peers[0], 3);
	assert_int_equal(flags[1], HARDEN_GROUP_F_NET | HARDEN_GROUP_F_SIGNAL);
	assert_int_equal(n_peers[1], 0);
	/* "net allow" is nothing on the wire. */
	assert_int_equal(flags[2], 0);
	assert_int_equal(n_peers[2], 0);
	assert_int_equal(flags[3], HARDEN_GROUP_F_NET | HARDEN_GROUP_F_PTRACE);
	assert_int_equal(n_peers[3], 1);
	/* The values the kernel expects. */
	assert_int_equal(HARDEN_GROUP_F_NET, 1U << 4);
	assert_int_equal(HARDEN_GROUP_A_NET_PEER, 9);
	assert_true(HARDEN_GROUP_F_ALL & HARDEN_GROUP_F_NET);

	/* Peers the parser never leaves without the flag are not sent without it. */
	pol.groups[0].flags = 0;
	nlh = encode(&pol, NULL);
	mnl_attr_for_each(g, nlh, HNL_HDRLEN) {
		mnl_attr_for_each_nested(a, g)
			assert_int_not_equal(mnl_attr_get_type(a), HARDEN_GROUP_A_NET_PEER);
		break;
	}
	policy_free(&pol);
}

/* Each peer maps back to its token; the flags to the net line, the newest area. */
static void test_net_locate(void **state)
{
	struct policy_nl_map map = { 0 };
	struct nlmsghdr *nlh;
	struct policy_loc loc;
	struct policy pol;

	(void)state;
	parse(NET_POLICY, &pol);
	nlh = encode(&pol, &map);
	loc = policy_nl_locate(&map, attr_off(nlh, 0, HARDEN_GROUP_A_NET_PEER, 0));
	assert_int_equal(loc.line, 3);
	assert_int_equal(loc.col, 11);
	loc = policy_nl_locate(&map, attr_off(nlh, 0, HARDEN_GROUP_A_NET_PEER, 2));
	assert_int_equal(loc.line, 5);
	assert_int_equal(loc.col, 16);
	loc = policy_nl_locate(&map, attr_off(nlh, 0, HARDEN_GROUP_A_FLAGS, 0));
	assert_int_equal(loc.line, 4);
	assert_int_equal(loc.col, 2);
	/* Newer than signal and ptrace: a kernel without the net area points here. */
	loc = policy_nl_locate(&map, attr_off(nlh, 1, HARDEN_GROUP_A_FLAGS, 0));
	assert_int_equal(loc.line, 10);
	loc = policy_nl_locate(&map, attr_off(nlh, 3, HARDEN_GROUP_A_FLAGS, 0));
	assert_int_equal(loc.line, 20);
	/* "net allow" sets no flag: the group line. */
	loc = policy_nl_locate(&map, attr_off(nlh, 2, HARDEN_GROUP_A_FLAGS, 0));
	assert_int_equal(loc.line, 13);
	policy_nl_map_free(&map);
	policy_free(&pol);
}

/* load -> dump -> show -> check: the same policy. */
static void test_net_roundtrip(void **state)
{
	struct policy pol, again;
	struct policy_error err;
	struct policy_dump d;
	char *out = NULL;
	size_t len = 0, g, p;
	FILE *f;

	(void)state;
	parse(NET_POLICY, &pol);
	policy_dump_init(&d);
	feed_dump(&d, encode(&pol, NULL), 3, -1);
	assert_int_equal(policy_dump_check(&d), 0);
	assert_int_equal(d.pol.n_groups, pol.n_groups);
	for (g = 0; g < pol.n_groups; g++) {
		assert_int_equal(d.pol.groups[g].flags, pol.groups[g].flags);
		assert_int_equal(d.pol.groups[g].n_net_peers, pol.groups[g].n_net_peers);
		for (p = 0; p < pol.groups[g].n_net_peers; p++)
			assert_string_equal(d.pol.groups[g].net_peers[p].name,
					    pol.groups[g].net_peers[p].name);
	}
	f = open_memstream(&out, &len);
	assert_int_equal(policy_print_safe(f, &d.pol), 0);
	fclose(f);
	assert_non_null(strstr(out, "group web {\n\tmatch /docker/web-*\n\tmode audit\n"
			       "\tnet isolate\n\tnet peer db web cache\n}\n"));
	assert_non_null(strstr(out, "group db {\n\tmatch /docker/db-*\n\tmode enforce\n"
			       "\tsignal deny\n\tnet isolate\n}\n"));
	assert_non_null(strstr(out, "group cache {\n\tmatch /docker/cache-*\n\tmode enforce\n}\n"));
	assert_non_null(strstr(out, "group alone {\n\tmatch /docker/*\n\tmode enforce\n"
			       "\tptrace deny\n\tnet isolate\n\tnet peer db\n}\n"));
	if (policy_parse(out, len, "show", &again, &err))
		fail_msg("%u:%u: %s\n%s", err.loc.line, err.loc.col, err.msg, out);
	for (g = 0; g < pol.n_groups; g++) {
		assert_int_equal(again.groups[g].flags, pol.groups[g].flags);
		assert_int_equal(again.groups[g].n_net_peers, pol.groups[g].n_net_peers);
	}
	policy_free(&again);
	free(out);
	policy_dump_free(&d);
	policy_free(&pol);
}

/* Each peer: 4 bytes of header and the name with its NUL, padded to 4. */
static void test_net_group_size(void **state)
{
	static const char *const bodies[] = {
		"\tnet isolate\n",
		"\tnet allow\n",
		"\tnet isolate\n\tnet peer g\n",
		"\tnet isolate\n\tnet peer g abc abcd a.b-c_d\n",
		"\tnet peer g\n\tnet isolate\n\tsignal deny\n\tptrace container\n\tmount allow tmpfs\n\tcaps all\n",
	};
	struct nlmsghdr *nlh;
	struct policy pol;
	char text[512];
	size_t i, before, base;

	(void)state;
	parse("group g {\n\tmatch /g\n}\ngroup abc { match /a }\ngroup abcd { match /b }\n"
	      "group a.b-c_d { match /c }\n", &pol);
	base = policy_nl_group_size(&pol.groups[0]);
	policy_free(&pol);
	for (i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		snprintf(text, sizeof(text), "group g {\n\tmatch /g\n%s}\ngroup abc { match /a }\n"
			 "group abcd { match /b }\ngroup a.b-c_d { match /c }\n", bodies[i]);
		parse(text, &pol);
		nlh = mnl_nlmsg_put_header(buf);
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
		before = nlh->nlmsg_len;
		assert_int_equal(policy_to_nl(nlh, sizeof(buf), &pol, NULL), 0);
		/* All four groups: the other three have no net lines. */
		assert_int_equal(nlh->nlmsg_len - before,
				 policy_nl_group_size(&pol.groups[0]) +
				 policy_nl_group_size(&pol.groups[1]) +
				 policy_nl_group_size(&pol.groups[2]) +
				 policy_nl_group_size(&pol.groups[3]));
		switch (i) {
		case 0:
		case 1:
			/* The flag is in the u32 that is always there. */
			assert_int_equal(policy_nl_group_size(&pol.groups[0]), base);
			break;
		case 2:
			assert_int_equal(policy_nl_group_size(&pol.groups[0]) - base, 8);
			break;
		case 3:
			assert_int_equal(policy_nl_group_size(&pol.groups[0]) - base,
					 8 + 8 + 12 + 12);
			break;
		}
		policy_free(&pol);
	}

	/*
	 * The widest group the limits allow (32 globs, 16 types, 64 peers of
	 * 63 bytes, every area) still fits one attribute.
	 */
	{
		size_t cap = 64 * 1024, len = 0, sz;
		char *big = malloc(cap), glob[256], name[64];
		int g, m;

		assert_non_null(big);
		memset(glob, 'a', sizeof(glob));
		glob[0] = '/';
		glob[250] = '\0';
		memset(name, 'n', sizeof(name));
		name[60] = '\0';
		len += (size_t)snprintf(big + len, cap - len, "group w {\n\tnet isolate\n"
					"\tsignal deny\n\tptrace deny\n\tcaps all\n\tmount allow");
		for (m = 0; m < HARDEN_MAX_MOUNT_TYPES; m++)
			len += (size_t)snprintf(big + len, cap - len, " t%02dxxxxxxxxxxxxxxxxxxxxxxxxxxx", m);
		len += (size_t)snprintf(big + len, cap - len, "\n\tnet peer w");
		for (g = 1; g < HARDEN_MAX_NET_PEERS; g++)
			len += (size_t)snprintf(big + len, cap - len, " %s%02d", name, g);
		len += (size_t)snprintf(big + len, cap - len, "\n");
		for (m = 0; m < HARDEN_MAX_MATCHES; m++)
			len += (size_t)snprintf(big + len, cap - len, "\tmatch %s%02d\n", glob, m);
		len += (size_t)snprintf(big + len, cap - len, "}\n");
		for (g = 1; g < HARDEN_MAX_GROUPS; g++)
			len += (size_t)snprintf(big + len, cap - len, "group %s%02d { match /%d }\n",
						name, g, g);
		assert_true(len < cap);
		parse(big, &pol);
		assert_int_equal(pol.groups[0].n_net_peers, HARDEN_MAX_NET_PEERS);
		sz = policy_nl_group_size(&pol.groups[0]);
		assert_true(sz > 12 * 1024 && sz <= 0xffff);
		nlh = mnl_nlmsg_put_header(buf);
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
		assert_int_equal(policy_to_nl(nlh, sizeof(buf), &pol, NULL), 0);
		policy_free(&pol);
		free(big);
	}
}

/* A group with peers as the kernel might send it. */
static struct nlmsghdr *net_group(uint32_t flags, const char *const *peers, size_t n,
				  int bad_len)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *g;
	size_t i;

	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, 1);
	g = mnl_attr_nest_start(nlh, HARDEN_A_GROUP);
	mnl_attr_put_strz(nlh, HARDEN_GROUP_A_NAME, "g");
	/* Peers before the flags: the order of attributes does not matter. */
	for (i = 0; i < n; i++)
		mnl_attr_put_strz(nlh, HARDEN_GROUP_A_NET_PEER, peers[i]);
	if (bad_len > 0)
		mnl_attr_put(nlh, HARDEN_GROUP_A_NET_PEER, (size_t)bad_len, "abcdefgh");
	mnl_attr_put_strz(nlh, HARDEN_GROUP_A_MATCH, "/g");
	mnl_attr_put_u32(nlh, HARDEN_GROUP_A_FLAGS, flags);
	mnl_attr_nest_end(nlh, g);
	return nlh;
}

static void test_decode_net(void **state)
{
	static const char *const two[] = { "g", "web" };
	static const char *const dup[] = { "g", "web", "g" };
	const char *many[HARDEN_MAX_NET_PEERS + 1];
	char names[HARDEN_MAX_NET_PEERS + 1][8], toolong[HARDEN_GROUP_NAME_MAX + 1];
	struct policy_dump d;
	size_t i;

	(void)state;
	policy_dump_init(&d);
	assert_int_equal(policy_dump_msg(&d, net_group(HARDEN_GROUP_F_NET, two, 2, 0)), 0);
	assert_int_equal(d.pol.groups[0].flags, HARDEN_GROUP_F_NET);
	assert_int_equal(d.pol.groups[0].n_net_peers, 2);
	assert_string_equal(d.pol.groups[0].net_peers[1].name, "web");
	policy_dump_free(&d);
	/* The flag alone: "net isolate". */
	assert_int_equal(policy_dump_msg(&d, net_group(HARDEN_GROUP_F_NET, NULL, 0, 0)), 0);
	assert_int_equal(d.pol.groups[0].n_net_peers, 0);
	policy_dump_free(&d);

	/* A peer without the flag: malformed (it would print as nothing). */
	assert_int_equal(policy_dump_msg(&d, net_group(0, two, 2, 0)), -1);
	policy_dump_free(&d);
	assert_int_equal(policy_dump_msg(&d, net_group(HARDEN_GROUP_F_SIGNAL, two, 1, 0)), -1);
	policy_dump_free(&d);
	/* A name twice, a string without its NUL, one too long, one too many. */
	assert_int_equal(policy_dump_msg(&d, net_group(HARDEN_GROUP_F_NET, dup, 3, 0)), -1);
	policy_dump_free(&d);
	assert_int_equal(policy_dump_msg(&d, net_group(HARDEN_GROUP_F_NET, two, 2, 3)), -1);
	policy_dump_free(&d);
	memset(toolong, 'x', sizeof(toolong));
	toolong[HARDEN_GROUP_NAME_MAX] = '\0';
	many[0] = toolong;
	assert_int_equal(policy_dump_msg(&d, net_group(HARDEN_GROUP_F_NET, many, 1, 0)), -1);
	policy_dump_free(&d);
	toolong[HARDEN_GROUP_NAME_MAX - 1] = '\0';	/* 63 bytes: fine */
	assert_int_equal(policy_dump_msg(&d, net_group(HARDEN_GROUP_F_NET, many, 1, 0)), 0);
	policy_dump_free(&d);
	for (i = 0; i <= HARDEN_MAX_NET_PEERS; i++) {
		snprintf(names[i], sizeof(names[i]), "p%zu", i);
		many[i] = names[i];
	}
	assert_int_equal(policy_dump_msg(&d, net_group(HARDEN_GROUP_F_NET, many,
						      HARDEN_MAX_NET_PEERS, 0)), 0);
	assert_int_equal(d.pol.groups[0].n_net_peers, HARDEN_MAX_NET_PEERS);
	policy_dump_free(&d);
	assert_int_equal(policy_dump_msg(&d, net_group(HARDEN_GROUP_F_NET, many,
						      HARDEN_MAX_NET_PEERS + 1, 0)), -1);
	policy_dump_free(&d);
}

/* ---- host kernel interfaces ---- */

#define DEV_C(maj, min)	HARDEN_DEVICE_RULE(HARDEN_DEVICE_CHAR, maj, min)
#define DEV_B(maj, min)	HARDEN_DEVICE_RULE(HARDEN_DEVICE_BLOCK, maj, min)

static const char HOST_POLICY[] =
	"group ro {\n"			/* line 1 */
	"\tmatch /docker/*\n"
	"\tsysctl readonly\n"
	"\tprocfs readonly\n"
	"\tsysfs readonly\n"
	"\tcgroupfs container\n"
	"\tdevices deny\n"
	"\tautoload deny\n"
	"}\n"
	"group dev {\n"			/* line 10 */
	"\tmatch /dev/*\n"
	"\tdevices allow kvm loop* c:10:*\n"
	"\tdevices allow b:254:* a:*:7\n"
	"\tmode audit\n"
	"}\n"
	"group open {\n"		/* line 16 */
	"\tmatch /open/*\n"
	"\tsysctl allow\n"
	"\tdevices allow\n"
	"}\n";

static const uint64_t dev_rules[] = {
	DEV_C(10, 232), DEV_B(7, HARDEN_DEVICE_MINOR_ANY), DEV_C(10, 237),
	DEV_C(10, HARDEN_DEVICE_MINOR_ANY), DEV_B(254, HARDEN_DEVICE_MINOR_ANY),
	HARDEN_DEVICE_RULE(HARDEN_DEVICE_CHAR | HARDEN_DEVICE_BLOCK, 0, 7) |
		HARDEN_DEVICE_MAJOR_ANY,
};

static void test_host_wire(void **state)
{
	const struct nlattr *g, *a;
	struct nlmsghdr *nlh;
	struct policy pol;
	uint32_t flags[3] = { 0 };
	int gi = 0, n_dev[3] = { 0 };

	(void)state;
	parse(HOST_POLICY, &pol);
	nlh = encode(&pol, NULL);
	mnl_attr_for_each(g, nlh, HNL_HDRLEN) {
		mnl_attr_for_each_nested(a, g) {
			switch (mnl_attr_get_type(a)) {
			case HARDEN_GROUP_A_FLAGS:
				flags[gi] = mnl_attr_get_u32(a);
				break;
			case HARDEN_GROUP_A_DEVICE:
				assert_true(mnl_attr_validate(a, MNL_TYPE_U64) == 0);
				assert_int_equal(mnl_attr_get_payload_len(a), 8);
				assert_true(n_dev[gi] < 6);
				assert_true(mnl_attr_get_u64(a) == dev_rules[n_dev[gi]]);
				n_dev[gi]++;
				break;
			}
		}
		gi++;
	}
	assert_int_equal(gi, 3);
	/* every host line but keyring, which test_policy covers */
	assert_int_equal(flags[0], HARDEN_GROUP_F_HOST & ~HARDEN_GROUP_F_KEYRING);
	assert_int_equal(n_dev[0], 0);
	assert_int_equal(flags[1], HARDEN_GROUP_F_DEVICES);
	assert_int_equal(n_dev[1], 6);
	/* "allow" is nothing on the wire. */
	assert_int_equal(flags[2], 0);
	assert_int_equal(n_dev[2], 0);
	/* The values the kernel expects. */
	assert_int_equal(HARDEN_GROUP_F_SYSCTL, 1U << 5);
	assert_int_equal(HARDEN_GROUP_F_AUTOLOAD, 1U << 10);
	assert_int_equal(HARDEN_GROUP_A_DEVICE, 10);
	assert_true(DEV_C(10, 232) == 0x8000000a000000e8ULL);

	/* Rules the parser never leaves without the flag are not sent without it. */
	pol.groups[1].flags = 0;
	nlh = encode(&pol, NULL);
	mnl_attr_for_each(g, nlh, HNL_HDRLEN)
		mnl_attr_for_each_nested(a, g)
			assert_int_not_equal(mnl_attr_get_type(a), HARDEN_GROUP_A_DEVICE);
	policy_free(&pol);
}

/* Each rule maps back to its token; the flags to the newest host line. */
static void test_host_locate(void **state)
{
	struct policy_nl_map map = { 0 };
	struct nlmsghdr *nlh;
	struct policy_loc loc;
	struct policy pol;

	(void)state;
	parse(HOST_POLICY, &pol);
	nlh = encode(&pol, &map);
	loc = policy_nl_locate(&map, attr_off(nlh, 1, HARDEN_GROUP_A_DEVICE, 0));
	assert_int_equal(loc.line, 12);
	assert_int_equal(loc.col, 16);
	/* Both rules of "loop*" point at the glob. */
	loc = policy_nl_locate(&map, attr_off(nlh, 1, HARDEN_GROUP_A_DEVICE, 2));
	assert_int_equal(loc.line, 12);
	assert_int_equal(loc.col, 20);
	loc = policy_nl_locate(&map, attr_off(nlh, 1, HARDEN_GROUP_A_DEVICE, 5));
	assert_int_equal(loc.line, 13);
	assert_int_equal(loc.col, 24);
	loc = policy_nl_locate(&map, attr_off(nlh, 1, HARDEN_GROUP_A_FLAGS, 0));
	assert_int_equal(loc.line, 12);
	/* A kernel without the host area points at its newest line. */
	loc = policy_nl_locate(&map, attr_off(nlh, 0, HARDEN_GROUP_A_FLAGS, 0));
	assert_int_equal(loc.line, 8);
	loc = policy_nl_locate(&map, attr_off(nlh, 2, HARDEN_GROUP_A_FLAGS, 0));
	assert_int_equal(loc.line, 16);
	policy_nl_map_free(&map);
	policy_free(&pol);
}

/* load -> dump -> show -> check: the same policy, devices by name. */
static void test_host_roundtrip(void **state)
{
	struct policy pol, again;
	struct policy_error err;
	struct policy_dump d;
	char *out = NULL;
	size_t len = 0, g, i;
	FILE *f;

	(void)state;
	parse(HOST_POLICY, &pol);
	policy_dump_init(&d);
	feed_dump(&d, encode(&pol, NULL), 5, -1);
	assert_int_equal(policy_dump_check(&d), 0);
	assert_int_equal(d.pol.n_groups, 3);
	for (g = 0; g < pol.n_groups; g++) {
		assert_int_equal(d.pol.groups[g].flags, pol.groups[g].flags);
		assert_int_equal(d.pol.groups[g].n_devices, pol.groups[g].n_devices);
		for (i = 0; i < pol.groups[g].n_devices; i++)
			assert_true(d.pol.groups[g].devices[i].rule ==
				    pol.groups[g].devices[i].rule);
	}
	f = open_memstream(&out, &len);
	assert_int_equal(policy_print_safe(f, &d.pol), 0);
	fclose(f);
	assert_non_null(strstr(out, "group ro {\n\tmatch /docker/*\n\tmode enforce\n"
			       "\tsysctl readonly\n\tprocfs readonly\n\tsysfs readonly\n"
			       "\tcgroupfs container\n\tautoload deny\n\tdevices deny\n}\n"));
	assert_non_null(strstr(out, "group dev {\n\tmatch /dev/*\n\tmode audit\n"
			       "\tdevices allow kvm loop loop-control c:10:* b:254:* a:*:7\n}\n"));
	assert_non_null(strstr(out, "group open {\n\tmatch /open/*\n\tmode enforce\n}\n"));
	if (policy_parse(out, len, "show", &again, &err))
		fail_msg("%u:%u: %s\n%s", err.loc.line, err.loc.col, err.msg, out);
	for (g = 0; g < pol.n_groups; g++) {
		assert_int_equal(again.groups[g].flags, pol.groups[g].flags);
		assert_int_equal(again.groups[g].n_devices, pol.groups[g].n_devices);
		for (i = 0; i < pol.groups[g].n_devices; i++)
			assert_true(again.groups[g].devices[i].rule ==
				    pol.groups[g].devices[i].rule);
	}
	policy_free(&again);
	free(out);
	policy_dump_free(&d);
	policy_free(&pol);
}

/* Each rule: 4 bytes of header and 8 of value. */
static void test_host_group_size(void **state)
{
	struct nlmsghdr *nlh;
	struct policy pol;
	size_t base, before, i;
	char text[2048];
	int n;

	(void)state;
	parse("group g {\n\tmatch /g\n}\n", &pol);
	base = policy_nl_group_size(&pol.groups[0]);
	policy_free(&pol);
	parse("group g {\n\tmatch /g\n\tsysctl readonly\n\tdevices deny\n\tautoload deny\n}\n", &pol);
	assert_int_equal(policy_nl_group_size(&pol.groups[0]), base);
	policy_free(&pol);
	parse("group g {\n\tmatch /g\n\tdevices allow kvm loop*\n}\n", &pol);
	assert_int_equal(policy_nl_group_size(&pol.groups[0]) - base, 3 * 12);
	policy_free(&pol);

	/* The most rules a group may have: counted and sent exactly. */
	n = snprintf(text, sizeof(text), "group g {\n\tmatch /g\n\tdevices allow");
	for (i = 0; i < HARDEN_MAX_DEVICES; i++)
		n += snprintf(text + n, sizeof(text) - n, " b:%zu:*", 300 + i);
	snprintf(text + n, sizeof(text) - n, "\n}\n");
	parse(text, &pol);
	assert_int_equal(pol.groups[0].n_devices, HARDEN_MAX_DEVICES);
	assert_int_equal(policy_nl_group_size(&pol.groups[0]) - base,
			 HARDEN_MAX_DEVICES * 12);
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	before = nlh->nlmsg_len;
	assert_int_equal(policy_to_nl(nlh, sizeof(buf), &pol, NULL), 0);
	assert_int_equal(nlh->nlmsg_len - before, policy_nl_group_size(&pol.groups[0]));
	policy_free(&pol);
}

/* A group with device rules as the kernel might send it. */
static struct nlmsghdr *dev_group(uint32_t flags, const uint64_t *rules, size_t n,
				  bool short_attr)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *g;
	size_t i;

	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, 1);
	g = mnl_attr_nest_start(nlh, HARDEN_A_GROUP);
	mnl_attr_put_strz(nlh, HARDEN_GROUP_A_NAME, "g");
	for (i = 0; i < n; i++) {
		/* nla_put_u64_64bit() may pad with an empty HARDEN_GROUP_A_UNSPEC. */
		mnl_attr_put(nlh, HARDEN_GROUP_A_UNSPEC, 0, NULL);
		mnl_attr_put_u64(nlh, HARDEN_GROUP_A_DEVICE, rules[i]);
	}
	if (short_attr)
		mnl_attr_put_u32(nlh, HARDEN_GROUP_A_DEVICE, 1);
	mnl_attr_put_strz(nlh, HARDEN_GROUP_A_MATCH, "/g");
	mnl_attr_put_u32(nlh, HARDEN_GROUP_A_FLAGS, flags);
	mnl_attr_nest_end(nlh, g);
	return nlh;
}

static void test_decode_host(void **state)
{
	uint64_t many[HARDEN_MAX_DEVICES + 1], bad;
	struct policy_dump d;
	size_t i;

	(void)state;
	policy_dump_init(&d);
	assert_int_equal(policy_dump_msg(&d, dev_group(HARDEN_GROUP_F_DEVICES, dev_rules, 6, false)), 0);
	assert_int_equal(d.pol.groups[0].n_devices, 6);
	for (i = 0; i < 6; i++)
		assert_true(d.pol.groups[0].devices[i].rule == dev_rules[i]);
	policy_dump_free(&d);
	/* Every host flag, no rule: "devices deny" and the rest. */
	assert_int_equal(policy_dump_msg(&d, dev_group(HARDEN_GROUP_F_HOST, NULL, 0, false)), 0);
	assert_int_equal(d.pol.groups[0].flags, HARDEN_GROUP_F_HOST);
	policy_dump_free(&d);

	/* A rule without the flag: malformed (it would print as nothing). */
	assert_int_equal(policy_dump_msg(&d, dev_group(HARDEN_GROUP_F_SYSFS, dev_rules, 1, false)), -1);
	policy_dump_free(&d);
	/* A rule twice: the kernel takes it, so it is shown as it is. */
	many[0] = many[1] = dev_rules[0];
	assert_int_equal(policy_dump_msg(&d, dev_group(HARDEN_GROUP_F_DEVICES, many, 2, false)), 0);
	assert_int_equal(d.pol.groups[0].n_devices, 2);
	policy_dump_free(&d);
	/* A short attribute. */
	assert_int_equal(policy_dump_msg(&d, dev_group(HARDEN_GROUP_F_DEVICES, dev_rules, 1, true)), -1);
	policy_dump_free(&d);
	/* No type, an unknown bit, a bit between minor and major. */
	bad = HARDEN_DEVICE_RULE(0, 10, 200);
	assert_int_equal(policy_dump_msg(&d, dev_group(HARDEN_GROUP_F_DEVICES, &bad, 1, false)), -1);
	policy_dump_free(&d);
	bad = DEV_C(10, 200) | (1ULL << 60);
	assert_int_equal(policy_dump_msg(&d, dev_group(HARDEN_GROUP_F_DEVICES, &bad, 1, false)), -1);
	policy_dump_free(&d);
	bad = DEV_C(10, 200) | (1ULL << 20);
	assert_int_equal(policy_dump_msg(&d, dev_group(HARDEN_GROUP_F_DEVICES, &bad, 1, false)), -1);
	policy_dump_free(&d);
	/* "Any" with a number besides: the kernel refuses it. */
	bad = DEV_C(10, 200) | HARDEN_DEVICE_MINOR_ANY;
	assert_int_equal(policy_dump_msg(&d, dev_group(HARDEN_GROUP_F_DEVICES, &bad, 1, false)), -1);
	policy_dump_free(&d);
	bad = DEV_C(10, 0) | HARDEN_DEVICE_MAJOR_ANY;
	assert_int_equal(policy_dump_msg(&d, dev_group(HARDEN_GROUP_F_DEVICES, &bad, 1, false)), -1);
	policy_dump_free(&d);
	bad = DEV_C(0, 0) | HARDEN_DEVICE_MAJOR_ANY | HARDEN_DEVICE_MINOR_ANY;
	assert_int_equal(policy_dump_msg(&d, dev_group(HARDEN_GROUP_F_DEVICES, &bad, 1, false)), 0);
	policy_dump_free(&d);
	/* The limit, and one more. */
	for (i = 0; i <= HARDEN_MAX_DEVICES; i++)
		many[i] = DEV_C(300, i);
	assert_int_equal(policy_dump_msg(&d, dev_group(HARDEN_GROUP_F_DEVICES, many,
						      HARDEN_MAX_DEVICES, false)), 0);
	assert_int_equal(d.pol.groups[0].n_devices, HARDEN_MAX_DEVICES);
	policy_dump_free(&d);
	assert_int_equal(policy_dump_msg(&d, dev_group(HARDEN_GROUP_F_DEVICES, many,
						      HARDEN_MAX_DEVICES + 1, false)), -1);
	policy_dump_free(&d);
}

/*
 * The largest policy the limits allow (64 groups x 32 globs of 255 bytes,
 * ~540 KiB) parses, and goes in one message: no 64 KiB limit on the whole,
 * each group its own attribute. An extack offset deep in the message still
 * maps back to its line.
 */
static void test_full_policy(void **state)
{
	size_t cap = 700 * 1024, len = 0;
	char *text = malloc(cap), glob[256];
	struct policy_nl_map map = { 0 };
	struct policy_error err;
	const struct nlattr *a;
	struct nlmsghdr *nlh;
	struct policy_loc loc;
	struct policy pol;
	int g, m, n = 0;

	(void)state;
	assert_non_null(text);
	memset(glob, 'a', sizeof(glob));
	glob[0] = '/';
	glob[250] = '\0';
	for (g = 0; g < HARDEN_MAX_GROUPS; g++) {
		len += (size_t)snprintf(text + len, cap - len, "group g%d {\n", g);
		for (m = 0; m < HARDEN_MAX_MATCHES; m++)
			len += (size_t)snprintf(text + len, cap - len, "\tmatch %s%02d%02d\n",
						glob, g, m);
		len += (size_t)snprintf(text + len, cap - len, "}\n");
	}
	if (policy_parse(text, len, "big.conf", &pol, &err) < 0)
		fail_msg("%u:%u: %s", err.loc.line, err.loc.col, err.msg);
	nlh = encode(&pol, &map);
	assert_true(nlh->nlmsg_len > 512 * 1024);
	mnl_attr_for_each(a, nlh, HNL_HDRLEN) {
		assert_int_equal(mnl_attr_get_type(a), HARDEN_A_GROUP);
		assert_true(mnl_attr_get_len(a) <= 0xffff);
		n++;
	}
	assert_int_equal(n, HARDEN_MAX_GROUPS);
	/* The last glob of the last group: line 64 * 34 - 1, past 512 KiB. */
	loc = policy_nl_locate(&map, attr_off(nlh, 63, HARDEN_GROUP_A_MATCH, 31));
	assert_true(attr_off(nlh, 63, HARDEN_GROUP_A_MATCH, 31) > 512 * 1024);
	assert_int_equal(loc.line, 64 * 34 - 1);
	assert_int_equal(loc.col, 8);
	/* The name of group 40 maps to its group line. */
	loc = policy_nl_locate(&map, attr_off(nlh, 40, HARDEN_GROUP_A_NAME, 0));
	assert_int_equal(loc.line, 40 * 34 + 1);
	policy_nl_map_free(&map);
	policy_free(&pol);
	free(text);
}

/* CTRL_CMD_GETFAMILY's reply: the family id and the "events" group id. */
static void test_family_parse(void **state)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *grps, *grp;
	uint32_t events = 0;
	uint16_t family = 0;

	(void)state;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, HARDEN_GENL_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x1d);
	grps = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	grp = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 7);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "eventsX");
	mnl_attr_nest_end(nlh, grp);
	grp = mnl_attr_nest_start(nlh, 2);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, HARDEN_MCGRP_EVENTS);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 9);
	mnl_attr_nest_end(nlh, grp);
	mnl_attr_nest_end(nlh, grps);
	hnl_family_parse(nlh, &family, &events);
	assert_int_equal(family, 0x1d);
	assert_int_equal(events, 9);

	/* A module without the group: 0, and monitor says so. */
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 0x1e);
	events = 0;
	hnl_family_parse(nlh, &family, &events);
	assert_int_equal(family, 0x1e);
	assert_int_equal(events, 0);
}

/* The send buffer grows to what a message needs (netlink wants 32 more). */
static void test_sndbuf(void **state)
{
	struct hnl h = { 0 };
	socklen_t l = sizeof(int);
	int have = 0;

	(void)state;
	h.sock = mnl_socket_open(NETLINK_GENERIC);
	if (!h.sock)
		skip();
	assert_int_equal(hnl_sndbuf(&h, 100 * 1024), 0);
	assert_int_equal(getsockopt(mnl_socket_get_fd(h.sock), SOL_SOCKET, SO_SNDBUF,
				    &have, &l), 0);
	assert_true(have >= 100 * 1024 + 32);
	/* A full policy is past the default wmem_max: SO_SNDBUFFORCE, as root. */
	if (geteuid() == 0) {
		assert_int_equal(hnl_sndbuf(&h, 600 * 1024), 0);
		l = sizeof(int);
		assert_int_equal(getsockopt(mnl_socket_get_fd(h.sock), SOL_SOCKET,
					    SO_SNDBUF, &have, &l), 0);
		assert_true(have >= 600 * 1024 + 32);
	}
	mnl_socket_close(h.sock);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_mount_wire),
		cmocka_unit_test(test_scope_wire),
		cmocka_unit_test(test_group_size),
		cmocka_unit_test(test_dump_generation_change),
		cmocka_unit_test(test_dump_incomplete),
		cmocka_unit_test(test_locate),
		cmocka_unit_test(test_encode_full_buffer),
		cmocka_unit_test(test_decode_malformed),
		cmocka_unit_test(test_decode_mount),
		cmocka_unit_test(test_decode_scope),
		cmocka_unit_test(test_net_wire),
		cmocka_unit_test(test_net_locate),
		cmocka_unit_test(test_net_roundtrip),
		cmocka_unit_test(test_net_group_size),
		cmocka_unit_test(test_decode_net),
		cmocka_unit_test(test_host_wire),
		cmocka_unit_test(test_host_locate),
		cmocka_unit_test(test_host_roundtrip),
		cmocka_unit_test(test_host_group_size),
		cmocka_unit_test(test_decode_host),
		cmocka_unit_test(test_full_policy),
		cmocka_unit_test(test_family_parse),
		cmocka_unit_test(test_sndbuf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
