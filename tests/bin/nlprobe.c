// SPDX-License-Identifier: GPL-2.0
/*
 * nlprobe: a second, independent client of the harden genl family, built on
 * libnl-genl-3 rather than hardctl's libmnl. It sends well-formed and
 * deliberately malformed requests and reports what the kernel answered.
 *
 *   nlprobe status            GET_STATUS; prints the generation
 *   nlprobe load-empty        SET_POLICY with no groups
 *   nlprobe bad CASE          a malformed SET_POLICY (see cases[] below)
 *   nlprobe list              the names of the malformed cases
 *   nlprobe stats             the GET_STATS dump, one line per counter:
 *                             "PATH AREA OP DETAIL DENIED AUDITED", numbers
 *   nlprobe join-events       join the "events" multicast group; prints
 *                             "joined" or the errno name (EPERM, ...)
 *
 * NLPROBE_URING=inline|async: send the request with io_uring's
 * IORING_OP_SENDMSG instead of sendmsg(2), inline or (IOSQE_ASYNC) from an
 * io-wq worker thread, a task the kernel creates for the caller.
 *
 * Prints "ok ..." or "error ERRNO: extack message". Exit: 0 ok, 1 EPERM,
 * 3 any other error, 4 no harden family. For `bad`, the expected outcome is
 * an error other than EPERM; exit 0 then, and 5 if the kernel accepted it.
 * Built static so it runs inside a busybox container.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nlclient.h"
#include "uring.h"

struct result {
	int error;
	char msg[256];
	uint64_t generation;
};

static int err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct result *r = arg;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = sizeof(*e);

	(void)nla;
	r->error = -e->error;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - NLMSG_HDRLEN;
		if (nla_parse(tb, NLMSGERR_ATTR_MAX,
			      (struct nlattr *)((char *)e + off),
			      (int)(nlh->nlmsg_len - NLMSG_HDRLEN - off), NULL) == 0 &&
		    tb[NLMSGERR_ATTR_MSG])
			snprintf(r->msg, sizeof(r->msg), "%s",
				 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
	}
	return NL_STOP;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[HARDEN_A_MAX + 1];
	struct result *r = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, HARDEN_A_MAX, NULL) == 0 &&
	    tb[HARDEN_A_GENERATION])
		r->generation = nla_get_u64(tb[HARDEN_A_GENERATION]);
	return NL_OK;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_STOP;
}

static struct nl_sock *sk;
static int family;

static struct nl_msg *request(uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc_size(2 * 1024 * 1024);

	if (!msg || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
				 NLM_F_ACK, cmd, HARDEN_GENL_VERSION))
		exit(3);
	return msg;
}

/*
 * Send @msg by sendmsg(2), or by io_uring's IORING_OP_SENDMSG when
 * NLPROBE_URING says so: inline in the caller, or with IOSQE_ASYNC from an
 * io-wq worker. The kernel's genl handler runs in whichever task sends.
 */
static int send_request(struct nl_msg *msg, struct result *r)
{
	const char *how = getenv("NLPROBE_URING");
	struct sockaddr_nl dst = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct io_uring_sqe sqe;
	struct msghdr mh;
	struct iovec iov;
	struct uring ring;
	int res;

	if (!how)
		return nl_send_auto(sk, msg);
	nl_complete_msg(sk, msg);
	iov.iov_base = nlh;
	iov.iov_len = nlh->nlmsg_len;
	memset(&mh, 0, sizeof(mh));
	mh.msg_name = &dst;
	mh.msg_namelen = sizeof(dst);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = IORING_OP_SENDMSG;
	sqe.fd = nl_socket_get_fd(sk);
	sqe.addr = (uintptr_t)&mh;
	sqe.flags = strcmp(how, "async") ? 0 : IOSQE_ASYNC;
	if (uring_init(&ring) < 0 || uring_run(&ring, &sqe, &res) < 0) {
		r->error = errno;
		snprintf(r->msg, sizeof(r->msg), "io_uring: %s", strerror(errno));
		return -1;
	}
	close(ring.fd);
	if (res < 0) {
		r->error = -res;
		snprintf(r->msg, sizeof(r->msg), "IORING_OP_SENDMSG: %s", strerror(-res));
		return -1;
	}
	return 0;
}

static struct result talk(struct nl_msg *msg)
{
	struct result r = { 0 };
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, &r);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &r);
	int err;

	if (send_request(msg, &r) < 0) {
		if (!r.error)
			r.error = EMSGSIZE;
		if (!r.msg[0])
			snprintf(r.msg, sizeof(r.msg), "send failed");
	} else if ((err = nl_recvmsgs(sk, cb)) < 0 && !r.error) {
		/* No answer we could read is never a success. */
		r.error = EIO;
		snprintf(r.msg, sizeof(r.msg), "receive failed: %s",
			 nl_geterror(err));
	}
	nl_cb_put(cb);
	nlmsg_free(msg);
	return r;
}

/* A well-formed top-level group, for cases that break one thing. */
static void put_group(struct nl_msg *msg, const char *name, const char *glob)
{
	struct nlattr *g = nla_nest_start(msg, HARDEN_A_GROUP);

	nla_put_string(msg, HARDEN_GROUP_A_NAME, name);
	nla_put_string(msg, HARDEN_GROUP_A_MATCH, glob);
	nla_put_u8(msg, HARDEN_GROUP_A_MODE, HARDEN_MODE_ENFORCE);
	nla_put_u32(msg, HARDEN_GROUP_A_FLAGS, HARDEN_GROUP_F_CAPS);
	nla_put_u64(msg, HARDEN_GROUP_A_CAPS, 1);
	nla_nest_end(msg, g);
}

static struct nl_msg *bad_case(const char *name)
{
	struct nl_msg *msg;
	struct nlattr *g;
	char big[1024];
	int i;

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';

	if (!strcmp(name, "unknown-cmd"))
		return request(99);
	msg = request(HARDEN_CMD_SET_POLICY);
#define CASE(n) if (!strcmp(name, n))
#define GROUP_BEGIN() (g = nla_nest_start(msg, HARDEN_A_GROUP))
#define GROUP_END() nla_nest_end(msg, g)
	CASE("unknown-attr") {
		nla_put_u32(msg, 200, 1);
		return msg;
	}
	CASE("reply-only-attr") {
		nla_put_u64(msg, HARDEN_A_GENERATION, 1);
		return msg;
	}
	CASE("groups-not-nested") {
		/* A HARDEN_A_GROUP that is a u32, not a nest. */
		nla_put_u32(msg, HARDEN_A_GROUP, 1);
		return msg;
	}
	CASE("name-too-long") {
		big[64] = '\0';
		GROUP_BEGIN();
		nla_put_string(msg, HARDEN_GROUP_A_NAME, big);
		nla_put_string(msg, HARDEN_GROUP_A_MATCH, "/x");
		GROUP_END();
		return msg;
	}
	CASE("name-bad-chars") {
		put_group(msg, "a b", "/x");
		return msg;
	}
	CASE("no-name") {
		GROUP_BEGIN();
		nla_put_string(msg, HARDEN_GROUP_A_MATCH, "/x");
		GROUP_END();
		return msg;
	}
	CASE("no-match") {
		GROUP_BEGIN();
		nla_put_string(msg, HARDEN_GROUP_A_NAME, "g");
		GROUP_END();
		return msg;
	}
	CASE("glob-too-long") {
		big[0] = '/';
		big[300] = '\0';
		put_group(msg, "g", big);
		return msg;
	}
	CASE("glob-relative") {
		put_group(msg, "g", "docker/*");
		return msg;
	}
	CASE("glob-dotdot") {
		put_group(msg, "g", "/docker/../x");
		return msg;
	}
	CASE("string-not-terminated") {
		GROUP_BEGIN();
		nla_put(msg, HARDEN_GROUP_A_NAME, 3, "abc");
		nla_put_string(msg, HARDEN_GROUP_A_MATCH, "/x");
		GROUP_END();
		return msg;
	}
	CASE("bad-mode") {
		GROUP_BEGIN();
		nla_put_string(msg, HARDEN_GROUP_A_NAME, "g");
		nla_put_string(msg, HARDEN_GROUP_A_MATCH, "/x");
		nla_put_u8(msg, HARDEN_GROUP_A_MODE, 7);
		GROUP_END();
		return msg;
	}
	CASE("unknown-flag") {
		GROUP_BEGIN();
		nla_put_string(msg, HARDEN_GROUP_A_NAME, "g");
		nla_put_string(msg, HARDEN_GROUP_A_MATCH, "/x");
		nla_put_u32(msg, HARDEN_GROUP_A_FLAGS, 1u << 30);
		GROUP_END();
		return msg;
	}
	CASE("caps-without-mask") {
		GROUP_BEGIN();
		nla_put_string(msg, HARDEN_GROUP_A_NAME, "g");
		nla_put_string(msg, HARDEN_GROUP_A_MATCH, "/x");
		nla_put_u32(msg, HARDEN_GROUP_A_FLAGS, HARDEN_GROUP_F_CAPS);
		GROUP_END();
		return msg;
	}
	CASE("mask-without-flag") {
		GROUP_BEGIN();
		nla_put_string(msg, HARDEN_GROUP_A_NAME, "g");
		nla_put_string(msg, HARDEN_GROUP_A_MATCH, "/x");
		nla_put_u64(msg, HARDEN_GROUP_A_CAPS, 1);
		GROUP_END();
		return msg;
	}
	CASE("unknown-cap") {
		GROUP_BEGIN();
		nla_put_string(msg, HARDEN_GROUP_A_NAME, "g");
		nla_put_string(msg, HARDEN_GROUP_A_MATCH, "/x");
		nla_put_u32(msg, HARDEN_GROUP_A_FLAGS, HARDEN_GROUP_F_CAPS);
		nla_put_u64(msg, HARDEN_GROUP_A_CAPS, 1ULL << 50);
		GROUP_END();
		return msg;
	}
	CASE("caps-wrong-size") {
		GROUP_BEGIN();
		nla_put_string(msg, HARDEN_GROUP_A_NAME, "g");
		nla_put_string(msg, HARDEN_GROUP_A_MATCH, "/x");
		nla_put_u32(msg, HARDEN_GROUP_A_FLAGS, HARDEN_GROUP_F_CAPS);
		nla_put_u8(msg, HARDEN_GROUP_A_CAPS, 1);
		GROUP_END();
		return msg;
	}
	CASE("dup-group") {
		put_group(msg, "g", "/x");
		put_group(msg, "g", "/y");
		return msg;
	}
	CASE("too-many-groups") {
		/* HARDEN_MAX_GROUPS + 1 = 65 top-level groups. */
		for (i = 0; i <= HARDEN_MAX_GROUPS; i++) {
			char n[16];

			snprintf(n, sizeof(n), "g%d", i);
			put_group(msg, n, "/x");
		}
		return msg;
	}
	CASE("too-many-matches") {
		GROUP_BEGIN();
		nla_put_string(msg, HARDEN_GROUP_A_NAME, "g");
		for (i = 0; i <= HARDEN_MAX_MATCHES; i++)
			nla_put_string(msg, HARDEN_GROUP_A_MATCH, "/x");
		GROUP_END();
		return msg;
	}
	CASE("oversized") {
		/*
		 * ~1.2 MiB: 4000 top-level groups of ~300 bytes. Far more
		 * groups, and far bigger, than any real policy (a full one is
		 * ~540 KiB); must be refused cleanly.
		 */
		big[1024 - 250] = '/';
		for (i = 0; i < 4000; i++) {
			char n[16];

			snprintf(n, sizeof(n), "g%d", i);
			put_group(msg, n, big + 1024 - 250);
		}
		if (nlmsg_hdr(msg)->nlmsg_len < 1024 * 1024) {
			fprintf(stderr, "nlprobe: oversized message too small\n");
			exit(3);
		}
		return msg;
	}
	CASE("group-not-nested") {
		/* A HARDEN_A_GROUP nest whose child is not a group attribute. */
		g = nla_nest_start(msg, HARDEN_A_GROUP);
		nla_put_u32(msg, 0, 5);
		nla_nest_end(msg, g);
		return msg;
	}
	fprintf(stderr, "nlprobe: unknown case '%s'\n", name);
	exit(2);
}

static const char *const cases[] = {
	"unknown-cmd", "unknown-attr", "reply-only-attr", "groups-not-nested",
	"name-too-long", "name-bad-chars", "no-name", "no-match",
	"glob-too-long", "glob-relative", "glob-dotdot", "string-not-terminated",
	"bad-mode", "unknown-flag", "caps-without-mask", "mask-without-flag",
	"unknown-cap", "caps-wrong-size", "dup-group", "too-many-groups",
	"too-many-matches", "oversized", "group-not-nested",
};

/* One line per counter of one GET_STATS dump message. */
static int stats_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[HARDEN_A_MAX + 1], *cg[HARDEN_CGROUP_A_MAX + 1];
	struct nlattr *ct[HARDEN_COUNTER_A_MAX + 1], *c;
	int rem;

	(void)arg;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, HARDEN_A_MAX, NULL) < 0 ||
	    !tb[HARDEN_A_CGROUP] ||
	    nla_parse_nested(cg, HARDEN_CGROUP_A_MAX, tb[HARDEN_A_CGROUP], NULL) < 0 ||
	    !cg[HARDEN_CGROUP_A_PATH])
		return NL_SKIP;
	if (!cg[HARDEN_CGROUP_A_COUNTERS])
		return NL_OK;
	nla_for_each_nested(c, cg[HARDEN_CGROUP_A_COUNTERS], rem) {
		if (nla_parse_nested(ct, HARDEN_COUNTER_A_MAX, c, NULL) < 0)
			continue;
		printf("%s %u %u %u %llu %llu\n",
		       nla_get_string(cg[HARDEN_CGROUP_A_PATH]),
		       ct[HARDEN_COUNTER_A_AREA] ? nla_get_u8(ct[HARDEN_COUNTER_A_AREA]) : 0,
		       ct[HARDEN_COUNTER_A_OP] ? nla_get_u16(ct[HARDEN_COUNTER_A_OP]) : 0,
		       ct[HARDEN_COUNTER_A_DETAIL] ? nla_get_u32(ct[HARDEN_COUNTER_A_DETAIL]) : 0,
		       ct[HARDEN_COUNTER_A_DENIED] ?
		       (unsigned long long)nla_get_u64(ct[HARDEN_COUNTER_A_DENIED]) : 0ULL,
		       ct[HARDEN_COUNTER_A_AUDITED] ?
		       (unsigned long long)nla_get_u64(ct[HARDEN_COUNTER_A_AUDITED]) : 0ULL);
	}
	return NL_OK;
}

static int finish_cb(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_STOP;
}

/* The GET_STATS dump; the result is the dump's error, if any. */
static struct result stats(void)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	struct result r = { 0 };
	int err;

	if (!msg || !cb || !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0,
					NLM_F_DUMP, HARDEN_CMD_GET_STATS,
					HARDEN_GENL_VERSION))
		exit(3);
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, &r);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, stats_cb, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, &r);
	if (nl_send_auto(sk, msg) < 0) {
		r.error = EMSGSIZE;
		snprintf(r.msg, sizeof(r.msg), "send failed");
	} else {
		err = nl_recvmsgs(sk, cb);
		if (err < 0 && !r.error) {
			r.error = EIO;
			snprintf(r.msg, sizeof(r.msg), "receive failed: %s",
				 nl_geterror(err));
		}
	}
	nl_cb_put(cb);
	nlmsg_free(msg);
	return r;
}

/*
 * Join the events group with setsockopt() itself, so that the kernel's
 * errno (EPERM inside a container) is what is printed.
 */
static int join_events(void)
{
	int grp = genl_ctrl_resolve_grp(sk, HARDEN_GENL_NAME, HARDEN_MCGRP_EVENTS);

	if (grp < 0) {
		printf("ENOENT\n");
		return 4;
	}
	if (setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
		       &grp, sizeof(grp)) < 0) {
		int e = errno;

		printf("%s\n", strerrorname_np(e) ?: "?");
		return e == EPERM ? 1 : 3;
	}
	printf("joined\n");
	return 0;
}

static int print_result(const struct result *r)
{
	if (!r->error) {
		printf("ok generation %llu\n", (unsigned long long)r->generation);
		return 0;
	}
	printf("error %s (%s): %s\n", strerrorname_np(r->error) ?: "?",
	       strerror(r->error), r->msg[0] ? r->msg : "no extack message");
	return r->error == EPERM ? 1 : 3;
}

int main(int argc, char **argv)
{
	int rc;
	struct result r;
	size_t i;

	if (argc == 2 && !strcmp(argv[1], "list")) {
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			printf("%s\n", cases[i]);
		return 0;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: nlprobe status|load-empty|lock|list|stats|join-events|bad CASE\n");
		return 2;
	}
	/*
	 * NLPROBE_UNSHARE_MNT=1: enter a new mount namespace without an exec,
	 * like runc init before its final exec: unbound, but in a container
	 * mount namespace.
	 */
	if (getenv("NLPROBE_UNSHARE_MNT") && unshare(CLONE_NEWNS) < 0) {
		perror("unshare(CLONE_NEWNS)");
		return 3;
	}
	/* Extended ACKs for the extack message, capped for a short error. */
	sk = nlclient_open(1, 1);
	if (!sk)
		return 3;
	nl_socket_set_msg_buf_size(sk, 65536);
	family = genl_ctrl_resolve(sk, HARDEN_GENL_NAME);
	if (family < 0) {
		printf("error ENOENT: no harden family\n");
		return 4;
	}
	if (!strcmp(argv[1], "join-events") && argc == 2) {
		rc = join_events();
		nl_socket_free(sk);
		return rc;
	}
	if (!strcmp(argv[1], "stats") && argc == 2) {
		r = stats();
		rc = r.error ? print_result(&r) : 0;
		nl_socket_free(sk);
		return rc;
	}
	if (!strcmp(argv[1], "status")) {
		r = talk(request(HARDEN_CMD_GET_STATUS));
	} else if (!strcmp(argv[1], "load-empty")) {
		r = talk(request(HARDEN_CMD_SET_POLICY));
	} else if (!strcmp(argv[1], "lock")) {
		/* Irreversible until reboot: tests/vm/lock_docker.sh only. */
		r = talk(request(HARDEN_CMD_LOCK));
	} else if (!strcmp(argv[1], "bad") && argc == 3) {
		r = talk(bad_case(argv[2]));
		rc = print_result(&r);
		return r.error && r.error != EPERM ? 0 : (r.error ? 1 : 5);
	} else {
		fprintf(stderr, "usage: nlprobe status|load-empty|lock|list|stats|join-events|bad CASE\n");
		return 2;
	}
	rc = print_result(&r);
	nl_socket_free(sk);
	return rc;
}
