// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl exporter: GET /metrics over HTTP (libmicrohttpd), the same text
 * as `hardctl metrics`. Each scrape opens its own netlink socket, so
 * concurrent scrapes share no state; a missing module is a 503 per scrape,
 * never the end of the exporter.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "exporter.h"
#include "hardctl.h"
#include "model.h"
#include "opts.h"
#include "query.h"

#if MHD_VERSION < 0x00097002
typedef int MHD_RESULT;
#else
typedef enum MHD_Result MHD_RESULT;
#endif

#define CONTENT_TYPE	"text/plain; version=0.0.4; charset=utf-8"
#define CONN_TIMEOUT	10	/* seconds a connection may idle */
#define CONN_LIMIT	32	/* concurrent connections (one thread each) */

int listen_parse(const char *s, struct sockaddr_storage *ss, socklen_t *len,
		 const char **why)
{
	char host[INET6_ADDRSTRLEN + 2], *end;
	const char *colon;
	unsigned long port;
	bool v6 = s[0] == '[';
	size_t hl;

	memset(ss, 0, sizeof(*ss));
	if (v6) {
		colon = strstr(s, "]:");
		if (!colon) {
			*why = "an IPv6 address is written [ADDR]:PORT";
			return -1;
		}
		hl = (size_t)(colon - s - 1);
		colon++;
		s++;
	} else {
		colon = strrchr(s, ':');
		if (!colon) {
			*why = "expected ADDR:PORT";
			return -1;
		}
		hl = (size_t)(colon - s);
	}
	if (!hl || hl >= sizeof(host)) {
		*why = "no address, or too long";
		return -1;
	}
	memcpy(host, s, hl);
	host[hl] = '\0';
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || errno || port == 0 || port > 65535 ||
	    colon[1] == '+' || colon[1] == '-' || colon[1] == ' ') {
		*why = "the port must be a number from 1 to 65535";
		return -1;
	}
	if (v6) {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

		if (inet_pton(AF_INET6, host, &a6->sin6_addr) != 1) {
			*why = "not a numeric IPv6 address";
			return -1;
		}
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*a6);
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)ss;

		if (inet_pton(AF_INET, host, &a4->sin_addr) != 1) {
			*why = strchr(host, ':') ?
			       "an IPv6 address is written [ADDR]:PORT" :
			       "not a numeric IPv4 address";
			return -1;
		}
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		*len = sizeof(*a4);
	}
	return 0;
}

static MHD_RESULT reply(struct MHD_Connection *conn, unsigned int code,
			char *body, size_t len, const char *allow)
{
	struct MHD_Response *r;
	MHD_RESULT ret;

	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				code == MHD_HTTP_OK ? CONTENT_TYPE :
				"text/plain; charset=utf-8");
	if (allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
	ret = MHD_queue_response(conn, code, r);
	MHD_destroy_response(r);
	return ret;
}

static MHD_RESULT reply_text(struct MHD_Connection *conn, unsigned int code,
			     const char *allow, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static MHD_RESULT reply_text(struct MHD_Connection *conn, unsigned int code,
			     const char *allow, const char *fmt, ...)
{
	char *body = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&body, fmt, ap);
	va_end(ap);
	if (n < 0)
		return MHD_NO;
	return reply(conn, code, body, (size_t)n, allow);
}

static MHD_RESULT scrape(struct MHD_Connection *conn)
{
	struct hd_status st;
	struct hd_stats s;
	struct hnl_error err;
	char *text = NULL;
	size_t len = 0;
	struct hnl h;
	FILE *m;

	if (hnl_connect(&h, &err) < 0) {
		if (err.error == ENOENT)
			return reply_text(conn, MHD_HTTP_SERVICE_UNAVAILABLE, NULL,
					  "harden: the module is not loaded (no '%s' "
					  "netlink family)\n", HARDEN_GENL_NAME);
		return reply_text(conn, MHD_HTTP_SERVICE_UNAVAILABLE, NULL,
				  "harden: cannot reach the module: %s\n",
				  strerror(err.error));
	}
	if (hd_read_all(&h, &st, &s, &err) < 0) {
		hnl_close(&h);
		return reply_text(conn, MHD_HTTP_SERVICE_UNAVAILABLE, NULL,
				  "harden: cannot read counters: %s%s%s\n",
				  strerror(err.error), err.msg[0] ? ": " : "", err.msg);
	}
	hnl_close(&h);
	m = open_memstream(&text, &len);
	if (m) {
		hd_metrics_print(m, &st, &s);
		if (fclose(m) != 0) {
			free(text);
			text = NULL;
		}
	}
	hd_stats_free(&s);
	if (!text)
		return reply_text(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, NULL,
				  "harden: out of memory\n");
	return reply(conn, MHD_HTTP_OK, text, len, NULL);
}

static MHD_RESULT handler(void *cls, struct MHD_Connection *conn, const char *url,
			  const char *method, const char *version,
			  const char *upload_data, size_t *upload_data_size,
			  void **con_cls)
{
	(void)cls;
	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	(void)con_cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET))
		return reply_text(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "GET",
				  "method not allowed: only GET /metrics\n");
	if (strcmp(url, "/metrics"))
		return reply_text(conn, MHD_HTTP_NOT_FOUND, NULL,
				  "not found: harden's metrics are at /metrics\n");
	return scrape(conn);
}

static void on_signal(int sig)
{
	(void)sig;
}

static void exporter_usage(FILE *f)
{
	fprintf(f, "Usage: %s exporter --listen ADDR:PORT\n\n"
		"Serves GET /metrics (what `%s metrics` prints) for Prometheus, until\n"
		"SIGINT or SIGTERM. ADDR is numeric: 127.0.0.1:9477, [::1]:9477. The\n"
		"metrics show every container's cgroup path: listen on loopback, or\n"
		"put an authenticating proxy in front.\n\n"
		"  --listen ADDR:PORT   where to listen (required)\n"
		"  -h, --help           show this help\n", prog, prog);
}

int cmd_exporter(int argc, char **argv)
{
	struct sockaddr_storage ss;
	const char *listen = NULL, *why;
	struct MHD_Daemon *d;
	unsigned int flags;
	socklen_t sslen;
	sigset_t set;
	int ret, sig;
	const struct sub_opt opts[] = {
		{ .lng = "--listen", .shrt = "-l", .val = &listen, .val_name = "ADDR:PORT" },
		{ },
	};
	const struct sub_cmd cmd = {
		.name = "exporter", .usage = exporter_usage, .opts = opts,
	};

	ret = sub_parse(&cmd, argc, argv);
	if (ret >= 0)
		return ret;
	/* No default address: exposing cgroup paths is the admin's choice. */
	if (!listen) {
		fprintf(stderr, "%s exporter: --listen ADDR:PORT is required "
			"(e.g. --listen 127.0.0.1:9477)\n", prog);
		exporter_usage(stderr);
		return EXIT_USAGE;
	}
	if (listen_parse(listen, &ss, &sslen, &why) < 0) {
		fprintf(stderr, "%s exporter: bad listen address '%s': %s\n", prog,
			listen, why);
		return EXIT_USAGE;
	}

	/*
	 * Blocked before MHD starts its threads, so only sigwait() sees them;
	 * and caught, not ignored (a shell starts background jobs with SIGINT
	 * ignored, and an ignored signal never reaches sigwait()).
	 */
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
		MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	d = MHD_start_daemon(flags, ntohs(((struct sockaddr_in *)&ss)->sin_port),
			     NULL, NULL, handler, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)CONN_TIMEOUT,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned int)CONN_LIMIT,
			     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "%s exporter: cannot listen on %s%s%s\n", prog, listen,
			errno ? ": " : "", errno ? strerror(errno) : "");
		return EXIT_NOMODULE;
	}
	fprintf(stderr, "%s exporter: serving http://%s/metrics\n", prog, listen);
	for (;;) {
		if (sigwait(&set, &sig) == 0 && (sig == SIGINT || sig == SIGTERM))
			break;
	}
	MHD_stop_daemon(d);
	return EXIT_OK;
}
