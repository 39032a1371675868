#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 900
#
# Guest suite: the mount policy (policies "mount deny", "mount allow
# TYPE...", "mount allow") against every mount syscall, x64 and ia32 entry
# points, in plain cgroups (no Docker), with tests/vm/policies/mount-test.conf.
#
# mntprobe makes one mount operation per run. `mntprobe box CG SETUP -- ACT`
# runs on the host (unarmed), joins cgroup CG, unshares its mount namespace
# (so nothing here touches the guest's own mounts), prepares what ACT needs
# (a tmpfs, a new root for pivot_root, an fs context or a detached mount
# passed on as fd 10) with calls that nobody polices yet, then execs itself
# for ACT: that exec in a new mount namespace arms it when CG belongs to a
# group. So each operation is the only one the armed task makes, and every
# counter is checked to the unit.
#
# For every operation:
#   control   without the module the very same command succeeds (else the
#             checks below it prove nothing);
#   deny      armed under "mount deny": EPERM, counted once as its op (and
#             type, where the kernel knows one), nothing else counted;
#   audit     armed, mode audit: succeeds, counted once as audited;
#   host      with the policy loaded, a task in the matched cgroup that
#             never exec'd in a new mount namespace (in the initial one, -H;
#             in a new one without exec, -n): succeeds, nothing counted;
#   tmpfs     "mount allow tmpfs fuse": new tmpfs and fuse mounts succeed;
#             proc, cgroup v1, bind, remount and everything else is EPERM;
#   open      no mount line, or "mount allow": not policed;
#   nocap     "mount deny" in a group without SYS_ADMIN: refused and
#             counted exactly once, as a mount violation wherever harden's
#             hook comes before the kernel's capability check.
set -u
. "$TOP/tests/vm/lib.sh"

MP=$TOP/build/bin/mntprobe
CG=/sys/fs/cgroup
POL=$TOP/tests/vm/policies/mount-test.conf
B=/tmp/m	# scratch directory of a boxed run (a tmpfs of its own)
HB=/tmp/mh	# host runs: a tmpfs in the initial mount namespace, cleaned up

# One operation a line: NAME|SETUP|ACTION|OP|DETAIL. "@" stands for the
# scratch directory. DETAIL: the filesystem type; "-" for an op that has none
# (bind, move, fsmount, open_tree clone, mount_setattr); for remount,
# propagation, pivot_root, reconfigure and move_mount the type of the mount
# acted on.
ACTS=(
	"mount-new|tmpfs:@ dir:@/d|mount-new tmpfs none @/d|mount|tmpfs"
	"mount-proc|tmpfs:@ dir:@/d|mount-new proc proc @/d|mount|proc"
	"mount-cgroup1|tmpfs:@ dir:@/d|mount-new cgroup cgroup @/d none,name=hmnt|mount|cgroup"
	"mount-fuse|tmpfs:@ dir:@/d|mount-fuse @/d|mount|fuse"
	"mount-fuse-subtype|tmpfs:@ dir:@/d|mount-fuse @/d fuse.mntprobe|mount|fuse"
	"mount-bind|tmpfs:@ dir:@/a dir:@/b|mount-bind @/a @/b|mount_bind|-"
	"mount-remount|tmpfs:@|mount-remount @ ro|mount_remount|tmpfs"
	"mount-move|tmpfs:@ tmpfs:@/a dir:@/b|mount-move @/a @/b|mount_move|-"
	"mount-private|tmpfs:@|mount-private @|mount_propagation|tmpfs"
	"umount|tmpfs:@|umount @|umount|tmpfs"
	"pivot-root|pivot:@|pivot-root @ @/old|pivot_root|tmpfs"
	"fsopen|-|fsopen tmpfs|fsopen|tmpfs"
	"fsopen-proc|-|fsopen proc|fsopen|proc"
	"fsopen-other|-|fsopen minix|fsopen|other"
	"fsconfig-create|fsopen:tmpfs|fsconfig-create fd:10|fsconfig_create|tmpfs"
	"fsconfig-reconfigure|tmpfs:@|fsconfig-reconfigure @|fsconfig_reconfigure|tmpfs"
	"fsmount|fsctx:tmpfs|fsmount fd:10|fsmount|-"
	"move-mount|fsmnt:tmpfs dir:@|move-mount fd:10 @|move_mount|tmpfs"
	"open-tree-clone|-|open-tree-clone /tmp|open_tree_clone|-"
	"mount-setattr|tmpfs:@|mount-setattr @|mount_setattr|-"
)
# FSCONFIG_CMD_CREATE_EXCL exists from 6.6 on.
[ "$HARDEN_KERNEL" = 6.1 ] ||
	ACTS+=("fsconfig-create-excl|fsopen:tmpfs|fsconfig-create-excl fd:10|fsconfig_create|tmpfs")
# Never checked: open_tree without OPEN_TREE_CLONE, fspick alone.
FREE=(
	"open-tree|-|open-tree /tmp|-|-"
	"fspick|tmpfs:@|fspick @|-|-"
)
# Whole new-API sequences from an armed task (the first call is refused
# under "mount deny"; under "mount allow tmpfs", the first non-create one).
SEQS=(
	"seq-fsconfig-create|-|fsconfig-create tmpfs|-|-"
	"seq-fsmount|-|fsmount tmpfs|-|-"
	"seq-move-mount|dir:@|move-mount tmpfs @|-|-"
)
# Allowed under "mount allow tmpfs fuse".
TMPFS_OK=" mount-new mount-fuse mount-fuse-subtype fsopen fsconfig-create fsconfig-create-excl seq-fsconfig-create "
# Where harden's hook comes before the kernel's own CAP_SYS_ADMIN check
# (path_mount() calls security_sb_mount() first; fsopen, fsmount, open_tree
# and mount_setattr are hooked at syscall entry).
HOOK_FIRST=" mount-new mount-proc mount-cgroup1 mount-fuse mount-fuse-subtype mount-bind mount-remount mount-move mount-private fsopen fsopen-proc fsopen-other fsmount open-tree-clone mount-setattr "
ABIS=("" "ia32-")

declare -A ENTRY
for e in "${ACTS[@]}" "${FREE[@]}" "${SEQS[@]}"; do ENTRY[${e%%|*}]=$e; done
ALL=()
for e in "${ACTS[@]}"; do ALL+=("${e%%|*}"); done

# box_cmd FLAGS CGROUP ABI NAME BASE: CMD=(the mntprobe box command line)
box_cmd() {
	local flags=$1 cg=$2 abi=$3 name setup action
	IFS='|' read -r name setup action _ <<<"${ENTRY[$4]}"
	[ "$setup" = - ] && setup=
	setup=${setup//@/$5}
	action=${action//@/$5}
	# shellcheck disable=SC2206 # words on purpose: no spaces in these
	CMD=("$MP" box $flags "$CG$cg" $setup -- $abi$action)
}
op_of() { local f; IFS='|' read -r _ _ _ f _ <<<"${ENTRY[$1]}"; echo "$f"; }
det_of() { local f; IFS='|' read -r _ _ _ _ f <<<"${ENTRY[$1]}"; echo "$f"; }

# run_ok LABEL FLAGS CGROUP ABI NAME [BASE]: the operation succeeds
run_ok() {
	box_cmd "$2" "$3" "$4" "$5" "${6:-$B}"
	t_check "$1: $4$5 succeeds" "${CMD[@]}"
}
# run_eperm LABEL FLAGS CGROUP ABI NAME: the operation fails with EPERM
run_eperm() {
	box_cmd "$2" "$3" "$4" "$5" "$B"
	t_expect_errno "$1: $4$5 EPERM" EPERM "${CMD[@]}"
}

STATS=	# t_expect_stats lines, checked in one go by check_stats
want() { STATS+="$1|$2|$3|$4|$5|$6|$7"$'\n'; }
check_stats() { t_expect_stats <<<"$STATS"; STATS=; }
# want_only LABEL CGROUP OP DETAIL COL: counted once as OP/DETAIL in COL,
# nothing else in either column
want_only() {
	local other=denied
	[ "$5" = denied ] && other=audited
	want "$1: counted once as mount $3 $4 ($5)" 1 "$2" mount "$3" "$4" "$5"
	want "$1: nothing else counted" 1 "$2" '*' '*' '*' "$5"
	want "$1: nothing $other" 0 "$2" '*' '*' '*' "$other"
}
# want_none LABEL CGROUP: nothing counted at all
want_none() {
	want "$1: nothing counted" 0 "$2" '*' '*' '*' denied
	want "$1: nothing audited" 0 "$2" '*' '*' '*' audited
}

# --- the guest: fuse, minix (for an fs type harden has no name for) ---
modprobe fuse 2>/dev/null
t_check "/dev/fuse exists (fuse loaded)" test -c /dev/fuse
modprobe minix 2>/dev/null
t_check "minix is a known filesystem type (for the 'other' detail)" grep -qw minix /proc/filesystems
t_check "hardctl check mount-test.conf" "$HARDCTL" check "$POL"
t_check "no harden module loaded" sh -c '! grep -q "^harden " /proc/modules'

# --- control: no module, every operation works ---
for abi in "${ABIS[@]}"; do
	for n in "${ALL[@]}" open-tree fspick seq-fsconfig-create seq-fsmount seq-move-mount; do
		run_ok "control, no module" "" "/mdeny/$abi$n" "$abi" "$n"
	done
done
box_cmd "" /mdeny/ctl-ia32 ia32- mount-new "$B"
t_expect_output "control: ia32 entry points reachable (int \$0x80)" "ia32-mount-new: ok" "${CMD[@]}"

t_check "insmod harden.ko" insmod "$HARDEN_KO"
t_check "status lists the mount hooks" sh -c '"$HARDCTL" status | grep -q "security_sb_mount"'
t_log "status: $("$HARDCTL" status 2>&1 | tr '\n' ' ' | head -c 600)"
t_check "load mount-test.conf" "$HARDCTL" load "$POL"
t_expect_output "show round-trips through check" "<stdin>: OK, 6 groups" \
	sh -c '"$HARDCTL" show | "$HARDCTL" check -'

# --- deny: every operation refused and counted once ---
for abi in "${ABIS[@]}"; do
	for n in "${ALL[@]}"; do
		run_eperm "deny" "" "/mdeny/$abi$n" "$abi" "$n"
		want_only "deny: $abi$n" "/mdeny/$abi$n" "$(op_of "$n")" "$(det_of "$n")" denied
	done
	for n in open-tree fspick; do
		run_ok "deny, never checked" "" "/mdeny/$abi$n" "$abi" "$n"
		want_none "deny, never checked: $abi$n" "/mdeny/$abi$n"
	done
	# The sequences stop at fsopen, counted with its type.
	for n in seq-fsconfig-create seq-fsmount seq-move-mount; do
		run_eperm "deny" "" "/mdeny/$abi$n" "$abi" "$n"
		t_check "deny: $abi$n: refused at fsopen" grep -q "at fsopen" <<<"$T_OUT"
		want_only "deny: $abi$n" "/mdeny/$abi$n" fsopen tmpfs denied
	done
done
check_stats

# --- audit: every operation proceeds, counted once as audited ---
for abi in "${ABIS[@]}"; do
	for n in "${ALL[@]}"; do
		run_ok "audit" "" "/maud/$abi$n" "$abi" "$n"
		want_only "audit: $abi$n" "/maud/$abi$n" "$(op_of "$n")" "$(det_of "$n")" audited
	done
	for n in open-tree fspick; do
		run_ok "audit, never checked" "" "/maud/$abi$n" "$abi" "$n"
		want_none "audit, never checked: $abi$n" "/maud/$abi$n"
	done
	# Each call of a sequence is counted.
	run_ok "audit" "" "/maud/${abi}seq-fsmount" "$abi" seq-fsmount
	want "audit: ${abi}seq-fsmount: fsopen tmpfs audited" 1 "/maud/${abi}seq-fsmount" mount fsopen tmpfs audited
	want "audit: ${abi}seq-fsmount: fsconfig_create tmpfs audited" 1 "/maud/${abi}seq-fsmount" mount fsconfig_create tmpfs audited
	want "audit: ${abi}seq-fsmount: fsmount audited" 1 "/maud/${abi}seq-fsmount" mount fsmount - audited
	want "audit: ${abi}seq-fsmount: 3 audited in all" 3 "/maud/${abi}seq-fsmount" '*' '*' '*' audited
	run_ok "audit" "" "/maud/${abi}seq-move-mount" "$abi" seq-move-mount
	want "audit: ${abi}seq-move-mount: move_mount audited" 1 "/maud/${abi}seq-move-mount" mount move_mount tmpfs audited
	want "audit: ${abi}seq-move-mount: 4 audited in all" 4 "/maud/${abi}seq-move-mount" '*' '*' '*' audited
done
want "audit: group maud: nothing denied" 0 /maud '*' '*' '*' denied
check_stats
t_expect_group_total "audit: group maud's mount total" \
	$(((${#ALL[@]} + 7) * 2)) maud mount audited

# --- unarmed tasks in a matched cgroup, with the policy loaded ---
t_check "host: a tmpfs for the host runs at $HB" sh -c "mkdir -p $HB && mount -t tmpfs mh $HB"
for abi in "${ABIS[@]}"; do
	for n in "${ALL[@]}" open-tree fspick seq-fsmount seq-move-mount; do
		# pivot_root would change the guest's root: only in the -n runs
		[ "$n" = pivot-root ] && continue
		run_ok "host (initial mount ns)" -H "/mdeny/host-$abi$n" "$abi" "$n" "$HB/$abi$n"
		want_none "host: $abi$n" "/mdeny/host-$abi$n"
	done
done
umount -R "$HB" 2>/dev/null || umount -l "$HB"
t_check "host: the host runs' mounts are gone" sh -c "! grep -q ' $HB' /proc/self/mountinfo"
for n in "${ALL[@]}"; do
	run_ok "new mount ns, no exec" -n "/mdeny/nx-$n" "" "$n"
	want_none "new mount ns, no exec: $n" "/mdeny/nx-$n"
done
for n in mount-new mount-bind umount fsopen fsmount open-tree-clone mount-setattr; do
	run_ok "unmatched cgroup, new mount ns" "" "/mfree/$n" "" "$n"
	want_none "unmatched cgroup: $n" "/mfree/$n"
done
check_stats

# --- mount allow tmpfs fuse ---
for abi in "${ABIS[@]}"; do
	for n in "${ALL[@]}"; do
		if [[ "$TMPFS_OK" == *" $n "* ]]; then
			run_ok "allow tmpfs fuse" "" "/mtmp/$abi$n" "$abi" "$n"
			want_none "allow tmpfs fuse: $abi$n" "/mtmp/$abi$n"
		else
			run_eperm "allow tmpfs fuse" "" "/mtmp/$abi$n" "$abi" "$n"
			want_only "allow tmpfs fuse: $abi$n" "/mtmp/$abi$n" "$(op_of "$n")" "$(det_of "$n")" denied
		fi
	done
	run_ok "allow tmpfs fuse" "" "/mtmp/${abi}seq-fsconfig-create" "$abi" seq-fsconfig-create
	want_none "allow tmpfs fuse: ${abi}seq-fsconfig-create" "/mtmp/${abi}seq-fsconfig-create"
	# fsopen and CREATE of a tmpfs pass; fsmount never does (a new mount
	# of a listed type goes through mount(2)).
	for n in seq-fsmount seq-move-mount; do
		run_eperm "allow tmpfs fuse" "" "/mtmp/$abi$n" "$abi" "$n"
		t_check "allow tmpfs fuse: $abi$n: refused at fsmount" grep -q "at fsmount" <<<"$T_OUT"
		want_only "allow tmpfs fuse: $abi$n" "/mtmp/$abi$n" fsmount - denied
	done
done
check_stats

# --- not policed: no mount line, "mount allow" ---
for n in "${ALL[@]}"; do
	run_ok "no mount line" "" "/mopen/$n" "" "$n"
	want_none "no mount line: $n" "/mopen/$n"
done
for n in mount-new mount-proc mount-bind umount fsmount open-tree-clone; do
	run_ok "mount allow" "" "/mopen2/$n" "" "$n"
	want_none "mount allow: $n" "/mopen2/$n"
done
check_stats

# --- mount deny without SYS_ADMIN ---
for n in "${ALL[@]}"; do
	run_eperm "deny, no SYS_ADMIN" "" "/mnocap/$n" "" "$n"
	want "deny, no SYS_ADMIN: $n: refused and counted once" 1 "/mnocap/$n" '*' '*' '*' denied
	if [[ "$HOOK_FIRST" == *" $n "* ]]; then
		want "deny, no SYS_ADMIN: $n: counted as a mount violation, not as SYS_ADMIN" \
			1 "/mnocap/$n" mount "$(op_of "$n")" "$(det_of "$n")" denied
	fi
done
check_stats
# The others: the kernel's may_mount()/mount_capable() comes first (umount,
# pivot_root, move_mount, fsconfig CMD_CREATE and CMD_RECONFIGURE).
cgs=()
for n in "${ALL[@]}"; do [[ "$HOOK_FIRST" == *" $n "* ]] || cgs+=("/mnocap/$n"); done
t_stat_rows "${cgs[@]}" | while read -r l; do t_log "deny, no SYS_ADMIN, checked by the kernel first: $l"; done

# --- unload: not policed any more ---
t_check "rmmod harden" rmmod harden
run_ok "after rmmod" "" /mdeny/after "" mount-new
run_ok "after rmmod" "" /mdeny/after2 ia32- seq-fsmount
t_done
