// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl status: what the module is doing.
 */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "hardctl.h"
#include "nl.h"

struct status_ctx {
	char version[64];
	uint64_t generation, load_time;
	uint32_t groups, tasks, cgroups;
	uint64_t memory;
	struct {
		char name[64];
		uint64_t hits;
	} hooks[32];
	unsigned int n_hooks;
	int got;
};

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	struct status_ctx *c = data;
	const struct nlattr *a, *hook, *h;

	c->got = 1;
	mnl_attr_for_each(a, nlh, HNL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case HARDEN_A_VERSION:
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
				snprintf(c->version, sizeof(c->version), "%s",
					 mnl_attr_get_str(a));
			break;
		case HARDEN_A_GENERATION:
			if (mnl_attr_validate(a, MNL_TYPE_U64) == 0)
				c->generation = mnl_attr_get_u64(a);
			break;
		case HARDEN_A_LOAD_TIME:
			if (mnl_attr_validate(a, MNL_TYPE_U64) == 0)
				c->load_time = mnl_attr_get_u64(a);
			break;
		case HARDEN_A_GROUP_COUNT:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				c->groups = mnl_attr_get_u32(a);
			break;
		case HARDEN_A_TRACKED_TASKS:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				c->tasks = mnl_attr_get_u32(a);
			break;
		case HARDEN_A_CGROUP_COUNT:
			if (mnl_attr_validate(a, MNL_TYPE_U32) == 0)
				c->cgroups = mnl_attr_get_u32(a);
			break;
		case HARDEN_A_MEMORY:
			if (mnl_attr_validate(a, MNL_TYPE_U64) == 0)
				c->memory = mnl_attr_get_u64(a);
			break;
		case HARDEN_A_HOOKS:
			mnl_attr_for_each_nested(hook, a) {
				if (c->n_hooks >= sizeof(c->hooks) / sizeof(c->hooks[0]))
					break;
				mnl_attr_for_each_nested(h, hook) {
					if (mnl_attr_get_type(h) == HARDEN_HOOK_A_NAME &&
					    mnl_attr_validate(h, MNL_TYPE_NUL_STRING) == 0)
						snprintf(c->hooks[c->n_hooks].name,
							 sizeof(c->hooks[0].name), "%s",
							 mnl_attr_get_str(h));
					if (mnl_attr_get_type(h) == HARDEN_HOOK_A_HITS &&
					    mnl_attr_validate(h, MNL_TYPE_U64) == 0)
						c->hooks[c->n_hooks].hits = mnl_attr_get_u64(h);
				}
				c->n_hooks++;
			}
			break;
		}
	}
	return MNL_CB_OK;
}

int cmd_status(int argc, char **argv)
{
	struct status_ctx c = { 0 };
	struct hnl_error err;
	char when[64];
	unsigned int i;
	struct hnl h;
	int ret;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("Usage: %s status\n\nModule version, attached hooks with their "
		       "call counts, policy generation\nand load time, tracked tasks.\n",
		       prog);
		return EXIT_OK;
	}
	if (argc != 1) {
		fprintf(stderr, "Usage: %s status\n", prog);
		return EXIT_USAGE;
	}
	if (hnl_open(&h) < 0)
		return EXIT_NOMODULE;
	if (hnl_talk(&h, hnl_request(&h, HARDEN_CMD_GET_STATUS, 0), status_cb, &c,
		     &err) < 0) {
		ret = hnl_report("cannot read status", &err);
		goto out;
	}
	format_time(when, sizeof(when), c.load_time);
	fputs("harden ", stdout);
	fmt_puts(stdout, c.version, 0);
	fputc('\n', stdout);
	if (c.generation)
		printf("policy: generation %" PRIu64 ", %u group%s, loaded %s\n",
		       c.generation, c.groups, c.groups == 1 ? "" : "s", when);
	else
		printf("policy: none loaded (nothing is policed)\n");
	printf("tracked: %u task%s, %u cgroup%s, %" PRIu64 " bytes of kernel memory\n",
	       c.tasks, c.tasks == 1 ? "" : "s", c.cgroups, c.cgroups == 1 ? "" : "s",
	       c.memory);
	printf("hooks: %u attached\n", c.n_hooks);
	for (i = 0; i < c.n_hooks; i++) {
		fputs("  ", stdout);
		fmt_pad(stdout, c.hooks[i].name, 32);
		printf(" %12" PRIu64 " calls\n", c.hooks[i].hits);
	}
	ret = EXIT_OK;
out:
	hnl_close(&h);
	return ret;
}
