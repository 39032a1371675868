#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 600
#
# Guest suite: harden's ptrace area (ptrace deny|container|allow, signal
# deny|container|allow) in plain cgroups, no Docker, with
# tests/vm/policies/ptrace-test.conf (every group has "caps all", so no
# capability ever refuses anything here: only harden's ptrace hooks can).
#
# ptprobe makes one process access per run. `ptprobe box CG ACTION...`
# runs on the host (unbound), joins cgroup CG, unshares its mount namespace
# and execs ACTION: that exec binds it to CG (a container task). Targets:
#   host   a ptprobe target started on the host (never bound)
#   other  a ptprobe target bound in /ptgt/o (another container)
#   same   a child the subject forks (inherits its binding: same container)
# Every access action goes once through ptrace_may_access() or
# check_kill_permission(), so each run is counted exactly once:
#   ptrace_attach / ptrace_read with detail host (1), other_container (2),
#   same_container (3); signal with detail the signal number (SIGURG, 23:
#   ignored by default, counted by the targets).
#
# For every action and target:
#   control   without the module it succeeds (else the checks prove nothing);
#   pdeny     refused (EPERM, or EACCES for /proc opens), counted once;
#   pcont     host and other refused and counted; same allowed, not counted;
#   paud      (audit) allowed, counted once as audited;
#   pallow    allowed, nothing counted;
# (paud and pallow on the main actions only), and on fewer actions: paudc
# (audit, container), ponly/sonly (one area policed, the other not). Then: separate tasks of one container, a cgroup
# path that merely starts like the caller's, targets bound in an unmatched
# cgroup or unbound in a matched one, a subject that is not bound, the
# kernel's quiet (NOAUDIT) probes, kill(-1), PTRACE_TRACEME, a task's own
# threads, and the host acting on bound tasks (ptprobe, strace, nsenter,
# kill) with nothing counted.
set -u
. "$TOP/tests/vm/lib.sh"

PT=$TOP/build/bin/ptprobe
POLF=$TOP/tests/vm/policies/ptrace-test.conf
D=/tmp/pt		# the targets' files (their SIGURG counts)
mkdir -p "$D"
URG=23			# SIGURG

# One action a line: NAME|ARGS ("%": the target's pid)|OP|ERRNO when refused
ACTS=(
	"attach|attach %|ptrace_attach|EPERM"
	"seize|seize %|ptrace_attach|EPERM"
	"mem|mem %|ptrace_attach|EACCES"
	"environ|environ %|ptrace_read|EACCES"
	"maps|maps %|ptrace_read|EACCES"
	"root|root %|ptrace_read|EACCES"
	"cwd|cwd %|ptrace_read|EACCES"
	"nsenter|nsenter %|ptrace_read|EACCES"
	"ns-pidfd|ns-pidfd %|ptrace_read|EPERM"
	"vm-readv|vm-readv %|ptrace_attach|EPERM"
	"vm-writev|vm-writev %|ptrace_attach|EPERM"
	"getfd|getfd % 2|ptrace_attach|EPERM"
	"kcmp|kcmp %|ptrace_read|EPERM"
	"kill|kill % URG|signal|EPERM"
	"tkill|tkill % URG|signal|EPERM"
	"tgkill|tgkill % URG|signal|EPERM"
	"sigqueue|sigqueue % URG|signal|EPERM"
	"pidfd-signal|pidfd-signal % URG|signal|EPERM"
)
# PTRACE_TRACEME: "host" asks to be traced by its parent on the host (the
# shell running the check), "same" by a parent of its own container.
TRACEME="traceme|traceme|ptrace_traceme|EPERM"
CTRACEME="child-traceme|child-traceme|ptrace_traceme|EPERM"
# Every action runs in control, pdeny and pcont; these in paud and pallow
# (a run costs about 0.3 s under TCG) ...
CORE=(attach mem root nsenter ns-pidfd vm-readv getfd kill pidfd-signal)
# ... and these in paudc, ponly and sonly.
SUBSET=(attach mem root ns-pidfd getfd kill pidfd-signal)

declare -A ENTRY KIND_NUM=([host]=1 [other]=2 [same]=3)
NAMES=()
for e in "${ACTS[@]}"; do ENTRY[${e%%|*}]=$e; NAMES+=("${e%%|*}"); done
ENTRY[traceme]=$TRACEME
ENTRY[child-traceme]=$CTRACEME

STATS=	# t_expect_stats lines, checked in one go by check_stats
want() { STATS+="$1|$2|$3|$4|$5|$6|$7"$'\n'; }
check_stats() { [ -z "$STATS" ] || t_expect_stats <<<"$STATS"; STATS=; }
# want_only LABEL CGROUP OP DETAIL COL: counted once as ptrace OP DETAIL
# in COL, nothing else in either column
want_only() {
	local other=denied
	[ "$5" = denied ] && other=audited
	want "$1: counted once as $3 $4 ($5)" 1 "$2" ptrace "$3" "$4" "$5"
	want "$1: nothing else counted" 1 "$2" '*' '*' '*' "$5"
	want "$1: nothing $other" 0 "$2" '*' '*' '*' "$other"
}
want_none() {
	want "$1: nothing counted" 0 "$2" '*' '*' '*' denied
	want "$1: nothing audited" 0 "$2" '*' '*' '*' audited
}

# start_target VAR WHERE NAME: a ptprobe target, its pid in VAR. WHERE:
# "host", a cgroup (bound there), or -H:CGROUP (in it, not bound).
start_target() {
	local f=$D/$3 i
	rm -f "$f"
	case $2 in
	host) "$PT" target "$f" </dev/null >/dev/null 2>&1 & ;;
	-H:*) "$PT" box -H "${2#-H:}" target "$f" </dev/null >/dev/null 2>&1 & ;;
	*) "$PT" box "$2" target "$f" </dev/null >/dev/null 2>&1 & ;;
	esac
	printf -v "$1" %s $!
	for ((i = 0; i < 100; i++)); do
		[ -e "$f" ] && return 0
		sleep 0.1
	done
	return 1
}
# target_up LABEL VAR WHERE NAME: start_target, as one check (not in a
# subshell: VAR must be set here and the target be our child)
target_up() {
	if start_target "$2" "$3" "$4"; then
		t_pass "$1 (pid ${!2})"
	else
		t_fail "$1" "$D/$4 not there after 10 s"
	fi
}
urg_of() { cat "$D/$1" 2>/dev/null || echo "?"; }

# outcome MODE OP KIND: OUT = ok | audit | deny
outcome() {
	local sig=0
	[ "$2" = signal ] && sig=1
	case $1 in
	control|pallow) OUT=ok ;;
	pdeny) OUT=deny ;;
	pcont) if [ "$3" = same ]; then OUT=ok; else OUT=deny; fi ;;
	paud) OUT=audit ;;
	paudc) if [ "$3" = same ]; then OUT=ok; else OUT=audit; fi ;;
	ponly) if ((sig)); then OUT=ok; else OUT=deny; fi ;;
	sonly) if ((sig)); then OUT=deny; else OUT=ok; fi ;;
	*) OUT='?'; t_fail "outcome: unknown mode $1" ;;
	esac
}

NDENIED=0 NAUDITED=0	# counted in this mode's runs, for the group totals
H_URG=0 O_URG=0		# SIGURGs the host and other targets should have got
# run_one MODE CGROUP NAME KIND: run NAME against KIND from a box in
# CGROUP; check the result now and queue the counter checks.
run_one() {
	local mode=$1 cg=$2 name=$3 kind=$4 args op errno det t lbl
	IFS='|' read -r _ args op errno <<<"${ENTRY[$name]}"
	case $kind in host) t=$HPID ;; other) t=$OPID ;; same) t=@ ;; esac
	CMD=("$PT" box "$cg")
	case $name in
	traceme|child-traceme) ;;
	*) [ "$kind" = same ] && CMD+=(child) ;;
	esac
	# shellcheck disable=SC2206 # words on purpose: no spaces in these
	CMD+=(${args//%/$t})
	det=${KIND_NUM[$kind]}
	[ "$op" = signal ] && det=$URG
	outcome "$mode" "$op" "$kind"
	lbl="$mode: $name -> $kind"
	case $OUT in
	deny)
		t_expect_errno "$lbl: refused ($errno)" "$errno" "${CMD[@]}"
		want_only "$lbl" "$cg" "$op" "$det" denied
		NDENIED=$((NDENIED + 1))
		;;
	audit|ok)
		t_check "$lbl: allowed" "${CMD[@]}"
		if [ "$OUT" = audit ]; then
			want_only "$lbl" "$cg" "$op" "$det" audited
			NAUDITED=$((NAUDITED + 1))
		elif [ "$mode" != control ]; then
			want_none "$lbl" "$cg"
		fi
		if [ "$op" = signal ]; then
			case $kind in host) H_URG=$((H_URG + 1)) ;; other) O_URG=$((O_URG + 1)) ;; esac
		fi
		;;
	esac
}

# matrix MODE NAMES...: every NAME against host, other and same, then the
# two PTRACE_TRACEMEs, each from a cgroup of its own (/MODE/NAME-KIND).
matrix() {
	local mode=$1 n k base=$1
	shift
	[ "$mode" = control ] && base=pctl
	NDENIED=0 NAUDITED=0
	for n in "$@"; do
		for k in host other same; do
			run_one "$mode" "/$base/$n-$k" "$n" "$k"
		done
	done
	run_one "$mode" "/$base/traceme-host" traceme host
	run_one "$mode" "/$base/traceme-same" child-traceme same
	check_stats
}

# --- setup ----------------------------------------------------------------

t_check "no harden module loaded" sh -c '! grep -q "^harden " /proc/modules'
t_check "ptprobe built" test -x "$PT"
if [ -r /proc/sys/kernel/yama/ptrace_scope ]; then
	# 1 (Debian's default) lets a caller with CAP_SYS_PTRACE attach to any
	# task, as every caller here has; logged for the record.
	t_log "yama ptrace_scope $(cat /proc/sys/kernel/yama/ptrace_scope)"
fi

target_up "host target (a ptprobe on the host)" HPID host h
target_up "other target, no module (not bound)" OPID /ptgt/o-ctl o-ctl
VICTIM_PID=

# --- control: no module, every access works ---
matrix control "${NAMES[@]}"
t_check "control: kill(-1, SIGURG) from a box" "$PT" box /pctl/killall kill-all URG
H_URG=$((H_URG + 1))
t_check "control: read /proc/<host>/stat from a box" "$PT" box /pctl/stat stat "$HPID"
t_check "control: /proc/<host>/wchan from a box names where it sleeps" sh -c \
	'"$0" box /pctl/wchan wchan "$1" | grep -q "wchan: [^0]"' "$PT" "$HPID"
sleep 0.5
t_expect_output "control: the host target got every SIGURG ($H_URG)" "$H_URG" urg_of h
kill "$OPID"
wait "$OPID" 2>/dev/null

# --- with the module and ptrace-test.conf ---
t_check "insmod harden.ko" insmod "$HARDEN_KO"
t_check "status lists the ptrace hooks" sh -c \
	'"$HARDCTL" status | grep -q "security_ptrace_access_check" &&
	 "$HARDCTL" status | grep -q "security_task_kill" &&
	 "$HARDCTL" status | grep -q "security_ptrace_traceme"'
t_check "hardctl check ptrace-test.conf" "$HARDCTL" check "$POLF"
t_check "load ptrace-test.conf" "$HARDCTL" load "$POLF"
t_expect_output "show round-trips through check" "<stdin>: OK, 8 groups" \
	sh -c '"$HARDCTL" show | "$HARDCTL" check -'
t_check "show lists the ptrace and signal scopes" sh -c \
	'"$HARDCTL" show > /tmp/pt-show && grep -q "ptrace deny" /tmp/pt-show &&
	 grep -q "ptrace container" /tmp/pt-show && grep -q "signal deny" /tmp/pt-show &&
	 grep -q "signal container" /tmp/pt-show'
target_up "other target, bound in /ptgt/o" OPID /ptgt/o o
O_URG=0

for mode in pdeny pcont paud pallow paudc ponly sonly; do
	case $mode in
	pdeny|pcont) matrix "$mode" "${NAMES[@]}" ;;
	paud|pallow) matrix "$mode" "${CORE[@]}" ;;
	*) matrix "$mode" "${SUBSET[@]}" ;;
	esac
	t_expect_group_total "$mode: group total denied" "$NDENIED" "$mode" ptrace denied
	t_expect_group_total "$mode: group total audited" "$NAUDITED" "$mode" ptrace audited
done
# hardctl's names for the details (the checks above match the numbers).
want "stats -j: detail host" 1 /pdeny/attach-host ptrace ptrace_attach host denied
want "stats -j: detail other_container" 1 /pdeny/root-other ptrace ptrace_read other_container denied
want "stats -j: detail same_container" 1 /pdeny/mem-same ptrace ptrace_attach same_container denied
want "stats -j: traceme's detail host" 1 /pdeny/traceme-host ptrace ptrace_traceme host denied
want "stats -j: a signal by its name (URG)" 1 /pdeny/kill-host ptrace signal URG denied
check_stats
sleep 0.5
t_expect_output "the host target got exactly the allowed SIGURGs ($H_URG)" "$H_URG" urg_of h
t_expect_output "the other target got exactly the allowed SIGURGs ($O_URG)" "$O_URG" urg_of o

# --- separate tasks of one container (same cgroup, or below it) ---
target_up "sibling target in /pcont/sib" SPID /pcont/sib s
target_up "sibling target in /pcont/sib/sub (below)" BPID /pcont/sib/sub b
target_up "target in /pcont/sibling (a path that starts alike)" XPID /pcont/sibling x
target_up "sibling target in /pdeny/sib" DSPID /pdeny/sib ds
for a in attach mem ns-pidfd; do
	t_check "pcont: $a of a sibling in the same cgroup" "$PT" box /pcont/sib "$a" "$SPID"
	t_check "pcont: $a of a task bound below the caller's cgroup" "$PT" box /pcont/sib "$a" "$BPID"
	t_check "pcont: $a from below the target's cgroup" "$PT" box /pcont/sib/sub "$a" "$SPID"
done
t_check "pcont: kill a sibling (SIGURG)" "$PT" box /pcont/sib kill "$SPID" URG
t_check "pcont: kill a task below (SIGURG)" "$PT" box /pcont/sib kill "$BPID" URG
t_check "pcont: kill from below (SIGURG)" "$PT" box /pcont/sib/sub kill "$SPID" URG
want_none "pcont, same container" /pcont/sib
want_none "pcont, same container, from below" /pcont/sib/sub
check_stats
t_expect_errno "pcont: /pcont/sib may not attach to /pcont/sibling" EPERM \
	"$PT" box /pcont/sib attach "$XPID"
t_expect_errno "pcont: /pcont/sib may not signal /pcont/sibling" EPERM \
	"$PT" box /pcont/sib kill "$XPID" URG
want "pcont: /pcont/sibling is another container (attach)" 1 /pcont/sib ptrace ptrace_attach 2 denied
want "pcont: /pcont/sibling is another container (signal)" 1 /pcont/sib ptrace signal "$URG" denied
t_expect_errno "pdeny: attach to a sibling refused" EPERM "$PT" box /pdeny/sib attach "$DSPID"
t_expect_errno "pdeny: kill a sibling refused" EPERM "$PT" box /pdeny/sib kill "$DSPID" URG
want "pdeny: the sibling is the same container (attach)" 1 /pdeny/sib ptrace ptrace_attach 3 denied
want "pdeny: the sibling is the same container (signal)" 1 /pdeny/sib ptrace signal "$URG" denied
check_stats
# Two sub-cgroups of one matched container cgroup, each task bound in its
# own: the module compares the bindings, so these are two containers.
# Recorded, not checked: whether they should count as one is the policy
# author's question (tasks of one Docker container share one cgroup).
target_up "a second task below /pcont/sib, in /pcont/sib/sub2" B2PID /pcont/sib/sub2 b2
"$PT" box /pcont/sib/sub2 attach "$BPID" >/dev/null 2>&1
t_log "pcont: /pcont/sib/sub2 attaching to /pcont/sib/sub: exit $? ($(t_stat_rows /pcont/sib/sub2 | tr '\n' ' '))"

# --- who counts as what ---
target_up "target bound in an unmatched cgroup /pfree/t" FPID /pfree/t f
target_up "target in the matched /ptgt/h, not bound (initial mount ns)" UPID -H:/ptgt/h u
t_expect_errno "pdeny: attach to a task bound where no group matches" EPERM \
	"$PT" box /pdeny/who-free attach "$FPID"
want "pdeny: a task bound where no group matches is another container's" 1 \
	/pdeny/who-free ptrace ptrace_attach 2 denied
t_expect_errno "pdeny: attach to an unbound task in a matched cgroup" EPERM \
	"$PT" box /pdeny/who-unbound attach "$UPID"
want "pdeny: an unbound task counts as the host" 1 /pdeny/who-unbound ptrace ptrace_attach 1 denied
t_expect_errno "pcont: attach to a task bound where no group matches" EPERM \
	"$PT" box /pcont/who-free attach "$FPID"
# The subject's side: in a matched cgroup but not bound (never exec'd in
# a new mount namespace): the host, never restricted.
for a in attach mem nsenter; do
	t_check "unbound task in /pdeny: $a of the host target" "$PT" box -H /pdeny/host-cg "$a" "$HPID"
done
t_check "unbound task in /pdeny: kill the host target (SIGURG)" "$PT" box -H /pdeny/host-cg kill "$HPID" URG
H_URG=$((H_URG + 1))
want_none "unbound subject in /pdeny" /pdeny/host-cg
check_stats

# --- the kernel's quiet probes (PTRACE_MODE_NOAUDIT): refused, not counted ---
t_check "pdeny: read /proc/<host>/stat (asks with NOAUDIT)" "$PT" box /pdeny/noaudit stat "$HPID"
want_none "pdeny: NOAUDIT probe" /pdeny/noaudit
check_stats
# /proc/PID/wchan asks without NOAUDIT: it reads "0" and counts (so does
# `ps -o wchan` or `ps -l`, once per process listed).
t_expect_output "pdeny: /proc/<host>/wchan reads as 0" "wchan $HPID: ok (/proc/$HPID/wchan: 0)" \
	"$PT" box /pdeny/wchan wchan "$HPID"
want_only "pdeny: /proc/<host>/wchan" /pdeny/wchan ptrace_read 1 denied
check_stats
mkdir -p /sys/fs/cgroup/pdeny/ps
t_check "pdeny: ps -e in a container task works" sh -c \
	'echo $$ > /sys/fs/cgroup/pdeny/ps/cgroup.procs && exec unshare -m ps -e'
t_log "pdeny: ps -e counted: $(t_stat_rows /pdeny/ps | tr '\n' ' ')"
mkdir -p /sys/fs/cgroup/pdeny/top
t_check "pdeny: top -b -n1 in a container task works" sh -c \
	'echo $$ > /sys/fs/cgroup/pdeny/top/cgroup.procs && exec unshare -m top -b -n1'
t_log "pdeny: top -b -n1 counted: $(t_stat_rows /pdeny/top | tr '\n' ' ')"

# --- kill(-1): every other process at once ---
t_check "pdeny: kill(-1, SIGURG) (the kernel returns success even when every target refuses)" \
	"$PT" box /pdeny/killall kill-all URG
t_log "pdeny: kill(-1) counted: $(t_stat_rows /pdeny/killall | tr '\n' ' ')"
n=$(t_stat /pdeny/killall ptrace signal "$URG" denied)
t_check "pdeny: kill(-1) refused for every other process ($n)" test "$n" -ge 3
t_check "pcont: kill(-1, SIGURG)" "$PT" box /pcont/killall kill-all URG
sleep 0.5
t_expect_output "kill(-1) from pdeny and pcont: the host target got nothing" "$H_URG" urg_of h
t_expect_output "kill(-1) from pdeny and pcont: the other container's target got nothing" "$O_URG" urg_of o

# --- a host process killed, or not ---
sleep 100000 </dev/null >/dev/null 2>&1 &
VICTIM_PID=$!
t_expect_errno "pdeny: kill -TERM a host sleep refused" EPERM "$PT" box /pdeny/term kill "$VICTIM_PID" TERM
t_expect_errno "pcont: kill -TERM a host sleep refused" EPERM "$PT" box /pcont/term kill "$VICTIM_PID" TERM
t_expect_errno "pcont: pidfd_send_signal KILL to a host sleep refused" EPERM \
	"$PT" box /pcont/term pidfd-signal "$VICTIM_PID" KILL
want "pdeny: TERM counted by number (15)" 1 /pdeny/term ptrace signal 15 denied
want "pdeny: ... and named TERM" 1 /pdeny/term ptrace signal TERM denied
want "pcont: TERM counted by number (15)" 1 /pcont/term ptrace signal 15 denied
want "pcont: KILL counted by number (9)" 1 /pcont/term ptrace signal 9 denied
check_stats
t_check "the host sleep is still alive" kill -0 "$VICTIM_PID"
t_expect_errno "pdeny: kill(2) probe (signal 0) refused" EPERM "$PT" box /pdeny/sig0 kill "$VICTIM_PID" 0
want "pdeny: signal 0 counted as detail 0" 1 /pdeny/sig0 ptrace signal 0 denied
check_stats

# --- sched: the host's tasks refused, its own container's allowed even
# under ptrace deny (cpuset asks the same of tasks a container moves
# between its own cgroups) ---
t_expect_errno "pdeny: setpriority of the host target refused" EPERM "$PT" box /pdeny/sched nice "$HPID"
t_expect_errno "pdeny: sched_setaffinity of the host target refused" EPERM "$PT" box /pdeny/sched affinity "$HPID"
t_check "pdeny: setpriority of its own child" "$PT" box /pdeny/sched child nice @
t_check "pdeny: sched_setaffinity of its own child" "$PT" box /pdeny/sched child affinity @
want "pdeny: sched of the host counted twice (host)" 2 /pdeny/sched ptrace sched 1 denied
want "pdeny: nothing else counted" 2 /pdeny/sched '*' '*' '*' denied
check_stats

# --- itself and its own threads: always ---
for a in "mem self" "vm-readv self" "kill self URG" "thread tkill @ URG" "thread mem @" \
	 "thread environ @"; do
	# shellcheck disable=SC2086
	t_check "pdeny: $a" "$PT" box /pdeny/self $a
done
want_none "pdeny: itself and its threads" /pdeny/self
check_stats

# --- the host acts on bound tasks: never restricted, never counted ---
target_up "target bound in /pdeny/tgt" DPID /pdeny/tgt d
for n in "${NAMES[@]}"; do
	IFS='|' read -r _ args _ _ <<<"${ENTRY[$n]}"
	# shellcheck disable=SC2086
	t_check "host: $n of a task bound in /pdeny" "$PT" ${args//%/$DPID}
done
t_check "host: strace -p attaches to a task bound in /pdeny" sh -c \
	'timeout -s INT 3 strace -p "$0" 2>&1 | grep -q "Process $0 attached"' "$DPID"
t_check "host: nsenter -t -m into a task bound in /pdeny" nsenter -t "$DPID" -m -- true
t_check "host: kill -TERM a task bound in /pdeny" kill -TERM "$DPID"
t_check "host: ... it is gone" sh -c 'for i in $(seq 50); do kill -0 "$0" 2>/dev/null || exit 0; sleep 0.1; done; exit 1' "$DPID"
want_none "host acting on /pdeny/tgt" /pdeny/tgt
check_stats
t_expect_output "the host target's SIGURG count ($H_URG)" "$H_URG" urg_of h

# --- unload: nothing is refused any more ---
kill "$OPID" "$SPID" "$BPID" "$B2PID" "$XPID" "$DSPID" "$FPID" "$UPID" 2>/dev/null
t_check "rmmod harden" rmmod harden
t_check "after rmmod: a former pdeny box attaches to the host target" "$PT" box /pdeny/after attach "$HPID"
t_check "after rmmod: and kills a host sleep" "$PT" box /pdeny/after kill "$VICTIM_PID" TERM
kill "$HPID" 2>/dev/null
wait 2>/dev/null
t_done
