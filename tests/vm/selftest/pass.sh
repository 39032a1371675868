#!/bin/bash
# Harness self-test: a clean pass.  Expected verdict: 0 (pass).
set -u
. "$TOP/tests/vm/lib.sh"
t_check "guest runs the expected kernel" test "$(uname -r)" = "$HARDEN_KVER"
t_check "root is the tmpfs overlay" sh -c 'grep -q "^overlay / overlay" /proc/mounts'
t_check "host tree visible at the same path" test -f "$TOP/tests/vm/run"
t_check "cgroup2 mounted" test -f /sys/fs/cgroup/cgroup.controllers
t_check "overlay root is writable" sh -c 'echo x >/etc/harden-selftest && rm /etc/harden-selftest'
t_check "arguments passed through" test "$#:${1:-}:${2:-}" = "2:a b:it's"
t_done
