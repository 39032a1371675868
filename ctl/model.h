/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One data model for what the kernel reports: status, per-cgroup counters,
 * per-group totals and events. Each object is decoded from netlink by an
 * attribute table that skips types it does not know (the UAPI only ever
 * appends), and printed by one printer that writes text or JSON from the
 * same fields, so the two forms never disagree.
 */
#ifndef _HARDCTL_MODEL_H
#define _HARDCTL_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libmnl/libmnl.h>

#include "uapi/linux/harden.h"

#define HD_PATH_MAX	4096
#define HD_NAME_MAX	64

struct hd_hook {
	char name[HD_NAME_MAX];
	uint64_t hits;
	uint8_t area;			/* enum harden_area, valid if has_area */
	bool has_area;
};

struct hd_status {
	char version[HD_NAME_MAX];
	uint64_t generation, load_time;
	uint32_t groups, tasks, cgroups;
	uint64_t memory;
	uint64_t events_sent, events_dropped;
	/*
	 * Net area: addresses tracked, and addresses that found the table
	 * full since load; each valid if its has_ flag is set (a kernel
	 * without the net area sends neither).
	 */
	uint32_t net_addrs;
	bool has_net_addrs;
	uint64_t net_untracked;
	bool has_net_untracked;
	/*
	 * The lock (hardctl lock); valid if has_lock (a kernel without it
	 * sends none of these).
	 */
	bool has_lock;
	uint8_t locked;
	uint64_t lock_time, lock_refused;
	/* Capability clamps pending (each pins the module); valid if has_clamps. */
	uint32_t clamps_pending;
	bool has_clamps;
	struct hd_hook hooks[256];	/* 67 today */
	unsigned int n_hooks;
};

/* One counter key of a cgroup; in totals only area/denied/audited count. */
struct hd_counter {
	uint8_t area;
	uint16_t op;
	uint32_t detail;
	uint64_t denied, audited;
};

struct hd_cgroup {
	uint64_t id;
	char path[HD_PATH_MAX];
	char group[HD_NAME_MAX];	/* valid if has_group */
	bool has_group;
	uint32_t tasks;
	uint64_t removed;		/* valid if has_removed */
	bool has_removed;
	struct hd_counter *counters;
	unsigned int n_counters;
};

struct hd_total {
	char group[HD_NAME_MAX];
	struct hd_counter *counters;	/* area, denied, audited */
	unsigned int n_counters;
};

struct hd_event {
	uint64_t time_ns;
	uint8_t mode;
	uint8_t area;
	uint16_t op;
	uint32_t detail;
	/*
	 * The acting task, each valid if its has_ flag is set: a packet
	 * checked on receipt (net_recv) is seen in softirq, where no task
	 * acts, and comes without them.
	 */
	uint32_t pid;
	bool has_pid;
	char comm[HD_NAME_MAX];
	bool has_comm;
	uint64_t cgroup_id;
	char cgroup[HD_PATH_MAX];
	char group[HD_NAME_MAX];	/* valid if has_group */
	bool has_group;
	uint64_t dropped;
	/*
	 * What the operation acted on (a mount's source or filesystem type),
	 * untrusted bytes; valid if has_object. Sized past HARDEN_OBJECT_MAX
	 * so that a newer kernel's longer objects are not cut here.
	 */
	char object[HD_PATH_MAX];
	bool has_object;
	/*
	 * The task acted on (ptrace area): its pid in the initial pid
	 * namespace, its comm and its cgroup, id and path; the strings are
	 * untrusted bytes. Each valid if its has_ flag is set: the path is
	 * absent when the cgroup was gone by the time the event was sent.
	 */
	uint32_t target_pid;
	bool has_target_pid;
	char target_comm[HD_NAME_MAX];
	bool has_target_comm;
	uint64_t target_cgroup_id;
	bool has_target_cgroup_id;
	char target_cgroup[HD_PATH_MAX];
	bool has_target_cgroup;
	/* Net area: the peer container's group; valid if has_target_group. */
	char target_group[HD_NAME_MAX];
	bool has_target_group;
};

/* What `stats` and `metrics` read: both dumps. */
struct hd_stats {
	struct hd_cgroup *cgroups;
	size_t n_cgroups;
	struct hd_total *totals;
	size_t n_totals;
};

/* ---- decoding; each returns 0, or -1 if a known attribute is malformed ---- */

/* A GET_STATUS reply. */
int hd_status_decode(const struct nlmsghdr *nlh, struct hd_status *st);

/* A GET_STATS dump message: appends its HARDEN_A_CGROUP to @s. */
int hd_stats_decode_cgroup(const struct nlmsghdr *nlh, struct hd_stats *s);

/* A GET_TOTALS dump message: appends its HARDEN_A_TOTAL to @s. */
int hd_stats_decode_total(const struct nlmsghdr *nlh, struct hd_stats *s);

/* A HARDEN_CMD_EVENT message. -1 also if it holds no HARDEN_A_EVENT. */
int hd_event_decode(const struct nlmsghdr *nlh, struct hd_event *ev);

/* Sort cgroups by path, totals by group, for stable output. */
void hd_stats_sort(struct hd_stats *s);
void hd_stats_free(struct hd_stats *s);

/* ---- names ---- */

/* "cap", "capable", ...; NULL if this hardctl does not know the number. */
const char *hd_area_name(unsigned int area);
const char *hd_op_name(unsigned int op);

/* The name of @cmd ("get_status", ...), NULL if unknown. */
const char *hd_cmd_name(unsigned int cmd);

/*
 * The text of a detail: the capability name for op capable ("SYS_ADMIN",
 * "CAP_63" if unknown), the command name for op control, the filesystem
 * type for the mount area ("tmpfs"), the target for the ptrace ops
 * ("host", "other_container", "same_container"), the signal for op
 * signal ("KILL"), the IP protocol for the net ops ("tcp", "udp", "icmp",
 * "icmpv6"), "other" for HARDEN_DETAIL_OTHER; NULL if the number has no
 * name ("-" in tables where the op gives it none, as for protocol 0; the
 * number otherwise, as for signal 0, a real-time signal or a raw
 * protocol, and in JSON).
 */
const char *hd_detail_name(unsigned int area, unsigned int op, uint32_t detail,
			   char *buf, size_t len);

/* "cap" or the number as text: what tables and labels show. */
const char *hd_area_text(unsigned int area, char *buf, size_t len);
const char *hd_op_text(unsigned int op, char *buf, size_t len);
const char *hd_detail_text(unsigned int area, unsigned int op, uint32_t detail,
			   char *buf, size_t len);

/* ---- printers: json selects the form ---- */

void hd_status_print(FILE *f, const struct hd_status *st, bool json);
void hd_stats_print(FILE *f, const struct hd_stats *s, bool json);
void hd_event_print(FILE *f, const struct hd_event *ev, bool json);

/*
 * A gap in the event stream: @n events lost, by the kernel ("kernel", @n
 * from the events' dropped counts) or in our socket buffer ("socket",
 * ENOBUFS, count unknown: @n is 0).
 */
void hd_drop_print(FILE *f, uint64_t n, const char *source, bool json);

/*
 * hd_event_gap() - events lost before @ev, from its cumulative dropped count
 * and the last one seen (*@prev, *@seen: state kept between events).
 * The count restarts when the module is reloaded.
 */
uint64_t hd_event_gap(uint64_t *prev, bool *seen, uint64_t dropped);

/* "2026-12-01T21:00:00.123456789Z" */
void hd_format_ns(char *buf, size_t len, uint64_t ns);

/* ---- Prometheus text exposition format 0.0.4 ---- */

/* @s as a label value: escaped text form (format.h), then \\, \", \n. */
void prom_label(FILE *f, const char *s);

/* Every metric of `hardctl metrics`, with HELP and TYPE. */
void hd_metrics_print(FILE *f, const struct hd_status *st, const struct hd_stats *s);

#endif /* _HARDCTL_MODEL_H */
