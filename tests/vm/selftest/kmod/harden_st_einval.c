// SPDX-License-Identifier: GPL-2.0
/* Harness self-test: a module whose init fails, so insmod must fail. */
#include <linux/module.h>

static int __init st_einval_init(void)
{
	return -EINVAL;
}
module_init(st_einval_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("harden harness self-test: init returns -EINVAL");
