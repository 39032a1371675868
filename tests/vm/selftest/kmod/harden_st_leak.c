// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test: a module that leaks memory at init. Its allocations
 * are reachable from nowhere once init returns; kmemleak (the debug
 * kernel) reports them, with this module's frames in their stacks.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#define ST_LEAKS	8

static int __init st_leak_init(void)
{
	int i;

	for (i = 0; i < ST_LEAKS; i++) {
		void *p = kmalloc(192, GFP_KERNEL);

		if (!p)
			return -ENOMEM;
		memset(p, 0x5a, 192);
		OPTIMIZER_HIDE_VAR(p);	/* allocated for real, then forgotten */
	}
	return 0;
}

static void __exit st_leak_exit(void)
{
}
module_init(st_leak_init);
module_exit(st_leak_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("harden harness self-test: leaks memory at init");
