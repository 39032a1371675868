#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 600
# vm-session: docker
#
# Guest suite: harden's ptrace area with real Docker containers, under
# tests/vm/policies/ptrace-docker.conf (ptrace container, signal container,
# caps all) and its audit twin. "caps all" on purpose: docker-default.conf's
# capability clamp (no SYS_PTRACE, no SYS_ADMIN) refuses most of these
# attacks before the ptrace hook is asked; this suite proves the process
# boundary itself.
#
# Containers (started once, before insmod: the controls run in them, then
# the checks, which bound them by its load-time scan; Docker starts cost
# seconds under TCG):
#   hp  --pid=host --cap-add SYS_PTRACE --security-opt apparmor=unconfined
#       (where AppArmor is on, docker-default would refuse hp's ptrace and
#       signals to unconfined host tasks itself, and the control would
#       prove nothing about harden: the misconfiguration tested is a
#       container without that profile)
#   pr  --privileged --pid=host
#   c1  --cap-add SYS_PTRACE, two ptprobe targets t1 and t2
#   c2  --pid=container:c1 --cap-add SYS_PTRACE
# Attacks (ptprobe, bind-mounted at /probe; busybox nsenter):
#   hp, pr against host processes, among them the root daemon dockerd:
#     PTRACE_ATTACH (dockerd, a host process), /proc/PID/mem and
#     process_vm_readv of dockerd, pidfd_getfd of dockerd's fd 0, a listing
#     through /proc/1/root, kill -TERM of a host sleep, SIGURG to a host
#     process, kill -0 of dockerd; pr also setpriority and
#     sched_setaffinity of dockerd (op sched), `nsenter -t 1 -m -p` and setns
#     through a pidfd of PID 1
#   c2 against c1's t1 (the same pid namespace): attach, mem, vm-readv,
#     getfd, /proc/PID/root, SIGURG
#   c1 against its own t2 (and t1): the same, allowed
# Each works without the module (control), is refused with it and counted
# against the attacker's /docker/<full id> (host or other_container, or
# the signal number), allowed and counted as audited in audit mode. The host
# still attaches to and nsenters into container processes, and docker stop
# and docker kill still work. c3, started after the load (bound at runc's
# exec) with --pid=container:c1, traces its own task but not c1's, nor c1
# its. One event carries the target.
set -u
. "$TOP/tests/vm/lib.sh"
. "$TOP/tests/vm/docker.sh"

P=/probe/ptprobe
PT=$PROBE_DIR/ptprobe
ENF=$POL/ptrace-docker.conf
AUD=$POL/ptrace-docker-audit.conf
D=/tmp/ptd
mkdir -p "$D"
URG=23
# PID 1 of every container: ends at once on docker stop's SIGTERM.
LOOP='trap "exit 0" TERM; while :; do sleep 1; done'
RUN=(docker run -d -v "$PROBE_DIR:/probe:ro")

cid() { docker inspect -f '{{.Id}}' "$1"; }

# --- attacks: all of one container's run in one docker exec ---------------
# atk_add NAME COMMAND: COMMAND runs in the container (sh -c); atk_run
# leaves one line "@@ NAME RC OUTPUT" per attack in ATK_OUT.
ATK_NAMES=() ATK_CMDS=()
atk_reset() { ATK_NAMES=() ATK_CMDS=(); }
atk_add() { ATK_NAMES+=("$1"); ATK_CMDS+=("$2"); }
atk_run() {	# CONTAINER
	local i s=
	for i in "${!ATK_NAMES[@]}"; do
		s+="o=\$(${ATK_CMDS[i]} 2>&1); r=\$?; echo \"@@ ${ATK_NAMES[i]} \$r \$o\"; "
	done
	ATK_OUT=$(docker exec "$1" sh -c "$s" 2>&1)
}
atk_rc() { awk -v n="$1" '$1 == "@@" && $2 == n { print $3; f = 1 } END { if (!f) print "none" }' <<<"$ATK_OUT"; }
atk_msg() { awk -v n="$1" '$1 == "@@" && $2 == n { $1 = $2 = $3 = ""; sub(/^ +/, ""); print }' <<<"$ATK_OUT"; }
# atk_expect PREFIX works|refused: every attack of the last atk_run
atk_expect() {
	local name rc msg
	for name in "${ATK_NAMES[@]}"; do
		rc=$(atk_rc "$name") msg=$(atk_msg "$name")
		case $2 in
		works)
			if [ "$rc" = 0 ]; then
				t_pass "$1: $name works ($msg)"
			else
				T_OUT=$ATK_OUT; t_fail "$1: $name works" "exit $rc: $msg"; _t_show
			fi ;;
		refused)
			# EPERM, or EACCES from a /proc open; busybox nsenter
			# says "Permission denied".
			if [ "$rc" != 0 ] && [ "$rc" != none ] &&
			   [[ "$msg" =~ EPERM|EACCES|"Permission denied" ]]; then
				t_pass "$1: $name refused ($msg)"
			else
				T_OUT=$ATK_OUT; t_fail "$1: $name refused" "exit $rc: $msg"; _t_show
			fi ;;
		esac
	done
}

# host_attacks [nsenter]: the attacks on host processes (pr adds nsenter).
host_attacks() {
	atk_reset
	atk_add attach-dockerd "$P attach $DOCKERD"
	atk_add attach-host-process "$P attach $HPID"
	atk_add mem-dockerd "$P mem $DOCKERD $ADDR"
	atk_add vm-readv-dockerd "$P vm-readv $DOCKERD $ADDR"
	atk_add getfd-dockerd "$P getfd $DOCKERD 0"
	atk_add proc1-root "$P root 1"
	atk_add kill-term-host-sleep "$P kill $SLEEP TERM"
	atk_add sigurg-host-process "$P kill $HPID URG"
	atk_add kill0-dockerd "$P kill $DOCKERD 0"
	if [ $# -gt 0 ]; then
		# setpriority and sched_setaffinity: the kernel compares uids,
		# and capabilities only when the target has some the caller
		# lacks (cap_safe_nice), so hp cannot, but a --privileged
		# container reschedules dockerd (with the same values back).
		atk_add nice-dockerd "$P nice $DOCKERD"
		atk_add affinity-dockerd "$P affinity $DOCKERD"
		atk_add nsenter-1 "nsenter -t 1 -m -p true"
		atk_add ns-pidfd-1 "$P ns-pidfd 1"
	fi
}
# peer_attacks NSPID: the attacks on a process of c1 (pid in c1's namespace).
peer_attacks() {
	atk_reset
	atk_add attach "$P attach $1"
	atk_add mem "$P mem $1"
	atk_add vm-readv "$P vm-readv $1"
	atk_add getfd "$P getfd $1 2"
	atk_add root "$P root $1"
	atk_add sigurg "$P kill $1 URG"
}

# --- targets ----------------------------------------------------------------

# host_sleep: a new host sleep for the containers to try to kill.
SLEEPS=()
host_sleep() {
	sleep 100000 </dev/null >/dev/null 2>&1 &
	SLEEP=$!
	SLEEPS+=("$SLEEP")
}
# c1_targets CONTAINER: T1/T2 (host pids) and N1/N2 (in c1's pid namespace)
# of its two ptprobe targets, once both are ready.
c1_targets() {
	local id p i n
	id=$(cid "$1")
	T1='' T2=''
	for ((i = 0; i < 100; i++)); do
		for p in $(pgrep -f "^/probe/ptprobe target /tmp/t[12]\$"); do
			grep -q "$id" "/proc/$p/cgroup" 2>/dev/null || continue
			[ -e "/proc/$p/root/tmp/t1" ] && [ -e "/proc/$p/root/tmp/t2" ] || continue
			n=$(awk '/^NSpid:/ { print $NF }' "/proc/$p/status")
			case $(tr '\0' ' ' <"/proc/$p/cmdline") in
			*t1\ ) T1=$p N1=$n ;;
			*t2\ ) T2=$p N2=$n ;;
			esac
		done
		[ -n "$T1" ] && [ -n "$T2" ] && return 0
		sleep 0.2
	done
	return 1
}
urg_t1() { cat "/proc/$T1/root/tmp/t1" 2>/dev/null || echo "?"; }
urg_h() { cat "$D/h" 2>/dev/null || echo "?"; }

# start_containers SUFFIX: hp, pr, c1, c2 with SUFFIX; ids in HP PR C1 C2
start_containers() {
	local s=$1
	t_check "start hp$s (--pid=host --cap-add SYS_PTRACE)" \
		"${RUN[@]}" --name "hp$s" --pid=host --cap-add SYS_PTRACE \
		--security-opt apparmor=unconfined "$IMG" sh -c "$LOOP"
	t_check "start pr$s (--privileged --pid=host)" \
		"${RUN[@]}" --name "pr$s" --privileged --pid=host "$IMG" sh -c "$LOOP"
	t_check "start c1$s (--cap-add SYS_PTRACE, two targets)" \
		"${RUN[@]}" --name "c1$s" --cap-add SYS_PTRACE "$IMG" \
		sh -c "$P target /tmp/t1 & $P target /tmp/t2 & $LOOP"
	t_check "start c2$s (--pid=container:c1$s --cap-add SYS_PTRACE)" \
		"${RUN[@]}" --name "c2$s" --pid="container:c1$s" --cap-add SYS_PTRACE "$IMG" sh -c "$LOOP"
	HP=/docker/$(cid "hp$s") PR=/docker/$(cid "pr$s") C1=/docker/$(cid "c1$s") C2=/docker/$(cid "c2$s")
	if c1_targets "c1$s"; then
		t_pass "c1$s: targets t1 ($T1, $N1 inside) and t2 ($T2, $N2 inside) ready"
	else
		t_fail "c1$s: targets t1 and t2 ready" "t1=$T1 t2=$T2"
	fi
}

# sleep_check LABEL works|refused: the host sleep was killed, or not
sleep_check() {
	if [ "$2" = works ]; then
		t_check "$1: the host sleep was killed" sh -c \
			'for i in $(seq 50); do kill -0 "$0" 2>/dev/null || exit 0; sleep 0.1; done; exit 1' "$SLEEP"
	else
		t_check "$1: the host sleep is alive" kill -0 "$SLEEP"
	fi
}

# run_phase LABEL works|refused SUFFIX: every attack of every container
run_phase() {
	local lbl=$1 want=$2 s=$3 u0
	host_sleep
	host_attacks
	atk_run "hp$s"
	atk_expect "$lbl, hp (--pid=host, SYS_PTRACE)" "$want"
	sleep_check "$lbl, hp" "$want"
	host_sleep
	host_attacks nsenter
	atk_run "pr$s"
	atk_expect "$lbl, pr (--privileged --pid=host)" "$want"
	sleep_check "$lbl, pr" "$want"
	u0=$(urg_t1)
	peer_attacks "$N1"
	atk_run "c2$s"
	atk_expect "$lbl, c2 (--pid=container:c1) against c1's t1" "$want"
	sleep 0.5
	if [ "$want" = works ]; then
		t_check "$lbl: c1's t1 got c2's SIGURG" test "$(urg_t1)" = $((u0 + 1))
	else
		t_check "$lbl: c1's t1 got nothing from c2" test "$(urg_t1)" = "$u0"
	fi
	# Same container: allowed whatever the mode.
	peer_attacks "$N2"
	atk_run "c1$s"
	atk_expect "$lbl, c1 against its own t2" works
	atk_reset
	atk_add attach-t1 "$P attach $N1"
	atk_add busybox-kill-t1 "kill -URG $N1"
	atk_run "c1$s"
	atk_expect "$lbl, c1 against its own t1" works
}

# --- setup ------------------------------------------------------------------

mark() { t_log "[${SECONDS}s] $*"; }
t_check "no harden module loaded" sh -c '! grep -q "^harden " /proc/modules'
t_check "ptprobe built" test -x "$PT"
docker_start || { t_fail "dockerd starts"; t_done; }
t_check "import busybox image" docker_import_busybox "$IMG"
t_check "busybox has nsenter" test -n "$(busybox --list | grep -x nsenter)"
DOCKERD=$(cat /run/docker.pid)
# dockerd's first readable mapping: where mem and vm-readv read.
ADDR=0x$(awk '$2 ~ /^r/ { split($1, a, "-"); print a[1]; exit }' "/proc/$DOCKERD/maps")
t_log "dockerd $DOCKERD ($(cat "/proc/$DOCKERD/comm")), reading at $ADDR; its fd 0 -> $(readlink "/proc/$DOCKERD/fd/0")"
"$PT" target "$D/h" </dev/null >/dev/null 2>&1 &
HPID=$!
for ((i = 0; i < 50; i++)); do [ -e "$D/h" ] && break; sleep 0.1; done
t_check "host process (a ptprobe target) ready" test -e "$D/h"
mark "dockerd up"

# --- control: no module ------------------------------------------------------
# The same containers serve the control and, after insmod, the checks (bound
# by the insmod-time scan; every attacker is a `docker exec`, bound at its
# own exec). c3, started after the load, is a container bound at runc's exec.

start_containers ""
mark "containers started"
run_phase "control, no module" works ""
t_check "control: the host process got the SIGURGs of hp and pr" test "$(urg_h)" = 2
mark "control done"

# --- enforce: ptrace container, signal container ------------------------------

t_check "insmod harden.ko" insmod "$HARDEN_KO"
t_check "hardctl check ptrace-docker.conf" "$HARDCTL" check "$ENF"
t_check "load ptrace-docker.conf" "$HARDCTL" load "$ENF"
"$HARDCTL" monitor -j >"$D/mon.json" 2>"$D/mon.err" &
MON=$!
run_phase "enforce" refused ""
t_check "enforce: the host process got no SIGURG" test "$(urg_h)" = 2
mark "enforce done"

STATS=
want() { STATS+="$1|$2|$3|$4|$5|$6|$7"$'\n'; }
# want_attacks LABEL COL HPN PRN: the counters of hp, pr, c2 and c1 after
# one run of the attacks (PRN: pr's ptrace_read of the host, which depends
# on how far nsenter gets)
want_attacks() {
	local l=$1 col=$2 c n cg rd sc
	for c in "hp:$HP:$3:0" "pr:$PR:$4:2"; do
		IFS=: read -r n cg rd sc <<<"$c"
		want "$l: $n: attach, mem, vm-readv, getfd of host processes: ptrace_attach host" 5 "$cg" ptrace ptrace_attach 1 "$col"
		want "$l: $n: /proc/1/root (and nsenter, setns): ptrace_read host" "$rd" "$cg" ptrace ptrace_read 1 "$col"
		want "$l: $n: kill -TERM: signal 15" 1 "$cg" ptrace signal 15 "$col"
		want "$l: $n: SIGURG: signal $URG" 1 "$cg" ptrace signal "$URG" "$col"
		want "$l: $n: kill -0: signal 0" 1 "$cg" ptrace signal 0 "$col"
		want "$l: $n: nice and affinity of dockerd: sched host" "$sc" "$cg" ptrace sched 1 "$col"
		want "$l: $n: nothing else" $((5 + rd + 3 + sc)) "$cg" '*' '*' '*' "$col"
	done
	want "$l: c2: attach, mem, vm-readv, getfd of c1's t1: ptrace_attach other_container" 4 "$C2" ptrace ptrace_attach 2 "$col"
	want "$l: c2: /proc/<t1>/root: ptrace_read other_container" 1 "$C2" ptrace ptrace_read 2 "$col"
	want "$l: c2: SIGURG to t1: signal $URG" 1 "$C2" ptrace signal "$URG" "$col"
	want "$l: c2: nothing else" 6 "$C2" '*' '*' '*' "$col"
	want "$l: c1: its own tasks: nothing counted" 0 "$C1" '*' '*' '*' denied
	want "$l: c1: its own tasks: nothing audited" 0 "$C1" '*' '*' '*' audited
}
want_attacks enforce denied 1 3
for c in hp:"$HP" pr:"$PR" c2:"$C2"; do
	want "enforce: ${c%%:*}: nothing audited" 0 "${c#*:}" '*' '*' '*' audited
done
t_expect_stats <<<"$STATS"
STATS=
t_log "counters: $(t_stat_rows "$HP" "$PR" "$C2" "$C1" | tr '\n' ';')"

# An event names the target.
t_check "event: pr's attach of dockerd, with target_pid, target_comm, target_cgroup" \
	python3 - "$D/mon.json" "$PR" "$DOCKERD" "$(sed -n 's/^0:://p' "/proc/$DOCKERD/cgroup")" <<'EOF2'
import json, sys, time
f, cg, pid, tcg = sys.argv[1:]
for _ in range(60):
    for line in open(f, encoding="utf-8", errors="replace"):
        try:
            e = json.loads(line)
        except ValueError:
            continue
        if (e.get("cgroup") == cg and e.get("op") == "ptrace_attach" and
                str(e.get("target_pid")) == pid):
            ok = e.get("target_comm") == "dockerd" and e.get("target_cgroup") == tcg
            print(line.strip())
            sys.exit(0 if ok else "target_comm/target_cgroup: want dockerd, %s" % tcg)
    time.sleep(0.5)
sys.exit("no such event in %s" % f)
EOF2
t_log "monitor -j: $(grep -m1 ptrace_attach "$D/mon.json" | head -c 600)"
kill "$MON" 2>/dev/null
wait "$MON" 2>/dev/null

# --- the host is never restricted -------------------------------------------

t_check "host: attach to c1's t1" "$PT" attach "$T1"
t_check "host: read c1's t1 through /proc/PID/mem" "$PT" mem "$T1"
t_check "host: nsenter -t <t1> -m -p into c1" nsenter -t "$T1" -m -p -- /bin/busybox true
t_check "host: SIGURG to c1's t1" "$PT" kill "$T1" URG
t_check "docker exec c1 kill -URG (the container's own)" docker exec c1 kill -URG "$N1"
mark "host checks done"

# --- audit: counted, allowed ------------------------------------------------------

t_check "load ptrace-docker-audit.conf" "$HARDCTL" load "$AUD"
run_phase "audit" works ""
t_check "audit: the host process got the SIGURGs of hp and pr" test "$(urg_h)" = 4
# busybox nsenter opens /proc/1/ns/pid, then /proc/1/ns/mnt: refused at the
# first under enforce, both audited here.
want_attacks audit audited 1 4
want_attacks "audit: enforce's denials unchanged" denied 1 3
t_expect_stats <<<"$STATS"
STATS=
mark "audit done"

# --- a container started after the load -------------------------------------------
# Its entrypoint is bound at runc's exec; c1 was bound by the insmod scan.
# (c2's attacks on c1 above are the control for these.)

t_check "load ptrace-docker.conf again" "$HARDCTL" load "$ENF"
t_check "start c3 (--pid=container:c1 --cap-add SYS_PTRACE, a target t3) after the load" \
	"${RUN[@]}" --name c3 --pid=container:c1 --cap-add SYS_PTRACE "$IMG" sh -c "$P target /tmp/t3 & $LOOP"
C3=/docker/$(cid c3)
N3=
for ((i = 0; i < 100; i++)); do
	for p in $(pgrep -f "^/probe/ptprobe target /tmp/t3\$"); do
		[ -e "/proc/$p/root/tmp/t3" ] && N3=$(awk '/^NSpid:/ { print $NF }' "/proc/$p/status")
	done
	[ -n "$N3" ] && break
	sleep 0.2
done
t_check "c3: its target t3 is ready ($N3 in the shared pid namespace)" test -n "$N3"
t_check "c3 attaches to its own t3" docker exec c3 "$P" attach "$N3"
t_check "c3 signals its own t3" docker exec c3 "$P" kill "$N3" URG
t_expect_errno "c3 may not attach to c1's t1" EPERM docker exec c3 "$P" attach "$N1"
t_expect_errno "c1 may not attach to c3's t3" EPERM docker exec c1 "$P" attach "$N3"
t_expect_errno "c1 may not signal c3's t3" EPERM docker exec c1 "$P" kill "$N3" URG
t_expect_stats <<EOF2
c3: c1's t1 is another container's|1|$C3|ptrace|ptrace_attach|2|denied
c3: its own t3 not counted|1|$C3|*|*|*|denied
c1: c3's t3 is another container's (attach)|1|$C1|ptrace|ptrace_attach|2|denied
c1: c3's t3 is another container's (signal)|1|$C1|ptrace|signal|$URG|denied
EOF2
mark "c3 done"

# --- docker stop and docker kill still work ---------------------------------------

DEN=$(t_group_total docker ptrace denied)
t_check "docker kill c2" docker kill c2
t_check "docker kill -s TERM c3" docker kill -s TERM c3
t_check "docker stop c1" docker stop -t 5 c1
t_check "docker stop hp" docker stop -t 5 hp
t_expect_output "c1, c2, c3 and hp are not running" "false false false false" \
	sh -c 'for i in $(seq 50); do
		r=$(echo $(docker inspect -f "{{.State.Running}}" c1 c2 c3 hp))
		[ "$r" = "false false false false" ] && break; sleep 0.2; done; echo "$r"'
t_expect_group_total "the runtime's signals are not counted" "$DEN" docker ptrace denied
mark "stop and kill done"

docker rm -f hp pr c1 c2 c3 >/dev/null 2>&1
kill "$HPID" "${SLEEPS[@]}" 2>/dev/null
docker_stop
t_check "rmmod harden" rmmod harden
t_done
