/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_TAMPER_H
#define _HARDEN_TAMPER_H

#include <linux/time64.h>
#include <linux/types.h>

/*
 * harden_tamper_refused() - refuse @op to current if it is inside a
 * container (see harden_current_contained()), and count and report the
 * attempt as tamper. Never refuses the host admin. Atomic-safe.
 */
bool harden_tamper_refused(u16 op, u32 detail);

/*
 * The lock (HARDEN_CMD_LOCK). harden_tamper_lock() takes it (idempotent;
 * -EBUSY only while the module is being removed); called under genl_mutex.
 * harden_tamper_locked() says whether it is taken, and since when.
 * harden_tamper_lock_refuse() counts a request refused because of it.
 */
int harden_tamper_lock(void);
bool harden_tamper_locked(time64_t *when);
void harden_tamper_lock_refuse(void);
u64 harden_tamper_lock_refused(void);

int harden_tamper_init(void);
void harden_tamper_uninit(void);

#endif /* _HARDEN_TAMPER_H */
