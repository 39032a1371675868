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
#include "opts.h"
#include "policy.h"
#include "policy_nl.h"

/* A load racing the dump restarts it; more than this many in a row is odd. */
#define SHOW_TRIES	5

static void show_usage(FILE *f)
{
	fprintf(f, "Usage: %s show\n\n"
		"Prints the policy in force in the policy language, with its\n"
		"generation and load time as comments; `%s show | %s check -`\n"
		"accepts it.\n\n"
		"  -h, --help   show this help\n", prog, prog, prog);
}

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	return policy_dump_msg(data, nlh) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

int cmd_show(int argc, char **argv)
{
	struct policy_dump d;
	struct hnl_error err;
	char when[64];
	struct hnl h;
	int ret, try, check = 1;
	const struct sub_cmd cmd = { .name = "show", .usage = show_usage };

	ret = sub_parse(&cmd, argc, argv);
	if (ret >= 0)
		return ret;
	if (hnl_open(&h) < 0)
		return EXIT_NOMODULE;
	policy_dump_init(&d);
	for (try = 0; try < SHOW_TRIES; try++) {
		policy_dump_free(&d);
		if (hnl_talk(&h, hnl_request(&h, HARDEN_CMD_GET_POLICY, NLM_F_DUMP),
			     show_cb, &d, &err) < 0) {
			ret = hnl_report("cannot read the policy", &err);
			goto out;
		}
		check = policy_dump_check(&d);
		if (check <= 0)
			break;
	}
	if (check) {
		err.error = check > 0 ? EAGAIN : EBADMSG;
		snprintf(err.msg, sizeof(err.msg), "%s", check > 0 ?
			 "the policy changed during every read; try again" :
			 "the groups received do not match the group count");
		ret = hnl_report("cannot read the policy", &err);
		goto out;
	}
	format_time(when, sizeof(when), d.load_time);
	if (!d.generation)
		printf("# no policy loaded: nothing is policed\n");
	else
		printf("# harden policy generation %llu, loaded %s\n",
		       (unsigned long long)d.generation, when);
	if (policy_print_safe(stdout, &d.pol)) {
		fprintf(stderr, "%s show: the policy in force holds names that are "
			"not printable text; printed escaped, it does not load back\n",
			prog);
		ret = EXIT_INVALID;
	} else {
		ret = EXIT_OK;
	}
out:
	policy_dump_free(&d);
	hnl_close(&h);
	return ret;
}
