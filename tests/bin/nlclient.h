/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What nlprobe and nlfuzz share: both are clients of the harden genl family
 * on libnl-genl-3, independent of hardctl's libmnl, so that a bug in
 * hardctl's netlink code cannot hide one in the kernel's. The libnl headers,
 * the ACK socket options (missing from older libc headers), and a socket
 * set up the way both want it.
 */
#ifndef _HARDEN_TEST_NLCLIENT_H
#define _HARDEN_TEST_NLCLIENT_H

#include <sys/socket.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include "uapi/linux/harden.h"

#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

/*
 * nlclient_open() - a connected genl socket with NETLINK_EXT_ACK and
 * NETLINK_CAP_ACK set to @ext_ack and @cap_ack (they change how errors
 * come back), and a 4 MiB send buffer past net.core.wmem_max (root only),
 * for the largest policies the clients send. Return: the socket, or NULL.
 */
static inline struct nl_sock *nlclient_open(int ext_ack, int cap_ack)
{
	int big = 4 * 1024 * 1024;
	struct nl_sock *sk = nl_socket_alloc();

	if (!sk)
		return NULL;
	if (genl_connect(sk) < 0) {
		nl_socket_free(sk);
		return NULL;
	}
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &ext_ack,
		   sizeof(ext_ack));
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &cap_ack,
		   sizeof(cap_ack));
	setsockopt(nl_socket_get_fd(sk), SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof(big));
	return sk;
}

#endif /* _HARDEN_TEST_NLCLIENT_H */
