#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Harness self-test: a module leaks memory at init and is unloaded; the
# script itself succeeds. Expected verdict on the debug kernel: 2 (kmemleak:
# unreferenced objects allocated by a module unloaded since, which the
# harness counts as harden's). Other kernels have no kmemleak: 0.
insmod "$HARDEN_BUILD/selftest/harden_st_leak.ko" || exit 10
rmmod harden_st_leak || exit 11
echo "loaded and unloaded a module that leaked"
exit 0
