/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Signal names, as kill -l prints them without "SIG": the detail of the
 * signal op, and what the parser recognises to explain that 'signal'
 * takes a scope, not signals.
 */
#ifndef _HARDCTL_SIGNALS_H
#define _HARDCTL_SIGNALS_H

#include <stddef.h>

/*
 * sig_name() - "KILL" for SIGKILL, numbered as on this machine (the
 * module's, whose numbers the kernel reports). NULL for 0 (the kill(2)
 * probe), for real-time signals and for numbers with no signal: they are
 * shown as numbers.
 */
const char *sig_name(unsigned int sig);

/*
 * sig_from_name() - the number of a signal named in any case, with or
 * without "SIG" ("kill", "SIGTERM"), or given as a number of 0 to 64.
 * Return: the number, or -1.
 */
int sig_from_name(const char *name, size_t len);

#endif /* _HARDCTL_SIGNALS_H */
