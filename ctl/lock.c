// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl lock: hold the policy in force and the module until reboot.
 */
#include <inttypes.h>
#include <stdio.h>

#include "format.h"
#include "hardctl.h"
#include "model.h"
#include "nl.h"
#include "opts.h"

static void lock_usage(FILE *f)
{
	fprintf(f, "Usage: %s lock [-h]\n\n"
		"Locks harden until the next reboot: the policy in force can no longer\n"
		"be changed (not even to a looser one) and the module can no longer be\n"
		"removed (not even with rmmod -f), by anyone, root on the host included.\n"
		"Nothing undoes it; locking again changes nothing. Refused while no\n"
		"policy is loaded. Reading status, stats, metrics and events still works.\n\n"
		"  -h, --help   show this help\n", prog);
}

struct lock_reply {
	uint64_t generation, lock_time;
};

static int lock_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct lock_reply *r = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, HNL_HDRLEN) {
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
			continue;
		if (mnl_attr_get_type(attr) == HARDEN_A_GENERATION)
			r->generation = mnl_attr_get_u64(attr);
		else if (mnl_attr_get_type(attr) == HARDEN_A_LOCK_TIME)
			r->lock_time = mnl_attr_get_u64(attr);
	}
	return MNL_CB_OK;
}

int cmd_lock(int argc, char **argv)
{
	struct lock_reply r = { 0 };
	struct hnl_error err;
	char when[64];
	struct hnl h;
	int ret;
	const struct sub_cmd cmd = {
		.name = "lock", .usage = lock_usage,
	};

	ret = sub_parse(&cmd, argc, argv);
	if (ret >= 0)
		return ret;
	if (hnl_open(&h) < 0)
		return EXIT_NOMODULE;
	if (hnl_talk(&h, hnl_request(&h, HARDEN_CMD_LOCK, 0), lock_reply_cb, &r,
		     &err) < 0) {
		ret = hnl_report("cannot lock", &err);
		goto out;
	}
	format_time(when, sizeof(when), r.lock_time);
	printf("harden: locked until reboot since %s; policy generation %" PRIu64
	       " is held\n", when, r.generation);
	ret = EXIT_OK;
out:
	hnl_close(&h);
	return ret;
}
