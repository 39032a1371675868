// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: the data model (ctl/model.c). Netlink messages built the way
 * the kernel builds them are decoded and printed, as text, JSON and
 * Prometheus; unknown attributes are skipped, malformed known ones refused.
 * Also the metrics textfile and the exporter's listen address.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <cmocka.h>

#include "../../ctl/exporter.h"
#include "harden_names.h"
#include "../../ctl/model.h"
#include "../../ctl/nl.h"
#include "../../ctl/textfile.h"
#include "json_check.h"
#include "nlfixture.h"

__attribute__((weak)) const char *prog = "hardctl";
__attribute__((weak)) bool opt_json;

static char buf[1 << 16];

static struct nlmsghdr *msg_start(uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	g->cmd = cmd;
	g->version = HARDEN_GENL_VERSION;
	return nlh;
}

static void put_counter(struct nlmsghdr *nlh, int idx, uint8_t area, uint16_t op,
			uint32_t detail, uint64_t denied, uint64_t audited, bool full)
{
	struct nlattr *c = mnl_attr_nest_start(nlh, (uint16_t)idx);

	mnl_attr_put_u8(nlh, HARDEN_COUNTER_A_AREA, area);
	if (full) {
		mnl_attr_put_u16(nlh, HARDEN_COUNTER_A_OP, op);
		mnl_attr_put_u32(nlh, HARDEN_COUNTER_A_DETAIL, detail);
	}
	mnl_attr_put_u64(nlh, HARDEN_COUNTER_A_DENIED, denied);
	mnl_attr_put_u64(nlh, HARDEN_COUNTER_A_AUDITED, audited);
	/* From a newer kernel: skipped. */
	mnl_attr_put_u32(nlh, 77, 1);
	mnl_attr_nest_end(nlh, c);
}

/* Print @fn's output to a string. */
#define CAPTURE(out, len, call) do {				\
		FILE *f = open_memstream(&(out), &(len));	\
		assert_non_null(f);				\
		call;						\
		fclose(f);					\
	} while (0)

static void assert_json(const char *out, size_t len)
{
	struct jp j;

	if (!json_valid(out, len, &j))
		fail_msg("invalid JSON at offset %td:\n%s", (const char *)j.p - out, out);
	json_free(&j);
}

/* ---- status ---- */

static void build_status(void)
{
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_GET_STATUS);
	struct nlattr *hooks, *h;

	nlfix_status(nlh, 1800000000);
	mnl_attr_put_u8(nlh, HARDEN_A_LOCKED, 1);
	mnl_attr_put_u64(nlh, HARDEN_A_LOCK_TIME, 1800000060);
	mnl_attr_put_u64(nlh, HARDEN_A_LOCK_REFUSED, 2);
	mnl_attr_put_u32(nlh, HARDEN_A_CLAMPS_PENDING, 1);
	mnl_attr_put_u32(nlh, 300, 1);		/* unknown: skipped */
	hooks = mnl_attr_nest_start(nlh, HARDEN_A_HOOKS);
	h = nlfix_hook_start(nlh, 0, "security_capable", 123);
	mnl_attr_put_u8(nlh, HARDEN_HOOK_A_AREA, HARDEN_AREA_CAP);
	mnl_attr_nest_end(nlh, h);
	h = nlfix_hook_start(nlh, 1, "bad\x1bhook", 0);
	mnl_attr_put_u16(nlh, 99, 5);		/* unknown: skipped */
	mnl_attr_nest_end(nlh, h);
	mnl_attr_nest_end(nlh, hooks);
}

static void test_status(void **state)
{
	struct hd_status st;
	char *out = NULL;
	size_t len = 0;

	(void)state;
	build_status();
	assert_int_equal(hd_status_decode((struct nlmsghdr *)buf, &st), 0);
	assert_string_equal(st.version, "0.2.0");
	assert_int_equal(st.n_hooks, 2);
	assert_true(st.hooks[0].has_area && st.hooks[0].area == HARDEN_AREA_CAP);
	assert_false(st.hooks[1].has_area);
	assert_true(st.events_sent == 5 && st.events_dropped == 1);

	CAPTURE(out, len, hd_status_print(f, &st, false));
	assert_true(clean_utf8(out, len));
	/* Lines the VM tests grep for stay as they were. */
	assert_non_null(strstr(out, "harden 0.2.0\n"));
	assert_non_null(strstr(out, "policy: generation 4, 2 groups, loaded 2027-01-15 08:00:00 UTC\n"));
	assert_non_null(strstr(out, "tracked: 9 tasks, 3 cgroups, 4096 bytes of kernel memory\n"));
	assert_non_null(strstr(out, "events: 5 sent, 1 dropped\n"));
	assert_non_null(strstr(out, "net: 12 of 8192 addresses tracked, 3 untracked "
			       "(table full: treated as outside traffic)\n"));
	assert_non_null(strstr(out, "lock: locked until reboot since 2027-01-15 08:01:00 UTC "
			       "(policy and module held), 2 requests refused\n"));
	assert_non_null(strstr(out, "clamps: 1 pending on tasks that have not run since the load "
			       "(stopped?); the module cannot be removed until they run\n"));
	assert_non_null(strstr(out, "hooks: 2 attached\n"));
	assert_non_null(strstr(out, "  security_capable                 cap               123 calls\n"));
	assert_non_null(strstr(out, "  bad\\x1bhook"));
	free(out);

	out = NULL;
	CAPTURE(out, len, hd_status_print(f, &st, true));
	assert_json(out, len);
	assert_string_equal(out,
		"{\"version\":\"0.2.0\",\"generation\":4,\"load_time\":1800000000,"
		"\"groups\":2,\"tracked_tasks\":9,\"tracked_cgroups\":3,"
		"\"memory_bytes\":4096,\"events_sent\":5,\"events_dropped\":1,"
		"\"net_addresses\":12,\"net_untracked\":3,"
		"\"locked\":true,\"lock_time\":1800000060,\"lock_refused\":2,"
		"\"clamps_pending\":1,"
		"\"hooks\":[{\"name\":\"security_capable\",\"area\":\"cap\",\"hits\":123},"
		"{\"name\":\"bad\\\\x1bhook\",\"area\":null,\"hits\":0}]}\n");
	free(out);

	/* A kernel without the net area: no line, null in JSON. */
	st.has_net_addrs = st.has_net_untracked = false;
	out = NULL;
	CAPTURE(out, len, hd_status_print(f, &st, false));
	assert_null(strstr(out, "net:"));
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_status_print(f, &st, true));
	assert_json(out, len);
	assert_non_null(strstr(out, ",\"net_addresses\":null,\"net_untracked\":null,"));
	free(out);

	/* No clamp pending: no line (it only explains an "in use"); 0 in JSON. */
	st.clamps_pending = 0;
	out = NULL;
	CAPTURE(out, len, hd_status_print(f, &st, false));
	assert_null(strstr(out, "clamps:"));
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_status_print(f, &st, true));
	assert_non_null(strstr(out, ",\"clamps_pending\":0,"));
	free(out);
	/* A kernel that does not say: null. */
	st.has_clamps = false;
	out = NULL;
	CAPTURE(out, len, hd_status_print(f, &st, true));
	assert_non_null(strstr(out, ",\"clamps_pending\":null,"));
	free(out);
}

/* A host-area hook is listed under its area, in text and JSON. */
static void test_status_host_hook(void **state)
{
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_GET_STATUS);
	struct nlattr *hooks, *h;
	struct hd_status st;
	char *out = NULL;
	size_t len = 0;

	(void)state;
	mnl_attr_put_strz(nlh, HARDEN_A_VERSION, "0.2.0");
	mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, 1);
	hooks = mnl_attr_nest_start(nlh, HARDEN_A_HOOKS);
	h = nlfix_hook_start(nlh, 0, "security_file_open", 77);
	mnl_attr_put_u8(nlh, HARDEN_HOOK_A_AREA, HARDEN_AREA_HOST);
	mnl_attr_nest_end(nlh, h);
	mnl_attr_nest_end(nlh, hooks);
	assert_int_equal(hd_status_decode(nlh, &st), 0);
	assert_int_equal(st.n_hooks, 1);

	CAPTURE(out, len, hd_status_print(f, &st, false));
	assert_non_null(strstr(out, "  security_file_open               host               77 calls\n"));
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_status_print(f, &st, true));
	assert_json(out, len);
	assert_non_null(strstr(out, "{\"name\":\"security_file_open\",\"area\":\"host\",\"hits\":77}"));
	free(out);
}

static void test_status_malformed(void **state)
{
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_GET_STATUS);
	struct hd_status st;

	(void)state;
	mnl_attr_put_u32(nlh, HARDEN_A_GENERATION, 4);	/* u64 expected */
	assert_int_equal(hd_status_decode(nlh, &st), -1);
	nlh = msg_start(HARDEN_CMD_GET_STATUS);
	mnl_attr_put(nlh, HARDEN_A_VERSION, 3, "abc");	/* no NUL */
	assert_int_equal(hd_status_decode(nlh, &st), -1);
}

/* ---- stats and totals ---- */

/* The example of the issue, exactly. */
static void build_example(struct hd_stats *s)
{
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_GET_STATS);
	struct nlattr *cg, *cs, *t;

	memset(s, 0, sizeof(*s));
	cg = mnl_attr_nest_start(nlh, HARDEN_A_CGROUP);
	mnl_attr_put_u64(nlh, HARDEN_CGROUP_A_ID, 123);
	mnl_attr_put_strz(nlh, HARDEN_CGROUP_A_PATH, "/docker/abc");
	mnl_attr_put_strz(nlh, HARDEN_CGROUP_A_GROUP, "docker");
	mnl_attr_put_u32(nlh, HARDEN_CGROUP_A_TASKS, 2);
	cs = mnl_attr_nest_start(nlh, HARDEN_CGROUP_A_COUNTERS);
	put_counter(nlh, 0, HARDEN_AREA_CAP, HARDEN_OP_CAPABLE, 21, 7, 0, true);
	mnl_attr_nest_end(nlh, cs);
	mnl_attr_nest_end(nlh, cg);
	assert_int_equal(hd_stats_decode_cgroup(nlh, s), 0);

	nlh = msg_start(HARDEN_CMD_GET_TOTALS);
	t = mnl_attr_nest_start(nlh, HARDEN_A_TOTAL);
	mnl_attr_put_strz(nlh, HARDEN_TOTAL_A_GROUP, "docker");
	cs = mnl_attr_nest_start(nlh, HARDEN_TOTAL_A_COUNTERS);
	put_counter(nlh, 0, HARDEN_AREA_CAP, 0, 0, 7, 0, false);
	mnl_attr_nest_end(nlh, cs);
	mnl_attr_nest_end(nlh, t);
	assert_int_equal(hd_stats_decode_total(nlh, s), 0);
	hd_stats_sort(s);
}

static void test_stats_example_json(void **state)
{
	struct hd_stats s;
	char *out = NULL;
	size_t len = 0;

	(void)state;
	build_example(&s);
	CAPTURE(out, len, hd_stats_print(f, &s, true));
	assert_json(out, len);
	assert_string_equal(out,
		"{\"cgroups\":[{\"id\":123,\"path\":\"/docker/abc\",\"group\":\"docker\","
		"\"tasks\":2,\"removed\":null,\"counters\":[{\"area\":\"cap\","
		"\"op\":\"capable\",\"detail\":\"SYS_ADMIN\",\"detail_num\":21,"
		"\"denied\":7,\"audited\":0}]}],\"groups\":[{\"group\":\"docker\","
		"\"area\":\"cap\",\"denied\":7,\"audited\":0}]}\n");
	free(out);
	hd_stats_free(&s);

	/* Nothing at all is still both keys. */
	out = NULL;
	CAPTURE(out, len, hd_stats_print(f, &s, true));
	assert_string_equal(out, "{\"cgroups\":[],\"groups\":[]}\n");
	free(out);
}

/* Every kind of detail, unknown numbers, a removed cgroup without group. */
static void build_mixed(struct hd_stats *s)
{
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_GET_STATS);
	struct nlattr *cg, *cs, *t;

	memset(s, 0, sizeof(*s));
	cg = mnl_attr_nest_start(nlh, HARDEN_A_CGROUP);
	mnl_attr_put_u64(nlh, HARDEN_CGROUP_A_ID, 9);
	mnl_attr_put_strz(nlh, HARDEN_CGROUP_A_PATH, "/docker/zz\"q");
	mnl_attr_put_u64(nlh, HARDEN_CGROUP_A_REMOVED, 1800000100);
	cs = mnl_attr_nest_start(nlh, HARDEN_CGROUP_A_COUNTERS);
	put_counter(nlh, 0, HARDEN_AREA_TAMPER, HARDEN_OP_CONTROL,
		    HARDEN_CMD_GET_POLICY, 3, 0, true);
	put_counter(nlh, 1, HARDEN_AREA_CAP, HARDEN_OP_OTHER, HARDEN_DETAIL_OTHER,
		    0, 4, true);
	put_counter(nlh, 2, 9, 142, 17, 1, 1, true);
	put_counter(nlh, 3, HARDEN_AREA_CAP, HARDEN_OP_CAPABLE, 63, 2, 0, true);
	put_counter(nlh, 4, HARDEN_AREA_TAMPER, HARDEN_OP_DELETE_MODULE, 0, 1, 0, true);
	put_counter(nlh, 5, HARDEN_AREA_TAMPER, HARDEN_OP_CONTROL, 200, 1, 0, true);
	mnl_attr_nest_end(nlh, cs);
	mnl_attr_nest_end(nlh, cg);
	mnl_attr_put_u32(nlh, 400, 1);		/* unknown top-level: skipped */
	assert_int_equal(hd_stats_decode_cgroup(nlh, s), 0);

	nlh = msg_start(HARDEN_CMD_GET_STATS);
	cg = mnl_attr_nest_start(nlh, HARDEN_A_CGROUP);
	mnl_attr_put_u64(nlh, HARDEN_CGROUP_A_ID, 8);
	mnl_attr_put_strz(nlh, HARDEN_CGROUP_A_PATH, "/docker/aa");
	mnl_attr_put_strz(nlh, HARDEN_CGROUP_A_GROUP, "docker");
	mnl_attr_put_u32(nlh, HARDEN_CGROUP_A_TASKS, 1);
	mnl_attr_nest_end(nlh, cg);
	assert_int_equal(hd_stats_decode_cgroup(nlh, s), 0);

	nlh = msg_start(HARDEN_CMD_GET_TOTALS);
	t = mnl_attr_nest_start(nlh, HARDEN_A_TOTAL);
	mnl_attr_put_strz(nlh, HARDEN_TOTAL_A_GROUP, HARDEN_TOTAL_OTHER);
	cs = mnl_attr_nest_start(nlh, HARDEN_TOTAL_A_COUNTERS);
	put_counter(nlh, 0, HARDEN_AREA_TAMPER, 0, 0, 5, 0, false);
	put_counter(nlh, 1, 9, 0, 0, 1, 1, false);
	mnl_attr_nest_end(nlh, cs);
	mnl_attr_nest_end(nlh, t);
	assert_int_equal(hd_stats_decode_total(nlh, s), 0);
	hd_stats_sort(s);
}

static void test_stats_mixed(void **state)
{
	struct hd_stats s;
	char *out = NULL;
	size_t len = 0;
	struct jp j;

	(void)state;
	build_mixed(&s);
	assert_int_equal(s.n_cgroups, 2);
	/* Sorted by path. */
	assert_string_equal(s.cgroups[0].path, "/docker/aa");
	assert_false(s.cgroups[1].has_group);
	assert_true(s.cgroups[1].has_removed);

	CAPTURE(out, len, hd_stats_print(f, &s, false));
	assert_true(clean_utf8(out, len));
	assert_non_null(strstr(out, "CGROUP        GROUP            AREA   OP            DETAIL               DENIED    AUDITED\n"));
	assert_non_null(strstr(out, "/docker/aa    docker           -      -             -                         0          0\n"));
	assert_non_null(strstr(out, "  -                tamper control       get_policy                3          0\n"));
	assert_non_null(strstr(out, "  -                cap    other         other                     0          4\n"));
	assert_non_null(strstr(out, "  -                9      142           -                         1          1\n"));
	assert_non_null(strstr(out, "cap    capable       CAP_63  "));
	assert_non_null(strstr(out, "tamper delete_module -  "));
	assert_non_null(strstr(out, "tamper control       200  "));
	assert_non_null(strstr(out, "/docker/zz\"q  -  "));
	assert_non_null(strstr(out, "\ngroup totals\nGROUP             AREA       DENIED    AUDITED\n"));
	assert_non_null(strstr(out, "\n_other            tamper          5          0\n"));
	assert_non_null(strstr(out, "\n_other            9               1          1\n"));
	free(out);

	out = NULL;
	CAPTURE(out, len, hd_stats_print(f, &s, true));
	if (!json_valid(out, len, &j))
		fail_msg("invalid JSON:\n%s", out);
	assert_true(json_has_string(&j, "/docker/zz\"q"));
	json_free(&j);
	assert_non_null(strstr(out, "{\"id\":8,\"path\":\"/docker/aa\",\"group\":\"docker\","
			       "\"tasks\":1,\"removed\":null,\"counters\":[]}"));
	assert_non_null(strstr(out, "\"group\":null,\"tasks\":0,\"removed\":1800000100,"));
	assert_non_null(strstr(out, "{\"area\":\"tamper\",\"op\":\"control\",\"detail\":\"get_policy\","
			       "\"detail_num\":3,\"denied\":3,\"audited\":0}"));
	assert_non_null(strstr(out, "{\"area\":\"cap\",\"op\":\"other\",\"detail\":\"other\","
			       "\"detail_num\":4294967295,"));
	/* Unknown numbers, and details without a name: the number. */
	assert_non_null(strstr(out, "{\"area\":9,\"op\":142,\"detail\":17,\"detail_num\":17,"));
	assert_non_null(strstr(out, "\"op\":\"delete_module\",\"detail\":0,\"detail_num\":0,"));
	assert_non_null(strstr(out, "{\"group\":\"_other\",\"area\":9,\"denied\":1,\"audited\":1}"));
	free(out);
	hd_stats_free(&s);
}

static void test_stats_malformed(void **state)
{
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_GET_STATS);
	struct nlattr *cg, *cs, *c;
	struct hd_stats s = { 0 };

	(void)state;
	/* A counter without its area is not a counter. */
	cg = mnl_attr_nest_start(nlh, HARDEN_A_CGROUP);
	mnl_attr_put_strz(nlh, HARDEN_CGROUP_A_PATH, "/x");
	cs = mnl_attr_nest_start(nlh, HARDEN_CGROUP_A_COUNTERS);
	c = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_u64(nlh, HARDEN_COUNTER_A_DENIED, 1);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_nest_end(nlh, cs);
	mnl_attr_nest_end(nlh, cg);
	assert_int_equal(hd_stats_decode_cgroup(nlh, &s), -1);
	hd_stats_free(&s);

	/* The op is a u16. */
	nlh = msg_start(HARDEN_CMD_GET_STATS);
	cg = mnl_attr_nest_start(nlh, HARDEN_A_CGROUP);
	cs = mnl_attr_nest_start(nlh, HARDEN_CGROUP_A_COUNTERS);
	c = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_u8(nlh, HARDEN_COUNTER_A_AREA, 0);
	mnl_attr_put_u32(nlh, HARDEN_COUNTER_A_OP, 1);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_nest_end(nlh, cs);
	mnl_attr_nest_end(nlh, cg);
	assert_int_equal(hd_stats_decode_cgroup(nlh, &s), -1);
	hd_stats_free(&s);

	/* A total's group name must be a NUL-terminated string. */
	nlh = msg_start(HARDEN_CMD_GET_TOTALS);
	cg = mnl_attr_nest_start(nlh, HARDEN_A_TOTAL);
	mnl_attr_put(nlh, HARDEN_TOTAL_A_GROUP, 3, "abc");
	mnl_attr_nest_end(nlh, cg);
	assert_int_equal(hd_stats_decode_total(nlh, &s), -1);
	hd_stats_free(&s);
}

/* ---- events ---- */

static struct nlmsghdr *build_event(uint64_t dropped, bool group, const char *comm)
{
	const struct nlfix_event ev = {
		.time = 1796158800123456789ULL, .mode = HARDEN_MODE_ENFORCE,
		.area = HARDEN_AREA_CAP, .op = HARDEN_OP_CAPABLE, .detail = 21,
		.pid = 4242, .comm = comm, .cgroup_id = 123, .cgroup = "/docker/abc",
		.group = group ? "docker" : NULL, .dropped = dropped,
	};
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_EVENT);
	struct nlattr *e = nlfix_event_start(nlh, &ev);

	mnl_attr_put_u64(nlh, 60, 1);		/* unknown: skipped */
	mnl_attr_nest_end(nlh, e);
	return nlh;
}

/* A mount event; @object of @len bytes (NUL included), none if NULL. */
static struct nlmsghdr *build_mount_event(const char *object, size_t len)
{
	const struct nlfix_event ev = {
		.time = 1796158800123456789ULL, .mode = HARDEN_MODE_AUDIT,
		.area = HARDEN_AREA_MOUNT, .op = HARDEN_OP_MOUNT,
		.detail = HARDEN_FSTYPE_EXT4, .pid = 77, .comm = "mount",
		.cgroup_id = 123, .cgroup = "/docker/abc", .group = "docker",
	};
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_EVENT);
	struct nlattr *e = nlfix_event_start(nlh, &ev);

	if (object)
		mnl_attr_put(nlh, HARDEN_EVENT_A_OBJECT, len, object);
	mnl_attr_nest_end(nlh, e);
	return nlh;
}

static void test_event_mount(void **state)
{
	/* ESC, a quote, a backslash, a C1 control, a stray and a cut byte. */
	static const char hostile[] = "/dev/x\x1b[31m\"\\\xc2\x9b\xff a\xe2\x82";
	struct hd_event ev;
	char *out = NULL;
	size_t len = 0;
	struct jp j;

	(void)state;
	assert_int_equal(hd_event_decode(build_mount_event("/dev/vda", 9), &ev), 0);
	assert_true(ev.has_object);
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_string_equal(out, "2026-12-01T21:00:00.123456789Z audit mount mount ext4 pid 77 "
			    "comm mount cgroup /docker/abc group docker object /dev/vda\n");
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_string_equal(out,
		"{\"time\":\"2026-12-01T21:00:00.123456789Z\",\"time_ns\":1796158800123456789,"
		"\"mode\":\"audit\",\"area\":\"mount\",\"op\":\"mount\",\"detail\":\"ext4\","
		"\"detail_num\":13,\"pid\":77,\"comm\":\"mount\",\"cgroup_id\":123,"
		"\"cgroup\":\"/docker/abc\",\"group\":\"docker\",\"object\":\"/dev/vda\","
		"\"dropped\":0}\n");
	free(out);

	/* Hostile bytes: escaped as cgroup paths are, valid JSON always. */
	assert_int_equal(hd_event_decode(build_mount_event(hostile, sizeof(hostile)), &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_true(clean_utf8(out, len));
	assert_non_null(strstr(out, " group docker object /dev/x\\x1b[31m\"\\\\\\xc2\\x9b\\xff a\\xe2\\x82\n"));
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_true(clean_utf8(out, len));
	if (!json_valid(out, len, &j))
		fail_msg("invalid JSON:\n%s", out);
	/* Decoded, it is exactly the text form. */
	assert_true(json_has_string(&j, "/dev/x\\x1b[31m\"\\\\\\xc2\\x9b\\xff a\\xe2\\x82"));
	json_free(&j);
	free(out);

	/* The longest object the kernel sends, whole. */
	{
		char big[HARDEN_OBJECT_MAX];

		memset(big, 'o', sizeof(big));
		big[sizeof(big) - 1] = '\0';
		assert_int_equal(hd_event_decode(build_mount_event(big, sizeof(big)), &ev), 0);
		assert_string_equal(ev.object, big);
	}

	/* Empty: "" in JSON, left out of the text line. */
	assert_int_equal(hd_event_decode(build_mount_event("", 1), &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_non_null(strstr(out, " group docker\n"));
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_non_null(strstr(out, ",\"object\":\"\","));
	free(out);

	/* None sent: no key at all, and nothing in the text. */
	assert_int_equal(hd_event_decode(build_mount_event(NULL, 0), &ev), 0);
	assert_false(ev.has_object);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_null(strstr(out, "object"));
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_null(strstr(out, "object"));
	free(out);

	/* An object without its NUL is malformed. */
	assert_int_equal(hd_event_decode(build_mount_event("/dev/vda", 8), &ev), -1);
}

/*
 * A ptrace-area event, as kmod/netlink.c sends it: the target's pid, comm
 * and cgroup id together (if @comm), its path only if @tcg; each string
 * of @comm_len / @tcg_len bytes, NUL included.
 */
static struct nlmsghdr *build_ptrace_event(uint16_t op, uint32_t detail,
					   const char *comm, size_t comm_len,
					   const char *tcg, size_t tcg_len,
					   const char *object)
{
	const struct nlfix_event ev = {
		.time = 1796158800123456789ULL, .mode = HARDEN_MODE_ENFORCE,
		.area = HARDEN_AREA_PTRACE, .op = op, .detail = detail, .pid = 4300,
		.comm = "gdb", .cgroup_id = 123, .cgroup = "/docker/abc",
		.group = "docker",
	};
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_EVENT);
	struct nlattr *e = nlfix_event_start(nlh, &ev);

	if (object)
		mnl_attr_put_strz(nlh, HARDEN_EVENT_A_OBJECT, object);
	if (comm) {
		mnl_attr_put_u32(nlh, HARDEN_EVENT_A_TARGET_PID, 1);
		mnl_attr_put(nlh, HARDEN_EVENT_A_TARGET_COMM, comm_len, comm);
		mnl_attr_put_u64(nlh, HARDEN_EVENT_A_TARGET_CGROUP_ID, 77);
	}
	if (tcg)
		mnl_attr_put(nlh, HARDEN_EVENT_A_TARGET_CGROUP, tcg_len, tcg);
	mnl_attr_put_u32(nlh, 200, 1);		/* newer than this hardctl: skipped */
	mnl_attr_nest_end(nlh, e);
	return nlh;
}

/* The same, with whole strings (or none). */
static size_t strz_len(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

static struct nlmsghdr *PTRACE_EVENT(uint16_t op, uint32_t detail, const char *comm,
				     const char *tcg, const char *object)
{
	return build_ptrace_event(op, detail, comm, strz_len(comm), tcg, strz_len(tcg),
				  object);
}

/* A host-area event as the module would send it: area, op and detail. */
static struct nlmsghdr *build_host_event(uint8_t area, uint16_t op, uint32_t detail)
{
	const struct nlfix_event ev = {
		.time = 1796158800000000001ULL, .mode = HARDEN_MODE_ENFORCE,
		.area = area, .op = op, .detail = detail, .pid = 88, .comm = "sh",
		.cgroup_id = 124, .cgroup = "/docker/h", .group = "docker",
	};
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_EVENT);

	mnl_attr_nest_end(nlh, nlfix_event_start(nlh, &ev));
	return nlh;
}

static void test_event_host(void **state)
{
	struct hd_event ev;
	char *out = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(hd_event_decode(build_host_event(HARDEN_AREA_HOST, HARDEN_OP_BLOCK_OPEN, 8),
					 &ev), 0);
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_string_equal(out, "2026-12-01T21:00:00.000000001Z enforce host block_open 8 pid 88 "
			    "comm sh cgroup /docker/h group docker\n");
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_non_null(strstr(out, "\"area\":\"host\",\"op\":\"block_open\",\"detail\":8,"
			       "\"detail_num\":8,"));
	free(out);

	assert_int_equal(hd_event_decode(build_host_event(HARDEN_AREA_HOST, HARDEN_OP_SYSFS_WRITE,
							  HARDEN_FSTYPE_SECURITYFS), &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_non_null(strstr(out, " enforce host sysfs_write securityfs pid 88 "));
	free(out);

	assert_int_equal(hd_event_decode(build_host_event(HARDEN_AREA_TAMPER, HARDEN_OP_UMH_EXEC, 0),
					 &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_non_null(strstr(out, " enforce tamper umh_exec - pid 88 "));
	free(out);
}

static void test_event_ptrace(void **state)
{
	/* ESC, a quote, a backslash, a C1 control, a stray and a cut byte. */
	static const char hostile_comm[] = "x\x1b[2J\"\\\xc2\x9b\xff \xe2\x82";
	static const char hostile_cg[] = "/docker/e\x1b]0;t\x07 \"q\\\xc2\x85\xfe/init.scope";
	struct hd_event ev;
	char *out = NULL;
	size_t len = 0;
	struct jp j;

	(void)state;
	assert_int_equal(hd_event_decode(PTRACE_EVENT(HARDEN_OP_PTRACE_ATTACH, HARDEN_TARGET_HOST,
						      "systemd", "/init.scope", NULL), &ev), 0);
	assert_true(ev.has_target_pid && ev.has_target_comm && ev.has_target_cgroup_id &&
		    ev.has_target_cgroup);
	assert_int_equal(ev.target_pid, 1);
	assert_true(ev.target_cgroup_id == 77);
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_string_equal(out, "2026-12-01T21:00:00.123456789Z enforce ptrace ptrace_attach host "
			    "pid 4300 comm gdb cgroup /docker/abc group docker "
			    "target pid 1 comm systemd cgroup /init.scope\n");
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_string_equal(out,
		"{\"time\":\"2026-12-01T21:00:00.123456789Z\",\"time_ns\":1796158800123456789,"
		"\"mode\":\"enforce\",\"area\":\"ptrace\",\"op\":\"ptrace_attach\",\"detail\":\"host\","
		"\"detail_num\":1,\"pid\":4300,\"comm\":\"gdb\",\"cgroup_id\":123,"
		"\"cgroup\":\"/docker/abc\",\"group\":\"docker\",\"target_pid\":1,"
		"\"target_comm\":\"systemd\",\"target_cgroup_id\":77,"
		"\"target_cgroup\":\"/init.scope\",\"dropped\":0}\n");
	free(out);

	/* Every target; an unknown one is "-" as a table shows it, 0 in JSON. */
	assert_int_equal(hd_event_decode(PTRACE_EVENT(HARDEN_OP_PTRACE_READ, HARDEN_TARGET_OTHER,
						      "nginx", "/docker/def", NULL), &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_non_null(strstr(out, " enforce ptrace ptrace_read other_container pid 4300 comm gdb "
			       "cgroup /docker/abc group docker target pid 1 comm nginx cgroup /docker/def\n"));
	free(out);
	assert_int_equal(hd_event_decode(PTRACE_EVENT(HARDEN_OP_PTRACE_TRACEME, HARDEN_TARGET_SAME,
						      "sh", "/docker/abc", NULL), &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_non_null(strstr(out, " ptrace ptrace_traceme same_container pid 4300 "));
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_non_null(strstr(out, "\"op\":\"ptrace_traceme\",\"detail\":\"same_container\","
			       "\"detail_num\":3,"));
	free(out);
	assert_int_equal(hd_event_decode(PTRACE_EVENT(HARDEN_OP_PTRACE_READ, HARDEN_TARGET_UNKNOWN,
						      "sh", "/", NULL), &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_non_null(strstr(out, " ptrace ptrace_read - pid 4300 "));
	assert_non_null(strstr(out, " target pid 1 comm sh cgroup /\n"));
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_non_null(strstr(out, "\"detail\":0,\"detail_num\":0,"));
	free(out);

	/* Signals by name; 0, the kill(2) probe, and real-time ones by number. */
	assert_int_equal(hd_event_decode(PTRACE_EVENT(HARDEN_OP_SIGNAL, SIGKILL, "dockerd",
						      "/system.slice/docker.service", NULL), &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_string_equal(out, "2026-12-01T21:00:00.123456789Z enforce ptrace signal KILL "
			    "pid 4300 comm gdb cgroup /docker/abc group docker "
			    "target pid 1 comm dockerd cgroup /system.slice/docker.service\n");
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_non_null(strstr(out, "\"op\":\"signal\",\"detail\":\"KILL\",\"detail_num\":9,"));
	free(out);
	assert_int_equal(hd_event_decode(PTRACE_EVENT(HARDEN_OP_SIGNAL, 0, "a", "/a", NULL), &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_non_null(strstr(out, " enforce ptrace signal 0 pid 4300 "));
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_non_null(strstr(out, "\"op\":\"signal\",\"detail\":0,\"detail_num\":0,"));
	free(out);
	assert_int_equal(hd_event_decode(PTRACE_EVENT(HARDEN_OP_SIGNAL, 34, "a", "/a", NULL), &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_non_null(strstr(out, " enforce ptrace signal 34 pid 4300 "));
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_non_null(strstr(out, "\"detail\":34,\"detail_num\":34,"));
	free(out);

	/* The target's cgroup gone before the event was sent: no path. */
	assert_int_equal(hd_event_decode(PTRACE_EVENT(HARDEN_OP_SIGNAL, SIGTERM, "sleep",
						      NULL, NULL), &ev), 0);
	assert_true(ev.has_target_cgroup_id);
	assert_false(ev.has_target_cgroup);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_non_null(strstr(out, " signal TERM pid 4300 comm gdb cgroup /docker/abc group docker "
			       "target pid 1 comm sleep cgroup -\n"));
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_non_null(strstr(out, ",\"target_comm\":\"sleep\",\"target_cgroup_id\":77,\"dropped\":0}\n"));
	assert_null(strstr(out, "target_cgroup\""));
	free(out);

	/* No target sent (an older kernel, another area): no key, no words. */
	assert_int_equal(hd_event_decode(PTRACE_EVENT(HARDEN_OP_SIGNAL, SIGTERM, NULL, NULL,
						      NULL), &ev), 0);
	assert_false(ev.has_target_pid || ev.has_target_comm || ev.has_target_cgroup_id ||
		     ev.has_target_cgroup);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_null(strstr(out, "target"));
	assert_non_null(strstr(out, " group docker\n"));
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_null(strstr(out, "target"));
	free(out);

	/* The object, where there is one, stays last: it may hold spaces. */
	assert_int_equal(hd_event_decode(PTRACE_EVENT(HARDEN_OP_PTRACE_READ, HARDEN_TARGET_HOST,
						      "init", "/init.scope", "a b"), &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_non_null(strstr(out, " group docker target pid 1 comm init cgroup /init.scope "
			       "object a b\n"));
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_non_null(strstr(out, ",\"target_cgroup\":\"/init.scope\",\"object\":\"a b\","
			       "\"dropped\":0}\n"));
	free(out);

	/* Hostile target comm and cgroup: escaped as the subject's, valid JSON. */
	assert_int_equal(hd_event_decode(PTRACE_EVENT(HARDEN_OP_PTRACE_ATTACH, HARDEN_TARGET_OTHER,
						      hostile_comm, hostile_cg, NULL), &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_true(clean_utf8(out, len));
	assert_non_null(strstr(out, " target pid 1 comm x\\x1b[2J\"\\\\\\xc2\\x9b\\xff \\xe2\\x82 "
			       "cgroup /docker/e\\x1b]0;t\\x07 \"q\\\\\\xc2\\x85\\xfe/init.scope\n"));
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_true(clean_utf8(out, len));
	if (!json_valid(out, len, &j))
		fail_msg("invalid JSON:\n%s", out);
	/* Decoded, each is exactly the text form. */
	assert_true(json_has_string(&j, "x\\x1b[2J\"\\\\\\xc2\\x9b\\xff \\xe2\\x82"));
	assert_true(json_has_string(&j, "/docker/e\\x1b]0;t\\x07 \"q\\\\\\xc2\\x85\\xfe/init.scope"));
	json_free(&j);
	free(out);

	/* The longest path the kernel sends (PATH_MAX - 1), whole. */
	{
		static char big[HD_PATH_MAX];

		memset(big, 'p', sizeof(big));
		big[0] = '/';
		big[sizeof(big) - 1] = '\0';
		assert_int_equal(hd_event_decode(PTRACE_EVENT(HARDEN_OP_SIGNAL, SIGKILL, "a", big,
							      NULL), &ev), 0);
		assert_string_equal(ev.target_cgroup, big);
	}

	/* Malformed: a string without its NUL, a pid of the wrong size. */
	assert_int_equal(hd_event_decode(build_ptrace_event(HARDEN_OP_SIGNAL, SIGKILL, "abc", 3,
							    NULL, 0, NULL), &ev), -1);
	assert_int_equal(hd_event_decode(build_ptrace_event(HARDEN_OP_SIGNAL, SIGKILL, "abc", 4,
							    "/a", 2, NULL), &ev), -1);
	{
		struct nlmsghdr *nlh = msg_start(HARDEN_CMD_EVENT);
		struct nlattr *e = mnl_attr_nest_start(nlh, HARDEN_A_EVENT);

		mnl_attr_put_u64(nlh, HARDEN_EVENT_A_TARGET_PID, 1);
		mnl_attr_nest_end(nlh, e);
		assert_int_equal(hd_event_decode(nlh, &ev), -1);
		nlh = msg_start(HARDEN_CMD_EVENT);
		e = mnl_attr_nest_start(nlh, HARDEN_A_EVENT);
		mnl_attr_put_u32(nlh, HARDEN_EVENT_A_TARGET_CGROUP_ID, 1);
		mnl_attr_nest_end(nlh, e);
		assert_int_equal(hd_event_decode(nlh, &ev), -1);
	}
}

static void test_event(void **state)
{
	struct hd_event ev;
	char *out = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(hd_event_decode(build_event(0, true, "mount"), &ev), 0);
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_string_equal(out,
		"{\"time\":\"2026-12-01T21:00:00.123456789Z\",\"time_ns\":1796158800123456789,"
		"\"mode\":\"enforce\",\"area\":\"cap\",\"op\":\"capable\",\"detail\":\"SYS_ADMIN\","
		"\"detail_num\":21,\"pid\":4242,\"comm\":\"mount\",\"cgroup_id\":123,"
		"\"cgroup\":\"/docker/abc\",\"group\":\"docker\",\"dropped\":0}\n");
	free(out);

	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_string_equal(out, "2026-12-01T21:00:00.123456789Z enforce cap capable "
			    "SYS_ADMIN pid 4242 comm mount cgroup /docker/abc group docker\n");
	free(out);

	/* A hostile comm, no group. */
	assert_int_equal(hd_event_decode(build_event(0, false, "x\x1b]0;\"\\"), &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_true(clean_utf8(out, len));
	assert_non_null(strstr(out, " comm x\\x1b]0;\"\\\\ cgroup /docker/abc group -\n"));
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_non_null(strstr(out, "\"comm\":\"x\\\\x1b]0;\\\"\\\\\\\\\","));
	assert_non_null(strstr(out, "\"group\":null,"));
	free(out);

	/* No HARDEN_A_EVENT: not an event. */
	assert_int_equal(hd_event_decode(msg_start(HARDEN_CMD_EVENT), &ev), -1);
}

static void test_event_gap(void **state)
{
	uint64_t prev = 0;
	bool seen = false;

	(void)state;
	/* First event: what was lost before it, if anything. */
	assert_true(hd_event_gap(&prev, &seen, 3) == 3);
	assert_true(hd_event_gap(&prev, &seen, 3) == 0);
	assert_true(hd_event_gap(&prev, &seen, 10) == 7);
	/* The module was reloaded: its count restarts. */
	assert_true(hd_event_gap(&prev, &seen, 2) == 2);
	prev = 0;
	seen = false;
	assert_true(hd_event_gap(&prev, &seen, 0) == 0);
}

static void test_drop_lines(void **state)
{
	char *out = NULL;
	size_t len = 0;

	(void)state;
	CAPTURE(out, len, hd_drop_print(f, 7, "kernel", false));
	assert_string_equal(out, "dropped 7 events\n");
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_drop_print(f, 7, "kernel", true));
	assert_string_equal(out, "{\"dropped\":7,\"source\":\"kernel\"}\n");
	assert_json(out, len);
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_drop_print(f, 0, "socket", true));
	assert_string_equal(out, "{\"dropped\":null,\"source\":\"socket\"}\n");
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_drop_print(f, 0, "socket", false));
	assert_non_null(strstr(out, "dropped ? events"));
	free(out);
}

/* ---- Prometheus ---- */

static void test_prom_label(void **state)
{
	char *out = NULL;
	size_t len = 0;

	(void)state;
	/* Text form first (\\, \xNN), then the format's \\, \" and \n. */
	CAPTURE(out, len, prom_label(f, "a\"b\\c\nd\x1b\xff\xe6\x97\xa5"));
	assert_string_equal(out, "a\\\"b\\\\\\\\c\\\\x0ad\\\\x1b\\\\xff\xe6\x97\xa5");
	assert_true(clean_utf8(out, len));
	free(out);
}

/*
 * Every sample line is NAME{labels} VALUE or NAME VALUE, every metric has
 * HELP then TYPE before its samples, and no label set repeats.
 */
static void check_exposition(char *text)
{
	char *line, *save = NULL, *prev_series[256];
	char typed[64][64];
	size_t n_typed = 0, n_series = 0, i;
	/* The net, lock and clamp series come only from a kernel that reports them. */
	size_t want = 12 + (strstr(text, "# TYPE harden_net_addresses ") ? 1 : 0) +
		      (strstr(text, "# TYPE harden_net_untracked_addresses_total ") ? 1 : 0) +
		      (strstr(text, "# TYPE harden_locked ") ? 2 : 0) +
		      (strstr(text, "# TYPE harden_clamps_pending ") ? 1 : 0);

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[64];
		size_t nl;

		if (!strncmp(line, "# HELP ", 7))
			continue;
		if (!strncmp(line, "# TYPE ", 7)) {
			assert_true(sscanf(line + 7, "%63s", typed[n_typed]) == 1);
			assert_non_null(strstr(line, " counter") ?: strstr(line, " gauge"));
			n_typed++;
			continue;
		}
		nl = strcspn(line, "{ ");
		assert_true(nl > 0 && nl < sizeof(name));
		memcpy(name, line, nl);
		name[nl] = '\0';
		assert_true(n_typed > 0);
		assert_string_equal(typed[n_typed - 1], name);
		/* The value: digits after the last space. */
		assert_true(strspn(strrchr(line, ' ') + 1, "0123456789") ==
			    strlen(strrchr(line, ' ') + 1));
		for (i = 0; i < n_series; i++)
			if (!strncmp(prev_series[i], line, strrchr(line, ' ') - line) &&
			    prev_series[i][strrchr(line, ' ') - line] == ' ')
				fail_msg("series repeats: %s", line);
		if (n_series < 256)
			prev_series[n_series++] = line;
	}
	assert_int_equal(n_typed, want);
}

static void test_metrics(void **state)
{
	struct hd_status st;
	struct hd_stats s;
	char *out = NULL;
	size_t len = 0;

	(void)state;
	build_status();
	assert_int_equal(hd_status_decode((struct nlmsghdr *)buf, &st), 0);
	build_mixed(&s);
	CAPTURE(out, len, hd_metrics_print(f, &st, &s));
	assert_true(clean_utf8(out, len));
	assert_non_null(strstr(out, "# HELP harden_denials_total "));
	assert_non_null(strstr(out, "# TYPE harden_denials_total counter\n"));
	assert_non_null(strstr(out, "harden_denials_total{group=\"\",cgroup=\"/docker/zz\\\"q\","
			       "area=\"tamper\",op=\"control\",detail=\"get_policy\"} 3\n"));
	assert_non_null(strstr(out, "harden_audits_total{group=\"\",cgroup=\"/docker/zz\\\"q\","
			       "area=\"cap\",op=\"other\",detail=\"other\"} 4\n"));
	assert_non_null(strstr(out, "harden_denials_total{group=\"\",cgroup=\"/docker/zz\\\"q\","
			       "area=\"9\",op=\"142\",detail=\"-\"} 1\n"));
	assert_non_null(strstr(out, "harden_group_denials_total{group=\"_other\",area=\"tamper\"} 5\n"));
	assert_non_null(strstr(out, "harden_group_audits_total{group=\"_other\",area=\"9\"} 1\n"));
	assert_non_null(strstr(out, "# TYPE harden_events_dropped_total counter\nharden_events_dropped_total 1\n"));
	assert_non_null(strstr(out, "harden_events_sent_total 5\n"));
	assert_non_null(strstr(out, "# TYPE harden_policy_generation gauge\nharden_policy_generation 4\n"));
	assert_non_null(strstr(out, "# TYPE harden_locked gauge\nharden_locked 1\n"));
	assert_non_null(strstr(out, "# TYPE harden_lock_refused_total counter\n"
			       "harden_lock_refused_total 2\n"));
	assert_non_null(strstr(out, "# TYPE harden_clamps_pending gauge\nharden_clamps_pending 1\n"));
	assert_non_null(strstr(out, "harden_policy_load_timestamp_seconds 1800000000\n"));
	assert_non_null(strstr(out, "harden_hooks_attached 2\n"));
	assert_non_null(strstr(out, "harden_tracked_tasks 9\n"));
	assert_non_null(strstr(out, "harden_tracked_cgroups 3\n"));
	assert_non_null(strstr(out, "harden_memory_bytes 4096\n"));
	assert_non_null(strstr(out, "# TYPE harden_net_addresses gauge\nharden_net_addresses 12\n"));
	assert_non_null(strstr(out, "# TYPE harden_net_untracked_addresses_total counter\n"
			       "harden_net_untracked_addresses_total 3\n"));
	check_exposition(out);
	free(out);
	hd_stats_free(&s);
}

/* Two cgroups under one path (re-created): one series, summed. */
static void test_metrics_merge(void **state)
{
	static struct hd_counter k[2] = {
		{ .area = HARDEN_AREA_CAP, .op = HARDEN_OP_CAPABLE, .detail = 21, .denied = 2 },
		{ .area = HARDEN_AREA_CAP, .op = HARDEN_OP_CAPABLE, .detail = 21, .denied = 3 },
	};
	static struct hd_cgroup cg[2];
	struct hd_stats s = { .cgroups = cg, .n_cgroups = 2 };
	struct hd_status st = { 0 };
	char *out = NULL;
	size_t len = 0;

	(void)state;
	strcpy(cg[0].path, "/docker/x");
	strcpy(cg[1].path, "/docker/x");
	cg[0].id = 1;
	cg[1].id = 2;
	cg[0].counters = &k[0];
	cg[1].counters = &k[1];
	cg[0].n_counters = cg[1].n_counters = 1;
	CAPTURE(out, len, hd_metrics_print(f, &st, &s));
	assert_non_null(strstr(out, "harden_denials_total{group=\"\",cgroup=\"/docker/x\","
			       "area=\"cap\",op=\"capable\",detail=\"SYS_ADMIN\"} 5\n"));
	check_exposition(out);
	free(out);
}

/* The mount area: every op's detail is a filesystem type. */
static void build_mount(struct hd_stats *s)
{
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_GET_STATS);
	struct nlattr *cg, *cs, *t;

	memset(s, 0, sizeof(*s));
	cg = mnl_attr_nest_start(nlh, HARDEN_A_CGROUP);
	mnl_attr_put_u64(nlh, HARDEN_CGROUP_A_ID, 5);
	mnl_attr_put_strz(nlh, HARDEN_CGROUP_A_PATH, "/docker/m");
	mnl_attr_put_strz(nlh, HARDEN_CGROUP_A_GROUP, "docker");
	mnl_attr_put_u32(nlh, HARDEN_CGROUP_A_TASKS, 1);
	cs = mnl_attr_nest_start(nlh, HARDEN_CGROUP_A_COUNTERS);
	put_counter(nlh, 0, HARDEN_AREA_MOUNT, HARDEN_OP_MOUNT, HARDEN_FSTYPE_TMPFS,
		    2, 0, true);
	put_counter(nlh, 1, HARDEN_AREA_MOUNT, HARDEN_OP_UMOUNT, HARDEN_FSTYPE_UNKNOWN,
		    1, 0, true);
	put_counter(nlh, 2, HARDEN_AREA_MOUNT, HARDEN_OP_FSCONFIG_RECONFIGURE, 999,
		    0, 3, true);
	put_counter(nlh, 3, HARDEN_AREA_MOUNT, HARDEN_OP_OPEN_TREE_CLONE,
		    HARDEN_FSTYPE_OTHER, 1, 0, true);
	put_counter(nlh, 4, HARDEN_AREA_MOUNT, HARDEN_OP_MOUNT_BIND,
		    HARDEN_FSTYPE_FUSECTL, 1, 0, true);
	put_counter(nlh, 5, HARDEN_AREA_MOUNT, HARDEN_OP_OTHER, HARDEN_DETAIL_OTHER,
		    4, 0, true);
	/* An op newer than this hardctl, still in the mount area. */
	put_counter(nlh, 6, HARDEN_AREA_MOUNT, 500, HARDEN_FSTYPE_PROC, 1, 0, true);
	/* Not the mount area: no filesystem type names. */
	put_counter(nlh, 7, HARDEN_AREA_TAMPER, HARDEN_OP_DELETE_MODULE,
		    HARDEN_FSTYPE_TMPFS, 1, 0, true);
	mnl_attr_nest_end(nlh, cs);
	mnl_attr_nest_end(nlh, cg);
	assert_int_equal(hd_stats_decode_cgroup(nlh, s), 0);

	nlh = msg_start(HARDEN_CMD_GET_TOTALS);
	t = mnl_attr_nest_start(nlh, HARDEN_A_TOTAL);
	mnl_attr_put_strz(nlh, HARDEN_TOTAL_A_GROUP, "docker");
	cs = mnl_attr_nest_start(nlh, HARDEN_TOTAL_A_COUNTERS);
	put_counter(nlh, 0, HARDEN_AREA_MOUNT, 0, 0, 10, 3, false);
	mnl_attr_nest_end(nlh, cs);
	mnl_attr_nest_end(nlh, t);
	assert_int_equal(hd_stats_decode_total(nlh, s), 0);
	hd_stats_sort(s);
}

static void test_stats_mount(void **state)
{
	struct hd_status st = { 0 };
	struct hd_stats s;
	char *out = NULL;
	size_t len = 0;

	(void)state;
	build_mount(&s);

	CAPTURE(out, len, hd_stats_print(f, &s, false));
	assert_true(clean_utf8(out, len));
	/* The op column widens to the longest name. */
	assert_non_null(strstr(out, "CGROUP     GROUP            AREA   OP                   DETAIL               DENIED    AUDITED\n"));
	assert_non_null(strstr(out, "\n/docker/m  docker           mount  mount                tmpfs                     2          0\n"));
	assert_non_null(strstr(out, " mount  umount               -                         1          0\n"));
	assert_non_null(strstr(out, " mount  fsconfig_reconfigure 999                       0          3\n"));
	assert_non_null(strstr(out, " mount  open_tree_clone      other                     1          0\n"));
	assert_non_null(strstr(out, " mount  mount_bind           fusectl                   1          0\n"));
	assert_non_null(strstr(out, " mount  other                other                     4          0\n"));
	assert_non_null(strstr(out, " mount  500                  proc                      1          0\n"));
	assert_non_null(strstr(out, " tamper delete_module        -                         1          0\n"));
	assert_non_null(strstr(out, "\ndocker            mount          10          3\n"));
	free(out);

	out = NULL;
	CAPTURE(out, len, hd_stats_print(f, &s, true));
	assert_json(out, len);
	assert_non_null(strstr(out, "{\"area\":\"mount\",\"op\":\"mount\",\"detail\":\"tmpfs\","
			       "\"detail_num\":2,\"denied\":2,\"audited\":0}"));
	/* No name: the number, as for other details the table shows as "-". */
	assert_non_null(strstr(out, "{\"area\":\"mount\",\"op\":\"umount\",\"detail\":0,"
			       "\"detail_num\":0,"));
	assert_non_null(strstr(out, "{\"area\":\"mount\",\"op\":\"fsconfig_reconfigure\","
			       "\"detail\":999,\"detail_num\":999,\"denied\":0,\"audited\":3}"));
	assert_non_null(strstr(out, "\"op\":\"open_tree_clone\",\"detail\":\"other\",\"detail_num\":1,"));
	assert_non_null(strstr(out, "\"op\":\"mount_bind\",\"detail\":\"fusectl\","));
	assert_non_null(strstr(out, "\"op\":\"other\",\"detail\":\"other\",\"detail_num\":4294967295,"));
	assert_non_null(strstr(out, "\"op\":500,\"detail\":\"proc\",\"detail_num\":3,"));
	assert_non_null(strstr(out, "\"op\":\"delete_module\",\"detail\":2,\"detail_num\":2,"));
	assert_non_null(strstr(out, "{\"group\":\"docker\",\"area\":\"mount\",\"denied\":10,\"audited\":3}"));
	free(out);

	out = NULL;
	CAPTURE(out, len, hd_metrics_print(f, &st, &s));
	assert_true(clean_utf8(out, len));
	assert_non_null(strstr(out, "harden_denials_total{group=\"docker\",cgroup=\"/docker/m\","
			       "area=\"mount\",op=\"mount\",detail=\"tmpfs\"} 2\n"));
	assert_non_null(strstr(out, "harden_denials_total{group=\"docker\",cgroup=\"/docker/m\","
			       "area=\"mount\",op=\"umount\",detail=\"-\"} 1\n"));
	assert_non_null(strstr(out, "harden_audits_total{group=\"docker\",cgroup=\"/docker/m\","
			       "area=\"mount\",op=\"fsconfig_reconfigure\",detail=\"999\"} 3\n"));
	assert_non_null(strstr(out, "area=\"mount\",op=\"500\",detail=\"proc\"} 1\n"));
	assert_non_null(strstr(out, "harden_group_denials_total{group=\"docker\",area=\"mount\"} 10\n"));
	check_exposition(out);
	free(out);
	hd_stats_free(&s);
}

/* Every mount op and filesystem type this hardctl knows has its name. */
static void test_mount_names(void **state)
{
	static const char *const fstypes[] = HARDEN_FSTYPE_NAMES;
	char buf[32];
	unsigned int op, t;

	(void)state;
	for (op = HARDEN_OP_MOUNT; op <= HARDEN_OP_MOUNT_SETATTR; op++)
		assert_non_null(hd_op_name(op));
	assert_string_equal(hd_op_name(HARDEN_OP_FSCONFIG_CREATE), "fsconfig_create");
	assert_null(hd_op_name(HARDEN_OP_MAX + 1));
	for (t = HARDEN_FSTYPE_OTHER; t <= HARDEN_FSTYPE_MAX_ID; t++) {
		assert_non_null(fstypes[t]);
		assert_string_equal(hd_detail_text(HARDEN_AREA_MOUNT, HARDEN_OP_MOUNT, t,
						   buf, sizeof(buf)), fstypes[t]);
	}
	assert_string_equal(hd_detail_text(HARDEN_AREA_MOUNT, HARDEN_OP_MOUNT,
					   HARDEN_FSTYPE_MAX_ID + 1, buf, sizeof(buf)), "38");
	assert_null(hd_detail_name(HARDEN_AREA_MOUNT, HARDEN_OP_MOUNT,
				   HARDEN_FSTYPE_MAX_ID + 1, buf, sizeof(buf)));
	assert_string_equal(hd_detail_text(HARDEN_AREA_MOUNT, HARDEN_OP_PIVOT_ROOT,
					   HARDEN_FSTYPE_UNKNOWN, buf, sizeof(buf)), "-");
	assert_null(hd_detail_name(HARDEN_AREA_MOUNT, HARDEN_OP_PIVOT_ROOT,
				   HARDEN_FSTYPE_UNKNOWN, buf, sizeof(buf)));
}

/* The ptrace area: targets for the ptrace ops, signals for op signal. */
static void build_ptrace(struct hd_stats *s)
{
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_GET_STATS);
	struct nlattr *cg, *cs, *t;
	int i = 0;

	memset(s, 0, sizeof(*s));
	cg = mnl_attr_nest_start(nlh, HARDEN_A_CGROUP);
	mnl_attr_put_u64(nlh, HARDEN_CGROUP_A_ID, 6);
	mnl_attr_put_strz(nlh, HARDEN_CGROUP_A_PATH, "/docker/p");
	mnl_attr_put_strz(nlh, HARDEN_CGROUP_A_GROUP, "docker");
	mnl_attr_put_u32(nlh, HARDEN_CGROUP_A_TASKS, 2);
	cs = mnl_attr_nest_start(nlh, HARDEN_CGROUP_A_COUNTERS);
	put_counter(nlh, i++, HARDEN_AREA_PTRACE, HARDEN_OP_PTRACE_READ, HARDEN_TARGET_HOST,
		    3, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_PTRACE, HARDEN_OP_PTRACE_READ, HARDEN_TARGET_SAME,
		    1, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_PTRACE, HARDEN_OP_PTRACE_ATTACH, HARDEN_TARGET_OTHER,
		    2, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_PTRACE, HARDEN_OP_PTRACE_ATTACH, HARDEN_TARGET_UNKNOWN,
		    1, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_PTRACE, HARDEN_OP_PTRACE_TRACEME, HARDEN_TARGET_HOST,
		    0, 1, true);
	/* A target newer than this hardctl: its number. */
	put_counter(nlh, i++, HARDEN_AREA_PTRACE, HARDEN_OP_PTRACE_TRACEME, 9, 1, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_PTRACE, HARDEN_OP_SIGNAL, SIGKILL, 5, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_PTRACE, HARDEN_OP_SIGNAL, SIGTERM, 0, 2, true);
	put_counter(nlh, i++, HARDEN_AREA_PTRACE, HARDEN_OP_SIGNAL, 0, 4, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_PTRACE, HARDEN_OP_SIGNAL, 34, 1, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_PTRACE, HARDEN_OP_SIGNAL, SIGSTOP, 1, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_PTRACE, HARDEN_OP_OTHER, HARDEN_DETAIL_OTHER,
		    6, 0, true);
	mnl_attr_nest_end(nlh, cs);
	mnl_attr_nest_end(nlh, cg);
	assert_int_equal(hd_stats_decode_cgroup(nlh, s), 0);

	nlh = msg_start(HARDEN_CMD_GET_TOTALS);
	t = mnl_attr_nest_start(nlh, HARDEN_A_TOTAL);
	mnl_attr_put_strz(nlh, HARDEN_TOTAL_A_GROUP, "docker");
	cs = mnl_attr_nest_start(nlh, HARDEN_TOTAL_A_COUNTERS);
	put_counter(nlh, 0, HARDEN_AREA_PTRACE, 0, 0, 20, 3, false);
	mnl_attr_nest_end(nlh, cs);
	mnl_attr_nest_end(nlh, t);
	assert_int_equal(hd_stats_decode_total(nlh, s), 0);
	hd_stats_sort(s);
}

static void test_stats_ptrace(void **state)
{
	struct hd_status st = { 0 };
	struct hd_stats s;
	char *out = NULL;
	size_t len = 0;

	(void)state;
	build_ptrace(&s);

	CAPTURE(out, len, hd_stats_print(f, &s, false));
	assert_true(clean_utf8(out, len));
	/* Sorted by op and detail number; the op column widens to ptrace_traceme. */
	assert_string_equal(out,
		"CGROUP     GROUP            AREA   OP             DETAIL               DENIED    AUDITED\n"
		"/docker/p  docker           ptrace other          other                     6          0\n"
		"/docker/p  docker           ptrace ptrace_read    host                      3          0\n"
		"/docker/p  docker           ptrace ptrace_read    same_container            1          0\n"
		"/docker/p  docker           ptrace ptrace_attach  -                         1          0\n"
		"/docker/p  docker           ptrace ptrace_attach  other_container           2          0\n"
		"/docker/p  docker           ptrace ptrace_traceme host                      0          1\n"
		"/docker/p  docker           ptrace ptrace_traceme 9                         1          0\n"
		"/docker/p  docker           ptrace signal         0                         4          0\n"
		"/docker/p  docker           ptrace signal         KILL                      5          0\n"
		"/docker/p  docker           ptrace signal         TERM                      0          2\n"
		"/docker/p  docker           ptrace signal         STOP                      1          0\n"
		"/docker/p  docker           ptrace signal         34                        1          0\n"
		"\n"
		"group totals\n"
		"GROUP             AREA       DENIED    AUDITED\n"
		"docker            ptrace         20          3\n");
	free(out);

	out = NULL;
	CAPTURE(out, len, hd_stats_print(f, &s, true));
	assert_json(out, len);
	assert_non_null(strstr(out, "{\"area\":\"ptrace\",\"op\":\"ptrace_read\",\"detail\":\"host\","
			       "\"detail_num\":1,\"denied\":3,\"audited\":0}"));
	assert_non_null(strstr(out, "\"op\":\"ptrace_read\",\"detail\":\"same_container\",\"detail_num\":3,"));
	/* Where the table shows "-": the number. */
	assert_non_null(strstr(out, "\"op\":\"ptrace_attach\",\"detail\":0,\"detail_num\":0,"));
	assert_non_null(strstr(out, "\"op\":\"ptrace_attach\",\"detail\":\"other_container\",\"detail_num\":2,"));
	assert_non_null(strstr(out, "\"op\":\"ptrace_traceme\",\"detail\":\"host\",\"detail_num\":1,"
			       "\"denied\":0,\"audited\":1}"));
	assert_non_null(strstr(out, "\"op\":\"ptrace_traceme\",\"detail\":9,\"detail_num\":9,"));
	/* Signals: the name, or the number where there is none. */
	assert_non_null(strstr(out, "\"op\":\"signal\",\"detail\":0,\"detail_num\":0,\"denied\":4,"));
	assert_non_null(strstr(out, "\"op\":\"signal\",\"detail\":\"KILL\",\"detail_num\":9,\"denied\":5,"));
	assert_non_null(strstr(out, "\"op\":\"signal\",\"detail\":\"TERM\",\"detail_num\":15,"));
	assert_non_null(strstr(out, "\"op\":\"signal\",\"detail\":\"STOP\",\"detail_num\":19,"));
	assert_non_null(strstr(out, "\"op\":\"signal\",\"detail\":34,\"detail_num\":34,"));
	assert_non_null(strstr(out, "\"op\":\"other\",\"detail\":\"other\",\"detail_num\":4294967295,"));
	assert_non_null(strstr(out, "{\"group\":\"docker\",\"area\":\"ptrace\",\"denied\":20,\"audited\":3}"));
	free(out);

	out = NULL;
	CAPTURE(out, len, hd_metrics_print(f, &st, &s));
	assert_true(clean_utf8(out, len));
	assert_non_null(strstr(out, "harden_denials_total{group=\"docker\",cgroup=\"/docker/p\","
			       "area=\"ptrace\",op=\"ptrace_read\",detail=\"host\"} 3\n"));
	assert_non_null(strstr(out, "harden_denials_total{group=\"docker\",cgroup=\"/docker/p\","
			       "area=\"ptrace\",op=\"ptrace_attach\",detail=\"other_container\"} 2\n"));
	assert_non_null(strstr(out, "harden_denials_total{group=\"docker\",cgroup=\"/docker/p\","
			       "area=\"ptrace\",op=\"ptrace_attach\",detail=\"-\"} 1\n"));
	assert_non_null(strstr(out, "harden_audits_total{group=\"docker\",cgroup=\"/docker/p\","
			       "area=\"ptrace\",op=\"ptrace_traceme\",detail=\"host\"} 1\n"));
	assert_non_null(strstr(out, "harden_denials_total{group=\"docker\",cgroup=\"/docker/p\","
			       "area=\"ptrace\",op=\"signal\",detail=\"KILL\"} 5\n"));
	assert_non_null(strstr(out, "harden_audits_total{group=\"docker\",cgroup=\"/docker/p\","
			       "area=\"ptrace\",op=\"signal\",detail=\"TERM\"} 2\n"));
	assert_non_null(strstr(out, "area=\"ptrace\",op=\"signal\",detail=\"0\"} 4\n"));
	assert_non_null(strstr(out, "area=\"ptrace\",op=\"signal\",detail=\"34\"} 1\n"));
	assert_non_null(strstr(out, "harden_group_denials_total{group=\"docker\",area=\"ptrace\"} 20\n"));
	check_exposition(out);
	free(out);
	hd_stats_free(&s);
}

/* Every ptrace op, target and signal this hardctl knows has its name. */
static void test_ptrace_names(void **state)
{
	static const char *const targets[] = HARDEN_TARGET_NAMES;
	static const struct { int sig; const char *name; } sigs[] = {
		{ SIGHUP, "HUP" }, { SIGINT, "INT" }, { SIGQUIT, "QUIT" },
		{ SIGILL, "ILL" }, { SIGTRAP, "TRAP" }, { SIGABRT, "ABRT" },
		{ SIGBUS, "BUS" }, { SIGFPE, "FPE" }, { SIGKILL, "KILL" },
		{ SIGUSR1, "USR1" }, { SIGSEGV, "SEGV" }, { SIGUSR2, "USR2" },
		{ SIGPIPE, "PIPE" }, { SIGALRM, "ALRM" }, { SIGTERM, "TERM" },
		{ SIGCHLD, "CHLD" }, { SIGCONT, "CONT" }, { SIGSTOP, "STOP" },
		{ SIGTSTP, "TSTP" }, { SIGTTIN, "TTIN" }, { SIGTTOU, "TTOU" },
		{ SIGURG, "URG" }, { SIGXCPU, "XCPU" }, { SIGXFSZ, "XFSZ" },
		{ SIGVTALRM, "VTALRM" }, { SIGPROF, "PROF" }, { SIGWINCH, "WINCH" },
		{ SIGIO, "IO" }, { SIGSYS, "SYS" },
	};
	char buf[32];
	unsigned int op, t, i;

	(void)state;
	assert_string_equal(hd_area_name(HARDEN_AREA_PTRACE), "ptrace");
	assert_string_equal(hd_op_name(HARDEN_OP_PTRACE_READ), "ptrace_read");
	assert_string_equal(hd_op_name(HARDEN_OP_PTRACE_ATTACH), "ptrace_attach");
	assert_string_equal(hd_op_name(HARDEN_OP_PTRACE_TRACEME), "ptrace_traceme");
	assert_string_equal(hd_op_name(HARDEN_OP_SIGNAL), "signal");
	for (op = HARDEN_OP_PTRACE_READ; op <= HARDEN_OP_PTRACE_TRACEME; op++) {
		for (t = HARDEN_TARGET_HOST; t <= HARDEN_TARGET_MAX; t++) {
			assert_non_null(targets[t]);
			assert_string_equal(hd_detail_text(HARDEN_AREA_PTRACE, op, t, buf,
							   sizeof(buf)), targets[t]);
			assert_string_equal(hd_detail_name(HARDEN_AREA_PTRACE, op, t, buf,
							   sizeof(buf)), targets[t]);
		}
		assert_string_equal(hd_detail_text(HARDEN_AREA_PTRACE, op, HARDEN_TARGET_UNKNOWN,
						   buf, sizeof(buf)), "-");
		assert_null(hd_detail_name(HARDEN_AREA_PTRACE, op, HARDEN_TARGET_UNKNOWN,
					   buf, sizeof(buf)));
		assert_string_equal(hd_detail_text(HARDEN_AREA_PTRACE, op, HARDEN_TARGET_MAX + 1,
						   buf, sizeof(buf)), "4");
		assert_null(hd_detail_name(HARDEN_AREA_PTRACE, op, HARDEN_TARGET_MAX + 1,
					   buf, sizeof(buf)));
		assert_string_equal(hd_detail_text(HARDEN_AREA_PTRACE, op, HARDEN_DETAIL_OTHER,
						   buf, sizeof(buf)), "other");
	}
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		assert_string_equal(hd_detail_text(HARDEN_AREA_PTRACE, HARDEN_OP_SIGNAL,
						   sigs[i].sig, buf, sizeof(buf)), sigs[i].name);
		assert_string_equal(hd_detail_name(HARDEN_AREA_PTRACE, HARDEN_OP_SIGNAL,
						   sigs[i].sig, buf, sizeof(buf)), sigs[i].name);
	}
	/* On x86 and most others; numbered as the kernel that sent them. */
	assert_int_equal(SIGKILL, 9);
	/* 0 and real-time signals (32 to 64) are numbers, never a name. */
	for (i = 0; i <= 64; i += (i == 0 ? 32 : 1)) {
		char want[8];

		snprintf(want, sizeof(want), "%u", i);
		assert_null(hd_detail_name(HARDEN_AREA_PTRACE, HARDEN_OP_SIGNAL, i, buf,
					   sizeof(buf)));
		assert_string_equal(hd_detail_text(HARDEN_AREA_PTRACE, HARDEN_OP_SIGNAL, i,
						   buf, sizeof(buf)), want);
	}
	assert_string_equal(hd_detail_text(HARDEN_AREA_PTRACE, HARDEN_OP_SIGNAL, 4000000000U,
					   buf, sizeof(buf)), "4000000000");
	assert_string_equal(hd_detail_text(HARDEN_AREA_PTRACE, HARDEN_OP_SIGNAL,
					   HARDEN_DETAIL_OTHER, buf, sizeof(buf)), "other");
	/* The signal numbers mean nothing to other ops. */
	assert_string_equal(hd_detail_text(HARDEN_AREA_TAMPER, HARDEN_OP_DELETE_MODULE, SIGKILL,
					   buf, sizeof(buf)), "-");
}

/* ---- net area ---- */

/* The net ops' details: IP protocols; raw and others by number, 0 as "-". */
static void build_net(struct hd_stats *s)
{
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_GET_STATS);
	struct nlattr *cg, *cs, *t;
	int i = 0;

	memset(s, 0, sizeof(*s));
	cg = mnl_attr_nest_start(nlh, HARDEN_A_CGROUP);
	mnl_attr_put_u64(nlh, HARDEN_CGROUP_A_ID, 8);
	mnl_attr_put_strz(nlh, HARDEN_CGROUP_A_PATH, "/docker/n");
	mnl_attr_put_strz(nlh, HARDEN_CGROUP_A_GROUP, "docker");
	mnl_attr_put_u32(nlh, HARDEN_CGROUP_A_TASKS, 1);
	cs = mnl_attr_nest_start(nlh, HARDEN_CGROUP_A_COUNTERS);
	put_counter(nlh, i++, HARDEN_AREA_NET, HARDEN_OP_NET_CONNECT, IPPROTO_TCP, 3, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_NET, HARDEN_OP_NET_CONNECT, IPPROTO_UDP, 1, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_NET, HARDEN_OP_NET_SEND, IPPROTO_ICMP, 2, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_NET, HARDEN_OP_NET_SEND, IPPROTO_RAW, 1, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_NET, HARDEN_OP_NET_RECV, IPPROTO_TCP, 7, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_NET, HARDEN_OP_NET_RECV, IPPROTO_ICMPV6, 0, 4, true);
	put_counter(nlh, i++, HARDEN_AREA_NET, HARDEN_OP_NET_FORWARD, IPPROTO_UDP, 5, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_NET, HARDEN_OP_NET_SPOOF, IPPROTO_SCTP, 1, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_NET, HARDEN_OP_NET_PACKET, 0, 2, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_NET, HARDEN_OP_OTHER, HARDEN_DETAIL_OTHER, 9, 0, true);
	mnl_attr_nest_end(nlh, cs);
	mnl_attr_nest_end(nlh, cg);
	assert_int_equal(hd_stats_decode_cgroup(nlh, s), 0);

	nlh = msg_start(HARDEN_CMD_GET_TOTALS);
	t = mnl_attr_nest_start(nlh, HARDEN_A_TOTAL);
	mnl_attr_put_strz(nlh, HARDEN_TOTAL_A_GROUP, "docker");
	cs = mnl_attr_nest_start(nlh, HARDEN_TOTAL_A_COUNTERS);
	put_counter(nlh, 0, HARDEN_AREA_NET, 0, 0, 31, 4, false);
	mnl_attr_nest_end(nlh, cs);
	mnl_attr_nest_end(nlh, t);
	assert_int_equal(hd_stats_decode_total(nlh, s), 0);
	hd_stats_sort(s);
}

static void test_stats_net(void **state)
{
	struct hd_status st = { 0 };
	struct hd_stats s;
	char *out = NULL;
	size_t len = 0;

	(void)state;
	build_net(&s);

	CAPTURE(out, len, hd_stats_print(f, &s, false));
	assert_true(clean_utf8(out, len));
	assert_string_equal(out,
		"CGROUP     GROUP            AREA   OP            DETAIL               DENIED    AUDITED\n"
		"/docker/n  docker           net    other         other                     9          0\n"
		"/docker/n  docker           net    net_connect   tcp                       3          0\n"
		"/docker/n  docker           net    net_connect   udp                       1          0\n"
		"/docker/n  docker           net    net_send      icmp                      2          0\n"
		"/docker/n  docker           net    net_send      255                       1          0\n"
		"/docker/n  docker           net    net_recv      tcp                       7          0\n"
		"/docker/n  docker           net    net_recv      icmpv6                    0          4\n"
		"/docker/n  docker           net    net_forward   udp                       5          0\n"
		"/docker/n  docker           net    net_spoof     132                       1          0\n"
		"/docker/n  docker           net    net_packet    -                         2          0\n"
		"\n"
		"group totals\n"
		"GROUP             AREA       DENIED    AUDITED\n"
		"docker            net            31          4\n");
	free(out);

	out = NULL;
	CAPTURE(out, len, hd_stats_print(f, &s, true));
	assert_json(out, len);
	assert_non_null(strstr(out, "{\"area\":\"net\",\"op\":\"net_connect\",\"detail\":\"tcp\","
			       "\"detail_num\":6,\"denied\":3,\"audited\":0}"));
	assert_non_null(strstr(out, "\"op\":\"net_connect\",\"detail\":\"udp\",\"detail_num\":17,"));
	assert_non_null(strstr(out, "\"op\":\"net_send\",\"detail\":\"icmp\",\"detail_num\":1,"));
	assert_non_null(strstr(out, "\"op\":\"net_send\",\"detail\":255,\"detail_num\":255,"));
	assert_non_null(strstr(out, "\"op\":\"net_recv\",\"detail\":\"icmpv6\",\"detail_num\":58,"
			       "\"denied\":0,\"audited\":4}"));
	assert_non_null(strstr(out, "\"op\":\"net_forward\",\"detail\":\"udp\",\"detail_num\":17,"));
	assert_non_null(strstr(out, "\"op\":\"net_spoof\",\"detail\":132,\"detail_num\":132,"));
	/* Where the table shows "-": the number. */
	assert_non_null(strstr(out, "\"op\":\"net_packet\",\"detail\":0,\"detail_num\":0,"));
	assert_non_null(strstr(out, "{\"group\":\"docker\",\"area\":\"net\",\"denied\":31,\"audited\":4}"));
	free(out);

	out = NULL;
	CAPTURE(out, len, hd_metrics_print(f, &st, &s));
	assert_true(clean_utf8(out, len));
	assert_non_null(strstr(out, "harden_denials_total{group=\"docker\",cgroup=\"/docker/n\","
			       "area=\"net\",op=\"net_connect\",detail=\"tcp\"} 3\n"));
	assert_non_null(strstr(out, "harden_audits_total{group=\"docker\",cgroup=\"/docker/n\","
			       "area=\"net\",op=\"net_recv\",detail=\"icmpv6\"} 4\n"));
	assert_non_null(strstr(out, "area=\"net\",op=\"net_send\",detail=\"255\"} 1\n"));
	assert_non_null(strstr(out, "area=\"net\",op=\"net_packet\",detail=\"-\"} 2\n"));
	assert_non_null(strstr(out, "harden_group_denials_total{group=\"docker\",area=\"net\"} 31\n"));
	check_exposition(out);
	free(out);
	hd_stats_free(&s);
}

/* Every net op has its name; protocols by name, as the kernel numbers them. */
static void test_net_names(void **state)
{
	char buf[32];
	unsigned int op;

	(void)state;
	assert_string_equal(hd_area_name(HARDEN_AREA_NET), "net");
	assert_string_equal(hd_op_name(HARDEN_OP_NET_CONNECT), "net_connect");
	assert_string_equal(hd_op_name(HARDEN_OP_NET_SEND), "net_send");
	assert_string_equal(hd_op_name(HARDEN_OP_NET_RECV), "net_recv");
	assert_string_equal(hd_op_name(HARDEN_OP_NET_FORWARD), "net_forward");
	assert_string_equal(hd_op_name(HARDEN_OP_NET_SPOOF), "net_spoof");
	assert_string_equal(hd_op_name(HARDEN_OP_NET_PACKET), "net_packet");
	assert_int_equal(IPPROTO_ICMP, 1);
	assert_int_equal(IPPROTO_TCP, 6);
	assert_int_equal(IPPROTO_UDP, 17);
	assert_int_equal(IPPROTO_ICMPV6, 58);
	for (op = HARDEN_OP_NET_CONNECT; op <= HARDEN_OP_NET_PACKET; op++) {
		assert_string_equal(hd_detail_text(HARDEN_AREA_NET, op, 6, buf, sizeof(buf)), "tcp");
		assert_string_equal(hd_detail_name(HARDEN_AREA_NET, op, 17, buf, sizeof(buf)), "udp");
		assert_string_equal(hd_detail_text(HARDEN_AREA_NET, op, 1, buf, sizeof(buf)), "icmp");
		assert_string_equal(hd_detail_text(HARDEN_AREA_NET, op, 58, buf, sizeof(buf)), "icmpv6");
		/* Raw and other protocols: numbers; none: "-" (0 in JSON). */
		assert_null(hd_detail_name(HARDEN_AREA_NET, op, 255, buf, sizeof(buf)));
		assert_string_equal(hd_detail_text(HARDEN_AREA_NET, op, 255, buf, sizeof(buf)), "255");
		assert_string_equal(hd_detail_text(HARDEN_AREA_NET, op, 136, buf, sizeof(buf)), "136");
		assert_null(hd_detail_name(HARDEN_AREA_NET, op, 0, buf, sizeof(buf)));
		assert_string_equal(hd_detail_text(HARDEN_AREA_NET, op, 0, buf, sizeof(buf)), "-");
		assert_string_equal(hd_detail_text(HARDEN_AREA_NET, op, HARDEN_DETAIL_OTHER,
						   buf, sizeof(buf)), "other");
	}
	/* Protocol numbers mean nothing to other ops. */
	assert_string_equal(hd_detail_text(HARDEN_AREA_TAMPER, HARDEN_OP_DELETE_MODULE, 6,
					   buf, sizeof(buf)), "-");
	/* An op newer than this hardctl: its number, and no detail name. */
	assert_null(hd_op_name(HARDEN_OP_MAX + 1));
	assert_string_equal(hd_detail_text(HARDEN_AREA_NET, HARDEN_OP_MAX + 1, 6,
					   buf, sizeof(buf)), "-");
}

/* ---- host area ---- */

/* sysfs_write: a filesystem type; block_open, char_open: a major number. */
static void build_host(struct hd_stats *s)
{
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_GET_STATS);
	struct nlattr *cg, *cs, *t;
	int i = 0;

	memset(s, 0, sizeof(*s));
	cg = mnl_attr_nest_start(nlh, HARDEN_A_CGROUP);
	mnl_attr_put_u64(nlh, HARDEN_CGROUP_A_ID, 9);
	mnl_attr_put_strz(nlh, HARDEN_CGROUP_A_PATH, "/docker/h");
	mnl_attr_put_strz(nlh, HARDEN_CGROUP_A_GROUP, "docker");
	mnl_attr_put_u32(nlh, HARDEN_CGROUP_A_TASKS, 1);
	cs = mnl_attr_nest_start(nlh, HARDEN_CGROUP_A_COUNTERS);
	put_counter(nlh, i++, HARDEN_AREA_HOST, HARDEN_OP_SYSCTL_WRITE, 0, 3, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_HOST, HARDEN_OP_PROC_WRITE, 0, 1, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_HOST, HARDEN_OP_PROC_READ, 0, 2, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_HOST, HARDEN_OP_SYSFS_WRITE, HARDEN_FSTYPE_SYSFS, 4, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_HOST, HARDEN_OP_SYSFS_WRITE, HARDEN_FSTYPE_DEBUGFS, 1, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_HOST, HARDEN_OP_CGROUP_WRITE, 0, 0, 6, true);
	put_counter(nlh, i++, HARDEN_AREA_HOST, HARDEN_OP_BLOCK_OPEN, 8, 5, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_HOST, HARDEN_OP_CHAR_OPEN, 10, 7, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_HOST, HARDEN_OP_CHAR_OPEN, 0, 1, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_HOST, HARDEN_OP_MODULE_REQUEST, 0, 2, 0, true);
	put_counter(nlh, i++, HARDEN_AREA_TAMPER, HARDEN_OP_UMH_EXEC, 0, 1, 0, true);
	mnl_attr_nest_end(nlh, cs);
	mnl_attr_nest_end(nlh, cg);
	assert_int_equal(hd_stats_decode_cgroup(nlh, s), 0);

	nlh = msg_start(HARDEN_CMD_GET_TOTALS);
	t = mnl_attr_nest_start(nlh, HARDEN_A_TOTAL);
	mnl_attr_put_strz(nlh, HARDEN_TOTAL_A_GROUP, "docker");
	cs = mnl_attr_nest_start(nlh, HARDEN_TOTAL_A_COUNTERS);
	put_counter(nlh, 0, HARDEN_AREA_HOST, 0, 0, 26, 6, false);
	put_counter(nlh, 1, HARDEN_AREA_TAMPER, 0, 0, 1, 0, false);
	mnl_attr_nest_end(nlh, cs);
	mnl_attr_nest_end(nlh, t);
	assert_int_equal(hd_stats_decode_total(nlh, s), 0);
	hd_stats_sort(s);
}

static void test_host_names(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(hd_area_name(HARDEN_AREA_HOST), "host");
	assert_string_equal(hd_op_name(HARDEN_OP_SYSCTL_WRITE), "sysctl_write");
	assert_string_equal(hd_op_name(HARDEN_OP_PROC_WRITE), "proc_write");
	assert_string_equal(hd_op_name(HARDEN_OP_PROC_READ), "proc_read");
	assert_string_equal(hd_op_name(HARDEN_OP_SYSFS_WRITE), "sysfs_write");
	assert_string_equal(hd_op_name(HARDEN_OP_CGROUP_WRITE), "cgroup_write");
	assert_string_equal(hd_op_name(HARDEN_OP_BLOCK_OPEN), "block_open");
	assert_string_equal(hd_op_name(HARDEN_OP_CHAR_OPEN), "char_open");
	assert_string_equal(hd_op_name(HARDEN_OP_MODULE_REQUEST), "module_request");
	assert_string_equal(hd_op_name(HARDEN_OP_UMH_EXEC), "umh_exec");
	assert_string_equal(hd_op_name(HARDEN_OP_SYSFS_READ), "sysfs_read");
	assert_string_equal(hd_op_name(HARDEN_OP_PRLIMIT), "prlimit");
	assert_string_equal(hd_op_name(HARDEN_OP_KEYRING), "keyring");
	assert_string_equal(hd_op_name(HARDEN_OP_SCHED), "sched");
	assert_int_equal(HARDEN_OP_SCHED, HARDEN_OP_MAX);
	assert_string_equal(hd_detail_text(HARDEN_AREA_PTRACE, HARDEN_OP_SCHED,
					   HARDEN_TARGET_OTHER, buf, sizeof(buf)), "other_container");
	assert_string_equal(hd_detail_text(HARDEN_AREA_PTRACE, HARDEN_OP_SCHED,
					   HARDEN_TARGET_MAX + 1, buf, sizeof(buf)), "4");
	assert_string_equal(hd_detail_text(HARDEN_AREA_HOST, HARDEN_OP_SYSFS_READ,
					   HARDEN_FSTYPE_DEBUGFS, buf, sizeof(buf)), "debugfs");
	assert_string_equal(hd_detail_text(HARDEN_AREA_PTRACE, HARDEN_OP_PRLIMIT,
					   HARDEN_TARGET_HOST, buf, sizeof(buf)), "host");
	assert_null(hd_op_name(HARDEN_OP_MAX + 1));

	/* sysfs_write: the filesystem, as for mounts. */
	assert_string_equal(hd_detail_text(HARDEN_AREA_HOST, HARDEN_OP_SYSFS_WRITE,
					   HARDEN_FSTYPE_TRACEFS, buf, sizeof(buf)), "tracefs");
	assert_string_equal(hd_detail_text(HARDEN_AREA_HOST, HARDEN_OP_SYSFS_WRITE,
					   HARDEN_FSTYPE_UNKNOWN, buf, sizeof(buf)), "-");
	assert_string_equal(hd_detail_text(HARDEN_AREA_HOST, HARDEN_OP_SYSFS_WRITE,
					   HARDEN_FSTYPE_MAX_ID + 1, buf, sizeof(buf)), "38");
	/* block_open, char_open: the major, always a number. */
	assert_null(hd_detail_name(HARDEN_AREA_HOST, HARDEN_OP_CHAR_OPEN, 10, buf, sizeof(buf)));
	assert_string_equal(hd_detail_text(HARDEN_AREA_HOST, HARDEN_OP_CHAR_OPEN, 10,
					   buf, sizeof(buf)), "10");
	assert_string_equal(hd_detail_text(HARDEN_AREA_HOST, HARDEN_OP_BLOCK_OPEN, 0,
					   buf, sizeof(buf)), "0");
	assert_string_equal(hd_detail_text(HARDEN_AREA_HOST, HARDEN_OP_BLOCK_OPEN, 259,
					   buf, sizeof(buf)), "259");
	assert_string_equal(hd_detail_text(HARDEN_AREA_HOST, HARDEN_OP_BLOCK_OPEN,
					   HARDEN_DETAIL_OTHER, buf, sizeof(buf)), "other");
	/* The others give none. */
	assert_string_equal(hd_detail_text(HARDEN_AREA_HOST, HARDEN_OP_SYSCTL_WRITE, 0,
					   buf, sizeof(buf)), "-");
	assert_string_equal(hd_detail_text(HARDEN_AREA_TAMPER, HARDEN_OP_UMH_EXEC, 0,
					   buf, sizeof(buf)), "-");
}

static void test_stats_host(void **state)
{
	struct hd_status st = { 0 };
	struct hd_stats s;
	char *out = NULL;
	size_t len = 0;

	(void)state;
	build_host(&s);

	CAPTURE(out, len, hd_stats_print(f, &s, false));
	assert_true(clean_utf8(out, len));
	assert_string_equal(out,
		"CGROUP     GROUP            AREA   OP             DETAIL               DENIED    AUDITED\n"
		"/docker/h  docker           host   sysctl_write   -                         3          0\n"
		"/docker/h  docker           host   proc_write     -                         1          0\n"
		"/docker/h  docker           host   proc_read      -                         2          0\n"
		"/docker/h  docker           host   sysfs_write    sysfs                     4          0\n"
		"/docker/h  docker           host   sysfs_write    debugfs                   1          0\n"
		"/docker/h  docker           host   cgroup_write   -                         0          6\n"
		"/docker/h  docker           host   block_open     8                         5          0\n"
		"/docker/h  docker           host   char_open      0                         1          0\n"
		"/docker/h  docker           host   char_open      10                        7          0\n"
		"/docker/h  docker           host   module_request -                         2          0\n"
		"/docker/h  docker           tamper umh_exec       -                         1          0\n"
		"\n"
		"group totals\n"
		"GROUP             AREA       DENIED    AUDITED\n"
		"docker            host           26          6\n"
		"docker            tamper          1          0\n");
	free(out);

	out = NULL;
	CAPTURE(out, len, hd_stats_print(f, &s, true));
	assert_json(out, len);
	assert_non_null(strstr(out, "{\"area\":\"host\",\"op\":\"sysfs_write\",\"detail\":\"debugfs\","
			       "\"detail_num\":24,\"denied\":1,\"audited\":0}"));
	assert_non_null(strstr(out, "\"op\":\"char_open\",\"detail\":10,\"detail_num\":10,"));
	assert_non_null(strstr(out, "\"op\":\"block_open\",\"detail\":8,\"detail_num\":8,"));
	assert_non_null(strstr(out, "{\"area\":\"tamper\",\"op\":\"umh_exec\",\"detail\":0,"));
	assert_non_null(strstr(out, "{\"group\":\"docker\",\"area\":\"host\",\"denied\":26,\"audited\":6}"));
	free(out);

	out = NULL;
	CAPTURE(out, len, hd_metrics_print(f, &st, &s));
	assert_true(clean_utf8(out, len));
	assert_non_null(strstr(out, "harden_denials_total{group=\"docker\",cgroup=\"/docker/h\","
			       "area=\"host\",op=\"sysctl_write\",detail=\"-\"} 3\n"));
	assert_non_null(strstr(out, "harden_audits_total{group=\"docker\",cgroup=\"/docker/h\","
			       "area=\"host\",op=\"cgroup_write\",detail=\"-\"} 6\n"));
	assert_non_null(strstr(out, "area=\"host\",op=\"sysfs_write\",detail=\"sysfs\"} 4\n"));
	assert_non_null(strstr(out, "area=\"host\",op=\"block_open\",detail=\"8\"} 5\n"));
	assert_non_null(strstr(out, "area=\"host\",op=\"char_open\",detail=\"0\"} 1\n"));
	assert_non_null(strstr(out, "area=\"host\",op=\"module_request\",detail=\"-\"} 2\n"));
	assert_non_null(strstr(out, "area=\"tamper\",op=\"umh_exec\",detail=\"-\"} 1\n"));
	assert_non_null(strstr(out, "harden_group_denials_total{group=\"docker\",area=\"host\"} 26\n"));
	check_exposition(out);
	free(out);
	hd_stats_free(&s);
}

/*
 * A net-area event as the module sends it: the subject's pid and comm
 * unless @task is false (a packet checked on receipt, in softirq); the
 * peer container's cgroup id, path and group where given; the peer's
 * address as the object.
 */
static struct nlmsghdr *build_net_event(uint16_t op, uint32_t proto, bool task,
					const char *tcg, const char *tgroup,
					const char *object)
{
	const struct nlfix_event ev = {
		.time = 1796158800123456789ULL, .mode = HARDEN_MODE_ENFORCE,
		.area = HARDEN_AREA_NET, .op = op, .detail = proto, .pid = 5100,
		.comm = task ? "curl" : NULL, .cgroup_id = 123,
		.cgroup = "/docker/abc", .group = "docker",
	};
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_EVENT);
	struct nlattr *e = nlfix_event_start(nlh, &ev);

	if (object)
		mnl_attr_put_strz(nlh, HARDEN_EVENT_A_OBJECT, object);
	if (tcg) {
		mnl_attr_put_u64(nlh, HARDEN_EVENT_A_TARGET_CGROUP_ID, 88);
		mnl_attr_put_strz(nlh, HARDEN_EVENT_A_TARGET_CGROUP, tcg);
	}
	if (tgroup)
		mnl_attr_put_strz(nlh, HARDEN_EVENT_A_TARGET_GROUP, tgroup);
	mnl_attr_put_u32(nlh, 300, 1);		/* newer than this hardctl: skipped */
	mnl_attr_nest_end(nlh, e);
	return nlh;
}

static void test_event_net(void **state)
{
	static const char hostile_cg[] = "/docker/e\x1b]0;t\x07 \"q\\\xc2\x85\xfe";
	struct hd_event ev;
	char *out = NULL;
	size_t len = 0;
	struct jp j;

	(void)state;
	/* connect(2): the task, the peer container, its group, its address. */
	assert_int_equal(hd_event_decode(build_net_event(HARDEN_OP_NET_CONNECT, IPPROTO_TCP, true,
							 "/docker/def", "web", "10.0.0.2:80"),
					 &ev), 0);
	assert_true(ev.has_pid && ev.has_comm && ev.has_target_group);
	assert_false(ev.has_target_pid || ev.has_target_comm);
	assert_string_equal(ev.target_group, "web");
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_string_equal(out, "2026-12-01T21:00:00.123456789Z enforce net net_connect tcp "
			    "pid 5100 comm curl cgroup /docker/abc group docker "
			    "target cgroup /docker/def group web object 10.0.0.2:80\n");
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_string_equal(out,
		"{\"time\":\"2026-12-01T21:00:00.123456789Z\",\"time_ns\":1796158800123456789,"
		"\"mode\":\"enforce\",\"area\":\"net\",\"op\":\"net_connect\",\"detail\":\"tcp\","
		"\"detail_num\":6,\"pid\":5100,\"comm\":\"curl\",\"cgroup_id\":123,"
		"\"cgroup\":\"/docker/abc\",\"group\":\"docker\",\"target_cgroup_id\":88,"
		"\"target_cgroup\":\"/docker/def\",\"target_group\":\"web\","
		"\"object\":\"10.0.0.2:80\",\"dropped\":0}\n");
	free(out);

	/* On receipt, in softirq: no task. "-" in text, null in JSON. */
	assert_int_equal(hd_event_decode(build_net_event(HARDEN_OP_NET_RECV, IPPROTO_UDP, false,
							 "/docker/def", "web", "[fd00::2]:53"),
					 &ev), 0);
	assert_false(ev.has_pid || ev.has_comm);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_string_equal(out, "2026-12-01T21:00:00.123456789Z enforce net net_recv udp "
			    "pid - comm - cgroup /docker/abc group docker "
			    "target cgroup /docker/def group web object [fd00::2]:53\n");
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_non_null(strstr(out, "\"detail\":\"udp\",\"detail_num\":17,\"pid\":null,"
			       "\"comm\":null,\"cgroup_id\":123,"));
	assert_non_null(strstr(out, ",\"target_group\":\"web\",\"object\":\"[fd00::2]:53\","));
	free(out);

	/* A peer with no group, its cgroup gone: "-" for each in text, no keys. */
	assert_int_equal(hd_event_decode(build_net_event(HARDEN_OP_NET_SEND, IPPROTO_ICMP, true,
							 NULL, NULL, "10.0.0.3:0"), &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_non_null(strstr(out, " net net_send icmp pid 5100 comm curl cgroup /docker/abc "
			       "group docker object 10.0.0.3:0\n"));
	free(out);
	{
		struct nlmsghdr *nlh = build_net_event(HARDEN_OP_NET_FORWARD, IPPROTO_TCP, false,
						       NULL, NULL, "10.0.0.4:22");

		/* Only the id: the cgroup was gone by the time it was sent. */
		assert_int_equal(hd_event_decode(nlh, &ev), 0);
		ev.has_target_cgroup_id = true;
		ev.target_cgroup_id = 88;
		out = NULL;
		CAPTURE(out, len, hd_event_print(f, &ev, false));
		assert_non_null(strstr(out, " net net_forward tcp pid - comm - cgroup /docker/abc "
				       "group docker target cgroup - group - object 10.0.0.4:22\n"));
		free(out);
		out = NULL;
		CAPTURE(out, len, hd_event_print(f, &ev, true));
		assert_json(out, len);
		assert_non_null(strstr(out, ",\"target_cgroup_id\":88,\"object\":"));
		assert_null(strstr(out, "target_group"));
		free(out);
	}

	/* A packet socket: no protocol, no peer, no object. */
	assert_int_equal(hd_event_decode(build_net_event(HARDEN_OP_NET_PACKET, 0, true, NULL, NULL,
							 NULL), &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_string_equal(out, "2026-12-01T21:00:00.123456789Z enforce net net_packet - "
			    "pid 5100 comm curl cgroup /docker/abc group docker\n");
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_json(out, len);
	assert_non_null(strstr(out, "\"op\":\"net_packet\",\"detail\":0,\"detail_num\":0,"));
	assert_null(strstr(out, "target"));
	free(out);

	/* A raw protocol by number; a spoofed source. */
	assert_int_equal(hd_event_decode(build_net_event(HARDEN_OP_NET_SPOOF, IPPROTO_RAW, true,
							 "/docker/def", "web", "10.0.0.2:0"),
					 &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_non_null(strstr(out, " enforce net net_spoof 255 pid 5100 "));
	free(out);

	/* Hostile peer cgroup and object: escaped, valid JSON. */
	assert_int_equal(hd_event_decode(build_net_event(HARDEN_OP_NET_RECV, IPPROTO_TCP, false,
							 hostile_cg, "web", "1.2.3.4:5\x1b[2J"),
					 &ev), 0);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, false));
	assert_true(clean_utf8(out, len));
	assert_non_null(strstr(out, " target cgroup /docker/e\\x1b]0;t\\x07 \"q\\\\\\xc2\\x85\\xfe "
			       "group web object 1.2.3.4:5\\x1b[2J\n"));
	free(out);
	out = NULL;
	CAPTURE(out, len, hd_event_print(f, &ev, true));
	assert_true(clean_utf8(out, len));
	if (!json_valid(out, len, &j))
		fail_msg("invalid JSON:\n%s", out);
	assert_true(json_has_string(&j, "/docker/e\\x1b]0;t\\x07 \"q\\\\\\xc2\\x85\\xfe"));
	json_free(&j);
	free(out);

	/* Malformed: a target group without its NUL, a pid of the wrong size. */
	{
		struct nlmsghdr *nlh = msg_start(HARDEN_CMD_EVENT);
		struct nlattr *e = mnl_attr_nest_start(nlh, HARDEN_A_EVENT);

		mnl_attr_put(nlh, HARDEN_EVENT_A_TARGET_GROUP, 3, "web");
		mnl_attr_nest_end(nlh, e);
		assert_int_equal(hd_event_decode(nlh, &ev), -1);
		nlh = msg_start(HARDEN_CMD_EVENT);
		e = mnl_attr_nest_start(nlh, HARDEN_A_EVENT);
		mnl_attr_put_u64(nlh, HARDEN_EVENT_A_PID, 1);
		mnl_attr_nest_end(nlh, e);
		assert_int_equal(hd_event_decode(nlh, &ev), -1);
	}
}

/* ---- textfile ---- */

static void test_textfile(void **state)
{
	char dir[] = "/tmp/hardctl-test-XXXXXX", path[256], tmp[300], err[512], got[64];
	struct stat sb;
	mode_t old;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/harden.prom", dir);
	old = umask(077);
	assert_int_equal(textfile_write(path, "a 1\n", 4, err, sizeof(err)), 0);
	/* Replaced, not appended. */
	assert_int_equal(textfile_write(path, "b 2\n", 4, err, sizeof(err)), 0);
	umask(old);
	assert_int_equal(stat(path, &sb), 0);
	/* 0644 whatever the umask: node_exporter may be another user. */
	assert_int_equal(sb.st_mode & 07777, 0644);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(got, sizeof(got), f));
	fclose(f);
	assert_string_equal(got, "b 2\n");
	/* No temporary file left behind. */
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
	assert_int_equal(access(tmp, F_OK), -1);
	unlink(path);

	/* A directory that is not there: a message naming the file. */
	snprintf(path, sizeof(path), "%s/nodir/harden.prom", dir);
	assert_int_equal(textfile_write(path, "a 1\n", 4, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "nodir/harden.prom.tmp."));
	assert_non_null(strstr(err, "No such file or directory"));
	assert_int_equal(rmdir(dir), 0);
}

/* ---- exporter address ---- */

static void test_listen_parse(void **state)
{
	static const char *const bad[] = {
		"", "9477", ":9477", "127.0.0.1", "127.0.0.1:", "127.0.0.1:0",
		"127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:+80", "127.0.0.1:80x",
		"localhost:9477", "::1:9477", "[::1]", "[::1]9477", "[127.0.0.1]:80",
		"1.2.3:80", "[]:80",
	};
	struct sockaddr_storage ss;
	const char *why;
	socklen_t len;
	size_t i;

	(void)state;
	assert_int_equal(listen_parse("127.0.0.1:9477", &ss, &len, &why), 0);
	assert_int_equal(ss.ss_family, AF_INET);
	assert_int_equal(ntohs(((struct sockaddr_in *)&ss)->sin_port), 9477);
	assert_int_equal(len, sizeof(struct sockaddr_in));
	assert_int_equal(listen_parse("[::1]:9477", &ss, &len, &why), 0);
	assert_int_equal(ss.ss_family, AF_INET6);
	assert_int_equal(ntohs(((struct sockaddr_in6 *)&ss)->sin6_port), 9477);
	assert_true(IN6_IS_ADDR_LOOPBACK(&((struct sockaddr_in6 *)&ss)->sin6_addr));
	assert_int_equal(listen_parse("0.0.0.0:1", &ss, &len, &why), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (listen_parse(bad[i], &ss, &len, &why) == 0)
			fail_msg("accepted '%s'", bad[i]);
		assert_non_null(why);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_status_host_hook),
		cmocka_unit_test(test_status_malformed),
		cmocka_unit_test(test_stats_example_json),
		cmocka_unit_test(test_stats_mixed),
		cmocka_unit_test(test_stats_mount),
		cmocka_unit_test(test_mount_names),
		cmocka_unit_test(test_stats_ptrace),
		cmocka_unit_test(test_ptrace_names),
		cmocka_unit_test(test_stats_net),
		cmocka_unit_test(test_net_names),
		cmocka_unit_test(test_host_names),
		cmocka_unit_test(test_stats_host),
		cmocka_unit_test(test_stats_malformed),
		cmocka_unit_test(test_event),
		cmocka_unit_test(test_event_mount),
		cmocka_unit_test(test_event_host),
		cmocka_unit_test(test_event_ptrace),
		cmocka_unit_test(test_event_net),
		cmocka_unit_test(test_event_gap),
		cmocka_unit_test(test_drop_lines),
		cmocka_unit_test(test_prom_label),
		cmocka_unit_test(test_metrics),
		cmocka_unit_test(test_metrics_merge),
		cmocka_unit_test(test_textfile),
		cmocka_unit_test(test_listen_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
