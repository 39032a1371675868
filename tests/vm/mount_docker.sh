#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 900
# vm-session: docker
#
# Guest suite: the mount policy against real Docker containers and the mount
# techniques used to break out of them. Every technique first runs WITHOUT
# the module (control: it must work, or the check after it proves nothing),
# then under tests/vm/policies/mount-docker.conf (caps all, mount deny: only
# the mount policy can refuse), where it must fail, counted against the
# container's cgroup (/docker/<full id>):
#   a. --privileged: mount the VM's block device (the VM has no disk: an
#      ext4 image on a tmpfs file behind a loop device, with a "secret")
#   b. --privileged --cgroupns=host: a cgroup v1 hierarchy (none,name=...)
#      and its release_agent, which the kernel runs as root on the host:
#      the control really escapes (the agent writes a file on the host)
#   c. --cap-add SYS_ADMIN, no seccomp or AppArmor: remount /proc/sys rw
#   d. the same container: unmount a masked /proc path (/proc/timer_list,
#      which runc covers with /dev/null; --privileged has no masks, hence
#      this container)
#   e. --privileged: the new mount API on the block device (fsopen, fsconfig,
#      fsmount, the detached mount used only through openat)
#   f. --privileged: open_tree(/, OPEN_TREE_CLONE); with --pid=host, after
#      setns into the host's mount namespace, of the host's / (the kernel
#      clones only trees of the caller's own namespace: /proc/1/root is EINVAL)
#   g. --privileged --pid=host: nsenter --mount=/proc/1/ns/mnt and mount on
#      the host (busybox nsenter, which execs its own mount applet there; and
#      mntprobe's setns without an exec)
# Meanwhile docker run, exec and restart work under the policy, `hardctl
# monitor -j` shows a refused mount with its device as the object, and with
# mount-docker-allow.conf (mount allow fuse tmpfs) a container mounts tmpfs
# and FUSE but still not the block device.
set -u
. "$TOP/tests/vm/lib.sh"
. "$TOP/tests/vm/docker.sh"

MP=/probe/mntprobe
ATK=/tmp/mount-atk	# attack scripts, /atk in the containers
ESC=/tmp/mount-esc	# host directory the release_agent attack writes to
DISK=/tmp/mount-disk.img
HOSTDIR=/tmp/mount-hostesc	# where (g) mounts on the host
DOCKER_POL=$POL/mount-docker.conf
ALLOW_POL=$POL/mount-docker-allow.conf
D=/tmp/mount-docker
mkdir -p "$ATK" "$ESC" "$D" "$HOSTDIR/1" "$HOSTDIR/2"

cid() { docker inspect -f '{{.Id}}' "$1"; }

# run_atk CONTAINER NAME...: run /atk/NAME.sh for each NAME in one docker
# exec; ATK_OUT gets one line per attack: "@@ NAME RC OUTPUT...".
run_atk() {
	local c=$1
	shift
	ATK_OUT=$(docker exec "$c" sh -c '
		set -f
		for a in "$@"; do
			o=$(sh "/atk/$a.sh" 2>&1)
			r=$?
			echo "@@ $a $r" $o
		done' sh "$@" 2>&1)
}
atk_rc() { awk -v n="$1" '$1 == "@@" && $2 == n { print $3; f = 1 } END { if (!f) print "none" }' <<<"$ATK_OUT"; }
atk_msg() { awk -v n="$1" '$1 == "@@" && $2 == n { $1 = $2 = $3 = ""; sub(/^ +/, ""); print }' <<<"$ATK_OUT"; }
# t_atk_works LABEL NAME RE: exit 0 and output matching RE
t_atk_works() {
	local rc msg
	rc=$(atk_rc "$2") msg=$(atk_msg "$2")
	if [ "$rc" = 0 ] && [[ "$msg" =~ $3 ]]; then
		t_pass "$1: $2 works ($msg)"
	else
		T_OUT=$ATK_OUT; t_fail "$1: $2 works" "exit $rc: $msg (want /$3/)"; _t_show
	fi
}
# t_atk_refused LABEL NAME RE: non-zero exit and output matching RE
t_atk_refused() {
	local rc msg
	rc=$(atk_rc "$2") msg=$(atk_msg "$2")
	if [ "$rc" != 0 ] && [ "$rc" != none ] && [[ "$msg" =~ $3 ]]; then
		t_pass "$1: $2 refused ($msg)"
	else
		T_OUT=$ATK_OUT; t_fail "$1: $2 refused" "exit $rc: $msg (want /$3/)"; _t_show
	fi
}
host_mounted() { grep -q " $1 " /proc/1/mountinfo; }
wait_file() {	# FILE SECONDS
	local i
	for ((i = 0; i < $2 * 5; i++)); do
		[ -e "$1" ] && return 0
		sleep 0.2
	done
	return 1
}

# --- the block device: the VM has none, so a loop device on a tmpfs file ---
modprobe loop 2>/dev/null
modprobe ext4 2>/dev/null
modprobe fuse 2>/dev/null
LOOP=
if truncate -s 32M "$DISK" && mkfs.ext4 -q -F "$DISK" >/dev/null 2>&1 &&
   LOOP=$(losetup -f --show "$DISK") && mkdir -p "$D/disk" &&
   mount -t ext4 "$LOOP" "$D/disk" && echo host-disk-secret >"$D/disk/secret" &&
   umount "$D/disk"; then
	t_pass "block device: $LOOP, ext4 on $DISK (tmpfs), holding a secret"
else
	t_fail "block device: ext4 on a loop device" "LOOP=$LOOP"
fi
FUSE_DEV=0
[ -c /dev/fuse ] && FUSE_DEV=1
t_log "/dev/fuse in the guest: $([ $FUSE_DEV = 1 ] && echo yes || echo no)"

# --- the attacks, as scripts the containers run (busybox sh) ---
cat >"$ATK/blockdev.sh" <<EOF
mkdir -p /mnt/blk && mount -t ext4 $LOOP /mnt/blk && cat /mnt/blk/secret && umount /mnt/blk
EOF
cat >"$ATK/release-agent.sh" <<'EOF'
mkdir -p /tmp/cg || exit 2
mount -t cgroup -o none,name=hardenesc cgroup /tmp/cg || exit 1
mkdir -p /tmp/cg/x && echo 1 > /tmp/cg/x/notify_on_release || exit 2
printf '#!/bin/sh\necho escaped as $(id -u) > /tmp/mount-esc/pwned\n' > /esc/agent
chmod +x /esc/agent
# a host path: the kernel runs it on the host, as root
echo /tmp/mount-esc/agent > /tmp/cg/release_agent || exit 2
sh -c 'echo $$ > /tmp/cg/x/cgroup.procs' || exit 2
echo release_agent set, x emptied
EOF
cat >"$ATK/release-cleanup.sh" <<'EOF'
rmdir /tmp/cg/x; umount /tmp/cg
EOF
cat >"$ATK/fsmount-blockdev.sh" <<EOF
$MP fsmount ext4 $LOOP
EOF
cat >"$ATK/open-tree-clone.sh" <<EOF
$MP open-tree-clone /
EOF
cat >"$ATK/remount-procsys.sh" <<'EOF'
mount -o remount,rw /proc/sys || exit 1
awk '$5 == "/proc/sys" { print "/proc/sys", $6 }' /proc/self/mountinfo
EOF
cat >"$ATK/umount-mask.sh" <<'EOF'
awk '$5 == "/proc/timer_list" { for (i = 7; i < NF; i++) if ($i == "-") { print "mask-type=" $(i + 1); break } }' /proc/self/mountinfo
umount /proc/timer_list || exit 1
head -n 1 /proc/timer_list
EOF
cat >"$ATK/nsenter-mount.sh" <<EOF
nsenter --mount=/proc/1/ns/mnt mount -t tmpfs harden-esc $HOSTDIR/1 && echo mounted on the host
EOF
cat >"$ATK/setns-mount.sh" <<EOF
$MP hostns mount-new tmpfs harden-esc $HOSTDIR/2
EOF
cat >"$ATK/open-tree-host-root.sh" <<EOF
$MP hostns open-tree-clone /
EOF
PRIV_ATK=(blockdev release-agent fsmount-blockdev open-tree-clone)
SYSADM_ATK=(remount-procsys umount-mask)
HOSTPID_ATK=(nsenter-mount setns-mount open-tree-host-root)

docker_start || { t_fail "dockerd starts"; t_done; }
t_check "import busybox image" docker_import_busybox "$IMG"

# --- containers, started before the module is loaded ---
VOLS=(-v "$PROBE_DIR:/probe:ro" -v "$ATK:/atk:ro")
t_check "start --privileged --cgroupns=host container 'priv'" \
	docker run -d --name priv --privileged --cgroupns=host "${VOLS[@]}" -v "$ESC:/esc" \
	"$IMG" sleep 100000
t_check "start --cap-add SYS_ADMIN container 'sysadm' (no seccomp, no AppArmor: runc's masks stay)" \
	docker run -d --name sysadm --cap-add SYS_ADMIN --security-opt apparmor=unconfined \
	--security-opt seccomp=unconfined "${VOLS[@]}" "$IMG" sleep 100000
t_check "start --privileged --pid=host container 'hostpid'" \
	docker run -d --name hostpid --privileged --pid=host "${VOLS[@]}" "$IMG" sleep 100000
PRIV=/docker/$(cid priv)
SYSADM=/docker/$(cid sysadm)
HOSTPID=/docker/$(cid hostpid)

# --- controls: no module ---
C="control, no module"
t_check "$C: no harden module loaded" sh -c '! grep -q "^harden " /proc/modules'
run_atk priv "${PRIV_ATK[@]}"
t_atk_works "$C: a. --privileged" blockdev 'host-disk-secret'
t_atk_works "$C: b. --privileged --cgroupns=host" release-agent 'release_agent set'
t_check "$C: b. the release_agent ran on the host, as root" wait_file "$ESC/pwned" 10
t_log "b: $ESC/pwned: $(cat "$ESC/pwned" 2>&1)"
t_atk_works "$C: e. --privileged" fsmount-blockdev 'fsmount: ok'
t_atk_works "$C: f. --privileged" open-tree-clone 'open-tree-clone: ok'
run_atk priv release-cleanup
rm -f "$ESC/pwned" "$ESC/agent"
run_atk sysadm "${SYSADM_ATK[@]}"
t_atk_works "$C: c. --cap-add SYS_ADMIN" remount-procsys '/proc/sys rw'
t_atk_works "$C: d. --cap-add SYS_ADMIN" umount-mask 'Timer List'
MASK_TYPE=$(atk_msg umount-mask | sed -n 's/.*mask-type=\([^ ]*\).*/\1/p')
t_check "$C: d. /proc/timer_list was a mask (a mount of ${MASK_TYPE:-nothing})" test -n "$MASK_TYPE"
run_atk hostpid "${HOSTPID_ATK[@]}"
t_atk_works "$C: g. --privileged --pid=host" nsenter-mount 'mounted on the host'
t_check "$C: g. ... a tmpfs at $HOSTDIR/1 in the host's mount namespace" host_mounted "$HOSTDIR/1"
t_atk_works "$C: g. --privileged --pid=host" setns-mount 'mount-new: ok'
t_check "$C: g. ... a tmpfs at $HOSTDIR/2 in the host's mount namespace" host_mounted "$HOSTDIR/2"
t_atk_works "$C: f. --privileged --pid=host" open-tree-host-root 'open-tree-clone: ok'
umount "$HOSTDIR/1" "$HOSTDIR/2" 2>/dev/null
# The two containers whose control changed their mounts start afresh (the
# same ids and cgroups).
t_check "$C: restart sysadm (its masks and read-only /proc/sys back)" docker restart -t 1 sysadm

# --- with harden and mount-docker.conf ---
t_check "insmod harden.ko" insmod "$HARDEN_KO"
t_check "load mount-docker.conf (caps all, mount deny)" "$HARDCTL" load "$DOCKER_POL"
"$HARDCTL" monitor -j >"$D/mon.json" 2>"$D/mon.err" &
MON=$!
sleep 1
P="mount deny"
run_atk priv "${PRIV_ATK[@]}"
t_atk_refused "$P: a. --privileged" blockdev 'permission denied'
t_atk_refused "$P: b. --privileged --cgroupns=host" release-agent 'permission denied'
t_check "$P: b. no release_agent ran on the host" sh -c "! test -e $ESC/pwned"
t_atk_refused "$P: e. --privileged" fsmount-blockdev 'EPERM \(Operation not permitted\) at fsopen'
t_atk_refused "$P: f. --privileged" open-tree-clone 'EPERM \(Operation not permitted\) at open_tree'
run_atk sysadm "${SYSADM_ATK[@]}"
t_atk_refused "$P: c. --cap-add SYS_ADMIN" remount-procsys 'permission denied'
t_expect_output "$P: c. /proc/sys still read-only" ro \
	docker exec sysadm awk '$5 == "/proc/sys" { split($6, o, ","); print o[1] }' /proc/self/mountinfo
t_atk_refused "$P: d. --cap-add SYS_ADMIN" umount-mask 'Operation not permitted|permission denied'
run_atk hostpid "${HOSTPID_ATK[@]}"
t_atk_refused "$P: g. --privileged --pid=host" nsenter-mount 'permission denied|Operation not permitted'
t_check "$P: g. nothing mounted at $HOSTDIR/1" sh -c "! grep -q ' $HOSTDIR/1 ' /proc/1/mountinfo"
t_atk_refused "$P: g. --privileged --pid=host" setns-mount 'EPERM'
t_check "$P: g. nothing mounted at $HOSTDIR/2" sh -c "! grep -q ' $HOSTDIR/2 ' /proc/1/mountinfo"
t_atk_refused "$P: f. --privileged --pid=host" open-tree-host-root 'EPERM'
t_log "counters: $(t_stat_rows "$PRIV" "$SYSADM" "$HOSTPID" | tr '\n' ';')"

t_expect_stats <<EOF
$P: a. priv: the block device mount counted as mount ext4|1|$PRIV|mount|mount|ext4|denied
$P: b. priv: the cgroup v1 mount counted as mount cgroup|1|$PRIV|mount|mount|cgroup|denied
$P: e. priv: fsopen counted as fsopen ext4|1|$PRIV|mount|fsopen|ext4|denied
$P: f. priv: open_tree_clone counted|1|$PRIV|mount|open_tree_clone|-|denied
$P: priv: 4 denials in all|4|$PRIV|*|*|*|denied
$P: priv: no capability denial (caps all)|0|$PRIV|cap|*|*|denied
$P: c. sysadm: remount counted as mount_remount proc|1|$SYSADM|mount|mount_remount|proc|denied
$P: d. sysadm: umount counted as umount ${MASK_TYPE:-?}|1|$SYSADM|mount|umount|${MASK_TYPE:-?}|denied
$P: sysadm: 2 denials in all|2|$SYSADM|*|*|*|denied
$P: g. hostpid: host's mount after nsenter and mntprobe's after setns: 2 mount tmpfs|2|$HOSTPID|mount|mount|tmpfs|denied
$P: f. hostpid: open_tree_clone of the host's / counted|1|$HOSTPID|mount|open_tree_clone|-|denied
$P: hostpid: 3 denials in all|3|$HOSTPID|*|*|*|denied
$P: nothing audited|0|$PRIV|*|*|*|audited
EOF

t_check "monitor -j: the block device mount, with the device as its object" python3 - "$D/mon.json" "$PRIV" "$LOOP" <<'EOF'
import json, sys, time
for _ in range(60):
    for line in open(sys.argv[1]):
        try:
            e = json.loads(line)
        except ValueError:
            continue
        if (e.get("cgroup") == sys.argv[2] and e.get("area") == "mount" and e.get("op") == "mount"
                and e.get("detail") == "ext4" and e.get("object") == sys.argv[3]
                and e.get("mode") == "enforce" and e.get("group") == "docker"):
            sys.exit(0)
    time.sleep(0.5)
sys.exit("no such event")
EOF
kill "$MON" 2>/dev/null
wait "$MON" 2>/dev/null

# --- Docker keeps working under mount deny ---
t_expect_output "$P: docker run" hi docker run --rm "$IMG" echo hi
# Docker's default capabilities, without Docker's seccomp profile (which
# refuses mount(2) to a container without SYS_ADMIN before the kernel runs it).
t_check "$P: docker run -d (default capabilities, seccomp=unconfined)" \
	docker run -d --name post --security-opt seccomp=unconfined "${VOLS[@]}" "$IMG" sleep 100000
POST=/docker/$(cid post)
t_expect_output "$P: docker exec" hi docker exec post echo hi
t_expect_errno "$P: no SYS_ADMIN: mount(2) EPERM" EPERM docker exec post "$MP" mount-new tmpfs none /mnt
t_expect_stat "$P: ... counted as mount tmpfs, against that container (harden's hook comes before the kernel's SYS_ADMIN check)" \
	1 "$POST" mount mount tmpfs denied
t_expect_stat "$P: ... and not as SYS_ADMIN" 0 "$POST" cap capable SYS_ADMIN denied
t_check "$P: docker restart --privileged 'priv'" docker restart -t 1 priv
t_expect_output "$P: running after restart" true docker inspect -f '{{.State.Running}}' priv
t_expect_output "$P: docker exec after restart" hi docker exec priv echo hi
t_expect_errno "$P: after restart: mount(2) still EPERM" EPERM docker exec priv "$MP" mount-new tmpfs none /mnt

# --- mount allow fuse tmpfs ---
A="mount allow fuse tmpfs"
t_check "load mount-docker-allow.conf" "$HARDCTL" load "$ALLOW_POL"
EXT4_0=$(t_stat "$PRIV" mount mount ext4 denied)
t_expect_output "$A: mount(2) tmpfs" "mount-new: ok" docker exec priv "$MP" mount-new tmpfs none /mnt
t_check "$A: busybox mount -t tmpfs" docker exec priv mount -t tmpfs none /tmp
if [ "$FUSE_DEV" = 1 ] && docker exec priv test -c /dev/fuse; then
	t_expect_output "$A: FUSE mount (fuse)" "mount-fuse: ok" docker exec priv sh -c "mkdir -p /mnt/f && $MP mount-fuse /mnt/f"
	t_expect_output "$A: FUSE mount (fuse.sshfs)" "mount-fuse: ok" docker exec priv sh -c "mkdir -p /mnt/s && $MP mount-fuse /mnt/s fuse.sshfs"
else
	t_skip "$A: FUSE mounts" "no /dev/fuse in the guest or the container"
fi
run_atk priv blockdev fsmount-blockdev
t_atk_refused "$A: a. the block device" blockdev 'permission denied'
t_atk_refused "$A: e. the block device through the new API" fsmount-blockdev 'EPERM'
t_expect_errno "$A: proc" EPERM docker exec priv sh -c "mkdir -p /mnt/p && $MP mount-new proc proc /mnt/p"
t_expect_errno "$A: fsmount of a tmpfs (a detached mount)" EPERM docker exec priv "$MP" fsmount tmpfs
t_check "$A: ... refused at fsmount" grep -q "at fsmount" <<<"$T_OUT"
t_expect_stats <<EOF
$A: the block device counted once more|$((EXT4_0 + 1))|$PRIV|mount|mount|ext4|denied
$A: fsopen of ext4 counted|2|$PRIV|mount|fsopen|ext4|denied
$A: proc counted|1|$PRIV|mount|mount|proc|denied
$A: fsmount counted|1|$PRIV|mount|fsmount|-|denied
EOF

docker rm -f priv sysadm hostpid post >/dev/null 2>&1
docker_stop
t_check "rmmod harden" rmmod harden
losetup -d "$LOOP" 2>/dev/null
t_done
