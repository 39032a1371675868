// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl show: the policy in force, in the policy language, so that
 * `hardctl show | hardctl check -` round-trips.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "hardctl.h"
#include "nl.h"
#include "policy.h"
#include "policy_nl.h"

struct show_ctx {
	struct policy pol;
	uint64_t generation, load_time;
	int got, bad;
};

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct show_ctx *c = data;

	if (policy_from_nl(nlh, &c->pol, &c->generation, &c->load_time) < 0) {
		c->bad = 1;
		return MNL_CB_ERROR;
	}
	c->got = 1;
	return MNL_CB_OK;
}

int cmd_show(int argc, char **argv)
{
	struct show_ctx c = { 0 };
	struct hnl_error err;
	char when[64];
	struct hnl h;
	int ret;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("Usage: %s show\n\nPrints the policy in force in the policy "
		       "language.\n", prog);
		return EXIT_OK;
	}
	if (argc != 1) {
		fprintf(stderr, "Usage: %s show\n", prog);
		return EXIT_USAGE;
	}
	if (hnl_open(&h) < 0)
		return EXIT_NOMODULE;
	if (hnl_talk(&h, hnl_request(&h, HARDEN_CMD_GET_POLICY, 0), show_cb, &c,
		     &err) < 0 || !c.got) {
		if (!err.error)
			err.error = EBADMSG;
		ret = hnl_report("cannot read the policy", &err);
		goto out;
	}
	format_time(when, sizeof(when), c.load_time);
	if (!c.generation)
		printf("# no policy loaded: nothing is policed\n");
	else
		printf("# harden policy generation %llu, loaded %s\n",
		       (unsigned long long)c.generation, when);
	if (policy_print_safe(stdout, &c.pol)) {
		fprintf(stderr, "%s show: the policy in force holds names that are "
			"not printable text; printed escaped, it does not load back\n",
			prog);
		ret = EXIT_INVALID;
	} else {
		ret = EXIT_OK;
	}
out:
	policy_free(&c.pol);
	hnl_close(&h);
	return ret;
}
