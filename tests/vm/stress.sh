#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 400
#
# Guest suite: a bounded storm. For SECONDS (the first argument, else
# $STRESS_SECONDS, else 60) all of these run at the same time:
#
#   reload   hardctl load of stress-a.conf and stress-b.conf in turns, and
#            every 4th round an invalid load (a policy file with an unknown
#            capability, or a malformed SET_POLICY from nlprobe) that must be
#            refused, after which `hardctl show` must still be A, B or (just
#            after an insmod) empty;
#   churn    cgroups made and removed under /sbox, /saud and /sopen, each
#            with a stressprobe bound in it by exec for about a second;
#   workers  one stressprobe per CPU bound for the whole storm (one in the
#            host netns with its own UTS ns, one in netns "sns"): capability
#            uses, mounts, fsmount, /proc/PID/ns and mem opens, signals,
#            ptrace attach of a target in another container, UDP/TCP across
#            the veth pair, sysctl opens, cgroup mkdir inside and outside;
#   dumps    hardctl stats, stats -j, metrics, status, -j status;
#   monitor  hardctl monitor throughout (restarted when the module goes);
#   docker   with STRESS_DOCKER=1 (tests/vm/_stress_docker.sh) also
#            `docker run --rm` of a container that runs a stressprobe
#            against a target of its own for 2 s, one after the other;
#   module   rmmod + insmod + load stress-a.conf (unlocked mode), then
#            DWELL seconds loaded (the second argument, else $STRESS_DWELL,
#            else 8).
#
# At the end each loop prints one line "stress: NAME=COUNT ..." and the
# checks: every loop made progress, every invalid load was refused, the
# policy in force is A or B and `hardctl show` prints it, tracked tasks and
# memory come back once the stress cgroups are gone, no harden error in
# dmesg, and the module unloads. The harness itself fails the run on an
# oops, WARN, lockup or hang.
#
#   tests/vm/run --kernel 6.1 tests/vm/stress.sh              (60 s storm)
#   tests/vm/run --kernel 6.12 --timeout 1300 tests/vm/stress.sh 900
#   tests/vm/run --kernel 6.1 --timeout 900 --env STRESS_SECONDS=600 \
#       --env STRESS_DWELL=2 tests/vm/stress.sh
# The guest sees none of the host's environment: only what tests/vm/run
# writes in its env file (its --env options) and the arguments after the
# script. --timeout: about SECONDS + 300.
set -u
. "$TOP/tests/vm/lib.sh"

DOCKER=${STRESS_DOCKER:-0}
DUR=${1:-${STRESS_SECONDS:-60}}
DWELL=${2:-${STRESS_DWELL:-8}}
SP=$TOP/build/bin/stressprobe
NLPROBE=$TOP/build/bin/nlprobe
POL=$TOP/tests/vm/policies
CG=/sys/fs/cgroup
S=/tmp/stress
STOP=$S/stop
mkdir -p "$S"
rm -f "$STOP"
NCPU=$(nproc)

loaded() { grep -q '^harden ' /proc/modules; }
# A number from `hardctl -j status` (one line of JSON; no python3, which
# takes seconds to start under TCG).
status_field() {
	local j
	j=$("$HARDCTL" -j status 2>/dev/null)
	[[ $j =~ \"$1\":([0-9]+) ]] && echo "${BASH_REMATCH[1]}"
}
# The policy in force, without show's header (generation and load time).
show() {
	local o rc
	o=$("$HARDCTL" show 2>&1); rc=$?
	[[ $o == "# harden policy generation"* ]] && o=${o#*$'\n'}
	printf '%s\n' "$o"
	return "$rc"
}
count() { echo $(($(cat "$S/$1" 2>/dev/null || echo 0))); }
bump() { echo $(($(count "$1") + 1)) >"$S/$1"; }

WITH=
[ "$DOCKER" = 1 ] && WITH=", with Docker"
t_log "storm of ${DUR}s on $NCPU CPUs$WITH"
t_check "stressprobe built" test -x "$SP"
if [ "$DOCKER" = 1 ]; then
	. "$TOP/tests/vm/docker.sh"
	docker_start || { t_fail "dockerd starts"; t_done; }
	t_check "busybox image" docker_import_busybox
fi
t_check "insmod harden.ko" insmod "$HARDEN_KO"
SHOW0=$(show)
t_check "load stress-a" "$HARDCTL" load "$POL/stress-a.conf"
SHOWA=$(show)
t_check "load stress-b" "$HARDCTL" load "$POL/stress-b.conf"
SHOWB=$(show)
t_check "show A and show B differ" test "$SHOWA" != "$SHOWB"
printf 'group bad {\n\tmatch /sbox/*\n\tcaps CHOWN SYS_ADMINN\n}\n' >"$S/bad.conf"
t_check_fails "bad.conf is invalid" "$HARDCTL" check "$S/bad.conf"
mapfile -t BADCASES < <("$NLPROBE" list)
t_check "nlprobe has malformed cases" test "${#BADCASES[@]}" -gt 0

# --- baseline: before any stress cgroup exists ---
TASKS0=$(status_field tracked_tasks)
CGS0=$(status_field tracked_cgroups)
MEM0=$(status_field memory_bytes)
t_log "baseline: tracked_tasks=$TASKS0 tracked_cgroups=$CGS0 memory_bytes=$MEM0"

mkdir -p "$CG/sbox" "$CG/saud" "$CG/sopen" "$CG/stress-victim"
# Bytes per tracked task and per cgroup entry, for the leak check.
"$SP" box sopen/target target &
TARGET=$!
"$SP" box sopen/target target &
TARGET2=$!
sleep 1
TASKS2=$(status_field tracked_tasks)
MEM2=$(status_field memory_bytes)
CGS2=$(status_field tracked_cgroups)
kill "$TARGET2"; wait "$TARGET2" 2>/dev/null
sleep 0.5
TASKS1=$(status_field tracked_tasks)
MEM1=$(status_field memory_bytes)
PER_TASK=$((MEM2 - MEM1))
PER_CG=$((MEM1 - MEM0 - PER_TASK))
t_log "one target: tracked_tasks=$TASKS1 memory_bytes=$MEM1; two: $TASKS2 $MEM2 (cgroups $CGS2)"
t_log "bytes per task $PER_TASK, per cgroup entry (/sopen/target) $PER_CG"
t_check "the target is tracked" test "$TASKS1" = $((TASKS0 + 1)) -a "$TASKS2" = $((TASKS0 + 2))

# A second network namespace, one veth pair: 10.77.0.1 here, .2 in sns.
ip netns add sns
ip link add sv0 type veth peer name sv1
ip link set sv1 netns sns
ip addr add 10.77.0.1/24 dev sv0 && ip link set sv0 up
ip -n sns addr add 10.77.0.2/24 dev sv1 && ip -n sns link set sv1 up && ip -n sns link set lo up

# --- the loops; each writes its counters under $S ---
reload_loop() {
	local i=0 rc out f c
	while [ ! -e "$STOP" ]; do
		i=$((i + 1))
		# The invalid loads first (rounds 1, 5, 9, ...): a slow kernel (the
		# debug one, about 5 rounds a storm) refuses one too.
		if [ $((i % 4)) -eq 1 ]; then
			if [ $((i % 8)) -eq 1 ]; then
				out=$("$HARDCTL" load "$S/bad.conf" 2>&1); rc=$?
				if [ "$rc" -eq 1 ]; then bump refused; else bump accepted; echo "bad.conf: rc $rc: $out" >>"$S/why"; fi
			else
				c=${BADCASES[$(((i / 8) % ${#BADCASES[@]}))]}
				out=$("$NLPROBE" bad "$c" 2>&1); rc=$?
				case $rc in
				0) bump refused ;;
				3|4) bump nofamily ;;	# the module is being reloaded
				*) bump accepted; echo "nlprobe bad $c: rc $rc: $out" >>"$S/why" ;;
				esac
			fi
			out=$(show); rc=$?
			if [ "$rc" -eq 0 ] && [ "$out" != "$SHOWA" ] && [ "$out" != "$SHOWB" ] &&
			   [ "$out" != "$SHOW0" ]; then
				bump showbad; printf 'show after an invalid load:\n%s\n' "$out" >>"$S/why"
			fi
			continue
		fi
		f=$POL/stress-a.conf
		[ $((i % 2)) -eq 0 ] && f=$POL/stress-b.conf
		out=$("$HARDCTL" load "$f" 2>&1); rc=$?
		case $rc in
		0) bump reloads ;;
		3) bump nofamily ;;
		*) bump loadfail; echo "load $f: rc $rc: $out" >>"$S/why" ;;
		esac
	done
}

# Under TCG an insmod takes about 0.3 s and an rmmod 0.5 s (they took 7-10 s
# and 9-20 s when each hook was its own ftrace_ops, found by name): leave
# the module loaded DWELL seconds between cycles, or the storm would mostly
# run without it.
module_loop() {
	local out
	while [ ! -e "$STOP" ]; do
		sleep "$DWELL"
		[ -e "$STOP" ] && break
		if ! out=$(rmmod harden 2>&1); then
			bump rmmod_busy; echo "rmmod: $out" >>"$S/rmmod.log"
			continue
		fi
		if ! out=$(insmod "$HARDEN_KO" 2>&1); then
			bump insmodfail; echo "insmod: $out" >>"$S/why"
			sleep 1
			insmod "$HARDEN_KO" 2>/dev/null
		fi
		"$HARDCTL" load "$POL/stress-a.conf" >/dev/null 2>&1 || bump modload_fail
		bump modcycles
	done
	loaded || insmod "$HARDEN_KO"
}

dump_loop() {
	local c rc
	while [ ! -e "$STOP" ]; do
		for c in stats "-j stats" metrics status "-j status"; do
			# shellcheck disable=SC2086 # words on purpose
			"$HARDCTL" $c >/dev/null 2>&1; rc=$?
			if [ "$rc" -ge 128 ]; then
				bump dumpcrash; echo "hardctl $c: killed by signal $((rc - 128))" >>"$S/why"
			fi
		done
		bump dumps
	done
}

# A monitor subscribed to the module before an rmmod hears nothing from the
# next one: restart it after every module cycle too.
monitor_loop() {
	local pid cyc
	while [ ! -e "$STOP" ]; do
		cyc=$(count modcycles)
		"$HARDCTL" monitor >>"$S/monitor.out" 2>&1 &
		pid=$!
		echo "$pid" >"$S/monitor.pid"
		while kill -0 "$pid" 2>/dev/null && [ "$cyc" = "$(count modcycles)" ] &&
		      [ ! -e "$STOP" ]; do
			sleep 0.5
		done
		kill "$pid" 2>/dev/null
		wait "$pid"
		bump monitors
	done
}

churn_loop() {
	local i=0 g cg
	local groups=(sbox saud sopen)
	while [ ! -e "$STOP" ]; do
		i=$((i + 1))
		g=${groups[$((i % 3))]}
		cg=$g/c$(printf %05d "$i")
		"$SP" box "$cg" run 1 "$TARGET" 10.77.0.2 >>"$S/workers.out" 2>>"$S/workers.err"
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			find "$CG/$cg" -depth -type d -exec rmdir {} + 2>/dev/null
			[ -d "$CG/$cg" ] || break
			sleep 0.2
		done
		if [ -d "$CG/$cg" ]; then
			bump churn_stuck; echo "cgroup $cg not removed" >>"$S/why"
		else
			bump churns
		fi
	done
}

# docker run --rm, one after the other (4-7 s each under TCG). A run can
# fail when an insmod's scan binds runc's init halfway through the
# container's setup (kmod/track.c): counted, not a failure.
docker_loop() {
	while [ ! -e "$STOP" ]; do
		if docker run --rm -v "$TOP/build/bin:/probe:ro" "$IMG" sh -c \
			'/probe/stressprobe target & /probe/stressprobe run 2 $! 172.17.0.1; kill $!' \
			>>"$S/dworkers.out" 2>>"$S/dworkers.err"; then
			bump dchurns
		else
			bump dchurn_fail
		fi
	done
}

START=$(date +%s)
reload_loop & PIDS=($!)
module_loop & MODPID=$!
dump_loop & PIDS+=($!)
monitor_loop & MONPID=$!
churn_loop & PIDS+=($!)
[ "$DOCKER" = 1 ] && { docker_loop & PIDS+=($!); }
WORKERS=()
for c in $(seq 0 $((NCPU - 1))); do
	if [ $((c % 2)) -eq 0 ]; then
		"$SP" box -u "sbox/long$c" run "$DUR" "$TARGET" 10.77.0.2 >>"$S/workers.out" 2>>"$S/workers.err" &
	else
		"$SP" box -n sns "saud/long$c" run "$DUR" "$TARGET" 10.77.0.1 >>"$S/workers.out" 2>>"$S/workers.err" &
	fi
	WORKERS+=($!)
done
sleep "$DUR"
touch "$STOP"
wait "${WORKERS[@]}"
# The module loop first, so that the reload loop ends with a load of its own.
wait "$MODPID"
wait "${PIDS[@]}"
wait "$MONPID"
t_log "storm over after $(($(date +%s) - START))s"

# --- what each loop reached ---
ROUNDS=0 CALLS=0 REFUSEDOPS=0 NWORKERS=0
while read -r _ r c f; do
	ROUNDS=$((ROUNDS + ${r#rounds=})); CALLS=$((CALLS + ${c#calls=}))
	REFUSEDOPS=$((REFUSEDOPS + ${f#refused=})); NWORKERS=$((NWORKERS + 1))
done < <(grep '^stressprobe: rounds=' "$S/workers.out")
DROUNDS=0
[ "$DOCKER" = 1 ] && while read -r _ r _; do DROUNDS=$((DROUNDS + ${r#rounds=})); done \
	< <(grep '^stressprobe: rounds=' "$S/dworkers.out")
EVENTS=$(grep -c . "$S/monitor.out")
echo "stress: reloads=$(count reloads) nofamily=$(count nofamily) loadfail=$(count loadfail)"
echo "stress: refused=$(count refused) accepted=$(count accepted) showbad=$(count showbad)"
echo "stress: churns=$(count churns) churn_stuck=$(count churn_stuck)"
echo "stress: workers=$NWORKERS rounds=$ROUNDS calls=$CALLS refused_calls=$REFUSEDOPS"
[ "$DOCKER" = 1 ] &&
	echo "stress: docker_runs=$(count dchurns) docker_fail=$(count dchurn_fail) docker_rounds=$DROUNDS"
echo "stress: dumps=$(count dumps) dumpcrash=$(count dumpcrash)"
echo "stress: monitors=$(count monitors) monitor_lines=$EVENTS"
echo "stress: modcycles=$(count modcycles) rmmod_busy=$(count rmmod_busy) insmodfail=$(count insmodfail)"
[ -s "$S/why" ] && sed 's/^/# why: /' "$S/why" | head -n 40
[ -s "$S/workers.err" ] && sed 's/^/# worker: /' "$S/workers.err" | sort | uniq -c | head -n 20
[ -s "$S/dworkers.err" ] && sed 's/^/# docker: /' "$S/dworkers.err" | sort | uniq -c | head -n 20
[ -s "$S/rmmod.log" ] && sort "$S/rmmod.log" | uniq -c | sed 's/^/# /'

for n in reloads refused churns dumps modcycles; do
	t_check "loop made progress: $n" test "$(count "$n")" -gt 0
done
t_check "loop made progress: worker rounds" test "$ROUNDS" -gt 0
if [ "$DOCKER" = 1 ]; then
	t_check "loop made progress: docker runs" test "$(count dchurns)" -gt 0
	t_check "loop made progress: rounds in containers" test "$DROUNDS" -gt 0
fi
# A churn worker that could not join its new cgroup (EPERM on cgroup.procs,
# seen once in about ten storms on 6.1, cause not found yet: see
# docs/robustness.md) never ran; it is shown as a SKIP, not hidden.
JOINFAIL=$(grep -c '^stressprobe: join ' "$S/workers.err" 2>/dev/null)
echo "stress: joinfail=${JOINFAIL:-0}"
t_check "every worker finished or failed to join ($((NCPU + $(count churns) + $(count churn_stuck))) started)" \
	test $((NWORKERS + ${JOINFAIL:-0})) -eq $((NCPU + $(count churns) + $(count churn_stuck)))
if [ "${JOINFAIL:-0}" -gt 0 ]; then
	# What harden said about each such pid (a tamper cgroup_move from it
	# would name harden), and the kernel's last words on cgroups.
	for p in $(sed -n 's/^stressprobe: join .*(pid \([0-9]*\),.*/\1/p' "$S/workers.err"); do
		grep " pid $p " "$S/monitor.out" | head -n 5 | sed "s/^/# joinfail pid $p event: /"
		grep -q " pid $p " "$S/monitor.out" || echo "# joinfail pid $p: no harden event"
	done
	dmesg | grep -iE 'cgroup|harden' | tail -n 10 | sed 's/^/# joinfail dmesg: /'
	t_skip "every worker joined its cgroup" "$JOINFAIL could not write their cgroup.procs (unexplained EPERM)"
fi
t_check "workers were refused something" test "$REFUSEDOPS" -gt 0
t_check "loop made progress: monitor printed events" test "$EVENTS" -gt 0
t_check "every invalid load refused" test "$(count accepted)" -eq 0
t_check "show after every invalid load: A, B or empty" test "$(count showbad)" -eq 0
t_check "no valid load failed except while the module was away" test "$(count loadfail)" -eq 0
t_check "every churned cgroup removed" test "$(count churn_stuck)" -eq 0
t_check "no hardctl killed by a signal" test "$(count dumpcrash)" -eq 0
t_check "every insmod succeeded" test "$(count insmodfail)" -eq 0

# --- the policy in force after the storm ---
t_check "module loaded after the storm" loaded
SHOW=$(show)
if [ "$SHOW" = "$SHOWA" ]; then
	t_pass "policy in force after the storm is stress-a"
elif [ "$SHOW" = "$SHOWB" ]; then
	t_pass "policy in force after the storm is stress-b"
else
	t_fail "policy in force after the storm is stress-a or stress-b"
	printf '%s\n' "$SHOW" | sed 's/^/    | /' | head -n 20
fi
t_expect_output "show round-trips through check" "<stdin>: OK, 4 groups" \
	sh -c '"$HARDCTL" show | "$HARDCTL" check -'
t_check "status: 4 groups" test "$(status_field groups)" = 4
GEN=$(status_field generation)
t_check_fails "quiet: bad.conf refused" "$HARDCTL" load "$S/bad.conf"
t_check "quiet: malformed SET_POLICY refused" "$NLPROBE" bad unknown-cap
t_check "quiet: generation unchanged by refused loads" test "$(status_field generation)" = "$GEN"
t_check "quiet: show unchanged by refused loads" test "$(show)" = "$SHOW"

# --- no leak once the stress cgroups are gone ---
kill "$TARGET"; wait "$TARGET" 2>/dev/null
ip netns del sns
[ "$DOCKER" = 1 ] && docker_stop
for d in sbox saud sopen stress-victim; do
	find "$CG/$d" -depth -type d -exec rmdir {} + 2>/dev/null
done
t_check "stress cgroups removed" sh -c '! ls -d /sys/fs/cgroup/sbox /sys/fs/cgroup/saud /sys/fs/cgroup/sopen /sys/fs/cgroup/stress-victim 2>/dev/null'
for _ in $(seq 20); do
	[ "$(status_field tracked_tasks)" = "$TASKS0" ] && break
	sleep 0.5
done
TASKS=$(status_field tracked_tasks)
CGS=$(status_field tracked_cgroups)
MEM=$(status_field memory_bytes)
t_log "after: tracked_tasks=$TASKS tracked_cgroups=$CGS memory_bytes=$MEM"
t_check "tracked tasks back to the baseline ($TASKS0)" test "$TASKS" = "$TASKS0"
t_expect_output "no cgroup entry holds a task" "" sh -c '"$HARDCTL" -j stats |
	python3 -c "import json, sys
for c in json.load(sys.stdin)[\"cgroups\"]:
	if c[\"tasks\"]: print(c[\"path\"], c[\"tasks\"])"'
# What is left is cgroup entries (kept HARDEN_CGROUP_KEEP_SECS for their
# counters, or until the next collection): PER_CG bytes each, give or take
# the length of a path (that of /sopen/target is in PER_CG; 64 for others).
t_check "memory: only tracked tasks and cgroup entries ($TASKS x $PER_TASK + $CGS x ($PER_CG + 64))" \
	test "$MEM" -le $((TASKS * PER_TASK + CGS * (PER_CG + 64)))
if [ "$CGS" -le "$CGS0" ]; then
	t_check "memory back to the baseline" test "$MEM" -le "$MEM0"
fi

# --- the kernel's view ---
# harden's own error and warning messages (kmod/*.c pr_err, pr_warn).
t_check "no harden error in dmesg" sh -c '! dmesg | grep -E "harden: (cannot|not loaded|this kernel|events group joined before|address table full)"'
dmesg | grep -E 'harden: ' | sed -E 's/[0-9]+/N/g' | sort | uniq -c | sort -rn | head -n 8 | sed 's/^/# dmesg: /'
# The module must unload. A reference held for a moment (a dump or a
# clamp still finishing) may refuse the first rmmod, as it does an admin's:
# retry for 10 s like one would, and say who held it each time. One that
# stays is a leak and fails.
BUSY=0
for _ in $(seq 20); do
	out=$(rmmod harden 2>&1) && break
	BUSY=$((BUSY + 1))
	[ "$BUSY" -le 3 ] && t_log "rmmod refused ($out): refcnt=$(cat /sys/module/harden/refcnt 2>/dev/null) clamps_pending=$(status_field clamps_pending)"
	sleep 0.5
done
if loaded; then
	t_fail "rmmod at the end" "refused $BUSY times over 10 s: $out"
	ps -eo pid,ppid,stat,wchan:24,cgroup:40,args | sed 's/^/# ps: /'
	grep -H . /proc/[0-9]*/task/*/stack 2>/dev/null | grep -i harden | head -n 20 | sed 's/^/# stack: /'
else
	[ "$BUSY" -gt 0 ] && t_log "rmmod refused $BUSY times before it went through"
	t_pass "rmmod at the end"
fi
t_check "harden gone from /proc/modules" sh -c '! grep -q "^harden " /proc/modules'
t_done
