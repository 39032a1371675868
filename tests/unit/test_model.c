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
#include <cmocka.h>

#include "../../ctl/exporter.h"
#include "harden_names.h"
#include "../../ctl/model.h"
#include "../../ctl/nl.h"
#include "../../ctl/textfile.h"
#include "json_check.h"

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

	mnl_attr_put_strz(nlh, HARDEN_A_VERSION, "0.2.0");
	mnl_attr_put_u64(nlh, HARDEN_A_GENERATION, 4);
	mnl_attr_put_u64(nlh, HARDEN_A_LOAD_TIME, 1800000000);
	mnl_attr_put_u32(nlh, HARDEN_A_GROUP_COUNT, 2);
	mnl_attr_put_u32(nlh, HARDEN_A_TRACKED_TASKS, 9);
	mnl_attr_put_u32(nlh, HARDEN_A_CGROUP_COUNT, 3);
	mnl_attr_put_u64(nlh, HARDEN_A_MEMORY, 4096);
	mnl_attr_put_u64(nlh, HARDEN_A_EVENTS_SENT, 5);
	mnl_attr_put_u64(nlh, HARDEN_A_EVENTS_DROPPED, 1);
	mnl_attr_put_u32(nlh, 300, 1);		/* unknown: skipped */
	hooks = mnl_attr_nest_start(nlh, HARDEN_A_HOOKS);
	h = mnl_attr_nest_start(nlh, 0);
	mnl_attr_put_strz(nlh, HARDEN_HOOK_A_NAME, "security_capable");
	mnl_attr_put_u64(nlh, HARDEN_HOOK_A_HITS, 123);
	mnl_attr_put_u8(nlh, HARDEN_HOOK_A_AREA, HARDEN_AREA_CAP);
	mnl_attr_nest_end(nlh, h);
	h = mnl_attr_nest_start(nlh, 1);
	mnl_attr_put_strz(nlh, HARDEN_HOOK_A_NAME, "bad\x1bhook");
	mnl_attr_put_u64(nlh, HARDEN_HOOK_A_HITS, 0);
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
		"\"hooks\":[{\"name\":\"security_capable\",\"area\":\"cap\",\"hits\":123},"
		"{\"name\":\"bad\\\\x1bhook\",\"area\":null,\"hits\":0}]}\n");
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
	put_counter(nlh, 2, 9, 42, 17, 1, 1, true);
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
	assert_non_null(strstr(out, "  -                9      42            -                         1          1\n"));
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
	assert_non_null(strstr(out, "{\"area\":9,\"op\":42,\"detail\":17,\"detail_num\":17,"));
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
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_EVENT);
	struct nlattr *e = mnl_attr_nest_start(nlh, HARDEN_A_EVENT);

	mnl_attr_put_u64(nlh, HARDEN_EVENT_A_TIME, 1796158800123456789ULL);
	mnl_attr_put_u8(nlh, HARDEN_EVENT_A_MODE, HARDEN_MODE_ENFORCE);
	mnl_attr_put_u8(nlh, HARDEN_EVENT_A_AREA, HARDEN_AREA_CAP);
	mnl_attr_put_u16(nlh, HARDEN_EVENT_A_OP, HARDEN_OP_CAPABLE);
	mnl_attr_put_u32(nlh, HARDEN_EVENT_A_DETAIL, 21);
	mnl_attr_put_u32(nlh, HARDEN_EVENT_A_PID, 4242);
	mnl_attr_put_strz(nlh, HARDEN_EVENT_A_COMM, comm);
	mnl_attr_put_u64(nlh, HARDEN_EVENT_A_CGROUP_ID, 123);
	mnl_attr_put_strz(nlh, HARDEN_EVENT_A_CGROUP, "/docker/abc");
	if (group)
		mnl_attr_put_strz(nlh, HARDEN_EVENT_A_GROUP, "docker");
	mnl_attr_put_u64(nlh, HARDEN_EVENT_A_DROPPED, dropped);
	mnl_attr_put_u64(nlh, 60, 1);		/* unknown: skipped */
	mnl_attr_nest_end(nlh, e);
	return nlh;
}

/* A mount event; @object of @len bytes (NUL included), none if NULL. */
static struct nlmsghdr *build_mount_event(const char *object, size_t len)
{
	struct nlmsghdr *nlh = msg_start(HARDEN_CMD_EVENT);
	struct nlattr *e = mnl_attr_nest_start(nlh, HARDEN_A_EVENT);

	mnl_attr_put_u64(nlh, HARDEN_EVENT_A_TIME, 1796158800123456789ULL);
	mnl_attr_put_u8(nlh, HARDEN_EVENT_A_MODE, HARDEN_MODE_AUDIT);
	mnl_attr_put_u8(nlh, HARDEN_EVENT_A_AREA, HARDEN_AREA_MOUNT);
	mnl_attr_put_u16(nlh, HARDEN_EVENT_A_OP, HARDEN_OP_MOUNT);
	mnl_attr_put_u32(nlh, HARDEN_EVENT_A_DETAIL, HARDEN_FSTYPE_EXT4);
	mnl_attr_put_u32(nlh, HARDEN_EVENT_A_PID, 77);
	mnl_attr_put_strz(nlh, HARDEN_EVENT_A_COMM, "mount");
	mnl_attr_put_u64(nlh, HARDEN_EVENT_A_CGROUP_ID, 123);
	mnl_attr_put_strz(nlh, HARDEN_EVENT_A_CGROUP, "/docker/abc");
	mnl_attr_put_strz(nlh, HARDEN_EVENT_A_GROUP, "docker");
	mnl_attr_put_u64(nlh, HARDEN_EVENT_A_DROPPED, 0);
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
	assert_int_equal(n_typed, 12);
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
			       "area=\"9\",op=\"42\",detail=\"-\"} 1\n"));
	assert_non_null(strstr(out, "harden_group_denials_total{group=\"_other\",area=\"tamper\"} 5\n"));
	assert_non_null(strstr(out, "harden_group_audits_total{group=\"_other\",area=\"9\"} 1\n"));
	assert_non_null(strstr(out, "# TYPE harden_events_dropped_total counter\nharden_events_dropped_total 1\n"));
	assert_non_null(strstr(out, "harden_events_sent_total 5\n"));
	assert_non_null(strstr(out, "# TYPE harden_policy_generation gauge\nharden_policy_generation 4\n"));
	assert_non_null(strstr(out, "harden_policy_load_timestamp_seconds 1800000000\n"));
	assert_non_null(strstr(out, "harden_hooks_attached 2\n"));
	assert_non_null(strstr(out, "harden_tracked_tasks 9\n"));
	assert_non_null(strstr(out, "harden_tracked_cgroups 3\n"));
	assert_non_null(strstr(out, "harden_memory_bytes 4096\n"));
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
		cmocka_unit_test(test_status_malformed),
		cmocka_unit_test(test_stats_example_json),
		cmocka_unit_test(test_stats_mixed),
		cmocka_unit_test(test_stats_mount),
		cmocka_unit_test(test_mount_names),
		cmocka_unit_test(test_stats_malformed),
		cmocka_unit_test(test_event),
		cmocka_unit_test(test_event_mount),
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
