// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: policy <-> netlink attributes, extack offset -> file:line:col,
 * and the stats output formats.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../ctl/format.h"
#include "../../ctl/nl.h"
#include "../../ctl/policy.h"
#include "../../ctl/policy_nl.h"

__attribute__((weak)) const char *prog = "hardctl";

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

static void test_roundtrip(void **state)
{
	struct policy pol, back;
	uint64_t gen, t;
	size_t g, m;

	(void)state;
	parse(POLICY, &pol);
	assert_int_equal(policy_from_nl(encode(&pol, NULL), &back, &gen, &t), 0);
	assert_int_equal(back.n_groups, pol.n_groups);
	for (g = 0; g < pol.n_groups; g++) {
		assert_string_equal(back.groups[g].name, pol.groups[g].name);
		assert_int_equal(back.groups[g].mode, pol.groups[g].mode);
		assert_int_equal(back.groups[g].flags, pol.groups[g].flags);
		assert_true(back.groups[g].caps == pol.groups[g].caps);
		assert_int_equal(back.groups[g].n_matches, pol.groups[g].n_matches);
		for (m = 0; m < pol.groups[g].n_matches; m++)
			assert_string_equal(back.groups[g].matches[m].glob,
					    pol.groups[g].matches[m].glob);
	}
	/* The parser's size limit uses exactly what the encoder emits. */
	{
		struct nlmsghdr *nlh = encode(&pol, NULL);
		size_t want = MNL_ATTR_HDRLEN;

		for (g = 0; g < pol.n_groups; g++)
			want += policy_nl_group_size(&pol.groups[g]);
		assert_int_equal(mnl_nlmsg_get_payload_len(nlh) -
				 sizeof(struct genlmsghdr), want);
	}
	/* "plain" polices nothing: no caps flag, no mask on the wire. */
	assert_int_equal(back.groups[2].flags, 0);
	/* "none" is the caps flag with an empty mask. */
	assert_int_equal(back.groups[1].flags, HARDEN_GROUP_F_CAPS);
	assert_true(back.groups[1].caps == 0);
	policy_free(&pol);
	policy_free(&back);
}

/* Offset of the first attribute of @type at depth 2 (inside group @grp). */
static uint32_t attr_off(const struct nlmsghdr *nlh, int grp, int type, int nth)
{
	const struct nlattr *groups = (const void *)((const char *)nlh +
		NLMSG_HDRLEN + sizeof(struct genlmsghdr));
	const struct nlattr *g, *a;
	int i = 0;

	mnl_attr_for_each_nested(g, groups) {
		if (i++ != grp)
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
	struct nlattr *gs, *g;
	struct policy back;
	uint64_t gen, t;

	(void)state;
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	gs = mnl_attr_nest_start(nlh, HARDEN_A_GROUPS);
	g = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_u32(nlh, HARDEN_GROUP_A_MODE, 1);	/* u8 expected */
	mnl_attr_nest_end(nlh, g);
	mnl_attr_nest_end(nlh, gs);
	assert_int_equal(policy_from_nl(nlh, &back, &gen, &t), -1);
}

/*
 * The largest policy the limits allow (64 groups x 32 globs of 255 bytes)
 * does not fit one netlink attribute: the parser must refuse it with a
 * location, and the encoder must never emit a truncated nest.
 */
static void test_policy_too_large_for_netlink(void **state)
{
	size_t cap = 700 * 1024, len = 0;
	char *text = malloc(cap), glob[256];
	struct policy_error err;
	struct policy pol;
	int g, m;

	(void)state;
	memset(glob, 'a', sizeof(glob));
	glob[0] = '/';
	glob[250] = '\0';
	for (g = 0; g < 64; g++) {
		len += (size_t)snprintf(text + len, cap - len, "group g%d {\n", g);
		for (m = 0; m < 32; m++)
			len += (size_t)snprintf(text + len, cap - len, "\tmatch %s%02d%02d\n",
						glob, g, m);
		len += (size_t)snprintf(text + len, cap - len, "}\n");
	}
	assert_int_equal(policy_parse(text, len, "big.conf", &pol, &err), -1);
	assert_non_null(strstr(err.msg, "too large to load"));
	/* Group g7 is where 64 KiB runs out: 8 groups of ~8.4 KiB. */
	assert_int_equal(err.loc.line, 7 * 34 + 1);
	assert_int_equal(err.loc.col, 7);
	free(text);
}

static char *capture(void (*fn)(FILE *, const struct cg_stats *, size_t),
		     const struct cg_stats *rows, size_t n)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	fn(f, rows, n);
	fclose(f);
	return out;
}

static void test_stats_formats(void **state)
{
	static struct cg_stats rows[2];
	char *out;

	(void)state;
	memset(rows, 0, sizeof(rows));
	rows[0].id = 42;
	strcpy(rows[0].path, "/docker/ab\"c");
	strcpy(rows[0].group, "docker");
	rows[0].caps[0].cap = 21;	/* SYS_ADMIN */
	rows[0].caps[0].denied = 7;
	rows[0].caps[1].cap = 63;	/* unknown to hardctl */
	rows[0].caps[1].audited = 2;
	rows[0].n_caps = 2;
	rows[1].id = 43;
	strcpy(rows[1].path, "/docker/idle");

	out = capture(stats_print_table, rows, 2);
	assert_non_null(strstr(out, "SYS_ADMIN"));
	assert_non_null(strstr(out, "CAP_63"));
	assert_non_null(strstr(out, "/docker/idle"));
	free(out);

	out = capture(stats_print_json, rows, 2);
	assert_string_equal(out,
		"[\n"
		"  {\"cgroup\": \"/docker/ab\\\"c\", \"cgroup_id\": 42, \"group\": \"docker\", "
		"\"caps\": {\"SYS_ADMIN\": {\"denied\": 7, \"audited\": 0}, "
		"\"CAP_63\": {\"denied\": 0, \"audited\": 2}}},\n"
		"  {\"cgroup\": \"/docker/idle\", \"cgroup_id\": 43, \"group\": null, \"caps\": {}}\n"
		"]\n");
	free(out);

	out = capture(stats_print_json, rows, 0);
	assert_string_equal(out, "[]\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_locate),
		cmocka_unit_test(test_encode_full_buffer),
		cmocka_unit_test(test_decode_malformed),
		cmocka_unit_test(test_stats_formats),
		cmocka_unit_test(test_policy_too_large_for_netlink),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
