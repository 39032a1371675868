#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest suite: the capability policy against real syscalls in real cgroups,
# without Docker. hprobe makes exactly one capability check per action, so
# counters are checked to the unit.
set -u
. "$TOP/tests/vm/lib.sh"

PROBE=$TOP/build/bin/hprobe
NLPROBE=$TOP/build/bin/nlprobe
POL=$TOP/tests/vm/policies
CG=/sys/fs/cgroup

# Run CMD in cgroup $1, unbound: exec'd in the initial mount namespace.
in_cg() {
	local cg=$1; shift
	mkdir -p "$CG$cg"
	sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$CG$cg" "$@"
}
# Run CMD in cgroup $1 as a container task: exec'd in a new mount namespace.
in_box() {
	local cg=$1; shift
	in_cg "$cg" unshare -m "$@"
}
generation() { "$HARDCTL" status | sed -n 's/^policy: generation \([0-9]*\).*/\1/p'; }

t_check "insmod harden.ko" insmod "$HARDEN_KO"
t_check "status lists security_capable hook" sh -c '"$HARDCTL" status | grep -q "security_capable"'

# --- before any policy: nothing is policed ---
t_check "no policy: container task may sethostname" in_box /hbox/c0 "$PROBE" sethostname vm

t_check "load caps-test policy" "$HARDCTL" load "$POL/caps-test.conf"
t_expect_output "show round-trips through check" "<stdin>: OK, 3 groups" \
	sh -c '"$HARDCTL" show | "$HARDCTL" check -'

# --- host and unbound tasks are never affected ---
t_check "host task: sethostname allowed" "$PROBE" sethostname vm
t_check "host task: SO_SNDBUFFORCE allowed" "$PROBE" sndbufforce
t_check "matched cgroup, not exec'd in a container: allowed (arming is at exec)" \
	in_cg /hbox/c1 "$PROBE" sethostname vm
t_check "unmatched cgroup, new mount ns: allowed" in_box /other/c1 "$PROBE" sethostname vm

# --- enforce: outside the allow-list is EPERM ---
t_expect_errno "box: sethostname (SYS_ADMIN) denied" EPERM in_box /hbox/c1 "$PROBE" sethostname vm
t_expect_errno "box: mount (SYS_ADMIN) denied" EPERM in_box /hbox/c1 "$PROBE" mount-tmpfs /mnt
t_expect_errno "box: finit_module (SYS_MODULE) denied" EPERM in_box /hbox/c1 "$PROBE" finit-module "$HARDEN_KO"
t_expect_errno "box: SO_SNDBUFFORCE (NET_ADMIN) denied" EPERM in_box /hbox/c1 "$PROBE" sndbufforce
t_expect_errno "box: ip link add (NET_ADMIN) denied" EPERM in_box /hbox/c1 ip link add hd0 type dummy
t_expect_errno "box: a container's sub-cgroup belongs to it" EPERM in_box /hbox/c1/init.scope "$PROBE" sethostname vm
t_check "host task: io_uring personality allowed" "$PROBE" uring-personality
t_expect_errno "box: io_uring personality refused (credential-swap bypass)" EPERM \
	in_box /hbox/c1 "$PROBE" uring-personality
t_check "box: chown (CHOWN) allowed" in_box /hbox/c1 "$PROBE" chown /tmp
t_check "box: raw socket (NET_RAW) allowed" in_box /hbox/c1 "$PROBE" raw-socket
t_check "box: setuid (SETUID) allowed" in_box /hbox/c1 "$PROBE" setuid 0

# --- exact counters, in a fresh cgroup ---
in_box /hbox/count "$PROBE" repeat 7 sethostname vm >/dev/null
in_box /hbox/count "$PROBE" repeat 3 sndbufforce >/dev/null
in_box /hbox/count "$PROBE" repeat 5 chown /tmp >/dev/null
t_expect_stat "counter: 7 SYS_ADMIN denials" 7 /hbox/count SYS_ADMIN denied
t_expect_stat "counter: 3 NET_ADMIN denials" 3 /hbox/count NET_ADMIN denied
t_expect_stat "counter: allowed CHOWN not counted" 0 /hbox/count CHOWN denied
t_expect_stat "counter: nothing audited in enforce mode" 0 /hbox/count SYS_ADMIN audited

# --- audit: allowed, counted ---
t_check "audit: sethostname allowed" in_box /haud/c1 "$PROBE" repeat 4 sethostname vm
t_expect_stat "audit: 4 SYS_ADMIN audited" 4 /haud/c1 SYS_ADMIN audited
t_expect_stat "audit: 0 denied" 0 /haud/c1 SYS_ADMIN denied

# --- inheritance and stickiness ---
t_expect_errno "fork: children of a bound task are denied" EPERM \
	in_box /hbox/c2 sh -c '"$0" sethostname vm' "$PROBE"
t_expect_errno "sticky: moving to the root cgroup does not escape" EPERM \
	in_box /hbox/c2 sh -c 'echo $$ > /sys/fs/cgroup/cgroup.procs; exec "$0" sethostname vm' "$PROBE"
t_expect_errno "sticky: moving to another group's cgroup does not escape" EPERM \
	in_box /hbox/c2 sh -c 'mkdir -p /sys/fs/cgroup/hopen/x; echo $$ > /sys/fs/cgroup/hopen/x/cgroup.procs; exec "$0" sethostname vm' "$PROBE"
t_expect_errno "memfd + fexecve re-exec stays policed" EPERM \
	in_box /hbox/c2 "$PROBE" memfd-exec sethostname vm

# --- reload applies to running tasks ---
mkfifo /tmp/cmd.fifo
in_box /hbox/long sh -c 'while read -r a; do "$0" $a; done < /tmp/cmd.fifo > /tmp/long.out 2>&1' "$PROBE" &
LONG=$!
exec 7>/tmp/cmd.fifo
echo "sethostname vm" >&7; sleep 1
t_check "running task: denied under caps-test" grep -q "sethostname: EPERM" /tmp/long.out
t_check "reload: allow SYS_ADMIN" "$HARDCTL" load "$POL/caps-allow-admin.conf"
: > /tmp/long.out
echo "sethostname vm" >&7; sleep 1
# Loosening does not hand capabilities back to running tasks: their sets
# were clamped at binding (docs: harden.conf(5), "Reloads").
t_check "running task: still without SYS_ADMIN after a loosening reload" \
	grep -q "sethostname: EPERM" /tmp/long.out
t_check "new task: allowed after the loosening reload" in_box /hbox/long "$PROBE" sethostname vm
t_check "reload back" "$HARDCTL" load "$POL/caps-test.conf"
: > /tmp/long.out
echo "sethostname vm" >&7; sleep 1
t_check "running task: denied again" grep -q "sethostname: EPERM" /tmp/long.out

# --- a bad policy changes nothing ---
GEN=$(generation)
printf 'group box {\n\tmatch /hbox/*\n\tcaps CHOWN SYS_ADMINN\n}\n' > /tmp/bad.conf
t_expect_output "invalid policy: file:line:col error, exit 1" \
	"/tmp/bad.conf:3:13: error: unknown capability 'SYS_ADMINN'; did you mean 'SYS_ADMIN'?
hardctl: nothing loaded; the policy in force is unchanged" \
	sh -c '"$HARDCTL" load /tmp/bad.conf; [ $? -eq 1 ]'
t_check "invalid policy: generation unchanged" test "$(generation)" = "$GEN"
echo "sethostname vm" >&7; sleep 1
t_check "invalid policy: old policy still enforces" grep -q "sethostname: EPERM" /tmp/long.out
exec 7>&-
wait "$LONG"

# --- a clamp pending on a stopped task pins the module; status says so ---
# A load queues a clamp on every running bound task whose sets exceed its
# group's list; it runs (harden's code, holding a module reference) when
# the task next returns to user space. A stopped task does not, so rmmod
# says "in use" until it is continued: status and metrics must say why.
clamps() { "$HARDCTL" -j status | sed -n 's/.*"clamps_pending":\([0-9]*\).*/\1/p'; }
capeff_admin() {	# does PID's CapEff hold SYS_ADMIN (bit 21)?
	local e
	e=$(sed -n 's/^CapEff:[[:space:]]*//p' "/proc/$1/status")
	[ $(( (0x$e >> 21) & 1 )) = 1 ]
}
no_capeff_admin() { ! capeff_admin "$1"; }
t_check "reload: allow SYS_ADMIN (clamp test)" "$HARDCTL" load "$POL/caps-allow-admin.conf"
in_box /hbox/stopped sleep 600 &
SJOB=$!
SPID=
for _ in $(seq 100); do
	SPID=$(head -n1 "$CG/hbox/stopped/cgroup.procs" 2>/dev/null)
	[ -n "$SPID" ] && [ "$(cat "/proc/$SPID/comm" 2>/dev/null)" = sleep ] && break
	sleep 0.1
done
t_check "clamp: the task runs, bound, with SYS_ADMIN" capeff_admin "$SPID"
kill -STOP "$SPID"
for _ in $(seq 50); do grep -q '^State:[[:space:]]*T' "/proc/$SPID/status" && break; sleep 0.1; done
t_check "clamp: the task is stopped" grep -q '^State:[[:space:]]*T' "/proc/$SPID/status"
t_check "clamp: no clamp pending before the load" test "$(clamps)" = 0
t_check "clamp: load caps-test (no SYS_ADMIN)" "$HARDCTL" load "$POL/caps-test.conf"
t_check "clamp: status -j counts the stopped task's clamp" test "$(clamps)" = 1
t_check "clamp: status says so" sh -c '"$HARDCTL" status | grep -q "^clamps: 1 pending on tasks that have not run since the load"'
t_check "clamp: metrics harden_clamps_pending 1" sh -c '"$HARDCTL" metrics | grep -qx "harden_clamps_pending 1"'
t_check "clamp: not run yet, the stopped task still holds SYS_ADMIN" capeff_admin "$SPID"
t_check "clamp: rmmod refused while it is pending (in use)" \
	sh -c '! rmmod harden 2>/tmp/rmmod.err && grep -q "in use" /tmp/rmmod.err'
t_check "clamp: module still loaded" grep -q "^harden " /proc/modules
kill -CONT "$SPID"
for _ in $(seq 50); do [ "$(clamps)" = 0 ] && break; sleep 0.1; done
t_check "clamp: continued, the task ran its clamp" test "$(clamps)" = 0
t_check "clamp: the task lost SYS_ADMIN" no_capeff_admin "$SPID"
t_check "clamp: no status line once none is pending" sh -c '! "$HARDCTL" status | grep -q "^clamps:"'
kill "$SPID"
wait "$SJOB"
GEN=$(generation)

# --- malformed netlink from a second client (libnl): rejected, nothing changes ---
bad=
for c in $("$NLPROBE" list); do
	t_check "netlink: malformed '$c' rejected" "$NLPROBE" bad "$c"
	t_log "$c: $T_OUT"
	[ "$(generation)" = "$GEN" ] || bad="$bad $c"
done
t_check "netlink: no malformed request changed the policy${bad:+ (changed by:$bad)}" test -z "$bad"
t_check "netlink: libnl client reads status" "$NLPROBE" status

# --- the control channel belongs to the host admin ---
t_check "reload caps-test" "$HARDCTL" load "$POL/caps-test.conf"
GEN=$(generation)
t_expect_errno "netlink: unprivileged user refused" EPERM setpriv --reuid=65534 --regid=65534 --clear-groups "$NLPROBE" status
t_expect_errno "netlink: bound task in an all-caps group refused" EPERM in_box /hopen/c1 "$NLPROBE" load-empty
t_expect_errno "netlink: unbound task in a container mount namespace, policed cgroup: refused" EPERM \
	in_cg /hbox/c3 env NLPROBE_UNSHARE_MNT=1 "$NLPROBE" status
t_check "netlink: host task (initial mount namespace) in a policed cgroup: allowed" \
	in_cg /hbox/c3 "$NLPROBE" status
t_check "netlink: still generation $GEN after refusals" test "$(generation)" = "$GEN"
t_expect_errno "tamper: delete_module from an all-caps group refused" EPERM in_box /hopen/c1 "$PROBE" delete-module harden
t_check "tamper: module still loaded" grep -q "^harden " /proc/modules

# --- docker-default.conf matches Docker's cgroups wherever --cgroup-parent puts them ---
# Docker's systemd driver makes NAME.slice/docker-ID.scope below any slice,
# its cgroupfs driver PARENT/ID, BuildKit PARENT/buildkit/ID. Without its '**' lines (the control: the
# policy as it was) such a container is not policed at all.
ID=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
ESCAPES=(/ci.slice/docker-x.scope /a.slice/a-b.slice/docker-x.scope /escape/$ID /a/b/$ID
	/ci/buildkit/kq3v7x0m2n5b8c1d4f6g9h2j5)
grep -v '^[[:space:]]*match /\*\*/' "$TOP/policies/docker-default.conf" > /tmp/old-default.conf
t_check "control: load docker-default.conf without its '**' lines" "$HARDCTL" load /tmp/old-default.conf
for cg in "${ESCAPES[@]}"; do
	t_check "control: $cg not policed, sethostname works" in_box "$cg" "$PROBE" sethostname vm
done
t_check "load policies/docker-default.conf" "$HARDCTL" load "$TOP/policies/docker-default.conf"
for cg in "${ESCAPES[@]}"; do
	t_expect_errno "$cg: policed, sethostname EPERM" EPERM in_box "$cg" "$PROBE" sethostname vm
	t_check "$cg: the denial names group docker" \
		sh -c '"$HARDCTL" stats | awk -v cg="$1" '\''$1 == cg && $2 == "docker" { f = 1 } END { exit !f }'\' _ "$cg"
done
# The last: 64 bytes like an ID, a snap app's scope (snap-confine gives it a
# private mount namespace, so it is bound).
for cg in /escape/short /system.slice/cron.service /ci.slice/docker-x.scopex \
	/user.slice/snap.microk8s.kubectl-0f4c8a2e-5b1d-4c3e-9a7f-1e2d3c4b5a69.scope; do
	t_check "$cg: no container place, not policed" in_box "$cg" "$PROBE" sethostname vm
done
t_check "reload caps-test policy" "$HARDCTL" load "$POL/caps-test.conf"

# --- tasks already running when the module loads are bound by the scan ---
t_check "rmmod" rmmod harden
mkfifo /tmp/pre.fifo
in_box /hbox/pre sh -c 'read -r x < /tmp/pre.fifo; exec "$0" sethostname vm' "$PROBE" > /tmp/pre.out 2>&1 &
PRE=$!
sleep 1
t_check "insmod with a container task running" insmod "$HARDEN_KO"
t_check "load policy" "$HARDCTL" load "$POL/caps-test.conf"
timeout 20 sh -c 'echo go > /tmp/pre.fifo' || t_fail "pre-existing task waits on its fifo"
wait "$PRE"
t_check "pre-existing container task is policed" grep -q "sethostname: EPERM" /tmp/pre.out

# --- unload while hooks fire ---
( for i in $(seq 100); do in_box /hbox/storm "$PROBE" sethostname vm; done >/dev/null 2>&1 ) &
STORM=$!
ok=1
for i in $(seq 10); do
	rmmod harden || ok=0
	insmod "$HARDEN_KO" || ok=0
	"$HARDCTL" load "$POL/caps-test.conf" >/dev/null || ok=0
done
wait "$STORM"
[ $ok = 1 ] && t_pass "10 unload/reload cycles while hooks fire" || t_fail "unload/reload under load"
t_check "rmmod at the end" rmmod harden
t_check "no policy after unload: sethostname allowed" in_box /hbox/c9 "$PROBE" sethostname vm
t_done
