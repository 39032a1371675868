/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_TAMPER_H
#define _HARDEN_TAMPER_H

#include <linux/types.h>

/*
 * harden_tamper_refused() - refuse @op to current if it is inside a
 * container (see harden_current_contained()), and count and report the
 * attempt as tamper. Never refuses the host admin. Atomic-safe.
 */
bool harden_tamper_refused(u16 op, u32 detail);

int harden_tamper_init(void);
void harden_tamper_uninit(void);

#endif /* _HARDEN_TAMPER_H */
