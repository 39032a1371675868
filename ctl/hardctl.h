/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDCTL_H
#define _HARDCTL_H

/*
 * Exit codes, the same for every subcommand (documented in hardctl(8)):
 */
#define EXIT_OK		0	/* done */
#define EXIT_INVALID	1	/* policy invalid, or rejected by the kernel */
#define EXIT_USAGE	2	/* bad command line */
#define EXIT_NOMODULE	3	/* harden module not loaded / netlink failed */
#define EXIT_DENIED	4	/* not allowed: not root, or inside a policed container */

#include <stdbool.h>

/* hardctl's own version; the module reports its own in `status`. */
#define HARDCTL_VERSION	"0.1.0"

/* Each subcommand: argv[0] is its own name. */
int cmd_check(int argc, char **argv);
int cmd_load(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_metrics(int argc, char **argv);
int cmd_exporter(int argc, char **argv);
int cmd_lock(int argc, char **argv);

extern const char *prog;

/* Global -j/--json, given before the subcommand. */
extern bool opt_json;

#endif /* _HARDCTL_H */
