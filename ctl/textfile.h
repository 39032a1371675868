/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HARDCTL_TEXTFILE_H
#define _HARDCTL_TEXTFILE_H

#include <stddef.h>

/*
 * textfile_write() - replace @path with @len bytes of @data atomically, as
 * node_exporter's textfile collector needs (it may read at any moment):
 * write @path.tmp.<pid> in the same directory, mode 0644, fsync, rename.
 * Return: 0, or -1 with a message for people in @err (nothing left behind).
 */
int textfile_write(const char *path, const char *data, size_t len, char *err,
		   size_t errlen);

#endif /* _HARDCTL_TEXTFILE_H */
