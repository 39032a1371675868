/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDCTL_EXPORTER_H
#define _HARDCTL_EXPORTER_H

#include <sys/socket.h>

/*
 * listen_parse() - "127.0.0.1:9477" or "[::1]:9477" (numeric addresses
 * only: an exporter must not depend on name resolution) into @ss.
 * Return: 0, or -1 with the reason in @why.
 */
int listen_parse(const char *s, struct sockaddr_storage *ss, socklen_t *len,
		 const char **why);

#endif /* _HARDCTL_EXPORTER_H */
