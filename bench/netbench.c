// SPDX-License-Identifier: GPL-2.0
/*
 * netbench: request/response round trips between two sockets, for
 * bench/run (bench/guest.sh runs a server in one network namespace and a
 * client in another, joined by veth).
 *
 *   netbench server tcp|udp PORT
 *       binds 0.0.0.0:PORT (TCP: listens), prints "ready" on stdout and
 *       closes stdout, then answers each 1-byte request with 1 byte:
 *       TCP one connection until EOF; UDP until a request 'q'.
 *   netbench client tcp|udp ADDR PORT N
 *       connects (UDP: a connected socket), makes N/10 untimed round trips
 *       to warm up, then times N round trips and prints
 *         "tcp|udp N ns_per_round_trip out_per_rt in_per_rt"
 *       where out/in are the IP packets this network namespace sent and
 *       received per timed round trip (TCP OutSegs/InSegs or UDP
 *       OutDatagrams/InDatagrams from /proc/net/snmp; 1 and 1 when every
 *       ACK rides on the data).
 *
 * One round trip: the client's request and the server's reply, each
 * through the sender's IP output and the receiver's socket receive. No
 * sleeps and no polling: each side blocks in read/recv. A request that
 * gets no reply within 10 s (SO_RCVTIMEO) fails the run rather than
 * hang it.
 *
 * Run in a VM under `-icount shift=0,sleep=off`: guest time then follows
 * the instruction count, so runs reproduce closely.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "netbench: %s: %s\n", what, strerror(errno));
	exit(3);
}

static void set_timeout(int fd)
{
	struct timeval tv = { .tv_sec = 10 };

	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)))
		die("SO_RCVTIMEO");
}

/* Exactly one byte, or die: a short or failed transfer ends the run. */
static void send1(int fd, char c)
{
	ssize_t r;

	do
		r = send(fd, &c, 1, 0);
	while (r < 0 && errno == EINTR);
	if (r != 1)
		die("send");
}

static char recv1(int fd)
{
	ssize_t r;
	char c;

	do
		r = recv(fd, &c, 1, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		die("recv");
	return r == 0 ? 0 : c;	/* 0: EOF (TCP) */
}

/* Sum of the named columns of one /proc/net/snmp line ("Tcp:", "Udp:"). */
static void snmp(const char *proto, const char *col_out, const char *col_in,
		 long long *out, long long *in)
{
	char hdr[2048], val[2048], *hs, *vs, *h, *v;
	size_t plen = strlen(proto);
	FILE *f = fopen("/proc/net/snmp", "r");

	*out = *in = -1;
	if (!f)
		return;
	while (fgets(hdr, sizeof(hdr), f) && fgets(val, sizeof(val), f)) {
		if (strncmp(hdr, proto, plen) || hdr[plen] != ':')
			continue;
		h = strtok_r(hdr + plen + 1, " \n", &hs);
		v = strtok_r(val + plen + 1, " \n", &vs);
		for (; h && v; h = strtok_r(NULL, " \n", &hs), v = strtok_r(NULL, " \n", &vs)) {
			if (!strcmp(h, col_out))
				*out = atoll(v);
			else if (!strcmp(h, col_in))
				*in = atoll(v);
		}
		break;
	}
	fclose(f);
}

static int server(int tcp, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct sockaddr_storage peer;
	socklen_t plen;
	int one = 1, fd, c;
	char ch;

	fd = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)))
		die("bind");
	if (tcp && listen(fd, 1))
		die("listen");
	/* The script reads this line before it starts the client. */
	printf("ready\n");
	fflush(stdout);
	fclose(stdout);
	if (tcp) {
		c = accept(fd, NULL, NULL);
		if (c < 0)
			die("accept");
		close(fd);
		setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		while ((ch = recv1(c)))
			send1(c, ch);
		close(c);
		return 0;
	}
	for (;;) {
		ssize_t r;

		plen = sizeof(peer);
		do
			r = recvfrom(fd, &ch, 1, 0, (struct sockaddr *)&peer, &plen);
		while (r < 0 && errno == EINTR);
		if (r != 1)
			die("recvfrom");
		if (ch == 'q')
			break;
		if (sendto(fd, &ch, 1, 0, (struct sockaddr *)&peer, plen) != 1)
			die("sendto");
	}
	close(fd);
	return 0;
}

static int client(int tcp, const char *addr, int port, long n)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	long long t0, t1, o0, i0, o1, i1;
	const char *proto = tcp ? "Tcp" : "Udp";
	const char *co = tcp ? "OutSegs" : "OutDatagrams";
	const char *ci = tcp ? "InSegs" : "InDatagrams";
	int one = 1, fd;
	long i;

	if (inet_pton(AF_INET, addr, &a.sin_addr) != 1) {
		fprintf(stderr, "netbench: bad address %s\n", addr);
		return 2;
	}
	fd = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
	if (fd < 0)
		die("socket");
	set_timeout(fd);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)))
		die("connect");
	if (tcp)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	/* Warm up: caches, TCP out of quick-ack mode, neighbour resolved. */
	for (i = 0; i < n / 10 + 1; i++) {
		send1(fd, 'x');
		if (recv1(fd) != 'x')
			die("warm-up reply");
	}
	snmp(proto, co, ci, &o0, &i0);
	t0 = now_ns();
	for (i = 0; i < n; i++) {
		send1(fd, 'x');
		if (recv1(fd) != 'x')
			die("reply");
	}
	t1 = now_ns();
	snmp(proto, co, ci, &o1, &i1);
	if (tcp) {
		shutdown(fd, SHUT_WR);
		while (recv1(fd))
			;
	} else {
		send1(fd, 'q');
	}
	close(fd);
	printf("%s %ld %.1f %.2f %.2f\n", tcp ? "tcp" : "udp", n,
	       (double)(t1 - t0) / (double)n,
	       o0 < 0 ? -1.0 : (double)(o1 - o0) / (double)n,
	       i0 < 0 ? -1.0 : (double)(i1 - i0) / (double)n);
	return 0;
}

int main(int argc, char **argv)
{
	int tcp;

	if (argc >= 3 && (!strcmp(argv[2], "tcp") || !strcmp(argv[2], "udp"))) {
		tcp = !strcmp(argv[2], "tcp");
		if (argc == 4 && !strcmp(argv[1], "server"))
			return server(tcp, atoi(argv[3]));
		if (argc == 6 && !strcmp(argv[1], "client"))
			return client(tcp, argv[3], atoi(argv[4]), atol(argv[5]));
	}
	fprintf(stderr, "usage: netbench server tcp|udp PORT\n"
			"       netbench client tcp|udp ADDR PORT N\n");
	return 2;
}
