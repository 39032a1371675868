// SPDX-License-Identifier: GPL-2.0
/*
 * Signal names. The numbers are the kernel's for this architecture, so
 * the table is indexed by <signal.h>'s constants, not written out.
 */
#include <signal.h>
#include <string.h>
#include <strings.h>

#include "signals.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Highest number the kernel accepts as a signal (_NSIG on Linux). */
#define SIG_NUM_MAX	64

static const char *const names[] = {
	[SIGHUP] = "HUP",
	[SIGINT] = "INT",
	[SIGQUIT] = "QUIT",
	[SIGILL] = "ILL",
	[SIGTRAP] = "TRAP",
	[SIGABRT] = "ABRT",
	[SIGBUS] = "BUS",
	[SIGFPE] = "FPE",
	[SIGKILL] = "KILL",
	[SIGUSR1] = "USR1",
	[SIGSEGV] = "SEGV",
	[SIGUSR2] = "USR2",
	[SIGPIPE] = "PIPE",
	[SIGALRM] = "ALRM",
	[SIGTERM] = "TERM",
#ifdef SIGSTKFLT
	[SIGSTKFLT] = "STKFLT",
#endif
	[SIGCHLD] = "CHLD",
	[SIGCONT] = "CONT",
	[SIGSTOP] = "STOP",
	[SIGTSTP] = "TSTP",
	[SIGTTIN] = "TTIN",
	[SIGTTOU] = "TTOU",
	[SIGURG] = "URG",
	[SIGXCPU] = "XCPU",
	[SIGXFSZ] = "XFSZ",
	[SIGVTALRM] = "VTALRM",
	[SIGPROF] = "PROF",
	[SIGWINCH] = "WINCH",
	[SIGIO] = "IO",
#ifdef SIGPWR
	[SIGPWR] = "PWR",
#endif
	[SIGSYS] = "SYS",
#ifdef SIGEMT
	[SIGEMT] = "EMT",
#endif
};

const char *sig_name(unsigned int sig)
{
	return sig < ARRAY_SIZE(names) ? names[sig] : NULL;
}

int sig_from_name(const char *name, size_t len)
{
	unsigned int n = 0;
	size_t i;

	if (len && len <= 2 && name[0] >= '0' && name[0] <= '9') {
		for (i = 0; i < len; i++) {
			if (name[i] < '0' || name[i] > '9')
				return -1;
			n = n * 10 + (unsigned int)(name[i] - '0');
		}
		return n <= SIG_NUM_MAX ? (int)n : -1;
	}
	if (len > 3 && !strncasecmp(name, "SIG", 3)) {
		name += 3;
		len -= 3;
	}
	for (i = 1; i < ARRAY_SIZE(names); i++)
		if (names[i] && strlen(names[i]) == len &&
		    !strncasecmp(names[i], name, len))
			return (int)i;
	return -1;
}
