// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: hardctl's decoders of what the kernel sends (status,
 * stats and totals dumps, events, the GET_POLICY dump, the genl family
 * reply) and the printers that show the result. The kernel fills these
 * messages with names a container chooses (cgroup paths, comms, mount
 * sources), so the decoders and printers get arbitrary bytes here.
 *
 * Input: one byte that selects the command, then messages, each a 16-bit
 * little-endian header (bit 15: a flag, see below; bits 0..14: length)
 * and that many bytes of attributes. Each message is put after a
 * nlmsghdr and a genlmsghdr in a buffer of exactly its size (rounded up
 * to 4 bytes), as hnl_talk() hands it to a callback.
 *
 * Invariants (a trap otherwise): text output is clean UTF-8 without
 * control bytes but newline (no terminal escapes get through), JSON output
 * is valid RFC 8259 JSON; decoded strings are NUL-terminated in their
 * buffers and counts stay within their arrays.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../ctl/format.h"
#include "../../ctl/model.h"
#include "../../ctl/nl.h"
#include "../../ctl/policy.h"
#include "../../ctl/policy_nl.h"

__attribute__((weak)) const char *prog = "hardctl";
__attribute__((weak)) bool opt_json;

#define CHECK(cond)	do { if (!(cond)) check_failed(#cond, __LINE__); } while (0)

static void check_failed(const char *what, int line)
{
	fprintf(stderr, "fuzz_nlreply.c:%d: invariant violated: %s\n", line, what);
	__builtin_trap();
}

/* tests/unit/json_check.h asserts with cmocka; here a failure traps. */
#define assert_non_null(p)	CHECK((p) != NULL)
#include "../unit/json_check.h"

#define MAX_MSGS	64

struct msg {
	struct nlmsghdr *nlh;
	bool flag;
};

struct input {
	struct msg m[MAX_MSGS];
	size_t n;
};

static void split(const uint8_t *data, size_t size, struct input *in)
{
	size_t i = 0;

	in->n = 0;
	while (i + 2 <= size && in->n < MAX_MSGS) {
		size_t hdr = data[i] | (size_t)data[i + 1] << 8;
		size_t len = hdr & 0x7fff, total;
		struct nlmsghdr *nlh;

		i += 2;
		if (len > size - i)
			len = size - i;
		total = MNL_NLMSG_HDRLEN + MNL_ALIGN(HNL_HDRLEN) + len;
		/*
		 * libmnl walks attributes up to the aligned end of the
		 * message; in hnl_talk() those bytes are in h->buf.
		 */
		nlh = calloc(1, MNL_ALIGN(total));
		CHECK(nlh);
		nlh->nlmsg_len = total;
		nlh->nlmsg_type = NLMSG_MIN_TYPE;
		memcpy((char *)nlh + MNL_NLMSG_HDRLEN + MNL_ALIGN(HNL_HDRLEN),
		       data + i, len);
		in->m[in->n].nlh = nlh;
		in->m[in->n].flag = hdr & 0x8000;
		in->n++;
		i += len;
	}
}

static void input_free(struct input *in)
{
	while (in->n)
		free(in->m[--in->n].nlh);
}

/* @out, @len: what a printer wrote. */
static void check_text(const char *out, size_t len)
{
	CHECK(clean_utf8(out, len));
}

static void check_json(const char *out, size_t len)
{
	struct jp j;
	bool ok = json_valid(out, len, &j);

	json_free(&j);
	if (!ok)
		fprintf(stderr, "invalid JSON at offset %td:\n%.*s\n",
			(const char *)j.p - out, (int)len, out);
	CHECK(ok);
	CHECK(clean_utf8(out, len));
}

#define CAPTURE(out, len, call) do {				\
		FILE *f = open_memstream(&(out), &(len));	\
		CHECK(f);					\
		call;						\
		CHECK(fclose(f) == 0);				\
	} while (0)

static bool terminated(const char *s, size_t size)
{
	return strnlen(s, size) < size;
}

static void check_status(const struct hd_status *st)
{
	unsigned int i;

	CHECK(terminated(st->version, sizeof(st->version)));
	CHECK(st->n_hooks <= sizeof(st->hooks) / sizeof(st->hooks[0]));
	for (i = 0; i < st->n_hooks; i++)
		CHECK(terminated(st->hooks[i].name, sizeof(st->hooks[i].name)));
}

static void check_stats(const struct hd_stats *s)
{
	size_t i;

	for (i = 0; i < s->n_cgroups; i++) {
		CHECK(terminated(s->cgroups[i].path, sizeof(s->cgroups[i].path)));
		CHECK(terminated(s->cgroups[i].group, sizeof(s->cgroups[i].group)));
		CHECK(!s->cgroups[i].n_counters == !s->cgroups[i].counters);
	}
	for (i = 0; i < s->n_totals; i++) {
		CHECK(terminated(s->totals[i].group, sizeof(s->totals[i].group)));
		CHECK(!s->totals[i].n_counters == !s->totals[i].counters);
	}
}

/* `hardctl status`: one reply. */
static void do_status(const struct input *in)
{
	struct hd_status *st = malloc(sizeof(*st));
	char *out;
	size_t len, i;

	CHECK(st);
	for (i = 0; i < in->n; i++) {
		if (hd_status_decode(in->m[i].nlh, st) < 0)
			continue;
		check_status(st);
		CAPTURE(out, len, hd_status_print(f, st, false));
		check_text(out, len);
		free(out);
		CAPTURE(out, len, hd_status_print(f, st, true));
		check_json(out, len);
		free(out);
	}
	free(st);
}

/* Both dumps, as hd_read_stats() reads them; the flag marks totals. */
static int read_stats(const struct input *in, size_t from, struct hd_stats *s)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	for (i = from; i < in->n; i++) {
		int ret = in->m[i].flag ? hd_stats_decode_total(in->m[i].nlh, s) :
			  hd_stats_decode_cgroup(in->m[i].nlh, s);

		if (ret < 0) {
			hd_stats_free(s);
			return -1;
		}
	}
	check_stats(s);
	hd_stats_sort(s);
	return 0;
}

/* `hardctl stats` */
static void do_stats(const struct input *in)
{
	struct hd_stats s;
	char *out;
	size_t len;

	if (read_stats(in, 0, &s) < 0)
		return;
	CAPTURE(out, len, hd_stats_print(f, &s, false));
	check_text(out, len);
	free(out);
	CAPTURE(out, len, hd_stats_print(f, &s, true));
	check_json(out, len);
	free(out);
	hd_stats_free(&s);
}

/* `hardctl metrics`: the first message is the status reply. */
static void do_metrics(const struct input *in)
{
	struct hd_status *st;
	struct hd_stats s;
	char *out;
	size_t len;

	if (!in->n)
		return;
	st = malloc(sizeof(*st));
	CHECK(st);
	if (hd_status_decode(in->m[0].nlh, st) == 0 && read_stats(in, 1, &s) == 0) {
		CAPTURE(out, len, hd_metrics_print(f, st, &s));
		check_text(out, len);
		free(out);
		hd_stats_free(&s);
	}
	free(st);
}

/* `hardctl monitor` */
static void do_events(const struct input *in)
{
	struct hd_event *ev = malloc(sizeof(*ev));
	uint64_t prev = 0, gap;
	bool seen = false;
	char *out;
	size_t len, i;

	CHECK(ev);
	for (i = 0; i < in->n; i++) {
		if (hd_event_decode(in->m[i].nlh, ev) < 0)
			continue;
		CHECK(terminated(ev->comm, sizeof(ev->comm)));
		CHECK(terminated(ev->cgroup, sizeof(ev->cgroup)));
		CHECK(terminated(ev->object, sizeof(ev->object)));
		CHECK(terminated(ev->target_cgroup, sizeof(ev->target_cgroup)));
		gap = hd_event_gap(&prev, &seen, ev->dropped);
		CAPTURE(out, len, hd_drop_print(f, gap, "kernel", false);
			hd_event_print(f, ev, false));
		check_text(out, len);
		free(out);
		CAPTURE(out, len, hd_event_print(f, ev, true));
		check_json(out, len);
		free(out);
	}
	free(ev);
}

/* `hardctl show` */
static void do_show(const struct input *in)
{
	struct policy_dump d;
	char *out;
	size_t len, i;

	policy_dump_init(&d);
	for (i = 0; i < in->n; i++)
		if (policy_dump_msg(&d, in->m[i].nlh) < 0)
			goto out;
	if (policy_dump_check(&d) == 0) {
		CHECK(d.pol.n_groups <= HARDEN_MAX_GROUPS);
		CAPTURE(out, len, policy_print_safe(f, &d.pol));
		free(out);
	}
out:
	policy_dump_free(&d);
}

/* Resolving the family (every command). */
static void do_family(const struct input *in)
{
	uint32_t events_group = 0;
	uint16_t family = 0;
	size_t i;

	for (i = 0; i < in->n; i++)
		hnl_family_parse(in->m[i].nlh, &family, &events_group);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in;

	if (!size)
		return 0;
	split(data + 1, size - 1, &in);
	switch (data[0] % 6) {
	case 0:
		do_status(&in);
		break;
	case 1:
		do_stats(&in);
		break;
	case 2:
		do_metrics(&in);
		break;
	case 3:
		do_events(&in);
		break;
	case 4:
		do_show(&in);
		break;
	case 5:
		do_family(&in);
		break;
	}
	input_free(&in);
	return 0;
}
