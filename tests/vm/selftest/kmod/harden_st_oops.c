// SPDX-License-Identifier: GPL-2.0
/* Harness self-test: a module that oopses at init (NULL dereference). */
#include <linux/module.h>

static int *volatile st_null;	/* volatile: the compiler must not see NULL */

static int __init st_oops_init(void)
{
	*st_null = 1;
	return 0;
}
module_init(st_oops_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("harden harness self-test: NULL dereference at init");
