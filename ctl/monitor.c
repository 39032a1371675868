// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl monitor: print the kernel's events (HARDEN_CMD_EVENT, multicast
 * group "events") as they come, one line each, flushed, so that a pipe to
 * a log shipper sees every event at once.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <linux/netlink.h>

#include "hardctl.h"
#include "opts.h"
#include "model.h"
#include "nl.h"

#ifndef NETLINK_NO_ENOBUFS
#define NETLINK_NO_ENOBUFS 5
#endif

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void monitor_usage(FILE *f)
{
	fprintf(f, "Usage: %s monitor [-j|--json]\n\n"
		"Prints one line per event (an operation harden denied or audited) as\n"
		"it happens, until interrupted. Events are rate-limited per cgroup by\n"
		"the kernel; counters (`stats`) are exact. A line 'dropped N events'\n"
		"marks a gap. Needs CAP_NET_ADMIN; refused inside a container.\n\n"
		"  -j, --json   one JSON object per line\n"
		"  -h, --help   show this help\n", prog);
}

/* stdout failed: a closed pipe (`| head -1`) is a normal end. */
static int out_error(void)
{
	if (errno == EPIPE)
		return EXIT_OK;
	fprintf(stderr, "%s monitor: cannot write: %s\n", prog, strerror(errno));
	return EXIT_NOMODULE;
}

static int monitor_loop(struct hnl *h, bool json)
{
	int fd = mnl_socket_get_fd(h->sock);
	struct pollfd pfd[2] = { { .fd = fd, .events = POLLIN } };
	uint64_t prev = 0;
	bool seen = false;
	struct stat sb;
	nfds_t nfds = 1;

	/*
	 * A reader that goes away (a closed pipe) is noticed at once, not at
	 * the next event, which may be long in coming.
	 */
	if (fstat(STDOUT_FILENO, &sb) == 0 && S_ISFIFO(sb.st_mode)) {
		pfd[1].fd = STDOUT_FILENO;
		pfd[1].events = 0;
		nfds = 2;
	}
	while (!stop) {
		const struct nlmsghdr *m;
		ssize_t len;
		int left;

		if (poll(pfd, nfds, -1) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "%s monitor: poll: %s\n", prog, strerror(errno));
			return EXIT_NOMODULE;
		}
		if (nfds == 2 && (pfd[1].revents & (POLLERR | POLLHUP)))
			return EXIT_OK;
		if (!(pfd[0].revents & POLLIN))
			continue;
		len = recv(fd, h->buf, h->buflen, 0);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				/* Our receive buffer overflowed: events were lost. */
				hd_drop_print(stdout, 0, "socket", json);
				if (fflush(stdout) == EOF)
					return out_error();
				continue;
			}
			fprintf(stderr, "%s monitor: receive: %s\n", prog, strerror(errno));
			return EXIT_NOMODULE;
		}
		left = (int)len;
		for (m = (const struct nlmsghdr *)h->buf; mnl_nlmsg_ok(m, left);
		     m = mnl_nlmsg_next(m, &left)) {
			const struct genlmsghdr *g = mnl_nlmsg_get_payload(m);
			struct hd_event ev;
			uint64_t gap;

			if (m->nlmsg_type != h->family ||
			    m->nlmsg_len < mnl_nlmsg_size(sizeof(*g)) ||
			    g->cmd != HARDEN_CMD_EVENT)
				continue;
			if (hd_event_decode(m, &ev) < 0) {
				fprintf(stderr, "%s monitor: malformed event skipped\n", prog);
				continue;
			}
			gap = hd_event_gap(&prev, &seen, ev.dropped);
			if (gap)
				hd_drop_print(stdout, gap, "kernel", json);
			hd_event_print(stdout, &ev, json);
			if (fflush(stdout) == EOF || ferror(stdout))
				return out_error();
		}
	}
	return EXIT_OK;
}

int cmd_monitor(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	bool json = opt_json;
	int ret, off = 0;
	unsigned int grp;
	struct hnl h;
	const struct sub_opt opts[] = {
		{ .lng = "--json", .shrt = "-j", .flag = &json },
		{ },
	};
	const struct sub_cmd cmd = {
		.name = "monitor", .usage = monitor_usage, .opts = opts,
	};

	ret = sub_parse(&cmd, argc, argv);
	if (ret >= 0)
		return ret;
	if (hnl_open(&h) < 0)
		return EXIT_NOMODULE;
	if (!h.events_group) {
		fprintf(stderr, "%s monitor: the harden module offers no '%s' multicast "
			"group (a module older than this hardctl?)\n", prog,
			HARDEN_MCGRP_EVENTS);
		ret = EXIT_NOMODULE;
		goto out;
	}
	/* Lost events must show as ENOBUFS, never pass unnoticed. */
	mnl_socket_setsockopt(h.sock, NETLINK_NO_ENOBUFS, &off, sizeof(off));
	grp = h.events_group;
	if (mnl_socket_setsockopt(h.sock, NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)) < 0) {
		int e = errno;

		fprintf(stderr, "%s monitor: cannot join the '%s' multicast group: %s\n",
			prog, HARDEN_MCGRP_EVENTS, strerror(e));
		if (e == EPERM || e == EACCES) {
			fprintf(stderr, "%s monitor: events need CAP_NET_ADMIN on the host, "
				"and are refused inside a container\n", prog);
			ret = EXIT_DENIED;
		} else {
			ret = EXIT_NOMODULE;
		}
		goto out;
	}
	/* No SA_RESTART: a signal must end a blocking poll. */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = monitor_loop(&h, json);
out:
	hnl_close(&h);
	return ret;
}
