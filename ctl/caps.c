// SPDX-License-Identifier: GPL-2.0
/*
 * Capability names, as in <linux/capability.h> without the "CAP_" prefix.
 */
#include <string.h>
#include <strings.h>

#include "caps.h"

/* Indexed by capability number; keep in step with HARDCTL_CAP_LAST. */
static const char *const cap_names[HARDCTL_CAP_LAST + 1] = {
	[0] = "CHOWN",
	[1] = "DAC_OVERRIDE",
	[2] = "DAC_READ_SEARCH",
	[3] = "FOWNER",
	[4] = "FSETID",
	[5] = "KILL",
	[6] = "SETGID",
	[7] = "SETUID",
	[8] = "SETPCAP",
	[9] = "LINUX_IMMUTABLE",
	[10] = "NET_BIND_SERVICE",
	[11] = "NET_BROADCAST",
	[12] = "NET_ADMIN",
	[13] = "NET_RAW",
	[14] = "IPC_LOCK",
	[15] = "IPC_OWNER",
	[16] = "SYS_MODULE",
	[17] = "SYS_RAWIO",
	[18] = "SYS_CHROOT",
	[19] = "SYS_PTRACE",
	[20] = "SYS_PACCT",
	[21] = "SYS_ADMIN",
	[22] = "SYS_BOOT",
	[23] = "SYS_NICE",
	[24] = "SYS_RESOURCE",
	[25] = "SYS_TIME",
	[26] = "SYS_TTY_CONFIG",
	[27] = "MKNOD",
	[28] = "LEASE",
	[29] = "AUDIT_WRITE",
	[30] = "AUDIT_CONTROL",
	[31] = "SETFCAP",
	[32] = "MAC_OVERRIDE",
	[33] = "MAC_ADMIN",
	[34] = "SYSLOG",
	[35] = "WAKE_ALARM",
	[36] = "BLOCK_SUSPEND",
	[37] = "AUDIT_READ",
	[38] = "PERFMON",
	[39] = "BPF",
	[40] = "CHECKPOINT_RESTORE",
};

int cap_from_name(const char *name, size_t len)
{
	int cap;

	if (len > 4 && strncasecmp(name, "CAP_", 4) == 0) {
		name += 4;
		len -= 4;
	}
	for (cap = 0; cap <= HARDCTL_CAP_LAST; cap++) {
		/* Length first: @name need not be NUL-terminated. */
		if (strlen(cap_names[cap]) == len &&
		    strncasecmp(cap_names[cap], name, len) == 0)
			return cap;
	}
	return -1;
}

const char *cap_name(int cap)
{
	if (cap < 0 || cap > HARDCTL_CAP_LAST)
		return NULL;
	return cap_names[cap];
}
