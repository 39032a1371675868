// SPDX-License-Identifier: GPL-2.0
/*
 * harden: per-container host hardening for Docker hosts.
 *
 * Order matters. Tracking state exists before the hooks that fill it; the
 * hooks are attached before running tasks are scanned, so no fork is
 * missed. The scan comes last because what follows a successful scan
 * (clamping the tasks it bound) pins the module and cannot be undone, so
 * nothing may fail after it. Exit undoes it in reverse.
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/module.h>

#include "cgroup.h"
#include "hooks.h"
#include "netlink.h"
#include "policy.h"
#include "track.h"

static int __init harden_mod_init(void)
{
	int err;

	err = harden_policy_init();
	if (err)
		return err;
	err = harden_cg_init();
	if (err)
		goto err_policy;
	err = harden_track_init();
	if (err)
		goto err_cg;
	err = harden_hooks_init();
	if (err)
		goto err_track;
	err = harden_netlink_init();
	if (err)
		goto err_hooks;
	err = harden_track_scan();
	if (err)
		goto err_netlink;
	/* Nothing fails from here on: it queues work that pins the module. */
	harden_track_start();

	pr_info("version %s loaded, %u hooks attached\n", HARDEN_VERSION,
		harden_hooks_count());
	return 0;

err_netlink:
	harden_netlink_uninit();
err_hooks:
	harden_hooks_uninit();
err_track:
	harden_track_uninit();
err_cg:
	harden_cg_uninit();
err_policy:
	harden_policy_uninit();
	pr_err("not loaded (%d): enforcement is all or nothing\n", err);
	return err;
}

static void __exit harden_mod_exit(void)
{
	harden_track_stop();
	harden_netlink_uninit();
	harden_hooks_uninit();
	harden_track_uninit();
	harden_cg_uninit();
	harden_policy_uninit();
	pr_info("unloaded\n");
}

module_init(harden_mod_init);
module_exit(harden_mod_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Per-container capability, mount, ptrace and network policy for Docker hosts");
MODULE_VERSION(HARDEN_VERSION);
