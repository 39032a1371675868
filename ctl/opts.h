/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDCTL_OPTS_H
#define _HARDCTL_OPTS_H

#include <stdbool.h>
#include <stdio.h>

/* One option of a subcommand; a table of them ends with { NULL }. */
struct sub_opt {
	const char *lng;	/* "--textfile" */
	const char *shrt;	/* "-q", or NULL */
	bool *flag;		/* a flag: set to true ... */
	const char **val;	/* ... or takes a value: --lng V, --lng=V */
	const char *val_name;	/* what the value is, for "needs ..." */
};

/* A subcommand's command line: options, then min_args..max_args words. */
struct sub_cmd {
	const char *name;
	void (*usage)(FILE *f);
	const struct sub_opt *opts;
	const char **args;	/* the words, max_args of them */
	int min_args, max_args;
	const char *missing;	/* the error when fewer than min_args */
};

/*
 * sub_parse() - parse argv (argv[0] is the subcommand's name) once.
 * Returns -1 when the command should go on, else the exit code to return
 * (after --help: EXIT_OK; after an error, reported with the usage: EXIT_USAGE).
 */
int sub_parse(const struct sub_cmd *c, int argc, char **argv);

#endif /* _HARDCTL_OPTS_H */
