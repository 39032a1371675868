// SPDX-License-Identifier: GPL-2.0
/*
 * netprobe: one network operation per run, for the VM tests of harden's
 * net area (tests/vm/net.sh, tests/vm/net_docker.sh). Static, so it also
 * runs inside a busybox image. IPv4 and IPv6 everywhere an ADDR is taken
 * ("10.9.0.2", "fd09::2" or "[fd09::2]"; "::" binds both families).
 *
 *   netprobe box [-H] [-n NETNS] CGROUP ACTION [ARG...]
 *       join CGROUP (made if missing; relative to /sys/fs/cgroup unless it
 *       starts with /sys/), enter network namespace NETNS (a name under
 *       /run/netns or a path), unshare the mount namespace (not with -H)
 *       and exec ACTION: a container task for harden, bound at that exec.
 *   netprobe escape ACTION [ARG...]
 *       move ourselves to the root cgroup (print the outcome), then run
 *       ACTION in this process whatever happened.
 *
 * Actions:
 *   tcp-connect ADDR PORT [TMO_MS]
 *       connect (non-blocking, TMO_MS, default 3000), send "hello\n",
 *       shut down writing and wait for the server's "got 6" reply.
 *   tcp-serve ADDR PORT [-n COUNT] [-t TMO_S] [-r READY]
 *       listen; every connection (a child each): read to EOF, answer
 *       "got N\n". Exits after COUNT connections (default 0: never) or
 *       after TMO_S seconds without one. READY is created once listening.
 *   udp-send ADDR PORT [-c] [-w TMO_MS]
 *       send one datagram "hello" (sendto; -c: connect(2), then send);
 *       -w: wait for an answer (udp-recv -e answers "got N").
 *   udp-recv ADDR PORT [-t TMO_MS] [-n COUNT] [-e] [-r READY]
 *       wait for COUNT datagrams (default 1; 0 with -e: forever), each
 *       within TMO_MS (default 3000); -e: answer each with "got N".
 *   ping ADDR [-r] [-t TMO_MS]
 *       one ICMP/ICMPv6 echo request over a ping socket (SOCK_DGRAM; the
 *       netns's net.ipv4.ping_group_range must allow us), or a raw socket
 *       (-r), and wait for the reply.
 *   spoof SRC DST PORT
 *       one UDP datagram "spoof" to DST:PORT built by hand with source
 *       address SRC, over a raw IPPROTO_RAW socket (IP_HDRINCL; IPv6
 *       likewise); SRC and DST of one family.
 *   packet
 *       socket(AF_PACKET, SOCK_RAW, ETH_P_ALL).
 *   stream ADDR PORT SECONDS
 *       connect, write for SECONDS, shut down writing and compare the
 *       server's count with ours (against tcp-serve).
 *
 * Prints one line "ACTION ...: ok (...)" or "ACTION ...: ERRNAME (text)"
 * ("timeout (no answer in N ms)" for a timeout).
 * Exit: 0 success, 1 EPERM or EACCES, 2 usage, 3 any other error,
 * 4 timeout, 5 ECONNREFUSED.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/ip_icmp.h>
#include <netinet/udp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define EX_OK		0
#define EX_PERM		1
#define EX_USAGE	2
#define EX_OTHER	3
#define EX_TIMEOUT	4
#define EX_REFUSED	5

#include "probe.h"

static int report_errno(int e)
{
	printf("%s: %s (%s)\n", what, strerrorname_np(e) ?: "?", strerror(e));
	if (e == EPERM || e == EACCES)
		return EX_PERM;
	if (e == ECONNREFUSED)
		return EX_REFUSED;
	if (e == ETIMEDOUT || e == EAGAIN)
		return EX_TIMEOUT;
	return EX_OTHER;
}

static int report(void)
{
	return report_errno(errno);
}

static int timeout(int ms, const char *how)
{
	printf("%s: timeout (%s in %d ms)\n", what, how, ms);
	return EX_TIMEOUT;
}

static int usage(void)
{
	fprintf(stderr, "netprobe: bad usage (see tests/bin/netprobe.c)\n");
	return EX_USAGE;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* ADDR [PORT] -> sockaddr; "[v6]" brackets allowed. */
static int parse_addr(const char *s, int port, struct sockaddr_storage *ss, socklen_t *len)
{
	char buf[INET6_ADDRSTRLEN + 2];
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	size_t n;

	memset(ss, 0, sizeof(*ss));
	if (s[0] == '[') {
		n = strlen(s);
		if (n < 3 || s[n - 1] != ']' || n - 2 >= sizeof(buf))
			return -1;
		memcpy(buf, s + 1, n - 2);
		buf[n - 2] = 0;
		s = buf;
	}
	if (inet_pton(AF_INET, s, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		*len = sizeof(*s4);
		return AF_INET;
	}
	if (inet_pton(AF_INET6, s, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
		return AF_INET6;
	}
	return -1;
}

static const char *addr_str(const struct sockaddr_storage *ss)
{
	static char out[INET6_ADDRSTRLEN + 16];
	char a[INET6_ADDRSTRLEN];

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)ss;

		inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
		snprintf(out, sizeof(out), "%s:%d", a, ntohs(s4->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
		snprintf(out, sizeof(out), "[%s]:%d", a, ntohs(s6->sin6_port));
	} else {
		snprintf(out, sizeof(out), "family %d", ss->ss_family);
	}
	return out;
}

static int touch(const char *path)
{
	char tmp[4096];
	int fd;

	if (!path)
		return 0;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	close(fd);
	return rename(tmp, path);
}

static void set_timeouts(int fd, int ms)
{
	struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

/* Wait for fd to be ready for EVENTS; 1 ready, 0 timeout, -1 error. */
static int wait_fd(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	long end = now_ms() + ms;
	int r;

	for (;;) {
		r = poll(&p, 1, (int)(end - now_ms() > 0 ? end - now_ms() : 0));
		if (r >= 0 || errno != EINTR)
			return r;
	}
}

static int bind_socket(int fd, int fam, struct sockaddr_storage *ss, socklen_t len)
{
	int one = 1, zero = 0;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fam == AF_INET6)	/* "::" takes IPv4 too */
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	return bind(fd, (struct sockaddr *)ss, len);
}

/* --- box, escape ---------------------------------------------------------- */

static int one(int argc, char **argv);

static int box(int argc, char **argv)
{
	const char *ns = NULL;
	char path[4096];
	int host = 0, fd;

	argv++, argc--;
	while (argc > 0 && argv[0][0] == '-') {
		if (!strcmp(argv[0], "-H")) {
			host = 1;
			argv++, argc--;
		} else if (!strcmp(argv[0], "-n") && argc > 1) {
			ns = argv[1];
			argv += 2, argc -= 2;
		} else {
			return usage();
		}
	}
	if (argc < 2)
		return usage();
	if (box_join(argv[0]) < 0)
		return report();
	if (ns) {
		if (strchr(ns, '/'))
			snprintf(path, sizeof(path), "%s", ns);
		else
			snprintf(path, sizeof(path), "/run/netns/%s", ns);
		snprintf(what, sizeof(what), "box: netns %s", path);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || setns(fd, CLONE_NEWNET))
			return report();
		close(fd);
	}
	box_exec(argv, "netprobe", host);
	return report();
}

static int escape(int argc, char **argv)
{
	char pid[32];
	int fd;

	snprintf(what, sizeof(what), "escape to the root cgroup");
	snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	fd = open("/sys/fs/cgroup/cgroup.procs", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, pid, strlen(pid)) < 0)
		report();
	else
		ok("moved");
	if (fd >= 0)
		close(fd);
	fflush(stdout);
	return one(argc - 1, argv + 1);
}

/* --- TCP -------------------------------------------------------------------- */

/* Connect within ms; returns the fd, or -1 with the exit code in *rc. */
static int tcp_connect_fd(struct sockaddr_storage *ss, socklen_t len, int ms, int *rc)
{
	int fd, err = 0, r;
	socklen_t el = sizeof(err);

	fd = socket(ss->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*rc = report();
		return -1;
	}
	if (connect(fd, (struct sockaddr *)ss, len) < 0) {
		if (errno != EINPROGRESS) {
			*rc = report();
			close(fd);
			return -1;
		}
		r = wait_fd(fd, POLLOUT, ms);
		if (r == 0) {
			*rc = timeout(ms, "not connected");
			close(fd);
			return -1;
		}
		if (r < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0) {
			*rc = report();
			close(fd);
			return -1;
		}
		if (err) {
			*rc = report_errno(err);
			close(fd);
			return -1;
		}
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

/* Read the server's "got N" line (to EOF) into buf; 0 ok, else exit code. */
static int read_reply(int fd, char *buf, size_t size, int ms)
{
	size_t n = 0;
	ssize_t r;

	set_timeouts(fd, ms);
	while (n < size - 1) {
		r = read(fd, buf + n, size - 1 - n);
		if (r == 0)
			break;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return timeout(ms, "connected, no answer");
			return report();
		}
		n += r;
	}
	buf[n] = 0;
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = 0;
	return 0;
}

static int tcp_connect(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char buf[128];
	int fd, rc = 0, ms = 3000;

	if (argc < 3 || parse_addr(argv[1], atoi(argv[2]), &ss, &len) < 0)
		return usage();
	if (argc > 3)
		ms = atoi(argv[3]);
	snprintf(what, sizeof(what), "tcp-connect %s", addr_str(&ss));
	fd = tcp_connect_fd(&ss, len, ms, &rc);
	if (fd < 0)
		return rc;
	set_timeouts(fd, ms);
	if (write(fd, "hello\n", 6) != 6)
		return report();
	shutdown(fd, SHUT_WR);
	rc = read_reply(fd, buf, sizeof(buf), ms);
	if (rc)
		return rc;
	if (strcmp(buf, "got 6")) {
		printf("%s: connected, wrong answer \"%s\"\n", what, buf);
		return EX_OTHER;
	}
	return ok("answer \"%s\"", buf);
}

static void serve_one(int c)
{
	char buf[65536], out[64];
	unsigned long long n = 0;
	ssize_t r;

	set_timeouts(c, 30000);
	while ((r = read(c, buf, sizeof(buf))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			_exit(1);
		}
		n += r;
	}
	snprintf(out, sizeof(out), "got %llu\n", n);
	if (write(c, out, strlen(out)) < 0)
		_exit(1);
	_exit(0);
}

static int tcp_serve(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	const char *ready = NULL;
	long count = 0, served = 0;
	int fd, c, fam, tmo = 0, i, r;

	if (argc < 3 || (fam = parse_addr(argv[1], atoi(argv[2]), &ss, &len)) < 0)
		return usage();
	for (i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			count = atol(argv[++i]);
		else if (!strcmp(argv[i], "-t") && i + 1 < argc)
			tmo = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-r") && i + 1 < argc)
			ready = argv[++i];
		else
			return usage();
	}
	snprintf(what, sizeof(what), "tcp-serve %s", addr_str(&ss));
	signal(SIGCHLD, SIG_IGN);
	fd = socket(fam, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind_socket(fd, fam, &ss, len) || listen(fd, 64) || touch(ready))
		return report();
	for (;;) {
		if (tmo) {
			r = wait_fd(fd, POLLIN, tmo * 1000);
			if (r == 0)
				return timeout(tmo * 1000, "no connection");
			if (r < 0)
				return report();
		}
		c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return report();
		}
		if (fork() == 0) {
			close(fd);
			serve_one(c);
		}
		close(c);
		if (count && ++served >= count)
			return ok("served %ld", served);
	}
}

static int stream(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	static char buf[65536];
	char reply[128];
	unsigned long long sent = 0, got = 0;
	long t0, secs, errs = 0;
	ssize_t r;
	int fd, rc = 0, e = 0;

	if (argc < 4 || parse_addr(argv[1], atoi(argv[2]), &ss, &len) < 0)
		return usage();
	secs = atol(argv[3]);
	snprintf(what, sizeof(what), "stream %s", addr_str(&ss));
	fd = tcp_connect_fd(&ss, len, 5000, &rc);
	if (fd < 0)
		return rc;
	set_timeouts(fd, 30000);
	memset(buf, 'x', sizeof(buf));
	t0 = now_ms();
	while (now_ms() - t0 < secs * 1000) {
		r = write(fd, buf, sizeof(buf));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			errs++;
			break;
		}
		sent += r;
	}
	shutdown(fd, SHUT_WR);
	rc = read_reply(fd, reply, sizeof(reply), 30000);
	if (rc)
		return rc;
	if (sscanf(reply, "got %llu", &got) != 1)
		got = 0;
	t0 = now_ms() - t0;
	if (errs) {
		printf("%s: write error after %llu bytes: %s (%s)\n", what, sent,
		       strerrorname_np(e) ?: "?", strerror(e));
		return e == EPERM ? EX_PERM : EX_OTHER;
	}
	if (got != sent) {
		printf("%s: sent %llu bytes, the server got %llu\n", what, sent, got);
		return EX_OTHER;
	}
	return ok("%llu bytes in %ld ms, %.1f MB/s, server got %llu, 0 errors",
		  sent, t0, t0 ? sent / 1000.0 / t0 : 0.0, got);
}

/* --- UDP -------------------------------------------------------------------- */

static int udp_send(int argc, char **argv)
{
	struct sockaddr_storage ss, from;
	socklen_t len, fl = sizeof(from);
	char buf[128];
	int fd, fam, conn = 0, wait = 0, i, r;
	ssize_t n;

	if (argc < 3 || (fam = parse_addr(argv[1], atoi(argv[2]), &ss, &len)) < 0)
		return usage();
	for (i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "-c"))
			conn = 1;
		else if (!strcmp(argv[i], "-w") && i + 1 < argc)
			wait = atoi(argv[++i]);
		else
			return usage();
	}
	snprintf(what, sizeof(what), "udp-send %s%s", addr_str(&ss), conn ? " (connected)" : "");
	fd = socket(fam, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return report();
	if (conn) {
		if (connect(fd, (struct sockaddr *)&ss, len) < 0)
			return report();
		if (send(fd, "hello", 5, 0) < 0)
			return report();
	} else if (sendto(fd, "hello", 5, 0, (struct sockaddr *)&ss, len) < 0) {
		return report();
	}
	if (!wait)
		return ok("sent 5 bytes");
	r = wait_fd(fd, POLLIN, wait);
	if (r == 0)
		return timeout(wait, "sent, no answer");
	if (r < 0)
		return report();
	n = recvfrom(fd, buf, sizeof(buf) - 1, 0, (struct sockaddr *)&from, &fl);
	if (n < 0)
		return report();
	buf[n] = 0;
	return ok("answer \"%s\" from %s", buf, addr_str(&from));
}

static int udp_recv(int argc, char **argv)
{
	struct sockaddr_storage ss, from;
	socklen_t len, fl;
	const char *ready = NULL;
	char buf[2048], out[64];
	long count = -1, got = 0;
	int fd, fam, ms = 3000, echo = 0, i, r;
	ssize_t n;

	if (argc < 3 || (fam = parse_addr(argv[1], atoi(argv[2]), &ss, &len)) < 0)
		return usage();
	for (i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "-t") && i + 1 < argc)
			ms = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-n") && i + 1 < argc)
			count = atol(argv[++i]);
		else if (!strcmp(argv[i], "-e"))
			echo = 1;
		else if (!strcmp(argv[i], "-r") && i + 1 < argc)
			ready = argv[++i];
		else
			return usage();
	}
	if (count < 0)
		count = echo ? 0 : 1;
	snprintf(what, sizeof(what), "udp-recv %s", addr_str(&ss));
	fd = socket(fam, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind_socket(fd, fam, &ss, len) || touch(ready))
		return report();
	for (;;) {
		if (!echo || ms) {
			r = wait_fd(fd, POLLIN, ms);
			if (r == 0) {
				if (got)
					return ok("%ld datagrams, then nothing", got);
				return timeout(ms, "nothing received");
			}
			if (r < 0)
				return report();
		}
		fl = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf) - 1, 0, (struct sockaddr *)&from, &fl);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return report();
		}
		buf[n] = 0;
		got++;
		if (echo) {
			snprintf(out, sizeof(out), "got %zd", n);
			sendto(fd, out, strlen(out), 0, (struct sockaddr *)&from, fl);
		}
		if (count && got >= count)
			return ok("\"%s\" from %s", buf, addr_str(&from));
	}
}

/* --- ICMP ------------------------------------------------------------------- */

static uint16_t csum(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;

	while (len > 1) {
		sum += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

static int ping(int argc, char **argv)
{
	struct sockaddr_storage ss, from;
	socklen_t len, fl;
	unsigned char pkt[64], buf[1500];
	int fd, fam, raw = 0, ms = 3000, i, r, proto, off;
	uint16_t id = (uint16_t)getpid(), seq = 1;
	long end;
	ssize_t n;

	if (argc < 2 || (fam = parse_addr(argv[1], 0, &ss, &len)) < 0)
		return usage();
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-r"))
			raw = 1;
		else if (!strcmp(argv[i], "-t") && i + 1 < argc)
			ms = atoi(argv[++i]);
		else
			return usage();
	}
	((struct sockaddr_in *)&ss)->sin_port = 0;
	snprintf(what, sizeof(what), "ping%s %s", raw ? " -r" : "", argv[1]);
	proto = fam == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
	fd = socket(fam, (raw ? SOCK_RAW : SOCK_DGRAM) | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return report();
	memset(pkt, 0, sizeof(pkt));
	memcpy(pkt + 8, "netprobe-ping", 13);
	if (fam == AF_INET) {
		struct icmphdr *h = (void *)pkt;

		h->type = ICMP_ECHO;
		h->un.echo.id = htons(id);
		h->un.echo.sequence = htons(seq);
		h->checksum = csum(pkt, sizeof(pkt), 0);
	} else {
		struct icmp6_hdr *h = (void *)pkt;

		h->icmp6_type = ICMP6_ECHO_REQUEST;
		h->icmp6_id = htons(id);
		h->icmp6_seq = htons(seq);	/* the kernel sums ICMPv6 */
	}
	if (sendto(fd, pkt, sizeof(pkt), 0, (struct sockaddr *)&ss, len) < 0)
		return report();
	end = now_ms() + ms;
	for (;;) {
		r = wait_fd(fd, POLLIN, (int)(end - now_ms() > 0 ? end - now_ms() : 0));
		if (r == 0)
			return timeout(ms, "sent, no reply");
		if (r < 0)
			return report();
		fl = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		if (n < 0)
			return report();
		off = 0;
		if (fam == AF_INET && raw)	/* a raw IPv4 socket gets the IP header */
			off = (buf[0] & 0xf) * 4;
		if (n < off + 8)
			continue;
		if (fam == AF_INET) {
			struct icmphdr *h = (void *)(buf + off);

			if (h->type != ICMP_ECHOREPLY || (raw && ntohs(h->un.echo.id) != id))
				continue;
		} else {
			struct icmp6_hdr *h = (void *)(buf + off);

			if (h->icmp6_type != ICMP6_ECHO_REPLY || (raw && ntohs(h->icmp6_id) != id))
				continue;
		}
		return ok("echo reply from %s", addr_str(&from));
	}
}

/* --- raw: spoofed source, AF_PACKET ---------------------------------------- */

static int spoof(int argc, char **argv)
{
	struct sockaddr_storage src, dst;
	socklen_t sl, dl;
	unsigned char pkt[128];
	const char *payload = "spoof";
	size_t pl = 5, ul = sizeof(struct udphdr) + pl, tot;
	struct udphdr *u;
	uint32_t sum = 0;
	int fam, fd, port;

	if (argc < 4)
		return usage();
	port = atoi(argv[3]);
	fam = parse_addr(argv[1], 0, &src, &sl);
	if (fam < 0 || parse_addr(argv[2], 0, &dst, &dl) != fam)
		return usage();
	snprintf(what, sizeof(what), "spoof %s -> %s:%d", argv[1], argv[2], port);
	memset(pkt, 0, sizeof(pkt));
	if (fam == AF_INET) {
		struct iphdr *ip = (void *)pkt;
		struct in_addr s = ((struct sockaddr_in *)&src)->sin_addr;
		struct in_addr d = ((struct sockaddr_in *)&dst)->sin_addr;

		tot = sizeof(*ip) + ul;
		ip->version = 4;
		ip->ihl = 5;
		ip->tot_len = htons(tot);
		ip->id = htons(0x4e50);
		ip->ttl = 64;
		ip->protocol = IPPROTO_UDP;
		ip->saddr = s.s_addr;
		ip->daddr = d.s_addr;
		ip->check = csum(ip, sizeof(*ip), 0);
		u = (void *)(pkt + sizeof(*ip));
		/* pseudo header: src, dst, zero + proto, UDP length */
		sum = (ntohl(s.s_addr) >> 16) + (ntohl(s.s_addr) & 0xffff) +
		      (ntohl(d.s_addr) >> 16) + (ntohl(d.s_addr) & 0xffff) +
		      IPPROTO_UDP + ul;
	} else {
		struct ip6_hdr *ip6 = (void *)pkt;
		struct in6_addr *s = &((struct sockaddr_in6 *)&src)->sin6_addr;
		struct in6_addr *d = &((struct sockaddr_in6 *)&dst)->sin6_addr;
		int k;

		tot = sizeof(*ip6) + ul;
		ip6->ip6_flow = htonl(6U << 28);
		ip6->ip6_plen = htons(ul);
		ip6->ip6_nxt = IPPROTO_UDP;
		ip6->ip6_hlim = 64;
		ip6->ip6_src = *s;
		ip6->ip6_dst = *d;
		u = (void *)(pkt + sizeof(*ip6));
		for (k = 0; k < 16; k += 2)
			sum += (uint32_t)s->s6_addr[k] << 8 | s->s6_addr[k + 1];
		for (k = 0; k < 16; k += 2)
			sum += (uint32_t)d->s6_addr[k] << 8 | d->s6_addr[k + 1];
		sum += ul + IPPROTO_UDP;
	}
	u->source = htons(4242);
	u->dest = htons(port);
	u->len = htons(ul);
	memcpy((unsigned char *)u + sizeof(*u), payload, pl);
	u->check = csum(u, ul, sum);
	if (!u->check)
		u->check = 0xffff;
	fd = socket(fam, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (fd < 0)
		return report();
	if (sendto(fd, pkt, tot, 0, (struct sockaddr *)&dst, dl) < 0)
		return report();
	return ok("sent %zu bytes", tot);
}

static int packet(void)
{
	int fd;

	snprintf(what, sizeof(what), "packet");
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (fd < 0)
		return report();
	return ok("AF_PACKET socket %d", fd);
}

static int one(int argc, char **argv)
{
	const char *a;

	if (argc < 1)
		return usage();
	a = argv[0];
	if (!strcmp(a, "box"))
		return box(argc, argv);
	if (!strcmp(a, "escape"))
		return escape(argc, argv);
	if (!strcmp(a, "tcp-connect"))
		return tcp_connect(argc, argv);
	if (!strcmp(a, "tcp-serve"))
		return tcp_serve(argc, argv);
	if (!strcmp(a, "stream"))
		return stream(argc, argv);
	if (!strcmp(a, "udp-send"))
		return udp_send(argc, argv);
	if (!strcmp(a, "udp-recv"))
		return udp_recv(argc, argv);
	if (!strcmp(a, "ping"))
		return ping(argc, argv);
	if (!strcmp(a, "spoof"))
		return spoof(argc, argv);
	if (!strcmp(a, "packet"))
		return packet();
	return usage();
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return one(argc - 1, argv + 1);
}
