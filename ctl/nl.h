/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to the harden generic netlink family with libmnl.
 */
#ifndef _HARDCTL_NL_H
#define _HARDCTL_NL_H

#include <stddef.h>
#include <stdint.h>

#include <linux/genetlink.h>
#include <libmnl/libmnl.h>

#include "uapi/linux/harden.h"

struct hnl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t events_group;		/* HARDEN_MCGRP_EVENTS id, 0 if absent */
	uint32_t portid;
	uint32_t seq;
	char *buf;			/* request and replies */
	size_t buflen;
};

struct hnl_error {
	int error;			/* positive errno, 0 if none */
	char msg[256];			/* extack message, "" if none */
	uint32_t bad_off;		/* extack offset into the request, 0 if none */
};

/* Open a socket and resolve the family. Prints why on failure. */
int hnl_open(struct hnl *h);

/*
 * hnl_connect() - hnl_open() that prints nothing (for the exporter, which
 * answers each scrape). Return: 0, or -1 with @err filled in; ENOENT means
 * the module is not loaded.
 */
int hnl_connect(struct hnl *h, struct hnl_error *err);

/* Read the family id and the events group id from a CTRL_CMD_GETFAMILY reply. */
int hnl_family_parse(const struct nlmsghdr *nlh, uint16_t *family,
		     uint32_t *events_group);

/*
 * hnl_sndbuf() - make room to send a @need byte message: SO_SNDBUF, then
 * SO_SNDBUFFORCE past net.core.wmem_max. Return: 0, or -1 with errno set.
 */
int hnl_sndbuf(struct hnl *h, size_t need);
void hnl_close(struct hnl *h);

/* Start a request in h->buf. */
struct nlmsghdr *hnl_request(struct hnl *h, uint8_t cmd, uint16_t flags);

/*
 * hnl_talk() - send @nlh and run @cb on each reply message until the ACK
 * (or NLMSG_DONE for a dump). Return: 0, or -1 with @err filled in.
 */
int hnl_talk(struct hnl *h, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
	     struct hnl_error *err);

/* Print a netlink failure for people and return the matching exit code. */
int hnl_report(const char *what, const struct hnl_error *err);

/* Pointer to a genl message's first attribute offset (for mnl_attr_parse). */
#define HNL_HDRLEN	sizeof(struct genlmsghdr)

#endif /* _HARDCTL_NL_H */
