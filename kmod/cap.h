/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDEN_CAP_H
#define _HARDEN_CAP_H

/* Capabilities area: the allow-list veto on security_capable(). */
int harden_cap_init(void);
void harden_cap_uninit(void);

#endif /* _HARDEN_CAP_H */
