#!/bin/bash
# Harness self-test: a module oopses at init.  With oops=panic the VM ends
# right there.  Expected verdict: 2 (kernel problem: oops / panic).
insmod "$HARDEN_BUILD/selftest/harden_st_oops.ko"
echo "still alive after the oops (should not happen)"
exit 0
