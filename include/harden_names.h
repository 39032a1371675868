/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * Names of the UAPI's areas and operations, shared in place by the module
 * (kernel log lines) and hardctl (tables, JSON, Prometheus labels), so
 * that every place an admin reads them agrees. Not part of the UAPI: the
 * names are how harden presents the numbers, and new ones are appended
 * with the enums in uapi/linux/harden.h.
 */
#ifndef _HARDEN_NAMES_H
#define _HARDEN_NAMES_H

#include "uapi/linux/harden.h"

#define HARDEN_AREA_NAMES {				\
	[HARDEN_AREA_CAP] = "cap",			\
	[HARDEN_AREA_MOUNT] = "mount",			\
	[HARDEN_AREA_PTRACE] = "ptrace",		\
	[HARDEN_AREA_NET] = "net",			\
	[HARDEN_AREA_HOST] = "host",			\
	[HARDEN_AREA_TAMPER] = "tamper",		\
}

#define HARDEN_OP_NAMES {				\
	[HARDEN_OP_OTHER] = "other",			\
	[HARDEN_OP_CAPABLE] = "capable",		\
	[HARDEN_OP_DELETE_MODULE] = "delete_module",	\
	[HARDEN_OP_CONTROL] = "control",		\
	[HARDEN_OP_EVENTS_JOIN] = "events_join",	\
	[HARDEN_OP_IOURING_PERSONALITY] = "iouring_personality", \
	[HARDEN_OP_CGROUP_MOVE] = "cgroup_move",	\
	[HARDEN_OP_MODULE_PARAM] = "module_param",	\
	[HARDEN_OP_MODULE_LOAD] = "module_load",	\
	[HARDEN_OP_KEXEC] = "kexec",			\
}

#endif /* _HARDEN_NAMES_H */
