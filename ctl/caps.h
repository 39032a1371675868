/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDCTL_CAPS_H
#define _HARDCTL_CAPS_H

#include <stddef.h>

/* Highest capability number hardctl knows (CAP_CHECKPOINT_RESTORE). */
#define HARDCTL_CAP_LAST	40

/*
 * cap_from_name() - capability number for a name, in any case, with or
 * without the "CAP_" prefix ("sys_admin", "CAP_SYS_ADMIN").
 * Return: 0..HARDCTL_CAP_LAST, or -1 if unknown.
 */
int cap_from_name(const char *name, size_t len);

/* Canonical upper-case name without "CAP_", or NULL if @cap is unknown. */
const char *cap_name(int cap);

#endif /* _HARDCTL_CAPS_H */
