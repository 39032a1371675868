#!/bin/bash
# Harness self-test: a module WARNs at init; the script itself succeeds.
# Expected verdict: 2 (kernel problem: WARNING).
insmod "$HARDEN_BUILD/selftest/harden_st_warn.ko" || exit 10
rmmod harden_st_warn || exit 11
echo "loaded and unloaded a module that warned"
exit 0
