#!/bin/bash
# Harness self-test: insmod of a module whose init returns -EINVAL; exits
# with insmod's status.  Expected verdict: 1 (script rc).
insmod "$HARDEN_BUILD/selftest/harden_st_einval.ko"
rc=$?
echo "insmod exited $rc"
exit $rc
