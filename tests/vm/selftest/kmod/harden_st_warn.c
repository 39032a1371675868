// SPDX-License-Identifier: GPL-2.0
/* Harness self-test: a module that WARNs at init but loads fine. */
#include <linux/module.h>
#include <linux/bug.h>

static int __init st_warn_init(void)
{
	WARN_ON(1);
	return 0;
}

static void __exit st_warn_exit(void)
{
}
module_init(st_warn_init);
module_exit(st_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("harden harness self-test: WARN_ON(1) at init");
