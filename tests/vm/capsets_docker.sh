#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 900
# vm-session: docker
#
# Guest suite: routes by which a --privileged container could use a
# capability outside its allow-list without harden's security_capable() veto
# seeing it, because the kernel checks a cred other than current->real_cred
# or never calls security_capable() at all:
#   - io_uring: an io-wq worker started before a credential change runs
#     requests under the new cred (SETXATTR trusted.*, OPENAT /dev/mem);
#     a registered personality (also through 6.12's registered-ring high bit)
#   - file->f_cred: a read-time capability check on the opener's cred
#   - cap_mmap_addr(): mmap below vm.mmap_min_addr (cap_capable() directly)
#   - ptrace_may_access(): a caller whose capability sets are a superset of
#     the target's needs no CAP_SYS_PTRACE (ptrace, /proc/PID/root,
#     process_vm_readv, pidfd_getfd against a host process, --pid=host)
# Every attack first runs WITHOUT the module (control: it must work, or the
# check below it proves nothing), then with harden and docker-default.conf,
# whose clamp of the capability sets must make it fail. Then the sets
# themselves: within Docker's 14 defaults after `docker exec`, for a new
# container's PID 1 and for a container started before insmod; not clamped
# in audit mode or with caps all. And processes already running (started
# before insmod, or under audit-only.conf before the switch to enforce)
# that attack later without an exec.
set -u
. "$TOP/tests/vm/lib.sh"
. "$TOP/tests/vm/docker.sh"

P=/probe/hprobe
MASK=0x00000000a80425fb	# Docker's 14 default capabilities (docker-default.conf)
BIT_SYS_ADMIN=$((1 << 21))
BIT_SYS_PTRACE=$((1 << 19))
CRUN=(docker run -d --privileged --pid=host -v "$PROBE_DIR:/probe:ro")
LOOP='while sleep 1; do :; done'	# PID 1 that runs user code every second

# --- helpers ---------------------------------------------------------------

# caps_within TEXT: the five Cap* lines of a /proc/PID/status are in TEXT
# and each is within $MASK.
caps_within() {
	local name val n=0
	while read -r name val; do
		case $name in CapInh:|CapPrm:|CapEff:|CapBnd:|CapAmb:) ;; *) continue ;; esac
		n=$((n + 1))
		(((0x$val & ~MASK) == 0)) || return 1
	done <<<"$1"
	[ "$n" -eq 5 ]
}

# cap_field TEXT NAME: the hex value of line NAME (CapEff...) in TEXT, as 0x...
cap_field() { awk -v f="$2:" '$1 == f { print "0x" $2 }' <<<"$1"; }

t_clamped() {	# NAME TEXT
	if caps_within "$2"; then t_pass "$1"; else T_OUT=$2; t_fail "$1" "not within $MASK"; _t_show; fi
}

t_unclamped() {	# NAME TEXT: CapEff and CapPrm hold SYS_ADMIN and SYS_PTRACE
	local eff prm
	eff=$(cap_field "$2" CapEff) prm=$(cap_field "$2" CapPrm)
	if [ -n "$eff" ] && [ -n "$prm" ] &&
	   (((eff & prm & (BIT_SYS_ADMIN | BIT_SYS_PTRACE)) == (BIT_SYS_ADMIN | BIT_SYS_PTRACE))); then
		t_pass "$1"
	else
		T_OUT=$2; t_fail "$1" "CapEff/CapPrm lack SYS_ADMIN or SYS_PTRACE"; _t_show
	fi
}

status_of() { grep '^Cap' "/proc/$1/status" 2>&1; }
pid1_of() { docker inspect -f '{{.State.Pid}}' "$1"; }

# Attacks: a name, a command (run in the container) and an ERE for what a
# refusal prints. All of them run in one `docker exec` (container starts and
# execs cost seconds under TCG); atk_run leaves one line per attack in
# ATK_OUT: "@@ NAME RC OUTPUT".
ATK_NAMES=() ATK_CMDS=() ATK_RES=()
atk_add() { ATK_NAMES+=("$1"); ATK_CMDS+=("$2"); ATK_RES+=("$3"); }

atk_run() {	# CONTAINER NAME...: run the named attacks (all if none named)
	local c=$1 i name s=
	shift
	for i in "${!ATK_NAMES[@]}"; do
		name=${ATK_NAMES[i]}
		if [ $# -gt 0 ] && [[ " $* " != *" $name "* ]]; then continue; fi
		s+="o=\$(${ATK_CMDS[i]} 2>&1); r=\$?; echo \"@@ $name \$r \$o\"; "
	done
	ATK_OUT=$(docker exec "$c" sh -c "$s" 2>&1)
}

atk_rc() { awk -v n="$1" '$1 == "@@" && $2 == n { print $3; f = 1 } END { if (!f) print "none" }' <<<"$ATK_OUT"; }
atk_msg() { awk -v n="$1" '$1 == "@@" && $2 == n { $1 = $2 = $3 = ""; sub(/^ +/, ""); print }' <<<"$ATK_OUT"; }
atk_deny_re() {
	local i
	for i in "${!ATK_NAMES[@]}"; do [ "${ATK_NAMES[i]}" = "$1" ] && echo "${ATK_RES[i]}"; done
}

# t_attack_works PREFIX NAME: the attack succeeded (exit 0).
t_attack_works() {
	local rc msg
	rc=$(atk_rc "$2") msg=$(atk_msg "$2")
	if [ "$rc" = 0 ]; then
		t_pass "$1: $2 works ($msg)"
	else
		T_OUT=$ATK_OUT; t_fail "$1: $2 works" "exit $rc: $msg"; _t_show
	fi
}

# t_attack_refused PREFIX NAME: the attack failed, with its refusal message.
t_attack_refused() {
	local rc msg re
	rc=$(atk_rc "$2") msg=$(atk_msg "$2") re=$(atk_deny_re "$2")
	if [ "$rc" != 0 ] && [ "$rc" != none ] && [[ "$msg" =~ $re ]]; then
		t_pass "$1: $2 refused ($msg)"
	else
		T_OUT=$ATK_OUT; t_fail "$1: $2 refused" "exit $rc: $msg (want /$re/)"; _t_show
	fi
}

# Attacks by processes that are already running, waiting: hprobe's
# "wait FILE ACTION" runs ACTION in the same process (no exec, so no
# clamp at exec) once FILE exists. Results in $GO/<prefix>-<action>.out.
GO=/tmp/capsets-go
mkdir -p "$GO"
SLEEPERS=(sethostname mmap-low uring-setxattr)
sleepers_cmd() {	# PREFIX: a PID 1 command that starts the sleepers, then loops
	local a c=
	for a in "${SLEEPERS[@]}"; do
		case $a in
		sethostname)	 c+="($P wait /go/$1.go sethostname x" ;;
		uring-setxattr)	 c+="($P wait /go/$1.go uring-setxattr /etc/hostname" ;;
		*)		 c+="($P wait /go/$1.go $a" ;;
		esac
		c+=" >/go/$1-$a.tmp 2>&1; mv /go/$1-$a.tmp /go/$1-$a.out) & "
	done
	echo "$c$LOOP"
}
# t_sleepers_refused PREFIX WHAT: release the sleepers, expect each refused.
t_sleepers_refused() {
	local a i out n
	n=$(pgrep -fc "^$P wait /go/$1\.go ")
	t_check "$2: ${#SLEEPERS[@]} sleepers waiting (started before)" test "$n" = "${#SLEEPERS[@]}"
	touch "$GO/$1.go"
	for a in "${SLEEPERS[@]}"; do
		for ((i = 0; i < 100; i++)); do
			[ -e "$GO/$1-$a.out" ] && break
			sleep 0.2
		done
		out=$(cat "$GO/$1-$a.out" 2>&1)
		if [[ "$out" =~ EPERM ]]; then
			t_pass "$2: $a refused ($out)"
		else
			T_OUT=$out; t_fail "$2: $a refused" "$out"; _t_show
		fi
	done
}

# --- guest settings --------------------------------------------------------

# kptr_restrict=1: kallsyms_show_value() shows kernel addresses exactly to a
# cred with CAP_SYSLOG. With 0 it also shows them to anyone when
# perf_event_paranoid <= 1, and the f_cred checks would prove nothing.
t_check "kernel.kptr_restrict=1 (addresses only for CAP_SYSLOG)" \
	sh -c 'echo 1 > /proc/sys/kernel/kptr_restrict'
# mmap-low maps 0x1000; it needs CAP_SYS_RAWIO only below vm.mmap_min_addr.
t_check "vm.mmap_min_addr=65536 (Debian's default)" sh -c 'echo 65536 > /proc/sys/vm/mmap_min_addr'
# Yama's ptrace_scope=1 (its default when built in) asks for CAP_SYS_PTRACE
# before any PTRACE_MODE_ATTACH of a non-descendant, which harden's veto
# refuses on its own; 0 leaves ptrace_may_access()'s subset rule alone in the
# way, which is the route under test.
if [ -w /proc/sys/kernel/yama/ptrace_scope ]; then
	t_log "yama ptrace_scope was $(cat /proc/sys/kernel/yama/ptrace_scope); setting 0"
	t_check "kernel.yama.ptrace_scope=0" sh -c 'echo 0 > /proc/sys/kernel/yama/ptrace_scope'
fi

# --- the ptrace target: a host process whose only capability is SYS_ADMIN ---

setpriv --bounding-set=-all,+sys_admin --inh-caps=-all sleep 100000 </dev/null >/dev/null 2>&1 &
TPID=$!
for ((i = 0; i < 50; i++)); do
	[ "$(cat "/proc/$TPID/comm" 2>/dev/null)" = sleep ] && break
	sleep 0.1
done
t_expect_output "target: host sleep's permitted and effective sets are {SYS_ADMIN}" \
	"CapPrm:	0000000000200000
CapEff:	0000000000200000" grep -E '^Cap(Prm|Eff)' "/proc/$TPID/status"

docker_start || { t_fail "dockerd starts"; t_done; }
t_check "import busybox image" docker_import_busybox "$IMG"

# A module loaded now (by dockerd or the kernel), for the sysfs f_cred read.
SECT=
for m in overlay bridge veth br_netfilter $(awk '{ print $1 }' /proc/modules); do
	if [ -r "/sys/module/$m/sections/.text" ]; then SECT=/sys/module/$m/sections/.text; break; fi
done
# The debug kernel has every driver built in: nothing is in /proc/modules
# before insmod, so the two module-address reads have nothing to read in
# their no-module control. On Debian's kernels a module is always loaded.
FCRED_MODULES=1
if [ -z "$SECT" ] && [ "${HARDEN_DEBUG:-0}" = 1 ] && [ ! -s /proc/modules ]; then
	FCRED_MODULES=0
	t_skip "f_cred reads of /proc/modules and a module's sysfs section" \
		"no module is loaded: this kernel has every driver built in"
elif [ -z "$SECT" ]; then
	t_fail "a loaded module with /sys/module/*/sections/.text" "none found"
fi

if [ -e /dev/mem ]; then RAWDEV=/dev/mem; else RAWDEV=/dev/port; fi

# /etc/hostname: a tmpfs file (trusted.* xattrs work there); not on /probe (read-only).
atk_add uring-setxattr "$P uring-setxattr /etc/hostname" 'EPERM'
atk_add uring-open "$P uring-open $RAWDEV" 'EPERM'
atk_add uring-personality "$P uring-personality /etc/hostname" 'EPERM'
# 6.1 has no IORING_REGISTER_USE_REGISTERED_RING: the kernel says EINVAL
# (the control below checks that), unless harden's hook on
# io_uring_register, which masks the bit, refuses it first (EPERM).
if [ "$HARDEN_KERNEL" = 6.1 ]; then
	atk_add uring-personality-highbit "$P uring-personality highbit /etc/hostname" 'register: (EINVAL|EPERM)'
else
	atk_add uring-personality-highbit "$P uring-personality highbit /etc/hostname" 'EPERM'
fi
# /proc/modules decides at open (the opener's cred is current's real_cred
# then, so the veto alone already hid it); a sysfs section file decides at
# every read, on the opener's cred, which the reading child does not share.
if [ "$FCRED_MODULES" = 1 ]; then
	atk_add fcred-proc-modules "$P fcred-read /proc/modules" 'addresses: hidden'
	atk_add fcred-sysfs-section "$P fcred-read ${SECT:-/nonexistent}" 'addresses: hidden'
fi
atk_add mmap-low "$P mmap-low" 'EPERM'
atk_add ptrace-attach "$P ptrace-attach $TPID" 'EPERM'
atk_add proc-root "$P proc-root $TPID" 'EACCES'
atk_add vm-readv "$P vm-readv $TPID" 'EPERM'
atk_add pidfd-getfd "$P pidfd-getfd $TPID 0" 'EPERM'
PTRACE_ATTACKS=(ptrace-attach proc-root vm-readv pidfd-getfd)

# --- controls: no module ------------------------------------------------------

t_check "no harden module loaded" sh -c '! grep -q "^harden " /proc/modules'
t_check "start --privileged --pid=host container 'pre' (before insmod)" \
	"${CRUN[@]}" -v "$GO:/go" --name pre "$IMG" sh -c "$(sleepers_cmd pre)"
PRE_PID=$(pid1_of pre)
PRE_CAPS=$(status_of "$PRE_PID")
t_unclamped "control: pre's PID 1 holds SYS_ADMIN and SYS_PTRACE" "$PRE_CAPS"
atk_run pre
for name in "${ATK_NAMES[@]}"; do
	if [ "$name" = uring-personality-highbit ] && [ "$HARDEN_KERNEL" = 6.1 ]; then
		# Not an attack on 6.1: the kernel refuses the opcode itself.
		msg=$(atk_msg "$name")
		if [ "$(atk_rc "$name")" = 3 ] && [[ "$msg" == *"register: EINVAL"* ]]; then
			t_pass "control, 6.1 has no registered-ring opcode bit: $name: EINVAL ($msg)"
		else
			T_OUT=$ATK_OUT; t_fail "control, 6.1: $name: EINVAL" "$msg"; _t_show
		fi
	else
		t_attack_works "control, --privileged, no module" "$name"
	fi
done

# --- with harden and docker-default.conf ------------------------------------------

t_check "insmod harden.ko" insmod "$HARDEN_KO"
t_check "load policies/docker-default.conf" "$HARDCTL" load "$TOP/policies/docker-default.conf"
t_check "start --privileged --pid=host container 'enf' (after the load)" \
	"${CRUN[@]}" --name enf "$IMG" sh -c "$LOOP"
atk_run enf
for name in "${ATK_NAMES[@]}"; do
	t_attack_refused "docker-default, --privileged" "$name"
done

# The sets themselves.
t_check "docker exec: grep Cap /proc/self/status" docker exec enf grep Cap /proc/self/status
t_clamped "docker exec: every capability set within Docker's 14 defaults" "$T_OUT"
t_clamped "container started after the load: PID 1's sets within the defaults" \
	"$(status_of "$(pid1_of enf)")"
# 'pre' was bound by the insmod-time scan; its PID 1 (a shell loop) has run
# user code since, so its sets must be clamped by now.
for ((i = 0; i < 20; i++)); do
	caps_within "$(status_of "$PRE_PID")" && break
	sleep 0.5
done
t_clamped "container started before insmod: PID 1's sets within the defaults" \
	"$(status_of "$PRE_PID")"
# Processes of 'pre' that were waiting since before insmod now attack
# without an exec: sethostname is the veto's (the scan bound them), the
# others need the clamp.
t_sleepers_refused pre "started before insmod, attacking after the load"
t_expect_output "default (non-privileged) container still runs" hi \
	docker run --rm "$IMG" echo hi

# --- the ptrace-family refusal is the clamp's, not the SYS_PTRACE veto's ----

t_check "hardctl check caps-no-ptrace.conf" "$HARDCTL" check "$POL/caps-no-ptrace.conf"
t_check "load caps-no-ptrace.conf (every capability but SYS_PTRACE)" \
	"$HARDCTL" load "$POL/caps-no-ptrace.conf"
atk_run enf "${PTRACE_ATTACKS[@]}"
for name in "${PTRACE_ATTACKS[@]}"; do
	# Clamped to all but SYS_PTRACE: still a superset of the target's {SYS_ADMIN}.
	t_attack_works "caps-no-ptrace (SYS_PTRACE vetoed, SYS_ADMIN kept)" "$name"
done
t_check "caps-no-ptrace: docker exec" docker exec enf grep CapEff /proc/self/status
EFF=$(cap_field "$T_OUT" CapEff)
t_check "caps-no-ptrace: the exec holds SYS_ADMIN, not SYS_PTRACE ($EFF)" \
	test $(((EFF & BIT_SYS_ADMIN) && !(EFF & BIT_SYS_PTRACE))) = 1

# --- audit mode and caps all do not clamp -------------------------------------

t_check "load policies/audit-only.conf (docker-default in audit mode)" \
	"$HARDCTL" load "$TOP/policies/audit-only.conf"
t_check "audit: start --privileged container 'aud'" \
	"${CRUN[@]}" -v "$GO:/go" --name aud "$IMG" sh -c "$(sleepers_cmd aud)"
AUD_CAPS=$(status_of "$(pid1_of aud)")
t_unclamped "audit: a new --privileged container's sets are not clamped" "$AUD_CAPS"
t_check "audit: its CapBnd is a --privileged container's full set" \
	test "$(cap_field "$AUD_CAPS" CapBnd)" = "$(cap_field "$PRE_CAPS" CapBnd)"
# The README's rollout: audit-only.conf first, then docker-default.conf.
# Processes that started under audit and are still running then attack.
t_check "rollout: load docker-default.conf over audit-only.conf" \
	"$HARDCTL" load "$TOP/policies/docker-default.conf"
t_sleepers_refused aud "rollout, started under audit, attacking under enforce"
t_check "load docker-all.conf (caps all)" "$HARDCTL" load "$POL/docker-all.conf"
t_check "caps all: docker exec" docker exec enf grep Cap /proc/self/status
t_unclamped "caps all: docker exec's sets are not clamped" "$T_OUT"

docker rm -f pre enf aud >/dev/null 2>&1
docker_stop
kill "$TPID" 2>/dev/null
t_check "rmmod harden" rmmod harden
t_done
