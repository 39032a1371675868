// SPDX-License-Identifier: GPL-2.0
/*
 * harden: per-container host hardening for Docker hosts.
 *
 * This file only sequences the parts. Order matters: state exists before
 * the hooks that fill it; tracking hooks attach before the areas that rely
 * on them; the control channel opens once everything it reports exists;
 * running tasks are scanned after the hooks are attached, so no fork is
 * missed. The scan comes last because what follows a successful scan
 * (clamping the tasks it bound) pins the module and cannot be undone, so
 * nothing may fail after it. Exit undoes it all in reverse.
 */
#define pr_fmt(fmt) "harden: " fmt

#include <linux/module.h>

#include "cap.h"
#include "cgroup.h"
#include "decision.h"
#include "events.h"
#include "hooks.h"
#include "host.h"
#include "mount.h"
#include "net.h"
#include "netlink.h"
#include "policy.h"
#include "ptrace.h"
#include "tamper.h"
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
	err = harden_decision_init();
	if (err)
		goto err_cg;
	err = harden_events_init();
	if (err)
		goto err_decision;
	err = harden_track_init();
	if (err)
		goto err_events;
	err = harden_cap_init();
	if (err)
		goto err_track;
	err = harden_mount_init();
	if (err)
		goto err_cap;
	err = harden_ptrace_init();
	if (err)
		goto err_mount;
	err = harden_net_init();
	if (err)
		goto err_ptrace;
	err = harden_host_init();
	if (err)
		goto err_net;
	err = harden_tamper_init();
	if (err)
		goto err_host;
	err = harden_hooks_arm();
	if (err)
		goto err_tamper;
	err = harden_netlink_init();
	if (err)
		goto err_hooks;
	err = harden_track_scan();
	if (err)
		goto err_netlink;
	/* Nothing fails from here on: it queues work that pins the module. */
	harden_track_start();
	harden_netlink_open();

	pr_info("version %s loaded, %u hooks attached\n", HARDEN_VERSION,
		harden_hooks_count());
	return 0;

err_netlink:
	harden_netlink_uninit();
err_hooks:
	harden_hooks_disarm();
err_tamper:
	harden_tamper_uninit();
err_host:
	harden_host_uninit();
err_net:
	harden_net_uninit();
err_ptrace:
	harden_ptrace_uninit();
err_mount:
	harden_mount_uninit();
err_cap:
	harden_cap_uninit();
err_track:
	harden_track_uninit();
err_events:
	harden_events_uninit();
err_decision:
	harden_decision_uninit();
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
	harden_hooks_disarm();
	harden_tamper_uninit();
	harden_host_uninit();
	harden_net_uninit();
	harden_ptrace_uninit();
	harden_mount_uninit();
	harden_cap_uninit();
	harden_track_uninit();
	harden_events_uninit();
	harden_decision_uninit();
	harden_cg_uninit();
	harden_policy_uninit();
	pr_info("unloaded\n");
}

module_init(harden_mod_init);
module_exit(harden_mod_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Per-container capability, mount, ptrace and network policy for Docker hosts");
MODULE_VERSION(HARDEN_VERSION);
