// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding and printing of status, counters, totals and events; pure (no
 * sockets), so unit-tested end to end. Every kernel-supplied string goes
 * through fmt_escape() (format.h), in tables, JSON and Prometheus alike.
 */
#include <inttypes.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "caps.h"
#include "format.h"
#include "harden_names.h"
#include "model.h"
#include "nl.h"
#include "signals.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- attribute tables ---- */

enum hd_kind { K_U8, K_U16, K_U32, K_U64, K_STR, K_NEST };

struct hd_field {
	uint16_t type;
	uint8_t kind;
	size_t off;			/* of the value in the object */
	size_t size;			/* K_STR: the buffer's size */
	size_t has;			/* of a bool set when present; 0: none */
	int (*nest)(const struct nlattr *a, void *obj);
};

#define FLD(t, k, st, m) \
	{ .type = (t), .kind = (k), .off = offsetof(st, m), .size = sizeof(((st *)0)->m) }
#define FLD_HAS(t, k, st, m, h) \
	{ .type = (t), .kind = (k), .off = offsetof(st, m), \
	  .size = sizeof(((st *)0)->m), .has = offsetof(st, h) }
#define FLD_NEST(t, fn)	{ .type = (t), .kind = K_NEST, .nest = (fn) }

static const enum mnl_attr_data_type kind_type[] = {
	[K_U8] = MNL_TYPE_U8, [K_U16] = MNL_TYPE_U16, [K_U32] = MNL_TYPE_U32,
	[K_U64] = MNL_TYPE_U64, [K_STR] = MNL_TYPE_NUL_STRING,
	[K_NEST] = MNL_TYPE_NESTED,
};

/* Store @a in @obj as its table says; types not in the table are skipped. */
static int hd_field_put(const struct nlattr *a, const struct hd_field *tbl,
			size_t n, void *obj)
{
	char *o = obj;
	size_t i;

	for (i = 0; i < n; i++)
		if (tbl[i].type == mnl_attr_get_type(a))
			break;
	if (i == n)
		return 0;
	if (mnl_attr_validate(a, kind_type[tbl[i].kind]) < 0)
		return -1;
	switch (tbl[i].kind) {
	case K_U8:
		*(uint8_t *)(o + tbl[i].off) = mnl_attr_get_u8(a);
		break;
	case K_U16:
		*(uint16_t *)(o + tbl[i].off) = mnl_attr_get_u16(a);
		break;
	case K_U32:
		*(uint32_t *)(o + tbl[i].off) = mnl_attr_get_u32(a);
		break;
	case K_U64:
		*(uint64_t *)(o + tbl[i].off) = mnl_attr_get_u64(a);
		break;
	case K_STR:
		snprintf(o + tbl[i].off, tbl[i].size, "%s", mnl_attr_get_str(a));
		break;
	case K_NEST:
		if (tbl[i].nest(a, obj) < 0)
			return -1;
		break;
	}
	if (tbl[i].has)
		*(bool *)(o + tbl[i].has) = true;
	return 0;
}

static int hd_parse_nested(const struct nlattr *nest, const struct hd_field *tbl,
			   size_t n, void *obj)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest)
		if (hd_field_put(a, tbl, n, obj) < 0)
			return -1;
	return 0;
}

static int hd_parse_msg(const struct nlmsghdr *nlh, const struct hd_field *tbl,
			size_t n, void *obj)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, HNL_HDRLEN)
		if (hd_field_put(a, tbl, n, obj) < 0)
			return -1;
	return 0;
}

/* ---- status ---- */

static const struct hd_field hook_fields[] = {
	FLD(HARDEN_HOOK_A_NAME, K_STR, struct hd_hook, name),
	FLD(HARDEN_HOOK_A_HITS, K_U64, struct hd_hook, hits),
	FLD_HAS(HARDEN_HOOK_A_AREA, K_U8, struct hd_hook, area, has_area),
};

static int hooks_nest(const struct nlattr *a, void *obj)
{
	struct hd_status *st = obj;
	const struct nlattr *item;

	mnl_attr_for_each_nested(item, a) {
		struct hd_hook *hk;

		if (st->n_hooks >= ARRAY_SIZE(st->hooks))
			return -1;
		hk = &st->hooks[st->n_hooks];
		memset(hk, 0, sizeof(*hk));
		if (mnl_attr_validate(item, MNL_TYPE_NESTED) < 0 ||
		    hd_parse_nested(item, hook_fields, ARRAY_SIZE(hook_fields), hk) < 0)
			return -1;
		st->n_hooks++;
	}
	return 0;
}

static const struct hd_field status_fields[] = {
	FLD(HARDEN_A_VERSION, K_STR, struct hd_status, version),
	FLD(HARDEN_A_GENERATION, K_U64, struct hd_status, generation),
	FLD(HARDEN_A_LOAD_TIME, K_U64, struct hd_status, load_time),
	FLD(HARDEN_A_GROUP_COUNT, K_U32, struct hd_status, groups),
	FLD(HARDEN_A_TRACKED_TASKS, K_U32, struct hd_status, tasks),
	FLD(HARDEN_A_CGROUP_COUNT, K_U32, struct hd_status, cgroups),
	FLD(HARDEN_A_MEMORY, K_U64, struct hd_status, memory),
	FLD(HARDEN_A_EVENTS_SENT, K_U64, struct hd_status, events_sent),
	FLD(HARDEN_A_EVENTS_DROPPED, K_U64, struct hd_status, events_dropped),
	FLD_HAS(HARDEN_A_NET_ADDRS, K_U32, struct hd_status, net_addrs, has_net_addrs),
	FLD_HAS(HARDEN_A_NET_UNTRACKED, K_U64, struct hd_status, net_untracked,
		has_net_untracked),
	FLD_HAS(HARDEN_A_LOCKED, K_U8, struct hd_status, locked, has_lock),
	FLD(HARDEN_A_LOCK_TIME, K_U64, struct hd_status, lock_time),
	FLD(HARDEN_A_LOCK_REFUSED, K_U64, struct hd_status, lock_refused),
	FLD_HAS(HARDEN_A_CLAMPS_PENDING, K_U32, struct hd_status, clamps_pending, has_clamps),
	FLD_NEST(HARDEN_A_HOOKS, hooks_nest),
};

int hd_status_decode(const struct nlmsghdr *nlh, struct hd_status *st)
{
	memset(st, 0, sizeof(*st));
	return hd_parse_msg(nlh, status_fields, ARRAY_SIZE(status_fields), st);
}

/* ---- counters, cgroups, totals ---- */

/* A counter as decoded, with what must be there. */
struct counter_in {
	struct hd_counter c;
	bool has_area;
};

static const struct hd_field counter_fields[] = {
	FLD_HAS(HARDEN_COUNTER_A_AREA, K_U8, struct counter_in, c.area, has_area),
	FLD(HARDEN_COUNTER_A_OP, K_U16, struct counter_in, c.op),
	FLD(HARDEN_COUNTER_A_DETAIL, K_U32, struct counter_in, c.detail),
	FLD(HARDEN_COUNTER_A_DENIED, K_U64, struct counter_in, c.denied),
	FLD(HARDEN_COUNTER_A_AUDITED, K_U64, struct counter_in, c.audited),
};

/* A NLA_NESTED_ARRAY of counters, appended to *@v. */
static int counters_nest(const struct nlattr *a, struct hd_counter **v,
			 unsigned int *n)
{
	const struct nlattr *item;

	mnl_attr_for_each_nested(item, a) {
		struct counter_in in = { 0 };
		struct hd_counter *p;

		if (mnl_attr_validate(item, MNL_TYPE_NESTED) < 0 ||
		    hd_parse_nested(item, counter_fields, ARRAY_SIZE(counter_fields),
				    &in) < 0 || !in.has_area)
			return -1;
		/* Bounded by the 64 KiB of the attribute, so by memory too. */
		p = realloc(*v, (*n + 1) * sizeof(*p));
		if (!p)
			return -1;
		*v = p;
		p[(*n)++] = in.c;
	}
	return 0;
}

static int cgroup_counters(const struct nlattr *a, void *obj)
{
	struct hd_cgroup *cg = obj;

	return counters_nest(a, &cg->counters, &cg->n_counters);
}

static const struct hd_field cgroup_fields[] = {
	FLD(HARDEN_CGROUP_A_ID, K_U64, struct hd_cgroup, id),
	FLD(HARDEN_CGROUP_A_PATH, K_STR, struct hd_cgroup, path),
	FLD_HAS(HARDEN_CGROUP_A_GROUP, K_STR, struct hd_cgroup, group, has_group),
	FLD(HARDEN_CGROUP_A_TASKS, K_U32, struct hd_cgroup, tasks),
	FLD_HAS(HARDEN_CGROUP_A_REMOVED, K_U64, struct hd_cgroup, removed, has_removed),
	FLD_NEST(HARDEN_CGROUP_A_COUNTERS, cgroup_counters),
};

static int total_counters(const struct nlattr *a, void *obj)
{
	struct hd_total *t = obj;

	return counters_nest(a, &t->counters, &t->n_counters);
}

static const struct hd_field total_fields[] = {
	FLD(HARDEN_TOTAL_A_GROUP, K_STR, struct hd_total, group),
	FLD_NEST(HARDEN_TOTAL_A_COUNTERS, total_counters),
};

int hd_stats_decode_cgroup(const struct nlmsghdr *nlh, struct hd_stats *s)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, HNL_HDRLEN) {
		struct hd_cgroup *cg;

		if (mnl_attr_get_type(a) != HARDEN_A_CGROUP)
			continue;
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) < 0)
			return -1;
		cg = realloc(s->cgroups, (s->n_cgroups + 1) * sizeof(*cg));
		if (!cg)
			return -1;
		s->cgroups = cg;
		cg = &cg[s->n_cgroups++];
		memset(cg, 0, sizeof(*cg));
		if (hd_parse_nested(a, cgroup_fields, ARRAY_SIZE(cgroup_fields), cg) < 0)
			return -1;
	}
	return 0;
}

int hd_stats_decode_total(const struct nlmsghdr *nlh, struct hd_stats *s)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, HNL_HDRLEN) {
		struct hd_total *t;

		if (mnl_attr_get_type(a) != HARDEN_A_TOTAL)
			continue;
		if (mnl_attr_validate(a, MNL_TYPE_NESTED) < 0)
			return -1;
		t = realloc(s->totals, (s->n_totals + 1) * sizeof(*t));
		if (!t)
			return -1;
		s->totals = t;
		t = &t[s->n_totals++];
		memset(t, 0, sizeof(*t));
		if (hd_parse_nested(a, total_fields, ARRAY_SIZE(total_fields), t) < 0)
			return -1;
	}
	return 0;
}

static int cgroup_cmp(const void *a, const void *b)
{
	const struct hd_cgroup *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int counter_cmp(const void *a, const void *b)
{
	const struct hd_counter *x = a, *y = b;

	if (x->area != y->area)
		return x->area < y->area ? -1 : 1;
	if (x->op != y->op)
		return x->op < y->op ? -1 : 1;
	return x->detail < y->detail ? -1 : x->detail > y->detail;
}

static int total_cmp(const void *a, const void *b)
{
	return strcmp(((const struct hd_total *)a)->group,
		      ((const struct hd_total *)b)->group);
}

void hd_stats_sort(struct hd_stats *s)
{
	size_t i;

	if (s->n_cgroups)
		qsort(s->cgroups, s->n_cgroups, sizeof(*s->cgroups), cgroup_cmp);
	for (i = 0; i < s->n_cgroups; i++)
		if (s->cgroups[i].n_counters)
			qsort(s->cgroups[i].counters, s->cgroups[i].n_counters,
			      sizeof(struct hd_counter), counter_cmp);
	if (s->n_totals)
		qsort(s->totals, s->n_totals, sizeof(*s->totals), total_cmp);
	for (i = 0; i < s->n_totals; i++)
		if (s->totals[i].n_counters)
			qsort(s->totals[i].counters, s->totals[i].n_counters,
			      sizeof(struct hd_counter), counter_cmp);
}

void hd_stats_free(struct hd_stats *s)
{
	size_t i;

	for (i = 0; i < s->n_cgroups; i++)
		free(s->cgroups[i].counters);
	for (i = 0; i < s->n_totals; i++)
		free(s->totals[i].counters);
	free(s->cgroups);
	free(s->totals);
	memset(s, 0, sizeof(*s));
}

/* ---- events ---- */

static const struct hd_field event_fields[] = {
	FLD(HARDEN_EVENT_A_TIME, K_U64, struct hd_event, time_ns),
	FLD(HARDEN_EVENT_A_MODE, K_U8, struct hd_event, mode),
	FLD(HARDEN_EVENT_A_AREA, K_U8, struct hd_event, area),
	FLD(HARDEN_EVENT_A_OP, K_U16, struct hd_event, op),
	FLD(HARDEN_EVENT_A_DETAIL, K_U32, struct hd_event, detail),
	FLD_HAS(HARDEN_EVENT_A_PID, K_U32, struct hd_event, pid, has_pid),
	FLD_HAS(HARDEN_EVENT_A_COMM, K_STR, struct hd_event, comm, has_comm),
	FLD(HARDEN_EVENT_A_CGROUP_ID, K_U64, struct hd_event, cgroup_id),
	FLD(HARDEN_EVENT_A_CGROUP, K_STR, struct hd_event, cgroup),
	FLD_HAS(HARDEN_EVENT_A_GROUP, K_STR, struct hd_event, group, has_group),
	FLD(HARDEN_EVENT_A_DROPPED, K_U64, struct hd_event, dropped),
	FLD_HAS(HARDEN_EVENT_A_OBJECT, K_STR, struct hd_event, object, has_object),
	FLD_HAS(HARDEN_EVENT_A_TARGET_PID, K_U32, struct hd_event, target_pid,
		has_target_pid),
	FLD_HAS(HARDEN_EVENT_A_TARGET_COMM, K_STR, struct hd_event, target_comm,
		has_target_comm),
	FLD_HAS(HARDEN_EVENT_A_TARGET_CGROUP_ID, K_U64, struct hd_event,
		target_cgroup_id, has_target_cgroup_id),
	FLD_HAS(HARDEN_EVENT_A_TARGET_CGROUP, K_STR, struct hd_event, target_cgroup,
		has_target_cgroup),
	FLD_HAS(HARDEN_EVENT_A_TARGET_GROUP, K_STR, struct hd_event, target_group,
		has_target_group),
};

int hd_event_decode(const struct nlmsghdr *nlh, struct hd_event *ev)
{
	const struct nlattr *a;
	bool found = false;

	memset(ev, 0, sizeof(*ev));
	mnl_attr_for_each(a, nlh, HNL_HDRLEN) {
		if (mnl_attr_get_type(a) != HARDEN_A_EVENT)
			continue;
		if (found || mnl_attr_validate(a, MNL_TYPE_NESTED) < 0 ||
		    hd_parse_nested(a, event_fields, ARRAY_SIZE(event_fields), ev) < 0)
			return -1;
		found = true;
	}
	return found ? 0 : -1;
}

uint64_t hd_event_gap(uint64_t *prev, bool *seen, uint64_t dropped)
{
	uint64_t gap;

	if (!*seen || dropped < *prev)
		gap = dropped;		/* first event, or the module reloaded */
	else
		gap = dropped - *prev;
	*prev = dropped;
	*seen = true;
	return gap;
}

void hd_format_ns(char *buf, size_t len, uint64_t ns)
{
	time_t t = (time_t)(ns / 1000000000u);
	char day[32];
	struct tm tm;

	if (!gmtime_r(&t, &tm) ||
	    !strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm))
		snprintf(day, sizeof(day), "?");
	snprintf(buf, len, "%s.%09" PRIu64 "Z", day, ns % 1000000000u);
}

/* ---- names ---- */

static const char *const area_names[] = HARDEN_AREA_NAMES;

static const char *const op_names[] = HARDEN_OP_NAMES;

static const char *const fstype_names[] = HARDEN_FSTYPE_NAMES;

static const char *const target_names[] = HARDEN_TARGET_NAMES;

static const char *const cmd_names[] = {
	[HARDEN_CMD_GET_STATUS] = "get_status",
	[HARDEN_CMD_SET_POLICY] = "set_policy",
	[HARDEN_CMD_GET_POLICY] = "get_policy",
	[HARDEN_CMD_GET_STATS] = "get_stats",
	[HARDEN_CMD_GET_TOTALS] = "get_totals",
	[HARDEN_CMD_LOCK] = "lock",
};

static const char *const mode_names[] = {
	[HARDEN_MODE_ENFORCE] = "enforce",
	[HARDEN_MODE_AUDIT] = "audit",
};

#define NAME_OR_NULL(tbl, i) ((i) < ARRAY_SIZE(tbl) ? (tbl)[i] : NULL)

const char *hd_area_name(unsigned int area)
{
	return NAME_OR_NULL(area_names, area);
}

const char *hd_op_name(unsigned int op)
{
	return NAME_OR_NULL(op_names, op);
}

const char *hd_cmd_name(unsigned int cmd)
{
	return NAME_OR_NULL(cmd_names, cmd);
}

static const char *mode_name(unsigned int mode)
{
	return NAME_OR_NULL(mode_names, mode);
}

static bool is_net_op(unsigned int op)
{
	return op >= HARDEN_OP_NET_CONNECT && op <= HARDEN_OP_NET_PACKET;
}

/*
 * The net ops' detail, an IP protocol: the four a container's traffic is
 * made of by name; raw and other protocols as numbers, 0 (none, as for a
 * packet socket) as "-".
 */
static const char *net_proto_name(uint32_t proto)
{
	switch (proto) {
	case IPPROTO_ICMP:
		return "icmp";
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_ICMPV6:
		return "icmpv6";
	}
	return NULL;
}

const char *hd_detail_name(unsigned int area, unsigned int op, uint32_t detail,
			   char *buf, size_t len)
{
	const char *name;

	if (detail == HARDEN_DETAIL_OTHER)
		return "other";
	switch (op) {
	case HARDEN_OP_CAPABLE:
		name = detail <= INT32_MAX ? cap_name((int)detail) : NULL;
		if (name)
			return name;
		snprintf(buf, len, "CAP_%" PRIu32, detail);
		return buf;
	case HARDEN_OP_CONTROL:
		return hd_cmd_name(detail);
	case HARDEN_OP_PTRACE_READ:
	case HARDEN_OP_PTRACE_ATTACH:
	case HARDEN_OP_PTRACE_TRACEME:
	case HARDEN_OP_PRLIMIT:
	case HARDEN_OP_SCHED:
		/* Who was acted on; "not known" has no name, as for mounts. */
		return detail != HARDEN_TARGET_UNKNOWN ?
		       NAME_OR_NULL(target_names, detail) : NULL;
	case HARDEN_OP_SIGNAL:
		/* 0 (a kill(2) probe) and real-time signals: numbers. */
		return sig_name(detail);
	}
	if (is_net_op(op))
		return net_proto_name(detail);
	/* The filesystem written to, named as for mounts. */
	if ((op == HARDEN_OP_SYSFS_WRITE || op == HARDEN_OP_SYSFS_READ) &&
	    detail != HARDEN_FSTYPE_UNKNOWN)
		return NAME_OR_NULL(fstype_names, detail);
	/* BLOCK_OPEN, CHAR_OPEN: a major number, shown as the number. */
	/*
	 * Every mount op's detail is a filesystem type. "Not known" has no
	 * name, as a detail the op does not give: "-" in tables, 0 in JSON.
	 */
	if (area == HARDEN_AREA_MOUNT && detail != HARDEN_FSTYPE_UNKNOWN)
		return NAME_OR_NULL(fstype_names, detail);
	return NULL;
}

static const char *num_text(const char *name, unsigned long n, char *buf, size_t len)
{
	if (name)
		return name;
	snprintf(buf, len, "%lu", n);
	return buf;
}

const char *hd_area_text(unsigned int area, char *buf, size_t len)
{
	return num_text(hd_area_name(area), area, buf, len);
}

const char *hd_op_text(unsigned int op, char *buf, size_t len)
{
	return num_text(hd_op_name(op), op, buf, len);
}

const char *hd_detail_text(unsigned int area, unsigned int op, uint32_t detail,
			   char *buf, size_t len)
{
	const char *name = hd_detail_name(area, op, detail, buf, len);

	/*
	 * A number without a name where the op gives one: a control command,
	 * filesystem type or target this hardctl does not know, a signal, a
	 * device's major.
	 */
	if (!name && (op == HARDEN_OP_CONTROL || op == HARDEN_OP_SIGNAL ||
		      (is_net_op(op) && detail != 0) ||
		      (area == HARDEN_AREA_MOUNT && detail != HARDEN_FSTYPE_UNKNOWN) ||
		      ((op == HARDEN_OP_SYSFS_WRITE || op == HARDEN_OP_SYSFS_READ) &&
		       detail != HARDEN_FSTYPE_UNKNOWN) ||
		      op == HARDEN_OP_BLOCK_OPEN || op == HARDEN_OP_CHAR_OPEN ||
		      ((op == HARDEN_OP_PTRACE_READ || op == HARDEN_OP_PTRACE_ATTACH ||
			op == HARDEN_OP_PTRACE_TRACEME || op == HARDEN_OP_PRLIMIT ||
			op == HARDEN_OP_SCHED) &&
		       detail != HARDEN_TARGET_UNKNOWN)))
		return num_text(NULL, detail, buf, len);
	return name ? name : "-";
}

/* ---- JSON helpers ---- */

/* A name as a JSON string, or the number it stands for when unknown. */
static void json_name(FILE *f, const char *name, uint64_t num)
{
	if (name)
		json_string(f, name);
	else
		fprintf(f, "%" PRIu64, num);
}

static void json_opt_string(FILE *f, const char *s, bool present)
{
	if (present)
		json_string(f, s);
	else
		fputs("null", f);
}

/* A number, or null when the kernel did not send it. */
static void json_opt_u64(FILE *f, uint64_t v, bool present)
{
	if (present)
		fprintf(f, "%" PRIu64, v);
	else
		fputs("null", f);
}

/* "area":..,"op":..,"detail":..,"detail_num":.. of a counter or event. */
static void json_key(FILE *f, unsigned int area, unsigned int op, uint32_t detail)
{
	char buf[32];

	fputs("\"area\":", f);
	json_name(f, hd_area_name(area), area);
	fputs(",\"op\":", f);
	json_name(f, hd_op_name(op), op);
	fputs(",\"detail\":", f);
	json_name(f, hd_detail_name(area, op, detail, buf, sizeof(buf)), detail);
	fprintf(f, ",\"detail_num\":%" PRIu32, detail);
}

/* ---- status ---- */

void hd_status_print(FILE *f, const struct hd_status *st, bool json)
{
	char when[64], buf[32];
	unsigned int i;

	if (json) {
		fputs("{\"version\":", f);
		json_string(f, st->version);
		fprintf(f, ",\"generation\":%" PRIu64 ",\"load_time\":%" PRIu64
			",\"groups\":%" PRIu32 ",\"tracked_tasks\":%" PRIu32
			",\"tracked_cgroups\":%" PRIu32 ",\"memory_bytes\":%" PRIu64
			",\"events_sent\":%" PRIu64 ",\"events_dropped\":%" PRIu64
			",\"net_addresses\":", st->generation, st->load_time, st->groups,
			st->tasks, st->cgroups, st->memory, st->events_sent,
			st->events_dropped);
		/* null: a kernel without the net area. */
		json_opt_u64(f, st->net_addrs, st->has_net_addrs);
		fputs(",\"net_untracked\":", f);
		json_opt_u64(f, st->net_untracked, st->has_net_untracked);
		/* null: a kernel without the lock. */
		fputs(",\"locked\":", f);
		fputs(!st->has_lock ? "null" : st->locked ? "true" : "false", f);
		fputs(",\"lock_time\":", f);
		json_opt_u64(f, st->lock_time, st->has_lock && st->locked);
		fputs(",\"lock_refused\":", f);
		json_opt_u64(f, st->lock_refused, st->has_lock);
		/* null: a kernel that does not say. */
		fputs(",\"clamps_pending\":", f);
		json_opt_u64(f, st->clamps_pending, st->has_clamps);
		fputs(",\"hooks\":[", f);
		for (i = 0; i < st->n_hooks; i++) {
			const struct hd_hook *hk = &st->hooks[i];

			fputs(i ? ",{\"name\":" : "{\"name\":", f);
			json_string(f, hk->name);
			fputs(",\"area\":", f);
			if (hk->has_area)
				json_name(f, hd_area_name(hk->area), hk->area);
			else
				fputs("null", f);
			fprintf(f, ",\"hits\":%" PRIu64 "}", hk->hits);
		}
		fputs("]}\n", f);
		return;
	}
	format_time(when, sizeof(when), st->load_time);
	fputs("harden ", f);
	fmt_puts(f, st->version, 0);
	fputc('\n', f);
	if (st->generation)
		fprintf(f, "policy: generation %" PRIu64 ", %" PRIu32 " group%s, loaded %s\n",
			st->generation, st->groups, st->groups == 1 ? "" : "s", when);
	else
		fprintf(f, "policy: none loaded (nothing is policed)\n");
	fprintf(f, "tracked: %" PRIu32 " task%s, %" PRIu32 " cgroup%s, %" PRIu64
		" bytes of kernel memory\n", st->tasks, st->tasks == 1 ? "" : "s",
		st->cgroups, st->cgroups == 1 ? "" : "s", st->memory);
	fprintf(f, "events: %" PRIu64 " sent, %" PRIu64 " dropped\n",
		st->events_sent, st->events_dropped);
	if (st->has_net_addrs || st->has_net_untracked)
		fprintf(f, "net: %" PRIu32 " of %d addresses tracked, %" PRIu64
			" untracked (table full: treated as outside traffic)\n",
			st->net_addrs, HARDEN_NET_ADDRS, st->net_untracked);
	if (st->has_lock && st->locked) {
		format_time(when, sizeof(when), st->lock_time);
		fprintf(f, "lock: locked until reboot since %s (policy and module held), "
			"%" PRIu64 " request%s refused\n", when, st->lock_refused,
			st->lock_refused == 1 ? "" : "s");
	} else if (st->has_lock) {
		fputs("lock: unlocked (hardctl lock holds the policy and module until reboot)\n", f);
	}
	/* Only when there are some: they are why rmmod says "in use". */
	if (st->has_clamps && st->clamps_pending)
		fprintf(f, "clamps: %" PRIu32 " pending on tasks that have not run since the load "
			"(stopped?); the module cannot be removed until they run\n",
			st->clamps_pending);
	fprintf(f, "hooks: %u attached\n", st->n_hooks);
	for (i = 0; i < st->n_hooks; i++) {
		const struct hd_hook *hk = &st->hooks[i];

		fputs("  ", f);
		fmt_pad(f, hk->name, 32);
		fputc(' ', f);
		fmt_pad(f, hk->has_area ? hd_area_text(hk->area, buf, sizeof(buf)) : "-", 8);
		fprintf(f, " %12" PRIu64 " calls\n", hk->hits);
	}
}

/* ---- stats ---- */

struct stats_widths {
	size_t path, group, area, op, detail;
};

static void widen(size_t *w, const char *s)
{
	size_t n = fmt_width(s);

	if (n > *w)
		*w = n;
}

/* One row of the cgroup table, every field padded to its column's width. */
static void cg_row(FILE *f, const struct stats_widths *w, const char *path,
		   const char *group, const char *area, const char *op,
		   const char *detail, const char *denied, const char *audited)
{
	fmt_pad(f, path, w->path);
	fputs("  ", f);
	fmt_pad(f, group, w->group);
	fputc(' ', f);
	fmt_pad(f, area, w->area);
	fputc(' ', f);
	fmt_pad(f, op, w->op);
	fputc(' ', f);
	fmt_pad(f, detail, w->detail);
	fprintf(f, " %10s %10s\n", denied, audited);
}

static void stats_table(FILE *f, const struct hd_stats *s)
{
	struct stats_widths w = {
		.path = strlen("CGROUP"), .group = 16, .area = 6, .op = 13,
		.detail = 16,
	};
	char a[32], o[32], d[32], den[24], aud[24];
	size_t i, gw = 16;
	unsigned int c;

	/* Widths of what is printed: the escaped form, in columns. */
	for (i = 0; i < s->n_cgroups; i++) {
		const struct hd_cgroup *cg = &s->cgroups[i];

		widen(&w.path, cg->path);
		widen(&w.group, cg->has_group ? cg->group : "-");
		for (c = 0; c < cg->n_counters; c++) {
			const struct hd_counter *k = &cg->counters[c];

			widen(&w.area, hd_area_text(k->area, a, sizeof(a)));
			widen(&w.op, hd_op_text(k->op, o, sizeof(o)));
			widen(&w.detail, hd_detail_text(k->area, k->op, k->detail,
							d, sizeof(d)));
		}
	}
	cg_row(f, &w, "CGROUP", "GROUP", "AREA", "OP", "DETAIL", "DENIED", "AUDITED");
	for (i = 0; i < s->n_cgroups; i++) {
		const struct hd_cgroup *cg = &s->cgroups[i];
		const char *grp = cg->has_group ? cg->group : "-";

		if (!cg->n_counters)
			cg_row(f, &w, cg->path, grp, "-", "-", "-", "0", "0");
		for (c = 0; c < cg->n_counters; c++) {
			const struct hd_counter *k = &cg->counters[c];

			snprintf(den, sizeof(den), "%" PRIu64, k->denied);
			snprintf(aud, sizeof(aud), "%" PRIu64, k->audited);
			cg_row(f, &w, cg->path, grp, hd_area_text(k->area, a, sizeof(a)),
			       hd_op_text(k->op, o, sizeof(o)),
			       hd_detail_text(k->area, k->op, k->detail, d, sizeof(d)),
			       den, aud);
		}
	}

	/* Totals survive cgroups and reloads: the long-term view. */
	for (i = 0; i < s->n_totals; i++)
		widen(&gw, s->totals[i].group);
	fputs("\ngroup totals\n", f);
	fmt_pad(f, "GROUP", gw);
	fprintf(f, "  %-6s %10s %10s\n", "AREA", "DENIED", "AUDITED");
	for (i = 0; i < s->n_totals; i++) {
		const struct hd_total *t = &s->totals[i];

		for (c = 0; c < t->n_counters; c++) {
			fmt_pad(f, t->group, gw);
			fputs("  ", f);
			fmt_pad(f, hd_area_text(t->counters[c].area, a, sizeof(a)), 6);
			fprintf(f, " %10" PRIu64 " %10" PRIu64 "\n",
				t->counters[c].denied, t->counters[c].audited);
		}
	}
}

static void stats_json(FILE *f, const struct hd_stats *s)
{
	bool first = true;
	unsigned int c;
	size_t i;

	fputs("{\"cgroups\":[", f);
	for (i = 0; i < s->n_cgroups; i++) {
		const struct hd_cgroup *cg = &s->cgroups[i];

		fprintf(f, "%s{\"id\":%" PRIu64 ",\"path\":", i ? "," : "", cg->id);
		json_string(f, cg->path);
		fputs(",\"group\":", f);
		json_opt_string(f, cg->group, cg->has_group);
		fprintf(f, ",\"tasks\":%" PRIu32 ",\"removed\":", cg->tasks);
		if (cg->has_removed)
			fprintf(f, "%" PRIu64, cg->removed);
		else
			fputs("null", f);
		fputs(",\"counters\":[", f);
		for (c = 0; c < cg->n_counters; c++) {
			const struct hd_counter *k = &cg->counters[c];

			fputs(c ? ",{" : "{", f);
			json_key(f, k->area, k->op, k->detail);
			fprintf(f, ",\"denied\":%" PRIu64 ",\"audited\":%" PRIu64 "}",
				k->denied, k->audited);
		}
		fputs("]}", f);
	}
	fputs("],\"groups\":[", f);
	for (i = 0; i < s->n_totals; i++) {
		const struct hd_total *t = &s->totals[i];

		for (c = 0; c < t->n_counters; c++) {
			fputs(first ? "{\"group\":" : ",{\"group\":", f);
			first = false;
			json_string(f, t->group);
			fputs(",\"area\":", f);
			json_name(f, hd_area_name(t->counters[c].area), t->counters[c].area);
			fprintf(f, ",\"denied\":%" PRIu64 ",\"audited\":%" PRIu64 "}",
				t->counters[c].denied, t->counters[c].audited);
		}
	}
	fputs("]}\n", f);
}

void hd_stats_print(FILE *f, const struct hd_stats *s, bool json)
{
	if (json)
		stats_json(f, s);
	else
		stats_table(f, s);
}

/* ---- events ---- */

void hd_event_print(FILE *f, const struct hd_event *ev, bool json)
{
	char when[64], m[16], a[32], o[32], d[32];

	hd_format_ns(when, sizeof(when), ev->time_ns);
	if (json) {
		fprintf(f, "{\"time\":\"%s\",\"time_ns\":%" PRIu64 ",\"mode\":",
			when, ev->time_ns);
		json_name(f, mode_name(ev->mode), ev->mode);
		fputc(',', f);
		json_key(f, ev->area, ev->op, ev->detail);
		/* No acting task (a packet on receipt): null, as for group. */
		fputs(",\"pid\":", f);
		json_opt_u64(f, ev->pid, ev->has_pid);
		fputs(",\"comm\":", f);
		json_opt_string(f, ev->comm, ev->has_comm);
		fprintf(f, ",\"cgroup_id\":%" PRIu64 ",\"cgroup\":", ev->cgroup_id);
		json_string(f, ev->cgroup);
		fputs(",\"group\":", f);
		json_opt_string(f, ev->group, ev->has_group);
		/*
		 * The target, object: each absent (not null) when the kernel
		 * sent none, as before it had them.
		 */
		if (ev->has_target_pid)
			fprintf(f, ",\"target_pid\":%" PRIu32, ev->target_pid);
		if (ev->has_target_comm) {
			fputs(",\"target_comm\":", f);
			json_string(f, ev->target_comm);
		}
		if (ev->has_target_cgroup_id)
			fprintf(f, ",\"target_cgroup_id\":%" PRIu64, ev->target_cgroup_id);
		if (ev->has_target_cgroup) {
			fputs(",\"target_cgroup\":", f);
			json_string(f, ev->target_cgroup);
		}
		if (ev->has_target_group) {
			fputs(",\"target_group\":", f);
			json_string(f, ev->target_group);
		}
		if (ev->has_object) {
			fputs(",\"object\":", f);
			json_string(f, ev->object);
		}
		fprintf(f, ",\"dropped\":%" PRIu64 "}\n", ev->dropped);
		return;
	}
	fprintf(f, "%s %s %s %s %s pid ", when,
		num_text(mode_name(ev->mode), ev->mode, m, sizeof(m)),
		hd_area_text(ev->area, a, sizeof(a)), hd_op_text(ev->op, o, sizeof(o)),
		hd_detail_text(ev->area, ev->op, ev->detail, d, sizeof(d)));
	/* No acting task (a packet on receipt): "-" for each. */
	if (ev->has_pid)
		fprintf(f, "%" PRIu32, ev->pid);
	else
		fputc('-', f);
	fputs(" comm ", f);
	fmt_puts(f, ev->has_comm ? ev->comm : "-", 0);
	fputs(" cgroup ", f);
	fmt_puts(f, ev->cgroup, 0);
	fputs(" group ", f);
	fmt_puts(f, ev->has_group ? ev->group : "-", 0);
	/*
	 * What was acted on, field by field as the subject's; "-" for what
	 * is missing (a cgroup gone before the event was sent). A task
	 * (ptrace area) has a pid and comm; a peer container (net area) a
	 * cgroup and a group, and no task.
	 */
	if (ev->has_target_pid || ev->has_target_comm ||
	    ev->has_target_cgroup_id || ev->has_target_cgroup ||
	    ev->has_target_group) {
		bool task = ev->has_target_pid || ev->has_target_comm ||
			    ev->area != HARDEN_AREA_NET;

		fputs(" target", f);
		if (task && ev->has_target_pid)
			fprintf(f, " pid %" PRIu32 " comm ", ev->target_pid);
		else if (task)
			fputs(" pid - comm ", f);
		if (task)
			fmt_puts(f, ev->has_target_comm ? ev->target_comm : "-", 0);
		fputs(" cgroup ", f);
		fmt_puts(f, ev->has_target_cgroup ? ev->target_cgroup : "-", 0);
		if (ev->has_target_group || ev->area == HARDEN_AREA_NET) {
			fputs(" group ", f);
			fmt_puts(f, ev->has_target_group ? ev->target_group : "-", 0);
		}
	}
	/*
	 * Last, as it may hold spaces: the rest of the line is the object.
	 * An empty one is left out here (JSON keeps it as "").
	 */
	if (ev->has_object && ev->object[0]) {
		fputs(" object ", f);
		fmt_puts(f, ev->object, 0);
	}
	fputc('\n', f);
}

void hd_drop_print(FILE *f, uint64_t n, const char *source, bool json)
{
	bool known = strcmp(source, "socket") != 0;

	if (json) {
		if (known)
			fprintf(f, "{\"dropped\":%" PRIu64 ",\"source\":\"%s\"}\n", n, source);
		else
			fprintf(f, "{\"dropped\":null,\"source\":\"%s\"}\n", source);
	} else if (known) {
		fprintf(f, "dropped %" PRIu64 " events\n", n);
	} else {
		/* ENOBUFS says that some were lost, not how many. */
		fputs("dropped ? events (receive buffer overrun)\n", f);
	}
}

/* ---- Prometheus ---- */

void prom_label(FILE *f, const char *s)
{
	size_t len = fmt_escape(NULL, 0, s, strlen(s), 0), i;
	char *text = malloc(len + 1);

	if (!text)
		return;
	fmt_escape(text, len + 1, s, strlen(s), 0);
	for (i = 0; i < len; i++) {
		switch (text[i]) {
		case '\\':
			fputs("\\\\", f);
			break;
		case '"':
			fputs("\\\"", f);
			break;
		case '\n':		/* never in the text form; kept for safety */
			fputs("\\n", f);
			break;
		default:
			fputc(text[i], f);
		}
	}
	free(text);
}

/* One per-cgroup series, with its label values as printed. */
struct prom_row {
	const char *group, *cgroup;
	char area[16], op[24], detail[24];
	uint64_t denied, audited;
};

static int prom_row_cmp(const void *a, const void *b)
{
	const struct prom_row *x = a, *y = b;
	int c = strcmp(x->group, y->group);

	if (!c)
		c = strcmp(x->cgroup, y->cgroup);
	if (!c)
		c = strcmp(x->area, y->area);
	if (!c)
		c = strcmp(x->op, y->op);
	return c ? c : strcmp(x->detail, y->detail);
}

static void prom_head(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void prom_cg_series(FILE *f, const char *name, const struct prom_row *r,
			   uint64_t v)
{
	fprintf(f, "%s{group=\"", name);
	prom_label(f, r->group);
	fputs("\",cgroup=\"", f);
	prom_label(f, r->cgroup);
	fputs("\",area=\"", f);
	prom_label(f, r->area);
	fputs("\",op=\"", f);
	prom_label(f, r->op);
	fputs("\",detail=\"", f);
	prom_label(f, r->detail);
	fprintf(f, "\"} %" PRIu64 "\n", v);
}

void hd_metrics_print(FILE *f, const struct hd_status *st, const struct hd_stats *s)
{
	struct prom_row *rows = NULL;
	size_t n = 0, i, j, cap = 0;
	unsigned int c;
	char a[16];

	for (i = 0; i < s->n_cgroups; i++)
		cap += s->cgroups[i].n_counters;
	if (cap)
		rows = calloc(cap, sizeof(*rows));
	for (i = 0; rows && i < s->n_cgroups; i++) {
		const struct hd_cgroup *cg = &s->cgroups[i];

		for (c = 0; c < cg->n_counters; c++) {
			const struct hd_counter *k = &cg->counters[c];
			struct prom_row *r = &rows[n++];
			const char *d;

			r->group = cg->has_group ? cg->group : "";
			r->cgroup = cg->path;
			/* Names are static strings; numbers land in the buffer. */
			d = hd_area_text(k->area, r->area, sizeof(r->area));
			if (d != r->area)
				snprintf(r->area, sizeof(r->area), "%s", d);
			d = hd_op_text(k->op, r->op, sizeof(r->op));
			if (d != r->op)
				snprintf(r->op, sizeof(r->op), "%s", d);
			d = hd_detail_text(k->area, k->op, k->detail, r->detail,
					   sizeof(r->detail));
			if (d != r->detail)
				snprintf(r->detail, sizeof(r->detail), "%s", d);
			r->denied = k->denied;
			r->audited = k->audited;
		}
	}
	/*
	 * A label set must appear once per metric: a cgroup re-created under
	 * the same path, or details without a name, would otherwise repeat
	 * one, and Prometheus rejects the whole scrape. Same labels: summed.
	 */
	if (n)
		qsort(rows, n, sizeof(*rows), prom_row_cmp);
	for (i = 0, j = 0; i < n; i++) {
		if (j && !prom_row_cmp(&rows[j - 1], &rows[i])) {
			rows[j - 1].denied += rows[i].denied;
			rows[j - 1].audited += rows[i].audited;
		} else {
			rows[j++] = rows[i];
		}
	}
	n = j;

	prom_head(f, "harden_denials_total", "counter",
		  "Operations harden denied (enforce mode), per cgroup and counter key.");
	for (i = 0; i < n; i++)
		prom_cg_series(f, "harden_denials_total", &rows[i], rows[i].denied);
	prom_head(f, "harden_audits_total", "counter",
		  "Operations harden allowed and counted (audit mode), per cgroup and counter key.");
	for (i = 0; i < n; i++)
		prom_cg_series(f, "harden_audits_total", &rows[i], rows[i].audited);
	free(rows);

	prom_head(f, "harden_group_denials_total", "counter",
		  "Operations denied per group and area since the module was loaded.");
	for (i = 0; i < s->n_totals; i++)
		for (c = 0; c < s->totals[i].n_counters; c++) {
			fputs("harden_group_denials_total{group=\"", f);
			prom_label(f, s->totals[i].group);
			fputs("\",area=\"", f);
			prom_label(f, hd_area_text(s->totals[i].counters[c].area, a, sizeof(a)));
			fprintf(f, "\"} %" PRIu64 "\n", s->totals[i].counters[c].denied);
		}
	prom_head(f, "harden_group_audits_total", "counter",
		  "Operations audited per group and area since the module was loaded.");
	for (i = 0; i < s->n_totals; i++)
		for (c = 0; c < s->totals[i].n_counters; c++) {
			fputs("harden_group_audits_total{group=\"", f);
			prom_label(f, s->totals[i].group);
			fputs("\",area=\"", f);
			prom_label(f, hd_area_text(s->totals[i].counters[c].area, a, sizeof(a)));
			fprintf(f, "\"} %" PRIu64 "\n", s->totals[i].counters[c].audited);
		}

	prom_head(f, "harden_events_dropped_total", "counter",
		  "Events not sent since the module was loaded (rate limit, queue full, memory).");
	fprintf(f, "harden_events_dropped_total %" PRIu64 "\n", st->events_dropped);
	prom_head(f, "harden_events_sent_total", "counter",
		  "Events multicast since the module was loaded.");
	fprintf(f, "harden_events_sent_total %" PRIu64 "\n", st->events_sent);
	prom_head(f, "harden_policy_generation", "gauge",
		  "Generation of the policy in force; 0 if none was loaded.");
	fprintf(f, "harden_policy_generation %" PRIu64 "\n", st->generation);
	prom_head(f, "harden_policy_load_timestamp_seconds", "gauge",
		  "When the policy in force was loaded, seconds since the epoch.");
	fprintf(f, "harden_policy_load_timestamp_seconds %" PRIu64 "\n", st->load_time);
	if (st->has_lock) {
		prom_head(f, "harden_locked", "gauge",
			  "1 if harden is locked until reboot (hardctl lock), else 0.");
		fprintf(f, "harden_locked %u\n", st->locked ? 1U : 0U);
		prom_head(f, "harden_lock_refused_total", "counter",
			  "Policy loads and module removals refused because of the lock.");
		fprintf(f, "harden_lock_refused_total %" PRIu64 "\n", st->lock_refused);
	}
	if (st->has_clamps) {
		prom_head(f, "harden_clamps_pending", "gauge",
			  "Capability clamps queued on tasks that have not run yet; while not 0 the module cannot be removed.");
		fprintf(f, "harden_clamps_pending %" PRIu32 "\n", st->clamps_pending);
	}
	prom_head(f, "harden_hooks_attached", "gauge", "Kernel functions harden hooks.");
	fprintf(f, "harden_hooks_attached %u\n", st->n_hooks);
	prom_head(f, "harden_tracked_tasks", "gauge", "Tasks bound to a container cgroup.");
	fprintf(f, "harden_tracked_tasks %" PRIu32 "\n", st->tasks);
	prom_head(f, "harden_tracked_cgroups", "gauge", "Cgroups harden keeps state for.");
	fprintf(f, "harden_tracked_cgroups %" PRIu32 "\n", st->cgroups);
	prom_head(f, "harden_memory_bytes", "gauge",
		  "Kernel memory harden holds for tracked tasks and cgroups.");
	fprintf(f, "harden_memory_bytes %" PRIu64 "\n", st->memory);
	/* Only from a kernel that reports them: no made-up zeros. */
	if (st->has_net_addrs) {
		prom_head(f, "harden_net_addresses", "gauge",
			  "IPv4/IPv6 addresses of all network namespaces harden tracks.");
		fprintf(f, "harden_net_addresses %" PRIu32 "\n", st->net_addrs);
	}
	if (st->has_net_untracked) {
		prom_head(f, "harden_net_untracked_addresses_total", "counter",
			  "Addresses added since load that found the table full (their traffic counts as outside traffic).");
		fprintf(f, "harden_net_untracked_addresses_total %" PRIu64 "\n",
			st->net_untracked);
	}
}
