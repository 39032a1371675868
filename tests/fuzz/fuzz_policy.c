// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: the policy parser (what `hardctl check` and `hardctl
 * load` run on a file) and, for every policy it accepts, the netlink
 * encoder of `hardctl load` and the GET_POLICY decoder of `hardctl show`.
 *
 * Any broken invariant traps, so that libFuzzer keeps the input:
 *   - an error has line >= 1, col >= 1 inside the text (col at most one
 *     past the end of its line), a non-empty NUL-terminated message, and
 *     the output policy is left empty;
 *   - an accepted policy stays within the UAPI limits, prints in canonical
 *     form that parses back to the same policy and prints identically;
 *   - policy_to_nl() fills a buffer of exactly the size that
 *     policy_nl_group_size() predicts, fails cleanly one byte short, and
 *     emits only well-formed attributes of the types the UAPI documents,
 *     whose extack map entries all lie inside the message;
 *   - the message, fed back as the kernel's GET_POLICY dump, decodes to
 *     the same policy, which `hardctl show` prints as the canonical text,
 *     unescaped;
 *   - error messages are one line of UTF-8 text without control
 *     characters, printed as "file:line:col: error: msg".
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../ctl/format.h"
#include "../../ctl/nl.h"
#include "../../ctl/policy.h"
#include "../../ctl/policy_nl.h"

/* ctl/main.c is left out, as in the unit tests. */
__attribute__((weak)) const char *prog = "hardctl";
__attribute__((weak)) bool opt_json;

#define FILE_NAME	"fuzz.conf"

#define CHECK(cond)	do { if (!(cond)) check_failed(#cond, __LINE__); } while (0)

static void check_failed(const char *what, int line)
{
	fprintf(stderr, "fuzz_policy.c:%d: invariant violated: %s\n", line, what);
	__builtin_trap();
}

/* tests/unit/json_check.h asserts with cmocka; here a failure traps. */
#define assert_non_null(p)	CHECK((p) != NULL)
#include "../unit/json_check.h"

static bool str_ok(const char *s, size_t size)
{
	return s[0] && strnlen(s, size) < size;
}

/* An error's position points into the text. */
static void check_error(const uint8_t *data, size_t size, int ret,
			const struct policy *pol, const struct policy_error *err)
{
	size_t i, line = 1, line_start = 0, line_len;

	CHECK(ret == -1);
	CHECK(pol->groups == NULL && pol->n_groups == 0);
	CHECK(str_ok(err->msg, sizeof(err->msg)));
	/* Quoted tokens are cut whole characters at a time: text, no controls. */
	CHECK(clean_utf8(err->msg, strlen(err->msg)));
	CHECK(!strcmp(err->file, FILE_NAME));
	if (size > POLICY_FILE_MAX) {
		CHECK(err->loc.line == 0);
		return;
	}
	CHECK(err->loc.line >= 1 && err->loc.col >= 1);
	for (i = 0; i < size && line < err->loc.line; i++) {
		if (data[i] == '\n') {
			line++;
			line_start = i + 1;
		}
	}
	CHECK(line == err->loc.line);
	for (line_len = 0; line_start + line_len < size &&
	     data[line_start + line_len] != '\n'; line_len++)
		;
	CHECK(err->loc.col <= line_len + 1);
}

/* What hardctl check prints: "file:line:col: error: msg", one line. */
static void check_error_print(const struct policy_error *err)
{
	char *out = NULL, *want;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	CHECK(f);
	policy_error_print(f, err);
	CHECK(fclose(f) == 0);
	if (err->loc.line)
		CHECK(asprintf(&want, "%s:%u:%u: error: %s\n", FILE_NAME,
			       err->loc.line, err->loc.col, err->msg) > 0);
	else
		CHECK(asprintf(&want, "%s: error: %s\n", FILE_NAME, err->msg) > 0);
	CHECK(!strcmp(out, want));
	CHECK(!memchr(err->msg, '\n', strlen(err->msg)));
	free(want);
	free(out);
}

static void check_loc(struct policy_loc loc, bool optional)
{
	if (optional && !loc.line)
		return;
	CHECK(loc.line >= 1 && loc.col >= 1);
}

static void check_limits(const struct policy *pol)
{
	size_t g, i, j;

	CHECK(!strcmp(pol->file, FILE_NAME));
	CHECK(pol->n_groups <= HARDEN_MAX_GROUPS);
	CHECK(!pol->n_groups == !pol->groups);
	for (g = 0; g < pol->n_groups; g++) {
		const struct policy_group *pg = &pol->groups[g];

		CHECK(str_ok(pg->name, sizeof(pg->name)));
		check_loc(pg->loc, false);
		for (j = 0; j < g; j++)
			CHECK(strcmp(pol->groups[j].name, pg->name));
		CHECK(pg->n_matches >= 1 && pg->n_matches <= HARDEN_MAX_MATCHES);
		for (i = 0; i < pg->n_matches; i++) {
			CHECK(str_ok(pg->matches[i].glob, HARDEN_GLOB_MAX));
			check_loc(pg->matches[i].loc, false);
		}
		CHECK(pg->mode <= HARDEN_MODE_MAX);
		check_loc(pg->mode_loc, true);
		CHECK((pg->flags & HARDEN_GROUP_F_CAPS) || !pg->caps);
		CHECK(pg->n_mount_types <= HARDEN_MAX_MOUNT_TYPES);
		CHECK((pg->flags & HARDEN_GROUP_F_MOUNT) || !pg->n_mount_types);
		for (i = 0; i < pg->n_mount_types; i++)
			CHECK(str_ok(pg->mount_types[i].name, HARDEN_FSTYPE_MAX));
		CHECK(pg->ptrace_scope <= HARDEN_SCOPE_MAX);
		CHECK(pg->signal_scope <= HARDEN_SCOPE_MAX);
		CHECK((pg->flags & HARDEN_GROUP_F_PTRACE) || !pg->ptrace_scope);
		CHECK((pg->flags & HARDEN_GROUP_F_SIGNAL) || !pg->signal_scope);
		CHECK(pg->n_net_peers <= HARDEN_MAX_NET_PEERS);
		CHECK((pg->flags & HARDEN_GROUP_F_NET) || !pg->n_net_peers);
		for (i = 0; i < pg->n_net_peers; i++) {
			size_t k;
			bool found = false;

			CHECK(str_ok(pg->net_peers[i].name, HARDEN_GROUP_NAME_MAX));
			for (j = 0; j < i; j++)
				CHECK(strcmp(pg->net_peers[j].name, pg->net_peers[i].name));
			for (k = 0; k < pol->n_groups; k++)
				found |= !strcmp(pol->groups[k].name, pg->net_peers[i].name);
			CHECK(found);
		}
		CHECK(pg->n_devices <= HARDEN_MAX_DEVICES);
		CHECK((pg->flags & HARDEN_GROUP_F_DEVICES) || !pg->n_devices);
	}
}

/* What the wire and the printer carry; positions are not compared. */
static void check_same(const struct policy *a, const struct policy *b)
{
	size_t g, i;

	CHECK(a->n_groups == b->n_groups);
	for (g = 0; g < a->n_groups; g++) {
		const struct policy_group *x = &a->groups[g], *y = &b->groups[g];

		CHECK(!strcmp(x->name, y->name));
		CHECK(x->n_matches == y->n_matches);
		for (i = 0; i < x->n_matches; i++)
			CHECK(!strcmp(x->matches[i].glob, y->matches[i].glob));
		CHECK(x->mode == y->mode);
		CHECK(x->flags == y->flags);
		CHECK(x->caps == y->caps);
		CHECK(x->n_mount_types == y->n_mount_types);
		for (i = 0; i < x->n_mount_types; i++)
			CHECK(!strcmp(x->mount_types[i].name, y->mount_types[i].name));
		CHECK(x->ptrace_scope == y->ptrace_scope);
		CHECK(x->signal_scope == y->signal_scope);
		CHECK(x->n_net_peers == y->n_net_peers);
		for (i = 0; i < x->n_net_peers; i++)
			CHECK(!strcmp(x->net_peers[i].name, y->net_peers[i].name));
		CHECK(x->n_devices == y->n_devices);
		for (i = 0; i < x->n_devices; i++)
			CHECK(x->devices[i].rule == y->devices[i].rule);
	}
}

static char *print_policy(const struct policy *pol, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);

	CHECK(f);
	policy_print(f, pol);
	CHECK(fclose(f) == 0);
	return out;
}

/* As `hardctl show` prints it: never escaped for what the parser accepts. */
static char *print_show(const struct policy *pol, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);

	CHECK(f);
	CHECK(policy_print_safe(f, pol) == 0);
	CHECK(fclose(f) == 0);
	return out;
}

/* The canonical text parses back to the same policy, and is a fixed point. */
static void check_print(const struct policy *pol)
{
	struct policy_error err;
	struct policy back;
	char *s1, *s2;
	size_t l1, l2;

	s1 = print_policy(pol, &l1);
	if (policy_parse(s1, l1, FILE_NAME, &back, &err)) {
		fprintf(stderr, "printed policy rejected: %u:%u: %s\n%s",
			err.loc.line, err.loc.col, err.msg, s1);
		CHECK(!"canonical form parses back");
	}
	check_same(pol, &back);
	s2 = print_policy(&back, &l2);
	CHECK(l1 == l2 && !memcmp(s1, s2, l1));
	free(s1);
	free(s2);
	policy_free(&back);
}

/*
 * The shadow warnings: one line each, "FILE:line:col: warning: cgroup /...",
 * as many as it says, at a match of a group that is not the first.
 */
static void check_shadow(const struct policy *pol)
{
	char *out = NULL, *p, *nl, *w;
	size_t len = 0;
	unsigned int n, lines = 0, line, col;
	FILE *f = open_memstream(&out, &len);

	CHECK(f);
	n = policy_warn_shadowed(f, pol);
	CHECK(fclose(f) == 0);
	CHECK(n == 0 || pol->n_groups > 1);
	for (p = out; *p; p = nl + 1, lines++) {
		nl = strchr(p, '\n');
		CHECK(nl);
		CHECK(!strncmp(p, FILE_NAME ":", strlen(FILE_NAME ":")));
		CHECK(sscanf(p + strlen(FILE_NAME ":"), "%u:%u", &line, &col) == 2);
		CHECK(line > pol->groups[0].loc.line);
		w = strchr(p, ' ');
		CHECK(w && w < nl && w[-1] == ':');
		if (!strncmp(w + 1, "note: too many globs", 20)) {
			/* The budget ran out: the last line. */
			CHECK(nl[1] == '\0');
			lines--;
			continue;
		}
		CHECK(!strncmp(w + 1, "warning: cgroup /", 17));
	}
	CHECK(lines == n);
	free(out);
}

/* The attribute types HARDEN_GROUP_A_* take, as the UAPI documents them. */
static int group_attr_check(const struct nlattr *a, void *data)
{
	size_t *n = data;
	enum mnl_attr_data_type t;

	switch (mnl_attr_get_type(a)) {
	case HARDEN_GROUP_A_NAME:
	case HARDEN_GROUP_A_MATCH:
	case HARDEN_GROUP_A_MOUNT_TYPE:
	case HARDEN_GROUP_A_NET_PEER:
		t = MNL_TYPE_NUL_STRING;
		break;
	case HARDEN_GROUP_A_MODE:
	case HARDEN_GROUP_A_PTRACE:
	case HARDEN_GROUP_A_SIGNAL:
		t = MNL_TYPE_U8;
		break;
	case HARDEN_GROUP_A_FLAGS:
		t = MNL_TYPE_U32;
		break;
	case HARDEN_GROUP_A_CAPS:
	case HARDEN_GROUP_A_DEVICE:
		t = MNL_TYPE_U64;
		break;
	default:
		CHECK(!"known group attribute type");
		return MNL_CB_ERROR;
	}
	CHECK(mnl_attr_validate(a, t) == 0);
	*n += MNL_ALIGN(mnl_attr_get_len(a));
	return MNL_CB_OK;
}

/* Feed @set back as the kernel's GET_POLICY dump would send it. */
static void check_decode(const struct policy *pol, const struct nlmsghdr *set)
{
	const struct nlattr *a;
	struct policy_dump d;
	struct nlmsghdr *nlh;
	char *s1, *s2;
	size_t l1, l2;
	char *buf;

	buf = malloc(MNL_SOCKET_BUFFER_SIZE + set->nlmsg_len);
	CHECK(buf);
	policy_dump_init(&d);
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, 3);
	mnl_attr_put_u64(nlh, HARDEN_A_LOAD_TIME, 1700000000);
	mnl_attr_put_u32(nlh, HARDEN_A_GROUP_COUNT, pol->n_groups);
	CHECK(policy_dump_msg(&d, nlh) == 0);
	mnl_attr_for_each(a, set, HNL_HDRLEN) {
		nlh = mnl_nlmsg_put_header(buf);
		mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
		mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, 3);
		mnl_attr_put(nlh, mnl_attr_get_type(a), mnl_attr_get_payload_len(a),
			     mnl_attr_get_payload(a));
		CHECK(policy_dump_msg(&d, nlh) == 0);
	}
	CHECK(policy_dump_check(&d) == 0);
	check_same(pol, &d.pol);
	s1 = print_policy(pol, &l1);
	s2 = print_show(&d.pol, &l2);
	CHECK(l1 == l2 && !memcmp(s1, s2, l1));
	free(s1);
	free(s2);
	policy_dump_free(&d);
	free(buf);
}

static void check_encode(const struct policy *pol)
{
	size_t g, want = 0, len, i;
	struct policy_nl_map map = { 0 };
	const struct nlattr *a;
	struct nlmsghdr *nlh;
	char *buf;

	for (g = 0; g < pol->n_groups; g++) {
		size_t gs = policy_nl_group_size(&pol->groups[g]);

		CHECK(gs <= 0xffff);
		want += gs;
	}
	len = MNL_NLMSG_HDRLEN + MNL_ALIGN(HNL_HDRLEN) + want;

	/* Exactly the predicted size, so that ASan sees any write past it. */
	buf = malloc(len);
	CHECK(buf);
	nlh = mnl_nlmsg_put_header(buf);
	((struct genlmsghdr *)mnl_nlmsg_put_extra_header(nlh, HNL_HDRLEN))->cmd =
		HARDEN_CMD_SET_POLICY;
	CHECK(policy_to_nl(nlh, len, pol, &map) == 0);
	CHECK(nlh->nlmsg_len == len);
	CHECK(mnl_nlmsg_get_payload_len(nlh) - HNL_HDRLEN == want);

	/* Every map entry lies in the message and has a position. */
	for (i = 0; i < map.n; i++) {
		CHECK(map.ent[i].off >= MNL_NLMSG_HDRLEN + MNL_ALIGN(HNL_HDRLEN));
		CHECK(map.ent[i].len >= MNL_ATTR_HDRLEN);
		CHECK((size_t)map.ent[i].off + map.ent[i].len <= len);
		check_loc(map.ent[i].loc, false);
		check_loc(policy_nl_locate(&map, map.ent[i].off), false);
	}

	/* One well-formed HARDEN_A_GROUP per group, nothing else. */
	g = 0;
	mnl_attr_for_each(a, nlh, HNL_HDRLEN) {
		size_t inner = 0;

		CHECK(mnl_attr_get_type(a) == HARDEN_A_GROUP);
		CHECK(mnl_attr_validate(a, MNL_TYPE_NESTED) == 0);
		CHECK(mnl_attr_parse_nested(a, group_attr_check, &inner) == MNL_CB_OK);
		CHECK(inner == mnl_attr_get_payload_len(a));
		CHECK(mnl_attr_get_len(a) == policy_nl_group_size(&pol->groups[g]));
		g++;
	}
	CHECK(g == pol->n_groups);
	CHECK((const char *)a == (const char *)nlh + nlh->nlmsg_len);

	check_decode(pol, nlh);
	policy_nl_map_free(&map);
	free(buf);

	/* One byte short: a clean failure, no overflow. */
	if (pol->n_groups) {
		len--;
		buf = malloc(len);
		CHECK(buf);
		nlh = mnl_nlmsg_put_header(buf);
		mnl_nlmsg_put_extra_header(nlh, HNL_HDRLEN);
		CHECK(policy_to_nl(nlh, len, pol, NULL) == -1);
		free(buf);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy_error err;
	struct policy pol;
	char *text;
	int ret;

	/* An exact copy: the parser must not read past @size. */
	text = malloc(size ? size : 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	memset(&pol, 0xa5, sizeof(pol));
	memset(&err, 0xa5, sizeof(err));
	ret = policy_parse(text, size, FILE_NAME, &pol, &err);
	if (ret) {
		check_error(data, size, ret, &pol, &err);
		check_error_print(&err);
	} else {
		check_limits(&pol);
		check_print(&pol);
		check_shadow(&pol);
		check_encode(&pol);
		policy_free(&pol);
	}
	free(text);
	return 0;
}
