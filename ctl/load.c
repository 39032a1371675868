// SPDX-License-Identifier: GPL-2.0
/*
 * hardctl load: replace the policy in force, in one transaction.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hardctl.h"
#include "nl.h"
#include "opts.h"
#include "policy.h"
#include "policy_nl.h"

static void load_usage(FILE *f)
{
	fprintf(f, "Usage: %s load [-h] FILE|-\n\n"
		"Validates FILE, then replaces the whole policy in force with it in one\n"
		"transaction. On any error nothing changes and the previous policy stays\n"
		"in force; errors are reported as FILE:LINE:COL. Prints the number of\n"
		"groups and the new policy generation.\n\n"
		"  -h, --help   show this help\n", prog);
}

static int load_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, HNL_HDRLEN)
		if (mnl_attr_get_type(attr) == HARDEN_A_GENERATION &&
		    mnl_attr_validate(attr, MNL_TYPE_U64) == 0)
			*(uint64_t *)data = mnl_attr_get_u64(attr);
	return MNL_CB_OK;
}

int cmd_load(int argc, char **argv)
{
	struct policy_nl_map map = { 0 };
	struct policy_error perr;
	struct hnl_error err;
	struct nlmsghdr *nlh;
	struct policy pol;
	uint64_t generation = 0;
	struct hnl h;
	const char *file;
	int ret;
	const struct sub_cmd cmd = {
		.name = "load", .usage = load_usage, .args = &file,
		.min_args = 1, .max_args = 1,
		.missing = "no policy file given (use '-' for standard input)",
	};

	ret = sub_parse(&cmd, argc, argv);
	if (ret >= 0)
		return ret;
	if (policy_parse_file(file, &pol, &perr) < 0) {
		policy_error_print(stderr, &perr);
		fprintf(stderr, "%s: nothing loaded; the policy in force is unchanged\n",
			prog);
		return EXIT_INVALID;
	}
	policy_warn_shadowed(stderr, &pol);
	if (hnl_open(&h) < 0) {
		policy_free(&pol);
		return EXIT_NOMODULE;
	}

	nlh = hnl_request(&h, HARDEN_CMD_SET_POLICY, 0);
	if (policy_to_nl(nlh, h.buflen, &pol, &map) < 0) {
		fprintf(stderr, "%s: %s: policy too large for one netlink message\n",
			prog, pol.file);
		ret = EXIT_INVALID;
		goto out;
	}
	/*
	 * The whole policy goes in one message, so that it is one
	 * transaction; a full one is bigger than the default send buffer.
	 */
	if (hnl_sndbuf(&h, nlh->nlmsg_len) < 0) {
		fprintf(stderr, "%s: cannot make room to send the policy (%u bytes) "
			"on the netlink socket: %s\n", prog, nlh->nlmsg_len,
			strerror(errno));
		fprintf(stderr, "%s: nothing loaded; the policy in force is unchanged\n",
			prog);
		ret = errno == EPERM ? EXIT_DENIED : EXIT_NOMODULE;
		goto out;
	}
	if (hnl_talk(&h, nlh, load_reply_cb, &generation, &err) < 0) {
		struct policy_loc loc = policy_nl_locate(&map, err.bad_off);

		if (loc.line && (err.error == EINVAL || err.error == E2BIG)) {
			fprintf(stderr, "%s:%u:%u: error: rejected by the kernel: %s\n",
				pol.file, loc.line, loc.col,
				err.msg[0] ? err.msg : strerror(err.error));
			ret = EXIT_INVALID;
		} else {
			ret = hnl_report("load failed", &err);
		}
		fprintf(stderr, "%s: nothing loaded; the policy in force is unchanged\n",
			prog);
		goto out;
	}
	printf("%s: loaded %zu group%s, generation %llu\n", pol.file, pol.n_groups,
	       pol.n_groups == 1 ? "" : "s", (unsigned long long)generation);
	ret = EXIT_OK;
out:
	policy_nl_map_free(&map);
	policy_free(&pol);
	hnl_close(&h);
	return ret;
}
