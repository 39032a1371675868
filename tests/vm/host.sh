#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 1200
#
# Guest suite: the host kernel interfaces area (sysctl, procfs, sysfs,
# cgroupfs, devices, autoload) at the syscall level, in plain cgroups (no
# Docker), with tests/vm/policies/host-test.conf. Each operation is one
# open(2) (or openat2, io_uring openat, a /proc/self/fd re-open) by
# tests/bin/hostprobe, made by a task boxed into a cgroup of its own: it
# joins the cgroup and execs in a new mount namespace (`unshare -m`, plus
# -n, -u or -i where the operation needs a namespace of its own), which
# binds it to the group matching the cgroup.
#
# For every operation:
#   control   without the module the very same command succeeds (else the
#             checks below it prove nothing);
#   deny      in a group with every host line: a violation fails with EPERM
#             and is counted once as its op and detail, nothing else; an
#             allowed operation (a read, the task's own namespaces' sysctls,
#             its own /proc/PID, a child cgroup, the safe devices) succeeds
#             and counts nothing;
#   audit     the same group in mode audit: succeeds, violations counted
#             once as audited;
#   open      no host line, or every host line "allow": not policed;
#   host      a task in a matched cgroup that never exec'd in a new mount
#             namespace: succeeds, nothing counted;
#   dev       "devices allow loop* c:1:11": the loop device and /dev/kmsg
#             open, /dev/mem does not.
set -u
. "$TOP/tests/vm/lib.sh"

HP=$TOP/build/bin/hostprobe
MP=$TOP/build/bin/mntprobe
CG=/sys/fs/cgroup
POL=$TOP/tests/vm/policies/host-test.conf
DISK=/tmp/host-disk.img
SYS=/proc/sys

modprobe loop 2>/dev/null
modprobe fuse 2>/dev/null
LOOP=
truncate -s 4M "$DISK" && printf host-disk-secret | dd of="$DISK" bs=1 conv=notrunc 2>/dev/null &&
	LOOP=$(losetup -f --show "$DISK")
t_check "a loop device over a tmpfs file: ${LOOP:-none}" test -b "${LOOP:-/nonexistent}"
t_check "/dev/fuse exists" test -c /dev/fuse
THP=/sys/kernel/mm/transparent_hugepage/enabled
ORIG_THP=$(sed -n 's/.*\[\(.*\)\].*/\1/p' $THP 2>/dev/null)
ORIG_CORE=$(cat $SYS/kernel/core_pattern)
ORIG_OVC=$(cat $SYS/vm/overcommit_ratio)
ORIG_OOM1=$(cat /proc/1/oom_score_adj)
TRACE=/sys/kernel/tracing/trace_marker
[ -e $TRACE ] || TRACE=/sys/kernel/debug/tracing/trace_marker
t_check "tracefs' trace_marker: $TRACE" test -e "$TRACE"

# Filesystem modules neither loaded nor built in, one per autoload attempt
# (a module the control loaded cannot be asked for again).
FS_MODS=()
for m in qnx4 befs hfs omfs bfs efs adfs affs qnx6 sysv ufs freevxfs; do
	grep -qw "$m" /proc/filesystems && continue
	modprobe -n -q "fs-$m" 2>/dev/null || continue
	FS_MODS+=("$m")
done
t_check "4 unloaded filesystem modules for autoload: ${FS_MODS[*]}" test ${#FS_MODS[@]} -ge 4

# One operation a line: NAME|UNSHARE|ACTION|OP|DETAIL. UNSHARE: unshare(1)
# flags besides -m ("-" none; -n, -u, -i, -U -r: the sysctls of a network,
# UTS, IPC (and mqueue) or user namespace of the task's own). ACTION: hostprobe's arguments ("@" the
# cgroup the box runs in, as a directory). OP "-": allowed, never counted.
# Writes put back the value there was, so the controls change nothing.
ACTS=(
	"sysctl-open|-|open $SYS/kernel/core_pattern w $ORIG_CORE|sysctl_write|-"
	"sysctl-openat2|-|openat2 $SYS/vm/overcommit_ratio w $ORIG_OVC|sysctl_write|-"
	"sysctl-uring|-|uring $SYS/vm/overcommit_ratio w $ORIG_OVC|sysctl_write|-"
	"sysctl-uring-async|-|uring-async $SYS/vm/overcommit_ratio w $ORIG_OVC|sysctl_write|-"
	"sysctl-reopen|-|reopen $SYS/vm/overcommit_ratio $ORIG_OVC|sysctl_write|-"
	"sysctl-pwritev|-|pwritev $SYS/vm/overcommit_ratio $ORIG_OVC|sysctl_write|-"
	"sysctl-rw|-|open $SYS/vm/overcommit_ratio rw $ORIG_OVC|sysctl_write|-"
	"sysctl-read|-|open $SYS/kernel/core_pattern r|-|-"
	"sysctl-net-init|-|open $SYS/net/ipv4/ip_forward w 1|sysctl_write|-"
	"sysctl-net-own|-n|open $SYS/net/ipv4/ip_forward w 1|-|-"
	"sysctl-uts-init|-|open $SYS/kernel/hostname w harden-vm|sysctl_write|-"
	"sysctl-uts-own|-u|open $SYS/kernel/hostname w box|-|-"
	"sysctl-ipc-init|-|open $SYS/kernel/shmmni w $(cat $SYS/kernel/shmmni)|sysctl_write|-"
	"sysctl-ipc-own|-i|open $SYS/kernel/shmmni w 100|-|-"
	"sysctl-mq-init|-|open $SYS/fs/mqueue/msg_max w $(cat $SYS/fs/mqueue/msg_max)|sysctl_write|-"
	"sysctl-mq-own|-i|open $SYS/fs/mqueue/msg_max w 11|-|-"
	"sysctl-user-init|-|open $SYS/user/max_user_namespaces w $(cat $SYS/user/max_user_namespaces)|sysctl_write|-"
	"sysctl-user-own|-U -r|open $SYS/user/max_user_namespaces w 100|-|-"
	"proc-pid1|-|open /proc/1/oom_score_adj w $ORIG_OOM1|proc_write|-"
	"proc-self|-|open /proc/self/oom_score_adj w 0|-|-"
	"proc-kcore|-|open /proc/kcore r|proc_read|-"
	"proc-kpageflags|-|open /proc/kpageflags r|proc_read|-"
	"proc-kpagecount|-|open /proc/kpagecount r|proc_read|-"
	"proc-meminfo|-|open /proc/meminfo r|-|-"
	"sysfs-thp|-|open $THP w $ORIG_THP|sysfs_write|sysfs"
	"sysfs-read|-|open $THP r|-|-"
	"tracefs-marker|-|open $TRACE w harden-host-sh|sysfs_write|tracefs"
	"cg-other|-|open $CG/hopen/other/cgroup.max.descendants w max|cgroup_write|-"
	"cg-own-limit|-|open @/cgroup.max.descendants w max|cgroup_write|-"
	"cg-own-procs|-|open @/cgroup.procs w 0|-|-"
	"cg-child|-|open @/sub/cgroup.max.descendants w max|-|-"
	"cg-read|-|open $CG/hopen/other/cgroup.max.descendants r|-|-"
	"blk-read|-|open $LOOP r|block_open|7"
	"blk-uring-async|-|uring-async $LOOP r|block_open|7"
	"chr-kmsg|-|open /dev/kmsg w harden-host-sh|char_open|1"
	"chr-mem|-|open /dev/mem r|char_open|1"
	"chr-null|-|open /dev/null w x|-|-"
	"chr-urandom|-|open /dev/urandom r|-|-"
	"chr-fuse|-|open /dev/fuse rw0|-|-"
	"chr-ptmx|-|open /dev/ptmx rw|-|-"
)
declare -A ENTRY
ALL=()
for e in "${ACTS[@]}"; do ENTRY[${e%%|*}]=$e; ALL+=("${e%%|*}"); done
op_of() { local f; IFS='|' read -r _ _ _ f _ <<<"${ENTRY[$1]}"; echo "$f"; }
det_of() { local f; IFS='|' read -r _ _ _ _ f <<<"${ENTRY[$1]}"; echo "$f"; }

# box CGROUP NAME: CMD=(the command line that boxes NAME's action into CGROUP)
box_cmd() {
	local fl action
	IFS="|" read -r _ fl action _ <<<"${ENTRY[$2]}"
	[ "$fl" = - ] && fl=
	action=${action//@/$CG$1}
	mkdir -p "$CG$1/sub"
	# shellcheck disable=SC2206 # words on purpose: no spaces in these
	CMD=(sh -c 'echo $$ > "$0/cgroup.procs" && shift && exec "$@"' "$CG$1"
		x unshare -m $fl "$HP" $action)
}
# host_cmd CGROUP NAME: the same, unbound (no new mount namespace)
host_cmd() {
	local fl action
	IFS="|" read -r _ fl action _ <<<"${ENTRY[$2]}"
	action=${action//@/$CG$1}
	mkdir -p "$CG$1/sub"
	# shellcheck disable=SC2206
	CMD=(sh -c 'echo $$ > "$0/cgroup.procs" && shift && exec "$@"' "$CG$1" x "$HP" $action)
}
# autoload in a box: mntprobe's mount of an unloaded filesystem type
auto_cmd() {
	mkdir -p "$CG$1" /tmp/hfs
	CMD=(sh -c 'echo $$ > "$0/cgroup.procs" && shift && exec "$@"' "$CG$1"
		x unshare -m "$MP" mount-new "$2" none /tmp/hfs)
}

STATS=
want() { STATS+="$1|$2|$3|$4|$5|$6|$7"$'\n'; }
check_stats() { t_expect_stats <<<"$STATS"; STATS=; }
want_only() {	# LABEL CGROUP OP DETAIL COL
	local other=denied
	[ "$5" = denied ] && other=audited
	want "$1: counted once as host $3 $4 ($5)" 1 "$2" host "$3" "$4" "$5"
	want "$1: nothing else counted" 1 "$2" '*' '*' '*' "$5"
	want "$1: nothing $other" 0 "$2" '*' '*' '*' "$other"
}
want_none() {
	want "$1: nothing counted" 0 "$2" '*' '*' '*' denied
	want "$1: nothing audited" 0 "$2" '*' '*' '*' audited
}
restore() {
	echo "$ORIG_CORE" >$SYS/kernel/core_pattern
	echo "$ORIG_OVC" >$SYS/vm/overcommit_ratio
	echo harden-vm >$SYS/kernel/hostname
}

mkdir -p "$CG/hopen/other"
t_check "hardctl check host-test.conf" "$HARDCTL" check "$POL"
t_check "no harden module loaded" sh -c '! grep -q "^harden " /proc/modules'

# --- control: no module, every operation works ---
for n in "${ALL[@]}"; do
	box_cmd "/hdeny/ctl-$n" "$n"
	t_check "control, no module: $n succeeds" "${CMD[@]}"
done
auto_cmd /hdeny/ctl-autoload "${FS_MODS[0]}"
_t_run "${CMD[@]}"
t_check "control, no module: mount -t ${FS_MODS[0]} loads its module ($T_OUT)" grep -qw "${FS_MODS[0]}" /proc/filesystems
restore

t_check "insmod harden.ko" insmod "$HARDEN_KO"
t_check "status lists the host hooks" sh -c '"$HARDCTL" status | grep -q "security_file_open"'
t_check "load host-test.conf" "$HARDCTL" load "$POL"
t_expect_output "show round-trips through check" "<stdin>: OK, 5 groups" \
	sh -c '"$HARDCTL" show | "$HARDCTL" check -'

# --- deny ---
for n in "${ALL[@]}"; do
	box_cmd "/hdeny/$n" "$n"
	if [ "$(op_of "$n")" = - ]; then
		t_check "deny: $n allowed" "${CMD[@]}"
		want_none "deny: $n" "/hdeny/$n"
	else
		t_expect_errno "deny: $n EPERM" EPERM "${CMD[@]}"
		want_only "deny: $n" "/hdeny/$n" "$(op_of "$n")" "$(det_of "$n")" denied
	fi
done
auto_cmd /hdeny/autoload "${FS_MODS[1]}"
t_expect_errno "deny: mount -t ${FS_MODS[1]}: no such device" ENODEV "${CMD[@]}"
t_check "deny: ${FS_MODS[1]} not loaded" sh -c "! grep -qw ${FS_MODS[1]} /proc/filesystems"
want_only "deny: autoload" /hdeny/autoload module_request - denied
t_expect_output "deny: host values unchanged" "$ORIG_CORE $ORIG_OVC $ORIG_OOM1" \
	sh -c "echo \$(cat $SYS/kernel/core_pattern) \$(cat $SYS/vm/overcommit_ratio) \$(cat /proc/1/oom_score_adj)"
check_stats
restore

# --- audit ---
for n in "${ALL[@]}"; do
	box_cmd "/haud/$n" "$n"
	t_check "audit: $n succeeds" "${CMD[@]}"
	if [ "$(op_of "$n")" = - ]; then
		want_none "audit: $n" "/haud/$n"
	else
		want_only "audit: $n" "/haud/$n" "$(op_of "$n")" "$(det_of "$n")" audited
	fi
done
auto_cmd /haud/autoload "${FS_MODS[2]}"
_t_run "${CMD[@]}"
t_check "audit: mount -t ${FS_MODS[2]} loads its module ($T_OUT)" grep -qw "${FS_MODS[2]}" /proc/filesystems
want_only "audit: autoload" /haud/autoload module_request - audited
check_stats
restore

# --- not policed: no host line, every host line "allow", host tasks ---
for g in hopen hallow; do
	for n in "${ALL[@]}"; do
		box_cmd "/$g/$n" "$n"
		t_check "$g: $n succeeds" "${CMD[@]}"
		want_none "$g: $n" "/$g/$n"
	done
done
for n in "${ALL[@]}"; do
	[ "$(op_of "$n")" = - ] && continue
	case $n in sysctl-*-own) continue ;; esac
	host_cmd "/hdeny/host-$n" "$n"
	t_check "host task in /hdeny: $n succeeds" "${CMD[@]}"
	want_none "host task: $n" "/hdeny/host-$n"
done
check_stats
restore

# --- devices allow loop* c:1:11 ---
for n in blk-read blk-uring-async chr-kmsg chr-null chr-fuse; do
	box_cmd "/hdev/$n" "$n"
	t_check "dev: $n allowed" "${CMD[@]}"
	want_none "dev: $n" "/hdev/$n"
done
box_cmd /hdev/chr-mem chr-mem
t_expect_errno "dev: chr-mem still EPERM" EPERM "${CMD[@]}"
want_only "dev: chr-mem" /hdev/chr-mem char_open 1 denied
box_cmd /hdev/sysctl-open sysctl-open
t_check "dev: no sysctl line: core_pattern writable" "${CMD[@]}"
want_none "dev: sysctl-open" /hdev/sysctl-open
check_stats
restore

t_check "rmmod harden" rmmod harden
losetup -d "$LOOP" 2>/dev/null
t_done
