#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 900
# vm-session: docker
# vm-last: yes
#
# Guest suite: hardctl lock. Once locked, until reboot, neither a container
# (--privileged --pid=host --network host, the worst case) nor the host
# admin can change the policy, remove the module or switch its hooks off,
# and the lock cannot be undone. Each route is first shown to work while
# unlocked (the control), so that the check after it can fail.
#
# The lock holds for the rest of the boot, so this suite runs last in its
# session ("# vm-last: yes") and leaves harden loaded.
set -u
. "$TOP/tests/vm/lib.sh"
. "$TOP/tests/vm/docker.sh"

HPROBE=$TOP/build/bin/hprobe
NLPROBE=$TOP/build/bin/nlprobe
LOOSE=$TOP/policies/audit-only.conf

status_json() { "$HARDCTL" -j status; }
# json_field FIELD: one top-level scalar of `hardctl -j status`.
json_field() {
	status_json | python3 -c 'import json, sys; v = json.load(sys.stdin)[sys.argv[1]]; print(json.dumps(v))' "$1"
}
policy_text() { "$HARDCTL" show; }

docker_start || { t_fail "dockerd starts"; t_done; }
t_check "import busybox image" docker_import_busybox "$IMG"
# Fresh as a boot: not loaded (the session's reset removes it).
t_check "harden not loaded at the start" sh -c '! grep -q "^harden " /proc/modules'

# --- controls: what the lock takes away works while unlocked ---------------
t_log "controls, without harden"
t_check "control: without harden, ftrace_enabled=0 is accepted" \
	sysctl -qw kernel.ftrace_enabled=0
sysctl -qw kernel.ftrace_enabled=1

t_check "insmod harden.ko" insmod "$HARDEN_KO"
t_expect_output "unlocked at load" false json_field locked
t_expect_errno "lock with no policy loaded is refused" EINVAL "$HARDCTL" lock
t_expect_output "still unlocked after the refused lock" false json_field locked
t_check "control: load docker-default.conf" "$HARDCTL" load "$DEFAULT"
t_check "control: load a looser policy (audit-only.conf)" "$HARDCTL" load "$LOOSE"
t_check "control: rmmod harden works while unlocked" rmmod harden
t_check "insmod harden.ko again" insmod "$HARDEN_KO"
t_check "load docker-default.conf" "$HARDCTL" load "$DEFAULT"
t_expect_errno "ftrace_enabled=0 is refused while harden's hooks are attached" EBUSY \
	sysctl -w kernel.ftrace_enabled=0

# The worst container: every capability, the host's pid and network
# namespaces (so the genl family is visible), and one in its own netns.
docker rm -f evil own >/dev/null 2>&1
t_check "start --privileged --pid=host --network host container" \
	docker run -d --name evil --privileged --pid=host --network host \
	-v "$PROBE_DIR:/probe:ro" "$IMG" sleep 100000
t_check "start --privileged container in its own netns" \
	docker run -d --name own --privileged -v "$PROBE_DIR:/probe:ro" "$IMG" sleep 100000

t_log "the container, before the lock"
t_expect_errno "container (host netns) cannot lock" EPERM docker exec evil /probe/nlprobe lock
t_expect_output "a container's lock attempt does not lock" false json_field locked
t_expect_errno "container (host netns) cannot load" EPERM docker exec evil /probe/nlprobe load-empty

# --- the lock -----------------------------------------------------------------
gen=$(json_field generation)
pol=$(policy_text)
t_expect_output "hardctl lock" "ok" sh -c '"$1" lock | grep -q "locked until reboot" && echo ok' _ "$HARDCTL"
t_expect_output "status -j: locked" true json_field locked
t_check "status: lock line" sh -c '"$1" status | grep -q "^lock: locked until reboot since "' _ "$HARDCTL"
t_check "status -j: lock_time set" test "$(json_field lock_time)" -gt 0
t_check "metrics: harden_locked 1" sh -c '"$1" metrics | grep -qx "harden_locked 1"' _ "$HARDCTL"
t_check "dmesg: lock logged" sh -c 'dmesg | grep -q "harden: locked until reboot by pid"'
t_check "lock again: succeeds, changes nothing" "$HARDCTL" lock
t_expect_output "still locked" true json_field locked

# --- the host admin cannot undo it ----------------------------------------------
t_log "the host admin, after the lock"
t_expect_errno "admin: load of a looser policy refused" EPERM "$HARDCTL" load "$LOOSE"
t_expect_output "admin: the refusal says why" ok \
	sh -c '"$1" load "$2" 2>&1 | grep -q "locked until reboot" && echo ok' _ "$HARDCTL" "$LOOSE"
t_expect_errno "admin: load of the same policy refused" EPERM "$HARDCTL" load "$DEFAULT"
t_expect_errno "admin: raw SET_POLICY (libnl client) refused" EPERM "$NLPROBE" load-empty
t_expect_output "policy generation unchanged" "$gen" json_field generation
t_expect_output "policy text unchanged" "$pol" policy_text
# kmod's rmmod refuses a module in use by itself (the lock holds a
# reference) before it asks the kernel; -f asks the kernel.
t_check_fails "admin: rmmod harden refused" rmmod harden
t_expect_errno "admin: delete_module(harden) refused" EPERM "$HPROBE" delete-module harden
t_expect_errno "admin: delete_module(O_TRUNC), as rmmod -f, refused" EPERM \
	"$HPROBE" delete-module-force harden
t_expect_errno "admin: rmmod -f harden refused" EPERM rmmod -f harden
t_check "harden still loaded" grep -q "^harden " /proc/modules
t_expect_errno "admin: ftrace_enabled=0 refused" EBUSY sysctl -w kernel.ftrace_enabled=0
t_expect_output "ftrace_enabled still 1" 1 sysctl -n kernel.ftrace_enabled
t_expect_output "admin: the genl family from a new netns does not exist" \
	"error ENOENT: no harden family" sh -c 'unshare -n "$1" status; [ $? -eq 4 ]' _ "$NLPROBE"
t_check "admin: status, stats and metrics still answer (never locked out)" \
	sh -c '"$1" status >/dev/null && "$1" stats >/dev/null && "$1" metrics >/dev/null' _ "$HARDCTL"
t_check "admin: the libnl client reads status from the host netns" "$NLPROBE" status
n=$(json_field lock_refused)
t_check "lock_refused counted the refusals so far" test "$n" -ge 7
"$NLPROBE" load-empty >/dev/null 2>&1
"$HPROBE" delete-module-force harden >/dev/null 2>&1
t_expect_output "lock_refused: one more per refused load and removal" $((n + 2)) \
	json_field lock_refused
t_check "metrics: harden_lock_refused_total" \
	sh -c '"$1" metrics | grep -qx "harden_lock_refused_total $2"' _ "$HARDCTL" $((n + 2))
t_check "another module still loads and unloads (only harden is held)" \
	sh -c 'modprobe dummy && rmmod dummy'

# --- the container cannot either -------------------------------------------------
t_log "the container, after the lock"
t_expect_errno "container (host netns): nlprobe load refused" EPERM \
	docker exec evil /probe/nlprobe load-empty
t_expect_errno "container (host netns): nlprobe lock refused" EPERM \
	docker exec evil /probe/nlprobe lock
t_expect_output "container (own netns): no harden family" \
	"error ENOENT: no harden family" \
	sh -c 'docker exec own /probe/nlprobe status; [ $? -eq 4 ]'
t_expect_errno "container: delete_module(harden) refused" EPERM \
	docker exec evil /probe/hprobe delete-module harden
t_expect_errno "container: delete_module(harden, O_TRUNC) refused" EPERM \
	docker exec evil /probe/hprobe delete-module-force harden
t_expect_errno "container: ftrace_enabled=0 through /proc/sys refused" EPERM \
	docker exec evil /probe/hprobe write-via write /proc/sys/kernel/ftrace_enabled 0
t_expect_output "ftrace_enabled still 1" 1 sysctl -n kernel.ftrace_enabled
# The ptrace area refuses /proc/1/ns/* (EACCES) before hardctl could run.
t_expect_errno "container: nsenter into every host namespace, then load: refused" EACCES \
	docker exec evil nsenter -t 1 -m -u -i -n -p "$HARDCTL" load "$LOOSE"
t_check "harden still loaded" grep -q "^harden " /proc/modules
t_expect_output "policy generation still unchanged" "$gen" json_field generation

# --- enforcement still on ----------------------------------------------------------
core=$(cat /proc/sys/kernel/core_pattern)
t_expect_errno "hooks still enforce: container cannot write core_pattern" EPERM \
	docker exec evil /probe/hprobe write-via write /proc/sys/kernel/core_pattern '|/tmp/x'
t_expect_output "core_pattern unchanged" "$core" cat /proc/sys/kernel/core_pattern
t_expect_output "a default container still runs" hi docker run --rm "$IMG" echo hi

docker rm -f evil own >/dev/null 2>&1
docker_stop
t_done
