/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policy language v1: parser, compiler and printer (userspace only).
 */
#ifndef _HARDCTL_POLICY_H
#define _HARDCTL_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "uapi/linux/harden.h"

#define POLICY_FILE_MAX		(1024 * 1024)	/* bytes */

/* A position in the source text, both 1-based; line 0 means "none". */
struct policy_loc {
	unsigned int line;
	unsigned int col;
};

struct policy_match {
	char glob[HARDEN_GLOB_MAX];
	struct policy_loc loc;		/* of the glob token */
};

/* A filesystem type of "mount allow TYPE...". */
struct policy_fstype {
	char name[HARDEN_FSTYPE_MAX];
	struct policy_loc loc;		/* of the type token */
};

/* A group named by "net peer GROUP...". */
struct policy_peer {
	char name[HARDEN_GROUP_NAME_MAX];
	struct policy_loc loc;		/* of the name token */
};

/* A device rule of "devices allow DEVICE...". */
struct policy_device {
	uint64_t rule;			/* HARDEN_DEVICE_RULE() */
	struct policy_loc loc;		/* of the device token */
};

struct policy_group {
	char name[HARDEN_GROUP_NAME_MAX];
	struct policy_loc loc;		/* of the group name token */
	struct policy_match *matches;
	size_t n_matches;
	uint8_t mode;			/* enum harden_mode, default enforce */
	struct policy_loc mode_loc;	/* line 0 if defaulted */
	uint32_t flags;			/* HARDEN_GROUP_F_* areas present */
	uint64_t caps;			/* with HARDEN_GROUP_F_CAPS: bit N allows cap N */
	struct policy_loc caps_loc;
	/*
	 * With HARDEN_GROUP_F_MOUNT: the types new mounts may have, none for
	 * "mount deny". Without it ("mount allow", or no mount line) the
	 * group leaves mounts alone and lists none.
	 */
	struct policy_fstype mount_types[HARDEN_MAX_MOUNT_TYPES];
	size_t n_mount_types;
	struct policy_loc mount_loc;	/* of the mount keyword; line 0 if absent */
	/*
	 * With HARDEN_GROUP_F_PTRACE / HARDEN_GROUP_F_SIGNAL: which other
	 * tasks a member may reach (enum harden_scope). Without the flag
	 * ("allow", or no line) the area is not policed and the scope is 0.
	 */
	uint8_t ptrace_scope;
	struct policy_loc ptrace_loc;	/* of the ptrace keyword; line 0 if absent */
	uint8_t signal_scope;
	struct policy_loc signal_loc;	/* of the signal keyword; line 0 if absent */
	/*
	 * With HARDEN_GROUP_F_NET ("net isolate"): the groups whose
	 * containers this group's containers may still exchange traffic
	 * with, in file order, each once; this group's own name may be one
	 * of them. Without the flag ("net allow", or no net line) none.
	 */
	struct policy_peer net_peers[HARDEN_MAX_NET_PEERS];
	size_t n_net_peers;
	struct policy_loc net_loc;	/* of 'net isolate|allow'; line 0 if absent */
	struct policy_loc net_peer_loc;	/* of the first 'net peer'; line 0 if none */
	/*
	 * Host kernel interfaces: where each line was ('sysctl', 'procfs',
	 * 'sysfs', 'cgroupfs', 'autoload', the first 'devices'); line 0 if
	 * absent. Their flags are in @flags.
	 */
	struct policy_loc sysctl_loc, procfs_loc, sysfs_loc, cgroupfs_loc;
	struct policy_loc autoload_loc, devices_loc, keyring_loc;
	/*
	 * With HARDEN_GROUP_F_DEVICES: the devices members may open beyond
	 * the safe set, none for "devices deny". Without it ("devices allow",
	 * or no devices line) none.
	 */
	struct policy_device devices[HARDEN_MAX_DEVICES];
	size_t n_devices;
};

struct policy {
	char file[256];			/* name used in messages ("<stdin>" for -) */
	struct policy_group *groups;
	size_t n_groups;
};

struct policy_error {
	char file[256];
	struct policy_loc loc;
	char msg[512];			/* without the "file:line:col: error: " prefix */
};

/*
 * policy_parse() - parse and compile policy text.
 * @text: the text; need not be NUL-terminated; NUL bytes are an error
 * @len: its length; more than POLICY_FILE_MAX is an error
 * @file: name for messages
 * @out: filled on success; release with policy_free()
 * @err: filled on failure
 *
 * Return: 0 on success, -1 on error (and @out is left empty).
 */
int policy_parse(const char *text, size_t len, const char *file,
		 struct policy *out, struct policy_error *err);

/* Read @path ("-" for stdin) and parse it. I/O errors are reported in @err too. */
int policy_parse_file(const char *path, struct policy *out,
		      struct policy_error *err);

void policy_free(struct policy *pol);

/* Print @pol in canonical policy language; policy_parse() reads it back. */
void policy_print(FILE *f, const struct policy *pol);

/*
 * A device rule as the policy language writes it: the name of the table
 * of known devices when one is exactly the rule ("kvm", "loop"), else
 * "c:MAJ:MIN", "b:MAJ:MIN" or "a:MAJ:MIN" with '*' for any.
 */
void policy_device_text(uint64_t rule, char *buf, size_t len);

/*
 * policy_warn_shadowed() - warn about a match that an earlier group takes.
 *
 * A cgroup gets the first group, in file order, whose glob matches it or
 * one of its ancestors, so a later group's glob can be partly or wholly
 * dead: "match /ci" in a first group takes every cgroup that "match
 * /ci/job-?" in a second would. For each glob, a few example paths are
 * tried: its '*' as "x", as a 64-hex container ID and as a systemd scope
 * holding one. The first example an earlier group takes is printed as
 * "file:line:col: warning: ...", at the later glob. A warning is therefore
 * always true, but a shadow that no example hits goes unreported. A
 * policy near the limits is checked only up to a budget of glob matches;
 * then one "note:" line says where the check stopped.
 *
 * Return: the number of warnings printed.
 */
unsigned int policy_warn_shadowed(FILE *f, const struct policy *pol);

/* "file:line:col: error: msg" (or "file: error: msg" without a location). */
void policy_error_print(FILE *f, const struct policy_error *err);

#endif /* _HARDCTL_POLICY_H */
