// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: a bounded, deterministic fuzzer of the harden genl family, built
 * on libnl-genl-3 like nlprobe (a client independent of hardctl's libmnl).
 *
 *   nlfuzz [--seed N] [--messages N] [--mode MODE] [--check-every N]
 *   nlfuzz --violate       loop sethostname(2) until killed: run it in a
 *                          policed cgroup so that events keep firing
 *
 * MODE is "all" (default) or one of the action names of actions[] below
 * (random, mutate, bad-policy, flags, dump, framing, batch, interleave,
 * close-dump, membership, limits). Every message is addressed to the
 * harden family; a message is one nlmsghdr, whatever number of them share
 * one send().
 *
 * Command 7 is never sent: HARDEN_CMD_LOCK (after HARDEN_CMD_EVENT) locks
 * the module until reboot, which would end the campaign and the test run.
 * Random command numbers skip it (see rand_cmd()); mutations of a message
 * never touch the genl command byte. send_raw() walks every buffer the way
 * the kernel will and exits (3) rather than send a command 7.
 *
 * The fuzzer keeps an invariant while it runs: the policy generation moves
 * exactly once per SET_POLICY the kernel answered with its reply (the
 * generation), and the policy's content does not change between two checks
 * without a load. It checks it every --check-every messages and at the end.
 *
 * Last lines of output (parseable):
 *   nlfuzz: N messages
 *   nlfuzz: loads N          SET_POLICY requests that were applied
 *   nlfuzz: violations N     invariant failures (0 expected)
 * Exit: 0 done without a violation, 1 a violation, 2 usage, 3 setup failed,
 * 4 no harden family.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>

#include "nlclient.h"

/*
 * HARDEN_CMD_LOCK, the command after HARDEN_CMD_EVENT: never to be sent.
 * Spelled as a number so that the guard holds with or without the header
 * that names it; NLFUZZ_CMD_LAST is the last command fuzzed as a known one
 * (HARDEN_CMD_MAX is HARDEN_CMD_LOCK once that exists).
 */
#define NLFUZZ_CMD_FORBIDDEN	7
#define NLFUZZ_CMD_LAST		HARDEN_CMD_EVENT

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define NSOCK		4	/* 0: requests; 1..3: dumps left half-read */
#define MAX_MSG		(1024 * 1024)
#define RCVBUF		(256 * 1024)
#define NERRNO		4096

/* --- deterministic PRNG (splitmix64) ------------------------------------ */

static uint64_t rng;

static uint64_t rnd64(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rnd(uint32_t n)
{
	return n ? (uint32_t)(rnd64() % n) : 0;
}

static bool chance(unsigned int percent)
{
	return rnd(100) < percent;
}

/* --- counters -------------------------------------------------------------- */

static struct {
	unsigned long long sent, sends, send_err[NERRNO];
	unsigned long long per_cmd[256], other_type;
	unsigned long long acks, errors[NERRNO], replies, events;
	unsigned long long dumps_started, dumps_done, dumps_failed, dumps_aborted;
	unsigned long long joins, join_err, drops, recv_enobufs;
	unsigned long long loads, checks, violations;
	unsigned long long bytes;
} st;

static int family, mcgrp;
static struct nl_sock *socks[NSOCK];
static bool dump_open[NSOCK];
static uint32_t dump_seq[NSOCK];	/* the request of the dump running */
static uint32_t seq = 1;
static unsigned char rbuf[RCVBUF];
static unsigned char sbuf[MAX_MSG + 4096];
static uint64_t generation;	/* what it must be now */
static bool quiet;

static void violation(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void violation(const char *fmt, ...)
{
	va_list ap;

	st.violations++;
	printf("nlfuzz: VIOLATION: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* --- sockets --------------------------------------------------------------- */

static struct nl_sock *sock_new(void)
{
	/* Both ACK settings, either way (drawn in this order: reproducible). */
	int ext_ack = rnd(2), cap_ack = rnd(2), big = RCVBUF;
	struct nl_sock *sk = nlclient_open(ext_ack, cap_ack);

	if (!sk) {
		fprintf(stderr, "nlfuzz: cannot open a genl socket\n");
		exit(3);
	}
	nl_socket_disable_seq_check(sk);
	nl_socket_disable_auto_ack(sk);
	setsockopt(nl_socket_get_fd(sk), SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
	return sk;
}

static void sock_replace(int i)
{
	if (dump_open[i])
		st.dumps_aborted++;
	dump_open[i] = false;
	nl_socket_free(socks[i]);
	socks[i] = sock_new();
}

static void count_errno(unsigned long long *tab, int e)
{
	if (e < 0)
		e = -e;
	tab[e < NERRNO ? e : 0]++;
}

/*
 * Read what is queued on socket @i without blocking: the kernel answers a
 * request (and fills the first part of a dump) inside send(), and fills the
 * next part of a dump inside the recv() that makes room. @max: stop after
 * that many recv() calls (0: until nothing is left). Returns the number of
 * dumps that ended.
 */
static int drain(int i, unsigned int max)
{
	int fd = nl_socket_get_fd(socks[i]), ended = 0;
	unsigned int calls = 0;

	for (;;) {
		struct nlmsghdr *nlh;
		ssize_t n;
		int len;

		if (max && calls++ >= max)
			break;
		n = recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == ENOBUFS) {
				st.recv_enobufs++;
				continue;
			}
			break;
		}
		len = (int)n;
		for (nlh = (struct nlmsghdr *)rbuf; nlmsg_ok(nlh, len);
		     nlh = nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = nlmsg_data(nlh);

				if (e->error)
					count_errno(st.errors, e->error);
				else
					st.acks++;
				/* A dump's start failed, or its dump failed. */
				if (dump_open[i] && nlh->nlmsg_seq == dump_seq[i] &&
				    (nlh->nlmsg_flags & NLM_F_MULTI || e->error)) {
					st.dumps_failed++;
					dump_open[i] = false;
					ended++;
				}
			} else if (nlh->nlmsg_type == NLMSG_DONE) {
				st.dumps_done++;
				if (nlh->nlmsg_seq == dump_seq[i]) {
					dump_open[i] = false;
					ended++;
				}
			} else if (nlh->nlmsg_type == family) {
				struct genlmsghdr *g = nlmsg_data(nlh);
				struct nlattr *tb[HARDEN_A_MAX + 1];

				if (g->cmd == HARDEN_CMD_EVENT) {
					st.events++;
					continue;
				}
				st.replies++;
				if (g->cmd != HARDEN_CMD_SET_POLICY)
					continue;
				/* Only an applied load replies with SET_POLICY. */
				st.loads++;
				generation++;
				if (genlmsg_parse(nlh, 0, tb, HARDEN_A_MAX, NULL) < 0 ||
				    !tb[HARDEN_A_GENERATION])
					violation("SET_POLICY reply without a generation");
				else if (nla_get_u64(tb[HARDEN_A_GENERATION]) != generation)
					violation("load replied generation %llu, expected %llu",
						  (unsigned long long)nla_get_u64(tb[HARDEN_A_GENERATION]),
						  (unsigned long long)generation);
				generation = nla_get_u64(tb[HARDEN_A_GENERATION]);
			}
		}
	}
	return ended;
}

/*
 * The last guard against command 7: walk @len bytes of messages as
 * netlink_rcv_skb() and genl will, and stop the run if one would reach
 * the family as command NLFUZZ_CMD_FORBIDDEN.
 */
static void refuse_forbidden(const unsigned char *buf, size_t len)
{
	while (len >= NLMSG_HDRLEN) {
		const struct nlmsghdr *nlh = (const void *)buf;
		size_t msglen;

		if (nlh->nlmsg_len < NLMSG_HDRLEN || nlh->nlmsg_len > len)
			return;
		if (nlh->nlmsg_type == family &&
		    nlh->nlmsg_len >= NLMSG_HDRLEN + GENL_HDRLEN &&
		    ((const struct genlmsghdr *)NLMSG_DATA(nlh))->cmd == NLFUZZ_CMD_FORBIDDEN) {
			fprintf(stderr, "nlfuzz: about to send command %d: a bug, stopping\n",
				NLFUZZ_CMD_FORBIDDEN);
			exit(3);
		}
		msglen = NLMSG_ALIGN(nlh->nlmsg_len);
		if (msglen > len)
			msglen = len;
		buf += msglen;
		len -= msglen;
	}
}

/* Send @len bytes from sbuf (one or more messages, @nmsg of them). */
static void send_raw(int i, size_t len, unsigned int nmsg)
{
	ssize_t n;

	refuse_forbidden(sbuf, len);
	n = send(nl_socket_get_fd(socks[i]), sbuf, len, 0);

	st.sends++;
	st.sent += nmsg;
	st.bytes += len;
	if (n < 0)
		count_errno(st.send_err, errno);
}

/* --- message building ------------------------------------------------------ */

/*
 * Never 7 (HARDEN_CMD_LOCK), see the top of the file: a command number in
 * 0..255, most often one the family knows.
 */
static uint8_t rand_cmd(void)
{
	uint8_t cmd;

	do {
		if (chance(70))
			cmd = rnd(NLFUZZ_CMD_LAST + 1);
		else if (chance(50))
			cmd = NLFUZZ_CMD_FORBIDDEN + rnd(9);
		else
			cmd = rnd(256);
	} while (cmd == NLFUZZ_CMD_FORBIDDEN);
	return cmd;
}

/* Room for the next message built: most are small (see msg_new()). */
static size_t msg_room = 16384;

static struct nl_msg *msg_new(uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc_size(msg_room);

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, 0, family, 0, flags, cmd,
				 chance(95) ? HARDEN_GENL_VERSION : rnd(256))) {
		fprintf(stderr, "nlfuzz: out of memory\n");
		exit(3);
	}
	return msg;
}

static void rand_bytes(void *p, size_t len)
{
	unsigned char *b = p;

	while (len--)
		*b++ = rnd64() >> 56;
}

static const char *const strs[] = {
	"", "a", "docker", "/", "/*", "/docker/*", "/docker/../x", "docker/*",
	"/a//b", "/**", "tmpfs", "fuse", "fuse.sshfs", "proc", "a b", "..", ".",
	"/system.slice/docker-*.scope", "g-1", "_other", "/nlfuzz/*",
	"\xff\xfe", "/a/\n/b", "%s%n", "/[a-z]*", "/a?", "/\\*",
};

/* A string attribute: valid-looking, too long, unterminated or binary. */
static void put_rand_string(struct nl_msg *msg, int type, size_t max)
{
	char b[1100];
	size_t n;

	switch (rnd(6)) {
	case 0:
	case 1:
		nla_put_string(msg, type, strs[rnd(ARRAY_SIZE(strs))]);
		return;
	case 2:		/* around the limit */
		n = max ? max - 2 + rnd(4) : rnd(70);
		if (n >= sizeof(b))
			n = sizeof(b) - 1;
		memset(b, 'a' + rnd(26), n);
		b[0] = '/';
		b[n] = '\0';
		nla_put_string(msg, type, b);
		return;
	case 3:		/* not terminated */
		n = 1 + rnd(40);
		memset(b, 'x', n);
		nla_put(msg, type, n, b);
		return;
	case 4:		/* NUL inside */
		memcpy(b, "ab\0cd", 6);
		nla_put(msg, type, 6, b);
		return;
	default:	/* binary */
		n = rnd(sizeof(b));
		rand_bytes(b, n);
		nla_put(msg, type, n, b);
		return;
	}
}

/* A scalar of a random (often wrong) width. */
static void put_rand_scalar(struct nl_msg *msg, int type)
{
	static const unsigned int widths[] = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 16 };
	unsigned char b[16];
	size_t n = widths[rnd(ARRAY_SIZE(widths))];

	rand_bytes(b, n);
	if (chance(30))
		memset(b, chance(50) ? 0xff : 0, n);
	nla_put(msg, type, n, b);
}

static void put_garbage_attrs(struct nl_msg *msg, unsigned int n, int maxtype,
			      unsigned int depth);

/* Nests of nests, down to @depth; the innermost holds garbage. */
static void put_deep_nest(struct nl_msg *msg, int type, unsigned int depth)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (!nest)
		return;
	if (depth)
		put_deep_nest(msg, rnd(HARDEN_GROUP_A_MAX + 3), depth - 1);
	else
		put_garbage_attrs(msg, rnd(4), HARDEN_GROUP_A_MAX + 2, 0);
	nla_nest_end(msg, nest);
}

static void put_garbage_attrs(struct nl_msg *msg, unsigned int n, int maxtype,
			      unsigned int depth)
{
	while (n--) {
		int type = chance(90) ? (int)rnd(maxtype + 1) : (int)rnd(0x10000);

		switch (rnd(depth ? 5 : 4)) {
		case 0:
			put_rand_scalar(msg, type);
			break;
		case 1:
			put_rand_string(msg, type, 0);
			break;
		case 2: {	/* random bytes: may parse as attributes or not */
			unsigned char b[64];
			size_t len = rnd(sizeof(b));

			rand_bytes(b, len);
			nla_put(msg, type, len, b);
			break;
		}
		case 3:
			nla_put_flag(msg, type);
			break;
		default:
			put_deep_nest(msg, type, rnd(depth + 1));
			break;
		}
	}
}

/* A valid group that exercises every attribute. @idx keeps names apart. */
static void put_valid_group(struct nl_msg *msg, unsigned int idx, unsigned int ngroups)
{
	struct nlattr *g = nla_nest_start(msg, HARDEN_A_GROUP);
	char name[32], glob[64];
	uint32_t flags = 0;

	snprintf(name, sizeof(name), "nlfuzz%u", idx);
	nla_put_string(msg, HARDEN_GROUP_A_NAME, name);
	snprintf(glob, sizeof(glob), "/nlfuzz/%u/*", idx);
	nla_put_string(msg, HARDEN_GROUP_A_MATCH, glob);
	if (chance(50))
		nla_put_string(msg, HARDEN_GROUP_A_MATCH, "/nlfuzz-x/*/y");
	nla_put_u8(msg, HARDEN_GROUP_A_MODE, rnd(2));
	if (chance(70))
		flags |= HARDEN_GROUP_F_CAPS;
	if (chance(50))
		flags |= HARDEN_GROUP_F_MOUNT;
	if (chance(50))
		flags |= HARDEN_GROUP_F_PTRACE;
	if (chance(50))
		flags |= HARDEN_GROUP_F_SIGNAL;
	if (chance(50))
		flags |= HARDEN_GROUP_F_NET;
	if (chance(50))
		flags |= HARDEN_GROUP_F_HOST & rnd64();
	nla_put_u32(msg, HARDEN_GROUP_A_FLAGS, flags);
	if (flags & HARDEN_GROUP_F_CAPS)
		nla_put_u64(msg, HARDEN_GROUP_A_CAPS, rnd64() & ((1ULL << 41) - 1));
	if (flags & HARDEN_GROUP_F_MOUNT) {
		nla_put_string(msg, HARDEN_GROUP_A_MOUNT_TYPE, "tmpfs");
		if (chance(50))
			nla_put_string(msg, HARDEN_GROUP_A_MOUNT_TYPE, "fuse");
	}
	if (flags & HARDEN_GROUP_F_PTRACE)
		nla_put_u8(msg, HARDEN_GROUP_A_PTRACE, rnd(HARDEN_SCOPE_MAX + 1));
	if (flags & HARDEN_GROUP_F_SIGNAL)
		nla_put_u8(msg, HARDEN_GROUP_A_SIGNAL, rnd(HARDEN_SCOPE_MAX + 1));
	if (flags & HARDEN_GROUP_F_NET) {
		snprintf(name, sizeof(name), "nlfuzz%u", rnd(ngroups));
		nla_put_string(msg, HARDEN_GROUP_A_NET_PEER, name);
	}
	if (flags & HARDEN_GROUP_F_DEVICES) {
		nla_put_u64(msg, HARDEN_GROUP_A_DEVICE,
			    HARDEN_DEVICE_RULE(HARDEN_DEVICE_CHAR, 10, 232));
		nla_put_u64(msg, HARDEN_GROUP_A_DEVICE,
			    HARDEN_DEVICE_RULE(HARDEN_DEVICE_BLOCK, 0, 0) |
			    HARDEN_DEVICE_MAJOR_ANY | HARDEN_DEVICE_MINOR_ANY);
	}
	nla_nest_end(msg, g);
}

/*
 * A valid policy at every documented limit: HARDEN_MAX_GROUPS groups, each
 * with HARDEN_MAX_MATCHES globs of HARDEN_GLOB_MAX - 1 bytes, a name of
 * HARDEN_GROUP_NAME_MAX - 1 bytes, every flag, HARDEN_MAX_MOUNT_TYPES
 * types of HARDEN_FSTYPE_MAX - 1 bytes, HARDEN_MAX_DEVICES device rules
 * and HARDEN_MAX_NET_PEERS peers (every group, itself included).
 */
static void group_name_max(char *b, unsigned int i)
{
	memset(b, 'L', HARDEN_GROUP_NAME_MAX - 1);
	b[HARDEN_GROUP_NAME_MAX - 1] = '\0';
	b[0] = '0' + i / 10;
	b[1] = '0' + i % 10;
}

static void put_limits_policy(struct nl_msg *msg)
{
	char name[HARDEN_GROUP_NAME_MAX], glob[HARDEN_GLOB_MAX], fs[HARDEN_FSTYPE_MAX];
	unsigned int i, k;

	for (i = 0; i < HARDEN_MAX_GROUPS; i++) {
		struct nlattr *g = nla_nest_start(msg, HARDEN_A_GROUP);

		group_name_max(name, i);
		nla_put_string(msg, HARDEN_GROUP_A_NAME, name);
		for (k = 0; k < HARDEN_MAX_MATCHES; k++) {
			memset(glob, 'g', sizeof(glob) - 1);
			glob[sizeof(glob) - 1] = '\0';
			snprintf(glob, 16, "/nlfuzz/%02u/%02u", i, k);
			glob[strlen(glob)] = '/';
			glob[sizeof(glob) - 2] = '*';
			nla_put_string(msg, HARDEN_GROUP_A_MATCH, glob);
		}
		nla_put_u8(msg, HARDEN_GROUP_A_MODE, HARDEN_MODE_AUDIT);
		nla_put_u32(msg, HARDEN_GROUP_A_FLAGS, HARDEN_GROUP_F_ALL);
		nla_put_u64(msg, HARDEN_GROUP_A_CAPS, (1ULL << 41) - 1);
		for (k = 0; k < HARDEN_MAX_MOUNT_TYPES; k++) {
			memset(fs, 'f', sizeof(fs) - 1);
			fs[sizeof(fs) - 1] = '\0';
			fs[0] = 'a' + k;
			nla_put_string(msg, HARDEN_GROUP_A_MOUNT_TYPE, fs);
		}
		nla_put_u8(msg, HARDEN_GROUP_A_PTRACE, HARDEN_SCOPE_CONTAINER);
		nla_put_u8(msg, HARDEN_GROUP_A_SIGNAL, HARDEN_SCOPE_CONTAINER);
		for (k = 0; k < HARDEN_MAX_NET_PEERS; k++) {
			group_name_max(name, k);
			nla_put_string(msg, HARDEN_GROUP_A_NET_PEER, name);
		}
		for (k = 0; k < HARDEN_MAX_DEVICES; k++)
			nla_put_u64(msg, HARDEN_GROUP_A_DEVICE,
				    HARDEN_DEVICE_RULE(HARDEN_DEVICE_CHAR, 200 + k,
						       HARDEN_DEVICE_MINOR_MASK));
		nla_nest_end(msg, g);
	}
}

/* The groups of the policy in force, as GET_POLICY dumped them. */
static unsigned char *pol_groups;
static size_t pol_groups_len;
static unsigned int pol_ngroups;
static uint64_t pol_hash;

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		h = (h ^ *b++) * 0x100000001b3ULL;
	return h;
}

/* --- actions --------------------------------------------------------------- */

/*
 * Send @msg (finished by libnl) on socket @i as one message; then read at
 * most @max times (0: all that is queued). A request that starts a dump
 * marks the socket until the dump's NLMSG_DONE or error.
 */
static void send_msg(int i, struct nl_msg *msg, unsigned int max)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *g = nlmsg_data(nlh);

	nlh->nlmsg_seq = seq++;
	nlh->nlmsg_pid = 0;
	st.per_cmd[g->cmd]++;
	if ((nlh->nlmsg_flags & NLM_F_REQUEST) &&
	    (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP && !dump_open[i]) {
		st.dumps_started++;
		dump_open[i] = true;
		dump_seq[i] = nlh->nlmsg_seq;
	}
	memcpy(sbuf, nlh, nlh->nlmsg_len);
	send_raw(i, nlh->nlmsg_len, 1);
	nlmsg_free(msg);
	drain(i, max);
	if (!max && dump_open[i]) {
		/* All read, no end: a dump request that started none. */
		st.dumps_started--;
		dump_open[i] = false;
	}
}

/* Random flags; NLM_F_REQUEST most of the time. */
static int rand_flags(void)
{
	int f = chance(95) ? NLM_F_REQUEST : 0;

	if (chance(50))
		f |= NLM_F_ACK;
	if (chance(15))
		f |= NLM_F_DUMP;
	if (chance(5))
		f |= rnd(0x10000) & ~(NLM_F_REQUEST | NLM_F_DUMP);
	return f;
}

/* A random command, random flags, random attributes. */
static void act_random(void)
{
	struct nl_msg *msg = msg_new(rand_cmd(), rand_flags());

	put_garbage_attrs(msg, rnd(8), HARDEN_A_MAX + 2, 3);
	send_msg(0, msg, 0);
}

/*
 * A valid SET_POLICY: some of the groups in force (from the dump) or
 * groups built here with every attribute. Returns the message, unsent.
 */
static struct nl_msg *valid_policy(void)
{
	struct nl_msg *msg;
	unsigned int i, n;

	msg_room = 65536;
	msg = msg_new(HARDEN_CMD_SET_POLICY, NLM_F_REQUEST | (chance(50) ? NLM_F_ACK : 0));
	msg_room = 16384;

	if (pol_ngroups && chance(50)) {
		/* The first K groups of the policy in force, byte for byte. */
		const unsigned char *p = pol_groups;
		size_t left = pol_groups_len;

		n = 1 + rnd(pol_ngroups < 4 ? pol_ngroups : 4);
		for (i = 0; i < n && left >= NLA_HDRLEN; i++) {
			const struct nlattr *a = (const void *)p;
			size_t sz = NLA_ALIGN(a->nla_len);

			if (sz > left)
				break;
			nla_put(msg, a->nla_type, nla_len(a), nla_data(a));
			p += sz;
			left -= sz;
		}
	} else {
		n = 1 + rnd(3);
		for (i = 0; i < n; i++)
			put_valid_group(msg, i, n);
	}
	return msg;
}

/* Offsets of every attribute, with the offsets of the nests around it. */
struct attr_ref {
	size_t off;
	size_t parent[6];
	unsigned int depth;
};

static unsigned int collect(const unsigned char *base, size_t off, size_t end,
			    const size_t *parents, unsigned int depth,
			    struct attr_ref *out, unsigned int n, unsigned int max)
{
	while (off + NLA_HDRLEN <= end && n < max) {
		const struct nlattr *a = (const void *)(base + off);
		size_t len = a->nla_len;

		if (len < NLA_HDRLEN || off + len > end)
			break;
		out[n].off = off;
		out[n].depth = depth;
		memcpy(out[n].parent, parents, depth * sizeof(*parents));
		n++;
		/* Groups and their children nest at most one level here. */
		if (depth < 5 && len > NLA_HDRLEN &&
		    (a->nla_type & NLA_TYPE_MASK) == HARDEN_A_GROUP && depth == 0) {
			size_t p2[6];

			memcpy(p2, parents, depth * sizeof(*parents));
			p2[depth] = off;
			n = collect(base, off + NLA_HDRLEN, off + len, p2, depth + 1,
				    out, n, max);
		}
		off += NLA_ALIGN(len);
	}
	return n;
}

/* Grow (delta > 0) or shrink the attribute lengths around @r, and the message. */
static void fix_lengths(const struct attr_ref *r, long delta)
{
	struct nlmsghdr *nlh = (void *)sbuf;
	unsigned int d;

	nlh->nlmsg_len += delta;
	for (d = 0; d < r->depth; d++) {
		struct nlattr *p = (void *)(sbuf + r->parent[d]);

		p->nla_len += delta;
	}
}

/*
 * A valid SET_POLICY, then one to four mutations: bit flips, bytes set to
 * edge values, attribute types swapped, attributes duplicated or removed,
 * lengths changed, the message cut short. The genl command byte is never
 * touched (see the top of the file).
 */
static void act_mutate(void)
{
	struct nl_msg *msg = valid_policy();
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	const size_t hdr = NLMSG_HDRLEN + GENL_HDRLEN;
	struct attr_ref refs[512];
	unsigned int k, n, m = 1 + rnd(4);
	size_t len;

	nlh->nlmsg_seq = seq++;
	nlh->nlmsg_pid = 0;
	len = nlh->nlmsg_len;
	memcpy(sbuf, nlh, len);
	nlmsg_free(msg);

	for (k = 0; k < m; k++) {
		size_t parents[6];
		struct attr_ref *r, *r2;
		struct nlattr *a, *b;

		len = ((struct nlmsghdr *)sbuf)->nlmsg_len;
		if (len <= hdr)
			break;
		n = collect(sbuf, hdr, len, parents, 0, refs, 0, 512);
		switch (rnd(9)) {
		case 0:		/* bit flips in the attributes */
		case 1: {
			unsigned int f, nf = 1 + rnd(3);

			for (f = 0; f < nf; f++) {
				size_t o = hdr + rnd(len - hdr);

				sbuf[o] ^= 1u << rnd(8);
			}
			break;
		}
		case 2: {	/* a byte set to an edge value */
			static const unsigned char v[] = { 0, 0xff, 0x7f, 0x80, 1, '/', '*', '.' };

			sbuf[hdr + rnd(len - hdr)] = v[rnd(sizeof(v))];
			break;
		}
		case 3:		/* two attributes swap types */
			if (n < 2)
				break;
			a = (void *)(sbuf + refs[rnd(n)].off);
			b = (void *)(sbuf + refs[rnd(n)].off);
			{
				uint16_t t = a->nla_type;

				a->nla_type = b->nla_type;
				b->nla_type = t;
			}
			break;
		case 4:		/* an attribute duplicated in place */
			if (!n)
				break;
			r = &refs[rnd(n)];
			a = (void *)(sbuf + r->off);
			{
				size_t sz = NLA_ALIGN(a->nla_len);
				unsigned int d;
				bool fits = len + sz <= MAX_MSG;

				for (d = 0; d < r->depth; d++)
					fits &= ((struct nlattr *)(sbuf + r->parent[d]))->nla_len +
						sz <= 0xffff;
				if (!fits)
					break;
				memmove(sbuf + r->off + sz, sbuf + r->off, len - r->off);
				fix_lengths(r, (long)sz);
			}
			break;
		case 5:		/* an attribute removed */
			if (!n)
				break;
			r = &refs[rnd(n)];
			a = (void *)(sbuf + r->off);
			{
				size_t sz = NLA_ALIGN(a->nla_len);

				if (r->off + sz > len)
					break;
				memmove(sbuf + r->off, sbuf + r->off + sz, len - r->off - sz);
				fix_lengths(r, -(long)sz);
			}
			break;
		case 6:		/* an attribute's length changed */
			if (!n)
				break;
			r = &refs[rnd(n)];
			a = (void *)(sbuf + r->off);
			if (chance(50))
				a->nla_len += (int)rnd(9) - 4;
			else
				a->nla_len = chance(50) ? rnd(NLA_HDRLEN + 1) : 0xffff - rnd(8);
			break;
		case 7:		/* the message cut short (consistently) */
			((struct nlmsghdr *)sbuf)->nlmsg_len = hdr + rnd(len - hdr);
			break;
		default:	/* an attribute moved into another nest */
			if (n < 2)
				break;
			r = &refs[rnd(n)];
			r2 = &refs[rnd(n)];
			if (r2->depth || r == r2)
				break;
			b = (void *)(sbuf + r2->off);
			a = (void *)(sbuf + r->off);
			/* Swap the type of a group child with a top-level one. */
			{
				uint16_t t = a->nla_type;

				a->nla_type = b->nla_type;
				b->nla_type = t;
			}
			break;
		}
	}
	len = ((struct nlmsghdr *)sbuf)->nlmsg_len;
	if (len > MAX_MSG)
		len = MAX_MSG;
	st.per_cmd[HARDEN_CMD_SET_POLICY]++;
	send_raw(0, len, 1);
	drain(0, 0);
}

/*
 * SET_POLICY built wrong on purpose: wrong attribute types and widths,
 * garbage in groups, deep nests, groups that are not nests, counts at and
 * past every limit.
 */
static void act_bad_policy(void)
{
	unsigned int i, n, which = rnd(10);
	struct nl_msg *msg;
	struct nlattr *g;
	char b[300];

	/* Now and then far past every limit: ~1 MiB (see nlprobe oversized). */
	if (which == 4 && chance(1))
		which = 10;
	msg_room = which == 4 || which == 5 ? 256 * 1024 : which == 10 ? MAX_MSG : 16384;
	msg = msg_new(HARDEN_CMD_SET_POLICY, NLM_F_REQUEST | (chance(50) ? NLM_F_ACK : 0));
	msg_room = 16384;

	switch (which) {
	case 0:		/* every group attribute with garbage */
		n = 1 + rnd(3);
		for (i = 0; i < n; i++) {
			g = nla_nest_start(msg, HARDEN_A_GROUP);
			put_garbage_attrs(msg, rnd(12), HARDEN_GROUP_A_MAX + 2, 2);
			nla_nest_end(msg, g);
		}
		break;
	case 1:		/* valid-looking name and match, one wrong attribute */
		g = nla_nest_start(msg, HARDEN_A_GROUP);
		nla_put_string(msg, HARDEN_GROUP_A_NAME, "bad");
		nla_put_string(msg, HARDEN_GROUP_A_MATCH, "/nlfuzz/bad/*");
		i = 1 + rnd(HARDEN_GROUP_A_MAX);
		if (chance(50))
			put_rand_scalar(msg, i);
		else
			put_rand_string(msg, i, i == HARDEN_GROUP_A_MATCH ? HARDEN_GLOB_MAX :
					HARDEN_GROUP_NAME_MAX);
		/* and one thing that is always refused */
		nla_put_u32(msg, HARDEN_GROUP_A_FLAGS, 1u << 31);
		nla_nest_end(msg, g);
		break;
	case 2:		/* deep nests */
		for (i = rnd(3); i < 3; i++)
			put_deep_nest(msg, HARDEN_A_GROUP, 1 + rnd(30));
		break;
	case 3:		/* a group that is not a nest */
		if (chance(50))
			put_rand_scalar(msg, HARDEN_A_GROUP);
		else
			put_rand_string(msg, HARDEN_A_GROUP, 0);
		put_valid_group(msg, 0, 1);
		break;
	case 4:		/* groups: past HARDEN_MAX_GROUPS */
		n = HARDEN_MAX_GROUPS + 1 + rnd(64);
		for (i = 0; i < n; i++)
			put_valid_group(msg, i, 1);
		break;
	case 5:		/* matches past HARDEN_MAX_MATCHES, long globs */
		g = nla_nest_start(msg, HARDEN_A_GROUP);
		nla_put_string(msg, HARDEN_GROUP_A_NAME, "many");
		n = HARDEN_MAX_MATCHES + 1 + rnd(64);
		memset(b, 'm', sizeof(b));
		b[0] = '/';
		for (i = 0; i < n; i++) {
			size_t l = HARDEN_GLOB_MAX - 3 + rnd(4);

			b[l] = '\0';
			nla_put_string(msg, HARDEN_GROUP_A_MATCH, b);
			b[l] = 'm';
		}
		nla_nest_end(msg, g);
		break;
	case 6:		/* mount types past HARDEN_MAX_MOUNT_TYPES */
		g = nla_nest_start(msg, HARDEN_A_GROUP);
		nla_put_string(msg, HARDEN_GROUP_A_NAME, "mt");
		nla_put_string(msg, HARDEN_GROUP_A_MATCH, "/nlfuzz/mt/*");
		nla_put_u32(msg, HARDEN_GROUP_A_FLAGS, HARDEN_GROUP_F_MOUNT);
		n = HARDEN_MAX_MOUNT_TYPES + 1 + rnd(8);
		for (i = 0; i < n; i++) {
			snprintf(b, sizeof(b), "fs%u", i);
			nla_put_string(msg, HARDEN_GROUP_A_MOUNT_TYPE, b);
		}
		nla_nest_end(msg, g);
		break;
	case 7:		/* device rules past HARDEN_MAX_DEVICES, or with bad bits */
		g = nla_nest_start(msg, HARDEN_A_GROUP);
		nla_put_string(msg, HARDEN_GROUP_A_NAME, "dev");
		nla_put_string(msg, HARDEN_GROUP_A_MATCH, "/nlfuzz/dev/*");
		nla_put_u32(msg, HARDEN_GROUP_A_FLAGS, HARDEN_GROUP_F_DEVICES);
		if (chance(50)) {
			n = HARDEN_MAX_DEVICES + 1 + rnd(8);
			for (i = 0; i < n; i++)
				nla_put_u64(msg, HARDEN_GROUP_A_DEVICE,
					    HARDEN_DEVICE_RULE(HARDEN_DEVICE_CHAR, 1, i));
		} else {
			nla_put_u64(msg, HARDEN_GROUP_A_DEVICE, rnd64() | (1ULL << 40));
		}
		nla_nest_end(msg, g);
		break;
	case 8:		/* net peers: unknown, repeated, past the limit */
		n = 1 + rnd(3);
		for (i = 0; i < n; i++) {
			unsigned int p, np = chance(20) ? HARDEN_MAX_NET_PEERS + 1 + rnd(4) :
					1 + rnd(3);

			g = nla_nest_start(msg, HARDEN_A_GROUP);
			snprintf(b, sizeof(b), "p%u", i);
			nla_put_string(msg, HARDEN_GROUP_A_NAME, b);
			nla_put_string(msg, HARDEN_GROUP_A_MATCH, "/nlfuzz/p/*");
			nla_put_u32(msg, HARDEN_GROUP_A_FLAGS,
				    chance(80) ? HARDEN_GROUP_F_NET : 0);
			for (p = 0; p < np; p++) {
				snprintf(b, sizeof(b), "p%u", chance(50) ? rnd(n + 1) : p);
				nla_put_string(msg, HARDEN_GROUP_A_NET_PEER, b);
			}
			/* one unknown peer name: never valid */
			nla_put_string(msg, HARDEN_GROUP_A_NET_PEER, "nosuchgroup");
			nla_nest_end(msg, g);
		}
		break;
	case 10:	/* ~1 MiB: 3500 groups of ~300 bytes */
		memset(b, 'o', sizeof(b));
		b[0] = '/';
		b[250] = '\0';
		for (i = 0; i < 3500; i++) {
			char name[16];

			g = nla_nest_start(msg, HARDEN_A_GROUP);
			snprintf(name, sizeof(name), "o%u", i);
			nla_put_string(msg, HARDEN_GROUP_A_NAME, name);
			nla_put_string(msg, HARDEN_GROUP_A_MATCH, b);
			nla_nest_end(msg, g);
		}
		break;
	default:	/* top-level garbage around a valid group */
		put_garbage_attrs(msg, 1 + rnd(6), HARDEN_A_MAX + 2, 2);
		put_valid_group(msg, 0, 1);
		put_deep_nest(msg, HARDEN_A_GROUP, 1 + rnd(4));
		break;
	}
	send_msg(0, msg, 0);
}

/*
 * The valid policy at every limit, alone (--mode limits): the kernel must
 * take it. Not in "all": once in force, every GET_POLICY dump is ~600 KiB,
 * which costs more under TCG than all the rest of the campaign.
 */
static void act_limits(void)
{
	struct nl_msg *msg;

	msg_room = MAX_MSG;
	msg = msg_new(HARDEN_CMD_SET_POLICY, NLM_F_REQUEST | NLM_F_ACK);
	msg_room = 16384;
	put_limits_policy(msg);
	send_msg(0, msg, 0);
}

/* The doit commands with dump flags and the dump commands without. */
static void act_flags(void)
{
	static const uint8_t cmds[] = {
		HARDEN_CMD_GET_STATUS, HARDEN_CMD_SET_POLICY, HARDEN_CMD_GET_POLICY,
		HARDEN_CMD_GET_STATS, HARDEN_CMD_GET_TOTALS, HARDEN_CMD_EVENT,
		HARDEN_CMD_UNSPEC,
	};
	static const int flagsets[] = {
		NLM_F_REQUEST | NLM_F_DUMP, NLM_F_REQUEST | NLM_F_DUMP | NLM_F_ACK,
		NLM_F_REQUEST | NLM_F_ROOT, NLM_F_REQUEST | NLM_F_MATCH | NLM_F_ACK,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO, NLM_F_REQUEST | NLM_F_ATOMIC,
		NLM_F_REQUEST | NLM_F_REPLACE | NLM_F_EXCL | NLM_F_CREATE | NLM_F_APPEND,
		NLM_F_ACK, 0, NLM_F_REQUEST, NLM_F_REQUEST | NLM_F_ACK,
		NLM_F_REQUEST | NLM_F_MULTI, NLM_F_REQUEST | NLM_F_DUMP_INTR,
	};
	uint8_t cmd = cmds[rnd(ARRAY_SIZE(cmds))];
	int flags = flagsets[rnd(ARRAY_SIZE(flagsets))];
	struct nl_msg *msg = msg_new(cmd, flags);

	/* A SET_POLICY here is always invalid: a group with no match. */
	if (cmd == HARDEN_CMD_SET_POLICY) {
		struct nlattr *g = nla_nest_start(msg, HARDEN_A_GROUP);

		nla_put_string(msg, HARDEN_GROUP_A_NAME, "nomatch");
		nla_nest_end(msg, g);
	}
	send_msg(0, msg, 0);
}

static const uint8_t dump_cmds[] = {
	HARDEN_CMD_GET_POLICY, HARDEN_CMD_GET_STATS, HARDEN_CMD_GET_TOTALS,
};

static struct nl_msg *dump_msg(uint8_t cmd, bool garbage)
{
	struct nl_msg *msg = msg_new(cmd, NLM_F_REQUEST | NLM_F_DUMP |
				     (chance(30) ? NLM_F_ACK : 0));

	if (garbage)
		put_garbage_attrs(msg, 1 + rnd(6), HARDEN_A_MAX + 2, 2);
	return msg;
}

/* A dump, to the end, sometimes with attributes it does not take. */
static void act_dump(void)
{
	send_msg(0, dump_msg(dump_cmds[rnd(3)], chance(40)), 0);
}

/*
 * nlmsg_len that disagrees with the bytes sent: shorter than a header,
 * shorter than the genl header, longer than what was sent, or a trailing
 * partial message. The attributes are those of a valid load, so that a
 * kernel that read past the end would see plausible data.
 */
static void act_framing(void)
{
	struct nl_msg *msg = chance(50) ? valid_policy() :
			     msg_new(rand_cmd(), NLM_F_REQUEST | NLM_F_ACK);
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *g = nlmsg_data(nlh);
	size_t len = nlh->nlmsg_len, send_len = len;

	nlh->nlmsg_seq = seq++;
	memcpy(sbuf, nlh, len);
	st.per_cmd[g->cmd]++;
	nlh = (void *)sbuf;
	switch (rnd(6)) {
	case 0:		/* shorter than the netlink header */
		nlh->nlmsg_len = rnd(NLMSG_HDRLEN);
		break;
	case 1:		/* no room for the genl header */
		nlh->nlmsg_len = NLMSG_HDRLEN + rnd(GENL_HDRLEN);
		break;
	case 2:		/* longer than what was sent */
		nlh->nlmsg_len = len + 1 + rnd(4096);
		break;
	case 3:		/* the send cut short of nlmsg_len */
		send_len = rnd(len);
		break;
		/* 4: a valid-looking first message, then a partial one */
	case 4:
		if (len * 2 > MAX_MSG)
			break;
		memcpy(sbuf + NLMSG_ALIGN(len), sbuf, len);
		send_len = NLMSG_ALIGN(len) + rnd(len);
		((struct nlmsghdr *)(sbuf + NLMSG_ALIGN(len)))->nlmsg_seq = seq++;
		st.sent++;
		break;
	default:	/* huge */
		nlh->nlmsg_len = 0xffffffffu - rnd(16);
		break;
	}
	nlmsg_free(msg);
	send_raw(0, send_len, 1);
	drain(0, 0);
}

/* Several messages in one send(): requests and dumps mixed. */
static void act_batch(void)
{
	unsigned int i, n = 2 + rnd(6);
	size_t off = 0;

	for (i = 0; i < n; i++) {
		struct nl_msg *msg;
		struct nlmsghdr *nlh;

		switch (rnd(4)) {
		case 0:
			msg = msg_new(HARDEN_CMD_GET_STATUS, NLM_F_REQUEST |
				      (chance(50) ? NLM_F_ACK : 0));
			break;
		case 1:
			msg = dump_msg(dump_cmds[rnd(3)], chance(30));
			break;
		case 2:
			msg = msg_new(rand_cmd(), rand_flags());
			put_garbage_attrs(msg, rnd(4), HARDEN_A_MAX + 1, 1);
			break;
		default:
			msg = msg_new(HARDEN_CMD_SET_POLICY, NLM_F_REQUEST | NLM_F_ACK);
			put_garbage_attrs(msg, 1 + rnd(3), HARDEN_A_MAX + 1, 2);
			break;
		}
		nlh = nlmsg_hdr(msg);
		nlh->nlmsg_seq = seq++;
		if (off + NLMSG_ALIGN(nlh->nlmsg_len) > 65536) {
			nlmsg_free(msg);
			break;
		}
		st.per_cmd[((struct genlmsghdr *)nlmsg_data(nlh))->cmd]++;
		memcpy(sbuf + off, nlh, nlh->nlmsg_len);
		off += NLMSG_ALIGN(nlh->nlmsg_len);
		nlmsg_free(msg);
	}
	send_raw(0, off, i);
	drain(0, 0);
	/* A batch may leave a dump running; its messages come on recv(). */
	drain(0, 0);
}

/*
 * Dumps on sockets 1..3 left half-read while requests go on socket 0,
 * then continued a little, read to the end, or abandoned by closing the
 * socket; sometimes a second dump on a socket that runs one (EBUSY).
 */
static void act_interleave(void)
{
	int i = 1 + rnd(NSOCK - 1);

	if (!dump_open[i] || chance(20))
		send_msg(i, dump_msg(dump_cmds[rnd(3)], chance(20)), 1);
	switch (rnd(5)) {
	case 0:
	case 1:
		drain(i, 1);
		break;
	case 2:
		drain(i, 0);
		break;
	case 3:
		sock_replace(i);
		break;
	default:
		break;
	}
}

/*
 * A dump on a fresh socket with a small receive buffer, one recv() of it,
 * then close(): the kernel must drop the dump and the module reference it
 * holds.
 */
static void act_close_dump(void)
{
	struct nl_msg *msg = dump_msg(dump_cmds[rnd(3)], false);
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nl_sock *sk = sock_new();
	int fd = nl_socket_get_fd(sk), small = 1024 + rnd(8192);
	bool done = false;
	ssize_t n;

	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &small, sizeof(small));
	nlh->nlmsg_seq = seq++;
	st.per_cmd[((struct genlmsghdr *)nlmsg_data(nlh))->cmd]++;
	st.sent++;
	st.sends++;
	st.dumps_started++;
	refuse_forbidden((const void *)nlh, nlh->nlmsg_len);
	if (send(fd, nlh, nlh->nlmsg_len, 0) < 0)
		count_errno(st.send_err, errno);
	nlmsg_free(msg);
	if (chance(70)) {
		n = recv(fd, rbuf, 512 + rnd(4096), MSG_DONTWAIT);
		if (n > 0) {
			int len = (int)n;

			for (nlh = (void *)rbuf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len))
				if (nlh->nlmsg_type == NLMSG_DONE ||
				    nlh->nlmsg_type == NLMSG_ERROR)
					done = true;
		}
	}
	if (done)
		st.dumps_done++;
	else
		st.dumps_aborted++;
	nl_socket_free(sk);
}

/*
 * Join and leave the events group in a loop on the request sockets (with
 * events firing if a --violate task runs), with requests in between;
 * sometimes a socket stays joined, so events arrive during other actions.
 */
static void act_membership(void)
{
	unsigned int k, n = 2 + rnd(10);

	for (k = 0; k < n; k++) {
		struct nl_sock *sk = socks[rnd(NSOCK)];
		int bad;

		if (nl_socket_add_membership(sk, mcgrp) < 0)
			st.join_err++;
		else
			st.joins++;
		if (chance(10)) {
			bad = chance(50) ? 0 : mcgrp + 1000;
			if (setsockopt(nl_socket_get_fd(sk), SOL_NETLINK,
				       NETLINK_ADD_MEMBERSHIP, &bad, sizeof(bad)) < 0)
				st.join_err++;
			else
				setsockopt(nl_socket_get_fd(sk), SOL_NETLINK,
					   NETLINK_DROP_MEMBERSHIP, &bad, sizeof(bad));
		}
		if (chance(30))
			send_msg(0, msg_new(HARDEN_CMD_GET_STATUS, NLM_F_REQUEST), 0);
		if (chance(90)) {
			nl_socket_drop_membership(sk, mcgrp);
			st.drops++;
		}
		if (chance(20)) {	/* a drop without a join */
			nl_socket_drop_membership(sk, mcgrp);
			st.drops++;
		}
	}
	drain(0, 0);
}

/* --- the invariant ----------------------------------------------------------- */

static struct nl_sock *csk;	/* checks only: never joined, never fuzzed */

/* One request on csk, blocking; @cb sees each reply. Returns 0 or -errno. */
static int ctl_talk(uint8_t cmd, int flags,
		    void (*cb)(struct nlmsghdr *nlh, void *arg), void *arg)
{
	struct nl_msg *msg = msg_new(cmd, NLM_F_REQUEST | flags);
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int fd = nl_socket_get_fd(csk), err = 0;
	uint32_t s = seq++;

	nlh->nlmsg_seq = s;
	if (send(fd, nlh, nlh->nlmsg_len, 0) < 0) {
		err = -errno;
		nlmsg_free(msg);
		return err;
	}
	nlmsg_free(msg);
	for (;;) {
		ssize_t n = recv(fd, rbuf, sizeof(rbuf), 0);
		int len;

		if (n < 0)
			return -errno;
		len = (int)n;
		for (nlh = (void *)rbuf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != s)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)nlmsg_data(nlh))->error;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return 0;
			cb(nlh, arg);
			if (!(flags & NLM_F_DUMP))
				return err;
		}
	}
}

static void status_cb(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[HARDEN_A_MAX + 1];

	if (genlmsg_parse(nlh, 0, tb, HARDEN_A_MAX, NULL) == 0 && tb[HARDEN_A_GENERATION])
		*(uint64_t *)arg = nla_get_u64(tb[HARDEN_A_GENERATION]);
}

struct pol_read {
	uint64_t hash, gen;
	bool keep;		/* copy the groups to pol_groups */
	bool mixed;		/* generations differ between messages */
	unsigned int groups;
};

static void policy_cb(struct nlmsghdr *nlh, void *arg)
{
	struct pol_read *pr = arg;
	struct nlattr *tb[HARDEN_A_MAX + 1], *g;

	if (genlmsg_parse(nlh, 0, tb, HARDEN_A_MAX, NULL) < 0)
		return;
	if (tb[HARDEN_A_GENERATION]) {
		uint64_t gen = nla_get_u64(tb[HARDEN_A_GENERATION]);

		if (pr->gen && gen != pr->gen)
			pr->mixed = true;
		pr->gen = gen;
	}
	g = tb[HARDEN_A_GROUP];
	if (!g)
		return;
	pr->groups++;
	pr->hash = fnv(pr->hash, g, g->nla_len);
	if (pr->keep && pol_groups_len + NLA_ALIGN(g->nla_len) < MAX_MSG / 2) {
		unsigned char *p = realloc(pol_groups, pol_groups_len + NLA_ALIGN(g->nla_len));

		if (!p)
			exit(3);
		pol_groups = p;
		memset(p + pol_groups_len, 0, NLA_ALIGN(g->nla_len));
		memcpy(p + pol_groups_len, g, g->nla_len);
		pol_groups_len += NLA_ALIGN(g->nla_len);
		pol_ngroups++;
	}
}

static uint64_t read_generation(void)
{
	uint64_t gen = 0;
	int err = ctl_talk(HARDEN_CMD_GET_STATUS, 0, status_cb, &gen);

	if (err)
		violation("GET_STATUS failed: %s", strerror(-err));
	return gen;
}

static int read_policy(struct pol_read *pr)
{
	int err;

	pr->hash = 0xcbf29ce484222325ULL;
	pr->gen = 0;
	pr->mixed = false;
	pr->groups = 0;
	err = ctl_talk(HARDEN_CMD_GET_POLICY, NLM_F_DUMP, policy_cb, pr);
	if (err)
		violation("GET_POLICY dump failed: %s", strerror(-err));
	return err;
}

static unsigned long long loads_at_check;

/*
 * The generation moved once per applied load and never otherwise; with no
 * load since the last check, the policy is the same byte for byte.
 */
static void check_invariant(void)
{
	uint64_t gen = read_generation();
	struct pol_read pr = { 0 };

	st.checks++;
	if (gen != generation) {
		violation("generation %llu, expected %llu (%llu loads applied)",
			  (unsigned long long)gen, (unsigned long long)generation,
			  st.loads);
		generation = gen;
	}
	if (read_policy(&pr))
		return;
	if (pr.mixed || pr.gen != generation)
		violation("policy dump at generation %llu, expected %llu",
			  (unsigned long long)pr.gen, (unsigned long long)generation);
	if (st.loads == loads_at_check && pr.hash != pol_hash)
		violation("policy content changed without a load (generation %llu)",
			  (unsigned long long)gen);
	pol_hash = pr.hash;
	loads_at_check = st.loads;
}

/* --- main ------------------------------------------------------------------ */

struct action {
	const char *name;
	void (*fn)(void);
	unsigned int weight;
};

static const struct action actions[] = {
	{ "random", act_random, 18 },
	{ "mutate", act_mutate, 25 },
	{ "bad-policy", act_bad_policy, 12 },
	{ "flags", act_flags, 8 },
	{ "dump", act_dump, 8 },
	{ "framing", act_framing, 6 },
	{ "batch", act_batch, 6 },
	{ "interleave", act_interleave, 8 },
	{ "close-dump", act_close_dump, 4 },
	{ "membership", act_membership, 5 },
	{ "limits", act_limits, 0 },	/* only with --mode limits */
};
#define NACTIONS ARRAY_SIZE(actions)

static unsigned long long act_count[NACTIONS];

static int violate(void)
{
	static const char name[] = "harden-vm";

	/* Each call is a capability check: a violation under the policy. */
	for (;;) {
		sethostname(name, sizeof(name) - 1);
		usleep(20000);
	}
	return 0;
}

static const char *const cmd_names[] = {
	"UNSPEC", "GET_STATUS", "SET_POLICY", "GET_POLICY", "GET_STATS",
	"GET_TOTALS", "EVENT",
};

_Static_assert(ARRAY_SIZE(cmd_names) == NLFUZZ_CMD_LAST + 1, "a name per command");
_Static_assert(NLFUZZ_CMD_FORBIDDEN == HARDEN_CMD_EVENT + 1, "LOCK follows EVENT");

static void report(double secs)
{
	unsigned long long other = 0, errs = 0;
	unsigned int c, e;

	for (c = 0; c <= NLFUZZ_CMD_LAST; c++)
		printf("nlfuzz: cmd %-10s %llu\n", cmd_names[c], st.per_cmd[c]);
	printf("nlfuzz: cmd %-10d %llu (HARDEN_CMD_LOCK: never sent)\n",
	       NLFUZZ_CMD_FORBIDDEN, st.per_cmd[NLFUZZ_CMD_FORBIDDEN]);
	for (c = NLFUZZ_CMD_LAST + 1; c < 256; c++)
		if (c != NLFUZZ_CMD_FORBIDDEN)
			other += st.per_cmd[c];
	printf("nlfuzz: cmd %-10s %llu\n", "unknown", other);
	for (c = 0; c < NACTIONS; c++)
		printf("nlfuzz: action %-10s %llu\n", actions[c].name, act_count[c]);
	for (e = 0; e < NERRNO; e++) {
		if (!st.errors[e])
			continue;
		errs += st.errors[e];
		printf("nlfuzz: error %-12s %llu\n", strerrorname_np(e) ?: "?", st.errors[e]);
	}
	for (e = 0; e < NERRNO; e++)
		if (st.send_err[e])
			printf("nlfuzz: send error %-7s %llu\n", strerrorname_np(e) ?: "?",
			       st.send_err[e]);
	printf("nlfuzz: errors %llu, acks %llu, replies %llu, events %llu\n",
	       errs, st.acks, st.replies, st.events);
	/* Completed: every NLMSG_DONE, those of dumps in batches included. */
	printf("nlfuzz: dumps started %llu, completed %llu, failed %llu, aborted %llu\n",
	       st.dumps_started, st.dumps_done, st.dumps_failed, st.dumps_aborted);
	printf("nlfuzz: events group joins %llu (refused %llu), drops %llu, recv ENOBUFS %llu\n",
	       st.joins, st.join_err, st.drops, st.recv_enobufs);
	printf("nlfuzz: %llu sends, %llu bytes, %llu invariant checks\n",
	       st.sends, st.bytes, st.checks);
	printf("nlfuzz: %.1f s, %.0f messages/s\n", secs, secs > 0 ? st.sent / secs : 0);
	printf("nlfuzz: %llu messages\n", st.sent);
	printf("nlfuzz: loads %llu\n", st.loads);
	printf("nlfuzz: violations %llu\n", st.violations);
}

static void usage(void)
{
	unsigned int i;

	fprintf(stderr, "usage: nlfuzz [--seed N] [--messages N] [--mode all");
	for (i = 0; i < NACTIONS; i++)
		fprintf(stderr, "|%s", actions[i].name);
	fprintf(stderr, "] [--check-every N] [--quiet]\n       nlfuzz --violate\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long long messages = 200000, check_every = 5000, next_check;
	unsigned long long seed = 1;
	const char *mode = "all";
	unsigned int total = 0, i, a;
	struct pol_read pr = { .keep = true };
	struct timespec t0, t1;

	for (i = 1; i < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "--violate"))
			return violate();
		else if (!strcmp(argv[i], "--quiet"))
			quiet = true;
		else if (i + 1 < (unsigned int)argc && !strcmp(argv[i], "--seed"))
			seed = strtoull(argv[++i], NULL, 0);
		else if (i + 1 < (unsigned int)argc && !strcmp(argv[i], "--messages"))
			messages = strtoull(argv[++i], NULL, 0);
		else if (i + 1 < (unsigned int)argc && !strcmp(argv[i], "--check-every"))
			check_every = strtoull(argv[++i], NULL, 0);
		else if (i + 1 < (unsigned int)argc && !strcmp(argv[i], "--mode"))
			mode = argv[++i];
		else
			usage();
	}
	if (!check_every)
		usage();
	for (a = 0; a < NACTIONS; a++)
		if (!strcmp(mode, "all"))
			total += actions[a].weight;
		else if (!strcmp(mode, actions[a].name))
			total += 1;
	if (!total)
		usage();
	rng = seed;

	csk = sock_new();
	{
		struct timeval tv = { .tv_sec = 30 };

		setsockopt(nl_socket_get_fd(csk), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	}
	family = genl_ctrl_resolve(csk, HARDEN_GENL_NAME);
	if (family < 0) {
		printf("nlfuzz: no harden family\n");
		return 4;
	}
	mcgrp = genl_ctrl_resolve_grp(csk, HARDEN_GENL_NAME, HARDEN_MCGRP_EVENTS);
	if (mcgrp < 0) {
		printf("nlfuzz: no events group\n");
		return 4;
	}
	for (i = 0; i < NSOCK; i++)
		socks[i] = sock_new();
	generation = read_generation();
	if (read_policy(&pr))
		return 3;
	pol_hash = pr.hash;
	printf("nlfuzz: seed %llu, %llu messages, mode %s; family %d, events group %d, "
	       "generation %llu, %u groups in force\n", seed, messages, mode, family, mcgrp,
	       (unsigned long long)generation, pol_ngroups);
	fflush(stdout);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	next_check = check_every;
	while (st.sent < messages) {
		unsigned int r = rnd(total);

		for (a = 0; a < NACTIONS; a++) {
			unsigned int w = actions[a].weight;

			if (strcmp(mode, "all")) {
				if (strcmp(mode, actions[a].name))
					continue;
				w = 1;
			}
			if (r < w)
				break;
			r -= w;
		}
		act_count[a]++;
		actions[a].fn();
		if (st.sent >= next_check) {
			check_invariant();
			next_check += check_every;
			if (!quiet) {
				printf("nlfuzz: %llu messages, %llu loads\n", st.sent, st.loads);
				fflush(stdout);
			}
		}
	}
	/* Read what is left, close the half-read dumps, check once more. */
	for (i = 0; i < NSOCK; i++) {
		drain(i, 0);
		if (dump_open[i])
			st.dumps_aborted++;
		nl_socket_free(socks[i]);
	}
	check_invariant();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	nl_socket_free(csk);
	report((double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return st.violations ? 1 : 0;
}
