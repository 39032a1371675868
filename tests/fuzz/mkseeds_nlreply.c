// SPDX-License-Identifier: GPL-2.0
/*
 * Seeds for fuzz_nlreply: one well-formed input per command, in its input
 * format (a command byte, then messages of a 16-bit length and flag and
 * their attributes), built with libmnl as the kernel lays them out: nested
 * hooks and counters, every event attribute, a GET_POLICY dump of a policy
 * with every area. From these the fuzzer reaches the nested decoders and
 * the printers, which it rarely does from nothing.
 *
 *   mkseeds_nlreply DIR
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "../../ctl/nl.h"
#include "../../ctl/policy.h"
#include "../../ctl/policy_nl.h"
#include "../unit/nlfixture.h"

const char *prog = "mkseeds_nlreply";
bool opt_json;

static char msg[1 << 16];
static unsigned char seed[1 << 17];
static size_t seed_len;

static struct nlmsghdr *msg_start(void)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(msg);

	mnl_nlmsg_put_extra_header(nlh, sizeof(struct genlmsghdr));
	return nlh;
}

static void seed_start(unsigned char cmd)
{
	seed[0] = cmd;
	seed_len = 1;
}

/* Append @nlh's attributes as one message of the seed. */
static void seed_add(const struct nlmsghdr *nlh, bool flag)
{
	size_t off = MNL_NLMSG_HDRLEN + MNL_ALIGN(HNL_HDRLEN);
	size_t len = nlh->nlmsg_len - off;

	if (len > 0x7fff || seed_len + 2 + len > sizeof(seed)) {
		fprintf(stderr, "%s: message too long\n", prog);
		exit(1);
	}
	seed[seed_len++] = len & 0xff;
	seed[seed_len++] = (len >> 8) | (flag ? 0x80 : 0);
	memcpy(seed + seed_len, (const char *)nlh + off, len);
	seed_len += len;
}

static void seed_write(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/gen-%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(seed, 1, seed_len, f) != seed_len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void put_status(struct nlmsghdr *nlh)
{
	struct nlattr *hooks, *h;

	nlfix_status(nlh, 1800000000000000000ULL);
	hooks = mnl_attr_nest_start(nlh, HARDEN_A_HOOKS);
	h = nlfix_hook_start(nlh, 0, "security_capable", 123);
	mnl_attr_put_u8(nlh, HARDEN_HOOK_A_AREA, HARDEN_AREA_CAP);
	mnl_attr_nest_end(nlh, h);
	h = nlfix_hook_start(nlh, 1, "sb_mount", 0);
	mnl_attr_nest_end(nlh, h);
	mnl_attr_nest_end(nlh, hooks);
}

static void put_counter(struct nlmsghdr *nlh, int idx, uint8_t area, uint16_t op,
			uint32_t detail, uint64_t denied, uint64_t audited)
{
	struct nlattr *c = mnl_attr_nest_start(nlh, idx);

	mnl_attr_put_u8(nlh, HARDEN_COUNTER_A_AREA, area);
	mnl_attr_put_u16(nlh, HARDEN_COUNTER_A_OP, op);
	mnl_attr_put_u32(nlh, HARDEN_COUNTER_A_DETAIL, detail);
	mnl_attr_put_u64(nlh, HARDEN_COUNTER_A_DENIED, denied);
	mnl_attr_put_u64(nlh, HARDEN_COUNTER_A_AUDITED, audited);
	mnl_attr_nest_end(nlh, c);
}

/* The two dumps of stats: a cgroup message and a totals message. */
static void add_stats(void)
{
	struct nlattr *cg, *cs, *t;
	struct nlmsghdr *nlh;

	nlh = msg_start();
	cg = mnl_attr_nest_start(nlh, HARDEN_A_CGROUP);
	mnl_attr_put_u64(nlh, HARDEN_CGROUP_A_ID, 42);
	mnl_attr_put_strz(nlh, HARDEN_CGROUP_A_PATH, "/docker/abc");
	mnl_attr_put_strz(nlh, HARDEN_CGROUP_A_GROUP, "docker");
	mnl_attr_put_u32(nlh, HARDEN_CGROUP_A_TASKS, 2);
	mnl_attr_put_u64(nlh, HARDEN_CGROUP_A_REMOVED, 1800000100);
	cs = mnl_attr_nest_start(nlh, HARDEN_CGROUP_A_COUNTERS);
	put_counter(nlh, 0, HARDEN_AREA_CAP, HARDEN_OP_CAPABLE, 21, 7, 0);
	put_counter(nlh, 1, HARDEN_AREA_TAMPER, HARDEN_OP_CONTROL,
		    HARDEN_CMD_GET_POLICY, 3, 0);
	put_counter(nlh, 2, HARDEN_AREA_CAP, HARDEN_OP_OTHER, HARDEN_DETAIL_OTHER, 0, 4);
	mnl_attr_nest_end(nlh, cs);
	mnl_attr_nest_end(nlh, cg);
	seed_add(nlh, false);

	nlh = msg_start();
	t = mnl_attr_nest_start(nlh, HARDEN_A_TOTAL);
	mnl_attr_put_strz(nlh, HARDEN_TOTAL_A_GROUP, "docker");
	cs = mnl_attr_nest_start(nlh, HARDEN_TOTAL_A_COUNTERS);
	put_counter(nlh, 0, HARDEN_AREA_CAP, 0, 0, 7, 0);
	put_counter(nlh, 1, HARDEN_AREA_MOUNT, 0, 0, 1, 1);
	mnl_attr_nest_end(nlh, cs);
	mnl_attr_nest_end(nlh, t);
	seed_add(nlh, true);
}

static void add_event(uint8_t area, uint16_t op, uint32_t detail, bool target)
{
	const struct nlfix_event e = {
		.time = 1800000000123456789ULL, .mode = HARDEN_MODE_ENFORCE,
		.area = area, .op = op, .detail = detail, .pid = 1234, .comm = "sh",
		.cgroup_id = 42, .cgroup = "/docker/abc", .group = "docker",
	};
	struct nlmsghdr *nlh = msg_start();
	struct nlattr *ev = nlfix_event_start(nlh, &e);

	mnl_attr_put_strz(nlh, HARDEN_EVENT_A_OBJECT, "tmpfs");
	if (target) {
		mnl_attr_put_u32(nlh, HARDEN_EVENT_A_TARGET_PID, 1);
		mnl_attr_put_strz(nlh, HARDEN_EVENT_A_TARGET_COMM, "init");
		mnl_attr_put_u64(nlh, HARDEN_EVENT_A_TARGET_CGROUP_ID, 1);
		mnl_attr_put_strz(nlh, HARDEN_EVENT_A_TARGET_CGROUP, "/");
		mnl_attr_put_strz(nlh, HARDEN_EVENT_A_TARGET_GROUP, "web");
	}
	mnl_attr_nest_end(nlh, ev);
	seed_add(nlh, false);
}

static const char POLICY[] =
	"group web {\n"
	"\tmatch /docker/web-*\n"
	"\tmatch /system.slice/docker-web*.scope\n"
	"\tmode audit\n"
	"\tcaps CHOWN NET_BIND_SERVICE\n"
	"\tmount allow tmpfs proc\n"
	"\tptrace container\n"
	"\tsignal deny\n"
	"\tnet isolate\n"
	"\tnet peer web db\n"
	"}\n"
	"group db {\n"
	"\tmatch /docker/db-*\n"
	"\tcaps none\n"
	"\tmount deny\n"
	"\tsysctl readonly\n"
	"\tprocfs readonly\n"
	"\tsysfs readonly\n"
	"\tcgroupfs container\n"
	"\tdevices allow kvm loop c:10:* a:*:*\n"
	"\tautoload deny\n"
	"\tkeyring deny\n"
	"}\n";

/* GET_POLICY: a header message, then one message per group. */
static void add_policy_dump(void)
{
	struct policy_error err;
	struct nlmsghdr *set, *nlh;
	const struct nlattr *a;
	struct policy pol;
	static char setbuf[1 << 16];

	if (policy_parse(POLICY, strlen(POLICY), "seed", &pol, &err)) {
		policy_error_print(stderr, &err);
		exit(1);
	}
	set = mnl_nlmsg_put_header(setbuf);
	mnl_nlmsg_put_extra_header(set, sizeof(struct genlmsghdr));
	if (policy_to_nl(set, sizeof(setbuf), &pol, NULL) < 0)
		exit(1);
	nlh = msg_start();
	mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, 3);
	mnl_attr_put_u64(nlh, HARDEN_A_LOAD_TIME, 1700000000);
	mnl_attr_put_u32(nlh, HARDEN_A_GROUP_COUNT, pol.n_groups);
	seed_add(nlh, false);
	mnl_attr_for_each(a, set, HNL_HDRLEN) {
		nlh = msg_start();
		mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, 3);
		mnl_attr_put(nlh, mnl_attr_get_type(a), mnl_attr_get_payload_len(a),
			     mnl_attr_get_payload(a));
		seed_add(nlh, false);
	}
	policy_free(&pol);
}

static void add_family(void)
{
	struct nlmsghdr *nlh = msg_start();
	struct nlattr *grps, *g;

	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, HARDEN_GENL_NAME);
	mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, 33);
	grps = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
	g = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, HARDEN_MCGRP_EVENTS);
	mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, 7);
	mnl_attr_nest_end(nlh, g);
	mnl_attr_nest_end(nlh, grps);
	seed_add(nlh, false);
}

/* The command bytes of fuzz_nlreply.c. */
enum { C_STATUS, C_STATS, C_METRICS, C_EVENTS, C_SHOW, C_FAMILY };

int main(int argc, char **argv)
{
	struct nlmsghdr *nlh;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", prog);
		return 2;
	}
	seed_start(C_STATUS);
	nlh = msg_start();
	put_status(nlh);
	seed_add(nlh, false);
	seed_write(argv[1], "status");

	seed_start(C_STATS);
	add_stats();
	seed_write(argv[1], "stats");

	seed_start(C_METRICS);
	nlh = msg_start();
	put_status(nlh);
	seed_add(nlh, false);
	add_stats();
	seed_write(argv[1], "metrics");

	seed_start(C_EVENTS);
	add_event(HARDEN_AREA_CAP, HARDEN_OP_CAPABLE, 21, false);
	add_event(HARDEN_AREA_MOUNT, HARDEN_OP_MOUNT, 0, false);
	add_event(HARDEN_AREA_PTRACE, HARDEN_OP_PTRACE_ATTACH, 1, true);
	seed_write(argv[1], "events");

	seed_start(C_SHOW);
	add_policy_dump();
	seed_write(argv[1], "show");

	seed_start(C_FAMILY);
	add_family();
	seed_write(argv[1], "family");
	return 0;
}
