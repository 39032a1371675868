// SPDX-License-Identifier: GPL-2.0
/*
 * libmnl transport for hardctl. Requests carry NLM_F_ACK, so every request
 * ends in an ACK or an error with extack (message and offending attribute).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "hardctl.h"
#include "format.h"
#include "nl.h"
#include "uapi/linux/harden.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

/* Big enough for a full policy (64 groups x 32 globs, ~540 KiB) in one message. */
#define HNL_BUFLEN	(1024 * 1024)

static int hnl_mcgrp_cb(const struct nlattr *attr, void *data)
{
	const char **name = data;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_MCAST_GRP_NAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			name[0] = mnl_attr_get_str(attr);
		break;
	case CTRL_ATTR_MCAST_GRP_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			name[1] = (const char *)attr;
		break;
	}
	return MNL_CB_OK;
}

int hnl_family_parse(const struct nlmsghdr *nlh, uint16_t *family,
		     uint32_t *events_group)
{
	const struct nlattr *attr, *grp;

	mnl_attr_for_each(attr, nlh, HNL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case CTRL_ATTR_FAMILY_ID:
			if (mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
				*family = mnl_attr_get_u16(attr);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			mnl_attr_for_each_nested(grp, attr) {
				/* [0]: the name, [1]: the id attribute */
				const char *found[2] = { NULL, NULL };

				if (mnl_attr_parse_nested(grp, hnl_mcgrp_cb, found) < 0)
					continue;
				if (found[0] && found[1] &&
				    !strcmp(found[0], HARDEN_MCGRP_EVENTS))
					*events_group = mnl_attr_get_u32(
						(const struct nlattr *)found[1]);
			}
			break;
		}
	}
	return MNL_CB_OK;
}

static int hnl_family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct hnl *h = data;

	return hnl_family_parse(nlh, &h->family, &h->events_group);
}

int hnl_connect(struct hnl *h, struct hnl_error *err)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	int one = 1, bufsz = HNL_BUFLEN;

	memset(h, 0, sizeof(*h));
	memset(err, 0, sizeof(*err));
	h->buflen = HNL_BUFLEN;
	h->buf = malloc(h->buflen);
	if (!h->buf) {
		err->error = ENOMEM;
		goto err;
	}
	h->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!h->sock) {
		err->error = errno;
		snprintf(err->msg, sizeof(err->msg), "cannot open a netlink socket");
		goto err;
	}
	if (mnl_socket_bind(h->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		err->error = errno;
		snprintf(err->msg, sizeof(err->msg), "cannot bind the netlink socket");
		goto err;
	}
	/*
	 * Best effort: extack for errors, capped ACKs, room for dumps and
	 * bursts of events. The send buffer is sized per request
	 * (hnl_sndbuf()), as only a policy load needs a large one.
	 */
	mnl_socket_setsockopt(h->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(h->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	setsockopt(mnl_socket_get_fd(h->sock), SOL_SOCKET, SO_RCVBUFFORCE,
		   &bufsz, sizeof(bufsz));
	h->portid = mnl_socket_get_portid(h->sock);
	h->seq = (uint32_t)getpid() << 8;

	nlh = mnl_nlmsg_put_header(h->buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++h->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, HARDEN_GENL_NAME);
	if (hnl_talk(h, nlh, hnl_family_cb, h, err) < 0 || !h->family) {
		if (!err->error)
			err->error = ENOENT;
		goto err;
	}
	return 0;
err:
	hnl_close(h);
	return -1;
}

int hnl_open(struct hnl *h)
{
	struct hnl_error err;

	if (hnl_connect(h, &err) == 0)
		return 0;
	if (err.error == ENOENT)
		fprintf(stderr, "%s: the harden module is not loaded "
			"(no '%s' netlink family; run 'modprobe harden' "
			"or 'insmod harden.ko'), or this is not the host's "
			"network namespace\n", prog, HARDEN_GENL_NAME);
	else if (err.msg[0])
		fprintf(stderr, "%s: %s: %s\n", prog, err.msg, strerror(err.error));
	else
		fprintf(stderr, "%s: cannot resolve the '%s' netlink "
			"family: %s\n", prog, HARDEN_GENL_NAME,
			strerror(err.error));
	return -1;
}

int hnl_sndbuf(struct hnl *h, size_t need)
{
	int fd = mnl_socket_get_fd(h->sock), val, have;
	socklen_t len;

	/* netlink_sendmsg() refuses a message longer than sk_sndbuf - 32. */
	need += 32;
	if (need > INT_MAX / 2) {
		errno = EMSGSIZE;
		return -1;
	}
	val = (int)need;
	len = sizeof(have);
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &have, &len) == 0 &&
	    (size_t)have >= need)
		return 0;
	/* Capped by net.core.wmem_max: enough for most policies. */
	len = sizeof(have);
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &val, sizeof(val)) == 0 &&
	    getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &have, &len) == 0 &&
	    (size_t)have >= need)
		return 0;
	/* Past wmem_max: needs CAP_NET_ADMIN, which loading needs anyway. */
	len = sizeof(have);
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &val, sizeof(val)) < 0)
		return -1;
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &have, &len) < 0)
		return -1;
	if ((size_t)have < need) {
		errno = ENOBUFS;
		return -1;
	}
	return 0;
}

void hnl_close(struct hnl *h)
{
	if (h->sock)
		mnl_socket_close(h->sock);
	free(h->buf);
	memset(h, 0, sizeof(*h));
}

struct nlmsghdr *hnl_request(struct hnl *h, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(h->buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = h->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++h->seq;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = HARDEN_GENL_VERSION;
	return nlh;
}

static int hnl_extack_cb(const struct nlattr *attr, void *data)
{
	struct hnl_error *err = data;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		/* Kept escaped: every printer of err->msg shows it as is. */
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			fmt_escape(err->msg, sizeof(err->msg), mnl_attr_get_str(attr),
				   strlen(mnl_attr_get_str(attr)), 0);
		break;
	case NLMSGERR_ATTR_OFFS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			err->bad_off = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

/* Returns 1 when this was the final ACK/error, 0 otherwise. */
static int hnl_parse_error(const struct nlmsghdr *nlh, struct hnl_error *err)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	size_t off;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*e))) {
		err->error = EBADMSG;
		return 1;
	}
	err->error = -e->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 1;
	off = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
	mnl_attr_parse(nlh, off, hnl_extack_cb, err);
	return 1;
}

int hnl_talk(struct hnl *h, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
	     struct hnl_error *err)
{
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t len;

	memset(err, 0, sizeof(*err));
	if (mnl_socket_sendto(h->sock, nlh, nlh->nlmsg_len) < 0) {
		err->error = errno;
		return -1;
	}
	for (;;) {
		const struct nlmsghdr *m;
		int left;

		len = mnl_socket_recvfrom(h->sock, h->buf, h->buflen);
		if (len < 0) {
			err->error = errno;
			return -1;
		}
		left = (int)len;
		for (m = (const struct nlmsghdr *)h->buf; mnl_nlmsg_ok(m, left);
		     m = mnl_nlmsg_next(m, &left)) {
			if (m->nlmsg_seq != seq || m->nlmsg_pid != h->portid)
				continue;
			if (m->nlmsg_type == NLMSG_ERROR) {
				hnl_parse_error(m, err);
				return err->error ? -1 : 0;
			}
			if (m->nlmsg_type == NLMSG_DONE) {
				const int *e = mnl_nlmsg_get_payload(m);

				if (m->nlmsg_len >= mnl_nlmsg_size(sizeof(int)) && *e) {
					err->error = -*e;
					return -1;
				}
				/* A dump ends here: no ACK follows it. */
				return 0;
			}
			if (m->nlmsg_type < NLMSG_MIN_TYPE)
				continue;
			if (cb && cb(m, data) < MNL_CB_OK) {
				err->error = EBADMSG;
				snprintf(err->msg, sizeof(err->msg),
					 "malformed reply from the kernel");
				return -1;
			}
		}
	}
}

int hnl_report(const char *what, const struct hnl_error *err)
{
	fprintf(stderr, "%s: %s: %s%s%s\n", prog, what, strerror(err->error),
		err->msg[0] ? ": " : "", err->msg);
	if (err->error == EPERM || err->error == EACCES) {
		if (geteuid() != 0)
			fprintf(stderr, "%s: the harden control channel needs "
				"root (CAP_NET_ADMIN)\n", prog);
		return EXIT_DENIED;
	}
	return err->error == EINVAL || err->error == E2BIG ? EXIT_INVALID :
	       EXIT_NOMODULE;
}
