#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 1500
# vm-session: docker
#
# Guest suite: the host kernel interfaces area (sysctl, procfs, sysfs,
# cgroupfs, devices, autoload; the usermode-helper backstop) against real
# Docker containers and the techniques used to break out of them through
# the host kernel's own files. Every technique first runs WITHOUT the module
# (control: it must work, or the check after it proves nothing), then under
# tests/vm/policies/host-docker.conf (caps all, no mount or ptrace policy:
# only the host area can refuse), where the open(2) must fail with EPERM,
# counted once against the container's cgroup (/docker/<full id>) as its op:
#   a. --privileged: write kernel.core_pattern, kernel.modprobe and
#      vm.overcommit_ratio (host-global sysctls)                sysctl_write
#   b. --privileged: write /proc/sysrq-trigger ('h': help in dmesg)
#                                                               proc_write
#   c. --privileged: write a sysfs knob (transparent_hugepage/enabled, or
#      /sys/power/pm_async on the debug kernel, which has no THP) and
#      tracefs' trace_marker (a tracefs the container mounts)  sysfs_write
#   d. --privileged: raw read and write of a block device (a loop device
#      over a tmpfs file holding a secret), through /dev/loopN and through a
#      node mknod'ed at /tmp; /dev/kmsg (char 1:11, not in the safe set)
#                                                   block_open, char_open
#   e. core-dump pipe: a --privileged container sets core_pattern to
#      "|/proc/%P/root/tmp/evil" (sysctl_write); the backstop: the host admin
#      sets "|/proc/%P/root/evil" (a host misconfiguration) and a process of
#      a container crashes: the container's /evil runs as root on the host
#      in the control, is refused (tamper umh_exec) under the policy, and a
#      pipe helper from the host's own tree still runs
#   f. a DEFAULT container with -v /proc:/host/proc writes the host's
#      core_pattern and sysrq-trigger through that bind mount
#   g. --privileged --cgroupns=host: write another container's memory.max,
#      its own memory.max and cgroup.max.descendants (cgroup_write), a
#      mkdir and rmdir of cgroups outside its own, a cgroup v1
#      release_agent escape (cgroup_write on the v1 mkdir);
#      a child of its own cgroup stays writable; in a private cgroupns
#      (another --privileged container) the same on its own root, and a child
#      with the memory controller gets its memory.max. Moving the
#      container's own tasks out of its cgroup (tamper cgroup_move) is
#      binding_docker.sh's part 3, not repeated here; pulling a host task
#      INTO its own cgroup (--pid=host --cgroupns=host), where the
#      container may freeze or kill it, is checked.
#   h. --privileged: open /proc/kcore and /proc/kpageflags     proc_read
#   i. --privileged --pid=host: write /proc/1/oom_score_adj (a host task)
#      and another container's task's: proc_write; its own
#      /proc/self/oom_score_adj stays writable
#   j. the open is the check: an fd opened O_RDONLY cannot be written
#      (EBADF, the kernel's own), and re-opening it for writing through
#      /proc/self/fd/N is a write-open like any (sysctl_write); so are
#      openat2(2) and io_uring's IORING_OP_OPENAT, inline and in an io-wq
#      worker (tests/bin/hostprobe)
#   k. --privileged: mount of an unloaded filesystem type asks the kernel to
#      load its module (request_module)                      module_request
#   l. --privileged: core_pattern through a fresh proc mount and a bind
#      mount of the file, the sysfs knob through a fresh sysfs mount
#   n. a task of a container started before the module was loaded is
#      policed all the same
#   m. --privileged: binfmt_misc (the host has the module loaded): register
#      a handler with F (the container's busybox, opened at registration);
#      the host exec'ing a matching file then runs it as root; binfmt_misc
#      writes fall under sysctl readonly (sysctl_write)
# Meanwhile under the policy: docker run (--sysctl net.ipv4.ip_forward=1,
# --device /dev/fuse, --memory 64m, -t), docker stats, a container's own
# network, UTS and IPC sysctls, /dev/null, /dev/urandom and a pty work and
# count nothing; with host-docker-allow.conf (devices allow fuse loop*) the
# loop device opens but /dev/kmsg does not; host-docker-audit.conf lets the
# writes through and counts them as audited.
set -u
. "$TOP/tests/vm/lib.sh"
. "$TOP/tests/vm/docker.sh"

ATK=/tmp/host-atk	# attack scripts, /atk in the containers
ESC=/tmp/host-esc	# host directory: markers the escapes leave
DISK=/tmp/host-disk.img
CG=/sys/fs/cgroup
DOCKER_POL=$POL/host-docker.conf
ALLOW_POL=$POL/host-docker-allow.conf
AUDIT_POL=$POL/host-docker-audit.conf
SECRET=host-disk-secret
SECRET_OFF=1048576
mkdir -p "$ATK" "$ESC" "$CG/harden-empty"

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
# t_atk_refused LABEL NAME [RE]: non-zero exit and output matching RE
# (default: EPERM's message)
t_atk_refused() {
	local rc msg re=${3:-Operation not permitted}
	rc=$(atk_rc "$2") msg=$(atk_msg "$2")
	if [ "$rc" != 0 ] && [ "$rc" != none ] && [[ "$msg" =~ $re ]]; then
		t_pass "$1: $2 refused ($msg)"
	else
		T_OUT=$ATK_OUT; t_fail "$1: $2 refused" "exit $rc: $msg (want /$re/)"; _t_show
	fi
}
wait_file() {	# FILE SECONDS
	local i
	for ((i = 0; i < $2 * 5; i++)); do
		[ -e "$1" ] && return 0
		sleep 0.2
	done
	return 1
}
# stat_all AREA OP COL: a counter summed over every cgroup (for what no
# container's task does: a usermode helper runs as a kernel thread's child)
stat_all() {
	"$HARDCTL" stats -j 2>&1 | python3 -c '
import json, sys
a = sys.argv[1:]
n = 0
for cg in json.load(sys.stdin)["cgroups"]:
	for c in cg["counters"]:
		if str(c["area"]) == a[0] and str(c["op"]) == a[1]:
			n += c[a[2]]
print(n)' "$@" || echo "?"
}
# rows_with OP: every counter row of that op, any cgroup (for the log)
rows_with() {
	"$HARDCTL" stats -j 2>&1 | python3 -c '
import json, sys
for cg in json.load(sys.stdin)["cgroups"]:
	for c in cg["counters"]:
		if str(c["op"]) == sys.argv[1]:
			print("%s: %s %s %s denied=%d audited=%d" % (cg["path"], c["area"], c["op"],
			      c["detail"], c["denied"], c["audited"]))' "$1" 2>&1 | tr '\n' ';'
}

# --- host values the controls change, put back after them ---
SYS=/proc/sys
ORIG_CORE=$(cat $SYS/kernel/core_pattern)
ORIG_MODPROBE=$(cat $SYS/kernel/modprobe)
ORIG_OVC=$(cat $SYS/vm/overcommit_ratio)
# The sysfs knob: transparent_hugepage/enabled ("always [madvise] never")
# on Debian's kernels; the debug kernel has no THP, so /sys/power/pm_async
# (0 or 1) there. THP_RE and ORIG_THP_RE: what it shows after the write and
# before it.
THP=/sys/kernel/mm/transparent_hugepage/enabled
if [ -e "$THP" ]; then
	ORIG_THP=$(sed -n 's/.*\[\(.*\)\].*/\1/p' $THP 2>/dev/null)
	NEW_THP=never
	[ "$ORIG_THP" = never ] && NEW_THP=always
	THP_RE="\\[$NEW_THP\\]" ORIG_THP_RE="\\[$ORIG_THP\\]"
else
	THP=/sys/power/pm_async
	ORIG_THP=$(cat $THP 2>/dev/null)
	NEW_THP=$((1 - ${ORIG_THP:-0}))
	THP_RE="^$NEW_THP\$" ORIG_THP_RE="^$ORIG_THP\$"
fi
ORIG_OOM1=$(cat /proc/1/oom_score_adj)
restore_host() {
	echo "$ORIG_CORE" >$SYS/kernel/core_pattern
	echo "$ORIG_MODPROBE" >$SYS/kernel/modprobe
	echo "$ORIG_OVC" >$SYS/vm/overcommit_ratio
	[ -n "$ORIG_THP" ] && echo "$ORIG_THP" >$THP
	echo "$ORIG_OOM1" >/proc/1/oom_score_adj
}
t_log "host: core_pattern=$ORIG_CORE modprobe=$ORIG_MODPROBE overcommit_ratio=$ORIG_OVC thp=$ORIG_THP"
t_check "a sysfs knob to write: $THP" test -w "$THP" -a -n "$ORIG_THP"

# --- the block device: the VM has none, so a loop device on a tmpfs file ---
modprobe loop 2>/dev/null
modprobe fuse 2>/dev/null
LOOP=
if truncate -s 8M "$DISK" &&
   printf '%s' "$SECRET" | dd of="$DISK" bs=1 seek=$SECRET_OFF conv=notrunc 2>/dev/null &&
   LOOP=$(losetup -f --show "$DISK"); then
	t_pass "block device: $LOOP on $DISK (tmpfs), a secret at byte $SECRET_OFF"
else
	t_fail "block device: a loop device" "LOOP=$LOOP"
fi
LOOP_MIN=$(stat -c %T "$LOOP" 2>/dev/null)	# hex
LOOP_MIN=$((0x${LOOP_MIN:-0}))
t_log "$LOOP: block 7:$LOOP_MIN"
FUSE_DEV=0
[ -c /dev/fuse ] && FUSE_DEV=1
t_log "/dev/fuse in the guest: $([ $FUSE_DEV = 1 ] && echo yes || echo no)"

# Two filesystem modules neither loaded nor built in: the control loads the
# first through the container's mount, the policy must keep the second out.
FS_MODS=()
for m in qnx4 befs hfs omfs bfs efs adfs affs qnx6 sysv ufs freevxfs; do
	grep -qw "$m" /proc/filesystems && continue
	modprobe -n -q "fs-$m" 2>/dev/null || continue
	FS_MODS+=("$m")
	[ ${#FS_MODS[@]} = 2 ] && break
done
t_check "two unloaded filesystem modules for autoload: ${FS_MODS[*]}" test ${#FS_MODS[@]} = 2
FS_CTL=${FS_MODS[0]:-qnx4}
FS_POL=${FS_MODS[1]:-befs}

docker_start || { t_fail "dockerd starts"; t_done; }
t_check "import busybox image" docker_import_busybox "$IMG"

# --- containers, started before the module is loaded ---
VOLS=(-v "$PROBE_DIR:/probe:ro" -v "$ATK:/atk:ro")
t_check "start --privileged --cgroupns=host container 'priv'" \
	docker run -d --name priv --privileged --cgroupns=host "${VOLS[@]}" -v "$ESC:/esc" \
	"$IMG" sleep 100000
t_check "start --privileged --pid=host --cgroupns=host container 'hostpid'" \
	docker run -d --name hostpid --privileged --pid=host --cgroupns=host "${VOLS[@]}" -v "$ESC:/esc" \
	"$IMG" sleep 100000
t_check "start default container 'dflt' with -v /proc:/host/proc" \
	docker run -d --name dflt -v /proc:/host/proc "${VOLS[@]}" "$IMG" sleep 100000
PRIV=/docker/$(cid priv)
HOSTPID=/docker/$(cid hostpid)
DFLT=/docker/$(cid dflt)
t_check "priv sees $LOOP" docker exec priv test -b "$LOOP"
t_check "dflt's cgroup has memory.max (seen from the host)" test -f "$CG$DFLT/memory.max"

# --- the attacks, as scripts the containers run (busybox sh) ---
# a. host-global sysctls
cat >"$ATK/sysctl-core.sh" <<'EOF'
echo '|/bin/false harden-a' > /proc/sys/kernel/core_pattern && cat /proc/sys/kernel/core_pattern
EOF
cat >"$ATK/sysctl-modprobe.sh" <<'EOF'
echo /tmp/harden-modprobe > /proc/sys/kernel/modprobe && cat /proc/sys/kernel/modprobe
EOF
cat >"$ATK/sysctl-overcommit.sh" <<EOF
echo $((ORIG_OVC + 1)) > /proc/sys/vm/overcommit_ratio && echo overcommit_ratio=\$(cat /proc/sys/vm/overcommit_ratio)
EOF
# b. sysrq
cat >"$ATK/sysrq.sh" <<'EOF'
echo h > /proc/sysrq-trigger && echo sysrq written
EOF
# c. sysfs and tracefs
cat >"$ATK/sysfs-thp.sh" <<EOF
echo $NEW_THP > $THP && cat $THP
EOF
cat >"$ATK/tracefs.sh" <<'EOF'
mkdir -p /tmp/tr && { grep -q " /tmp/tr tracefs " /proc/mounts || mount -t tracefs none /tmp/tr; } || exit 2
echo harden-trace-marker > /tmp/tr/trace_marker && echo marker written
EOF
# d. block and char devices
cat >"$ATK/blk-read.sh" <<EOF
dd if=$LOOP of=/tmp/blk bs=512 skip=$((SECRET_OFF / 512)) count=1 2>/tmp/dd.err || { cat /tmp/dd.err; exit 1; }
head -c ${#SECRET} /tmp/blk; echo
EOF
cat >"$ATK/blk-write.sh" <<EOF
printf harden-blk-write | dd of=$LOOP bs=512 seek=$((SECRET_OFF / 512 + 8)) conv=notrunc,sync,fsync 2>&1 || exit 1
echo written
EOF
cat >"$ATK/mknod-read.sh" <<EOF
rm -f /tmp/x && mknod /tmp/x b 7 $LOOP_MIN || exit 2
dd if=/tmp/x of=/tmp/blk bs=512 skip=$((SECRET_OFF / 512)) count=1 2>/tmp/dd.err || { cat /tmp/dd.err; exit 1; }
head -c ${#SECRET} /tmp/blk; echo
EOF
cat >"$ATK/kmsg.sh" <<'EOF'
echo harden-kmsg-from-container > /dev/kmsg && echo kmsg written
EOF
# e. core_pattern pipe into the container
cat >"$ATK/sysctl-corepipe.sh" <<'EOF'
echo '|/proc/%P/root/tmp/evil' > /proc/sys/kernel/core_pattern && cat /proc/sys/kernel/core_pattern
EOF
# f. through the host's /proc, bind-mounted into a default container
cat >"$ATK/hostproc-core.sh" <<'EOF'
echo '|/bin/false harden-f' > /host/proc/sys/kernel/core_pattern && cat /host/proc/sys/kernel/core_pattern
EOF
cat >"$ATK/hostproc-sysrq.sh" <<'EOF'
echo h > /host/proc/sysrq-trigger && echo sysrq written
EOF
cat >"$ATK/crash.sh" <<'EOF'
ulimit -c unlimited 2>/dev/null
sh -c 'kill -SEGV $$'
echo crashed with $?
EOF
# g. cgroupfs (priv sees the host's tree: --cgroupns=host)
cat >"$ATK/cg-other.sh" <<EOF
echo 536870912 > $CG$DFLT/memory.max && cat $CG$DFLT/memory.max
EOF
cat >"$ATK/cg-own-max.sh" <<EOF
echo 536870912 > $CG$PRIV/memory.max && cat $CG$PRIV/memory.max
EOF
cat >"$ATK/cg-own-desc.sh" <<EOF
echo 100 > $CG$PRIV/cgroup.max.descendants && cat $CG$PRIV/cgroup.max.descendants
EOF
cat >"$ATK/cg-own-procs.sh" <<EOF
echo \$\$ > $CG$PRIV/cgroup.procs && echo moved within its own cgroup
EOF
cat >"$ATK/cg-child.sh" <<EOF
mkdir -p $CG$PRIV/sub || exit 2
echo 7 > $CG$PRIV/sub/cgroup.max.descendants && cat $CG$PRIV/sub/cgroup.max.descendants
EOF
cat >"$ATK/cg-mkdir-other.sh" <<EOF
mkdir $CG/harden-litter && echo made $CG/harden-litter
EOF
cat >"$ATK/cg-rmdir-other.sh" <<EOF
rmdir $CG/harden-empty && echo removed $CG/harden-empty
EOF
cat >"$ATK/release-agent.sh" <<EOF
mkdir -p /tmp/cg || exit 2
grep -q " /tmp/cg cgroup " /proc/mounts || mount -t cgroup -o none,name=hardenhost cgroup /tmp/cg || exit 2
mkdir -p /tmp/cg/x || exit 2
echo 1 > /tmp/cg/x/notify_on_release || exit 1
printf '#!/bin/sh\necho escaped as \$(id -u) > $ESC/release-pwned\n' > /esc/agent
chmod +x /esc/agent
echo $ESC/agent > /tmp/cg/release_agent || exit 1
sh -c 'echo \$\$ > /tmp/cg/x/cgroup.procs' || exit 2
echo release_agent set, x emptied
EOF
cat >"$ATK/release-cleanup.sh" <<'EOF'
rmdir /tmp/cg/x; umount /tmp/cg
EOF
# The whole own-subtree sequence, in a container of its own (nest): its
# tasks move to a leaf, the memory controller is enabled below its cgroup,
# a child gets a memory.max. R is its cgroup as it sees it (a private
# cgroup namespace: the root of its cgroup2 mount).
cat >"$ATK/cg-nest.sh" <<'EOF'
R=/sys/fs/cgroup
test -f $R/cgroup.procs || exit 2
mkdir -p $R/leaf || exit 2
for p in $(cat $R/cgroup.procs); do echo $p > $R/leaf/cgroup.procs 2>/dev/null; done
echo +memory > $R/cgroup.subtree_control || exit 1
mkdir -p $R/child && test -f $R/child/memory.max || exit 2
echo 67108864 > $R/child/memory.max && echo child memory.max=$(cat $R/child/memory.max)
EOF
cat >"$ATK/cgns-own-max.sh" <<'EOF'
echo 536870912 > /sys/fs/cgroup/memory.max && cat /sys/fs/cgroup/memory.max
EOF
# h. kernel memory views
cat >"$ATK/kcore.sh" <<'EOF'
head -c 4 /proc/kcore | tail -c 3 | grep ELF
EOF
cat >"$ATK/kpageflags.sh" <<'EOF'
n=$(head -c 64 /proc/kpageflags | wc -c) && [ "$n" = 64 ] && echo read $n bytes
EOF
# i. /proc/PID of host tasks
cat >"$ATK/oom-host.sh" <<EOF
echo $ORIG_OOM1 > /proc/1/oom_score_adj && echo pid 1 \$(cat /proc/1/comm) oom_score_adj written
EOF
DFLT_PID=$(docker inspect -f '{{.State.Pid}}' dflt)
cat >"$ATK/oom-other.sh" <<EOF
echo 0 > /proc/$DFLT_PID/oom_score_adj && echo pid $DFLT_PID \$(cat /proc/$DFLT_PID/comm) oom_score_adj written
EOF
# g. a host task pulled into the container's own cgroup (whose
# cgroup.procs, cgroup.kill and cgroup.freeze it may write): then it is the
# container's to freeze or kill
mkdir -p "$CG/hvictim"
sh -c 'echo $$ > /sys/fs/cgroup/hvictim/cgroup.procs && exec sleep 100000' </dev/null >/dev/null 2>&1 &
VICTIM=$!
cat >"$ATK/pull-host-task.sh" <<EOF
echo $VICTIM > $CG$HOSTPID/cgroup.procs && echo pulled \$(grep ^0:: /proc/$VICTIM/cgroup)
EOF
# n. a task of the container started before the module was loaded, that
# writes when told to (/esc/go)
cat >"$ATK/preload.sh" <<'EOF'
while ! [ -e /esc/go ]; do sleep 0.2; done
echo '|/bin/false harden-preload' > /proc/sys/kernel/core_pattern
echo "rc=$?" > /esc/preload-result
EOF
cat >"$ATK/oom-self.sh" <<'EOF'
echo 100 > /proc/self/oom_score_adj && echo own oom_score_adj=$(cat /proc/self/oom_score_adj)
EOF
# j. re-opening a read-only fd for writing
cat >"$ATK/fd-rdonly.sh" <<'EOF'
exec 3</proc/sys/kernel/core_pattern || exit 2
echo '|/bin/false harden-j' >&3
EOF
cat >"$ATK/fd-reopen.sh" <<'EOF'
exec 3</proc/sys/kernel/core_pattern || exit 2
echo '|/bin/false harden-j' > /proc/self/fd/3 && cat /proc/sys/kernel/core_pattern
EOF
# j. the other ways to open (tests/bin/hostprobe): openat2, io_uring's
# IORING_OP_OPENAT inline and in an io-wq worker (IOSQE_ASYNC)
cat >"$ATK/openat2-core.sh" <<'EOF'
/probe/hostprobe openat2 /proc/sys/kernel/core_pattern w '|/bin/false harden-openat2'
EOF
cat >"$ATK/uring-core.sh" <<'EOF'
/probe/hostprobe uring /proc/sys/kernel/core_pattern w '|/bin/false harden-uring'
EOF
cat >"$ATK/uring-async-core.sh" <<'EOF'
/probe/hostprobe uring-async /proc/sys/kernel/core_pattern w '|/bin/false harden-uring-async'
EOF
cat >"$ATK/uring-async-blk.sh" <<EOF
/probe/hostprobe uring-async $LOOP r
EOF
# l. the same files through a fresh proc and sysfs mount, and a bind mount
# of one sysctl file: the kernel object decides, not the path
cat >"$ATK/freshproc-core.sh" <<'EOF'
mkdir -p /tmp/p && { grep -q " /tmp/p proc " /proc/mounts || mount -t proc proc /tmp/p; } || exit 2
echo '|/bin/false harden-freshproc' > /tmp/p/sys/kernel/core_pattern && cat /tmp/p/sys/kernel/core_pattern
EOF
cat >"$ATK/freshsys-thp.sh" <<EOF
mkdir -p /tmp/s && { grep -q " /tmp/s sysfs " /proc/mounts || mount -t sysfs none /tmp/s; } || exit 2
echo $NEW_THP > /tmp/s/${THP#/sys/} && cat /tmp/s/${THP#/sys/}
EOF
cat >"$ATK/bind-core.sh" <<'EOF'
touch /tmp/cpb && { grep -q " /tmp/cpb " /proc/mounts || mount --bind /proc/sys/kernel/core_pattern /tmp/cpb; } || exit 2
echo '|/bin/false harden-bind' > /tmp/cpb && cat /tmp/cpb
EOF
# m. binfmt_misc (loaded on the host, as systemd hosts have it): a handler
# with F registered from the container keeps the container's /tmp/sh (its
# busybox) open; the host exec'ing any *.hbm file then runs it, as host root
# in the host's tree, with that file as its script
cat >"$ATK/binfmt.sh" <<'EOF'
mkdir -p /tmp/bm && { grep -q " /tmp/bm binfmt_misc " /proc/mounts || mount -t binfmt_misc none /tmp/bm; } || exit 2
cp /bin/busybox /tmp/sh || exit 2
echo ':hardenbm:E::hbm::/tmp/sh:F' > /tmp/bm/register && cat /tmp/bm/hardenbm
EOF
cat >"$ATK/binfmt-cleanup.sh" <<'EOF'
test -e /tmp/bm/hardenbm && echo -1 > /tmp/bm/hardenbm; umount /tmp/bm
EOF
# k. module autoload
cat >"$ATK/autoload-ctl.sh" <<EOF
mkdir -p /mnt/fs; /probe/mntprobe mount-new $FS_CTL none /mnt/fs
grep -w $FS_CTL /proc/filesystems
EOF
cat >"$ATK/autoload-pol.sh" <<EOF
mkdir -p /mnt/fs; /probe/mntprobe mount-new $FS_POL none /mnt/fs
grep -w $FS_POL /proc/filesystems
EOF
# kept working: the container's own namespaces' sysctls
cat >"$ATK/own-netsysctl.sh" <<'EOF'
echo 1 > /proc/sys/net/ipv4/conf/all/forwarding && echo forwarding=$(cat /proc/sys/net/ipv4/conf/all/forwarding)
EOF
cat >"$ATK/own-hostname.sh" <<'EOF'
echo harden-uts > /proc/sys/kernel/hostname && echo hostname=$(hostname)
EOF
cat >"$ATK/own-ipcsysctl.sh" <<'EOF'
echo 12345678 > /proc/sys/kernel/shmmax && echo shmmax=$(cat /proc/sys/kernel/shmmax)
EOF
cat >"$ATK/devs.sh" <<'EOF'
echo x > /dev/null || exit 1
n=$(head -c 16 /dev/urandom | wc -c); [ "$n" = 16 ] || exit 1
n=$(head -c 16 /dev/zero | wc -c); [ "$n" = 16 ] || exit 1
exec 4<>/dev/ptmx || exit 1
echo null urandom zero ptmx ok
EOF

PRIV_ATK=(sysctl-core sysctl-modprobe sysctl-overcommit sysrq sysfs-thp tracefs
	blk-read blk-write mknod-read kmsg sysctl-corepipe cg-other cg-own-max cg-own-desc
	cg-own-procs cg-child cg-mkdir-other cg-rmdir-other release-agent kcore kpageflags fd-rdonly fd-reopen
	openat2-core uring-core uring-async-core uring-async-blk freshproc-core freshsys-thp
	bind-core)

# ======================================================================
# controls: no module
C="control, no module"
t_check "$C: no harden module loaded" sh -c '! grep -q "^harden " /proc/modules'
SYSRQ0=$(dmesg | grep -c 'sysrq: HELP')
KMSG0=$(dmesg | grep -c 'harden-kmsg-from-container')
run_atk priv "${PRIV_ATK[@]}"
t_atk_works "$C: a. --privileged" sysctl-core 'harden-a'
t_atk_works "$C: a. --privileged" sysctl-modprobe '/tmp/harden-modprobe'
t_atk_works "$C: a. --privileged" sysctl-overcommit "overcommit_ratio=$((ORIG_OVC + 1))"
t_atk_works "$C: b. --privileged" sysrq 'sysrq written'
t_check "$C: b. ... sysrq's help in the kernel log" test "$(dmesg | grep -c 'sysrq: HELP')" -gt "$SYSRQ0"
t_atk_works "$C: c. --privileged" sysfs-thp "$THP_RE"
t_atk_works "$C: c. --privileged" tracefs 'marker written'
t_atk_works "$C: d. --privileged: raw read of $LOOP" blk-read "$SECRET"
t_atk_works "$C: d. --privileged: raw write of $LOOP" blk-write 'written'
t_check "$C: d. ... the write reached the image" grep -qa harden-blk-write "$DISK"
t_atk_works "$C: d. --privileged: read through a mknod'ed b 7:$LOOP_MIN" mknod-read "$SECRET"
t_atk_works "$C: d. --privileged" kmsg 'kmsg written'
t_check "$C: d. ... the line in the kernel log" test "$(dmesg | grep -c 'harden-kmsg-from-container')" -gt "$KMSG0"
t_atk_works "$C: e. --privileged" sysctl-corepipe '\|/proc/%P/root/tmp/evil'
t_atk_works "$C: g. --cgroupns=host: another container's memory.max" cg-other '536870912'
t_atk_works "$C: g. --cgroupns=host: its own memory.max" cg-own-max '536870912'
t_atk_works "$C: g. --cgroupns=host: its own cgroup.max.descendants" cg-own-desc '100'
t_atk_works "$C: g. --cgroupns=host: its own cgroup.procs" cg-own-procs 'moved'
t_atk_works "$C: g. --cgroupns=host: a child of its own cgroup" cg-child '^7$'
t_atk_works "$C: g. --cgroupns=host: mkdir of a cgroup elsewhere" cg-mkdir-other 'made'
t_atk_works "$C: g. --cgroupns=host: rmdir of an empty cgroup elsewhere" cg-rmdir-other 'removed'
t_atk_works "$C: g. cgroup v1" release-agent 'release_agent set'
t_check "$C: g. the release_agent ran on the host" wait_file "$ESC/release-pwned" 10
t_log "g: $ESC/release-pwned: $(cat "$ESC/release-pwned" 2>&1)"
t_atk_works "$C: h. --privileged" kcore 'ELF'
t_atk_works "$C: h. --privileged" kpageflags 'read 64 bytes'
t_atk_refused "$C: j. an O_RDONLY sysctl fd is not writable (the kernel's EBADF)" fd-rdonly 'Bad file descriptor'
t_atk_works "$C: j. --privileged: re-open for writing through /proc/self/fd/3" fd-reopen 'harden-j'
t_atk_works "$C: j. --privileged: openat2(2) of core_pattern" openat2-core 'openat2: ok'
t_atk_works "$C: j. --privileged: io_uring openat of core_pattern" uring-core 'uring: ok'
t_atk_works "$C: j. --privileged: io_uring openat of core_pattern in an io-wq worker" uring-async-core 'uring-async: ok'
t_atk_works "$C: j. --privileged: io_uring openat of $LOOP in an io-wq worker" uring-async-blk 'uring-async: ok \(IORING_OP_OPENAT, read 64 bytes\)'
t_atk_works "$C: l. --privileged: core_pattern in a fresh proc mount" freshproc-core 'harden-freshproc'
t_atk_works "$C: l. --privileged: the sysfs knob in a fresh sysfs mount" freshsys-thp "$THP_RE"
t_atk_works "$C: l. --privileged: core_pattern bind-mounted at /tmp/cpb" bind-core 'harden-bind'
run_atk priv release-cleanup
rm -f "$ESC/release-pwned" "$ESC/agent"
restore_host
echo max >"$CG$DFLT/memory.max"
echo max >"$CG$PRIV/memory.max"
echo max >"$CG$PRIV/cgroup.max.descendants"
rmdir "$CG$PRIV/sub" "$CG/harden-litter" 2>/dev/null
mkdir -p "$CG/harden-empty"
# The image back as it was: the secret only.
dd if=/dev/zero of="$DISK" bs=512 seek=$((SECRET_OFF / 512 + 8)) count=1 conv=notrunc 2>/dev/null

run_atk priv autoload-ctl
t_atk_works "$C: k. --privileged: mount -t $FS_CTL loads its module" autoload-ctl "$FS_CTL"

run_atk hostpid oom-host oom-other oom-self pull-host-task
t_atk_works "$C: i. --pid=host" oom-host 'oom_score_adj written'
t_atk_works "$C: g. --pid=host --cgroupns=host: a host task pulled into its own cgroup" pull-host-task "pulled 0::$HOSTPID"
echo "$VICTIM" >"$CG/hvictim/cgroup.procs"
t_atk_works "$C: i. --pid=host: another container's task" oom-other 'oom_score_adj written'
t_atk_works "$C: i. --pid=host" oom-self 'own oom_score_adj=100'

run_atk dflt hostproc-core hostproc-sysrq
t_atk_works "$C: f. default container" hostproc-core 'harden-f'
t_atk_works "$C: f. default container" hostproc-sysrq 'sysrq written'
restore_host

# g. a private cgroup namespace: the container's cgroup is its root
t_check "$C: start --privileged container 'nest' (private cgroupns)" \
	docker run -d --name nest --privileged "${VOLS[@]}" "$IMG" sleep 100000
run_atk nest cgns-own-max cg-nest
t_atk_works "$C: g. private cgroupns: its own memory.max" cgns-own-max '536870912'
t_atk_works "$C: g. private cgroupns: a child's memory.max" cg-nest 'child memory.max=67108864'
docker rm -f nest >/dev/null 2>&1

# m. binfmt_misc, loaded by the host admin; the host exec's a *.hbm file
# with execve(2) alone (a shell would run it itself on ENOEXEC)
modprobe binfmt_misc 2>/dev/null
BINFMT=0
grep -qw binfmt_misc /proc/filesystems && BINFMT=1
printf 'echo escaped as $(id -u) > %s/binfmt-pwned\n' "$ESC" >"$ESC/trigger.hbm"
chmod +x "$ESC/trigger.hbm"
host_exec_hbm() { python3 -c 'import os, sys; os.execv(sys.argv[1], sys.argv[1:])' "$ESC/trigger.hbm" >/dev/null 2>&1; }
if [ $BINFMT = 1 ]; then
	run_atk priv binfmt
	t_atk_works "$C: m. --privileged: a binfmt_misc handler with F" binfmt 'enabled'
	host_exec_hbm
	t_check "$C: m. the host's exec of a .hbm file ran the container's busybox as root" wait_file "$ESC/binfmt-pwned" 5
	t_log "m: $ESC/binfmt-pwned: $(cat "$ESC/binfmt-pwned" 2>&1)"
	run_atk priv binfmt-cleanup
	rm -f "$ESC/binfmt-pwned"
else
	t_skip "$C: m. binfmt_misc" "no binfmt_misc in the guest"
fi

# e. the backstop: a host core_pattern pointing into a container
cat >"$ESC/evil" <<EOF
#!/bin/sh
echo escaped as \$(id -u) > $ESC/core-pwned
EOF
chmod +x "$ESC/evil"
t_check "$C: e. /evil in dflt (a script: runs with the host's /bin/sh)" docker cp "$ESC/evil" dflt:/evil
cat >"$ESC/helper" <<EOF
#!/bin/sh
echo host helper as \$(id -u) > $ESC/helper-ran
EOF
chmod +x "$ESC/helper"
echo '|/proc/%P/root/evil' >$SYS/kernel/core_pattern
run_atk dflt crash
t_log "e: crash: $(atk_msg crash)"
t_check "$C: e. a crash in dflt ran the container's /evil as root on the host" wait_file "$ESC/core-pwned" 15
t_log "e: $ESC/core-pwned: $(cat "$ESC/core-pwned" 2>&1)"
rm -f "$ESC/core-pwned"
restore_host

# n. started now, before the module
rm -f "$ESC/go" "$ESC/preload-result"
docker exec -d priv sh /atk/preload.sh

# ======================================================================
# with harden and host-docker.conf
t_check "insmod harden.ko" insmod "$HARDEN_KO"
t_check "hardctl check host-docker.conf" "$HARDCTL" check "$DOCKER_POL"
t_check "load host-docker.conf (caps all; sysctl, procfs, sysfs readonly; cgroupfs container; devices, autoload deny)" \
	"$HARDCTL" load "$DOCKER_POL"
t_log "show: $("$HARDCTL" show 2>&1 | tr '\n' ' ')"
"$HARDCTL" monitor -j >"$ESC/mon.json" 2>"$ESC/mon.err" &
MON=$!
sleep 1
P="host policy"
SYSRQ0=$(dmesg | grep -c 'sysrq: HELP')
KMSG0=$(dmesg | grep -c 'harden-kmsg-from-container')
run_atk priv "${PRIV_ATK[@]}"
t_atk_refused "$P: a. --privileged" sysctl-core
t_atk_refused "$P: a. --privileged" sysctl-modprobe
t_atk_refused "$P: a. --privileged" sysctl-overcommit
t_expect_output "$P: a. core_pattern, modprobe, overcommit_ratio unchanged" \
	"$ORIG_CORE $ORIG_MODPROBE $ORIG_OVC" \
	sh -c "echo \$(cat $SYS/kernel/core_pattern) \$(cat $SYS/kernel/modprobe) \$(cat $SYS/vm/overcommit_ratio)"
t_atk_refused "$P: b. --privileged" sysrq
t_check "$P: b. no sysrq help in the kernel log" test "$(dmesg | grep -c 'sysrq: HELP')" -eq "$SYSRQ0"
t_atk_refused "$P: c. --privileged" sysfs-thp
t_check "$P: c. $THP unchanged" grep -Eq "$ORIG_THP_RE" "$THP"
t_atk_refused "$P: c. --privileged" tracefs
t_atk_refused "$P: d. --privileged: raw read of $LOOP" blk-read
t_atk_refused "$P: d. --privileged: raw write of $LOOP" blk-write
t_check "$P: d. ... the image unchanged" sh -c "! grep -qa harden-blk-write $DISK"
t_atk_refused "$P: d. --privileged: read through a mknod'ed b 7:$LOOP_MIN" mknod-read
t_atk_refused "$P: d. --privileged" kmsg
t_check "$P: d. ... nothing in the kernel log" test "$(dmesg | grep -c 'harden-kmsg-from-container')" -eq "$KMSG0"
t_atk_refused "$P: e. --privileged" sysctl-corepipe
t_atk_refused "$P: g. --cgroupns=host: another container's memory.max" cg-other
t_expect_output "$P: g. ... dflt's memory.max unchanged" max cat "$CG$DFLT/memory.max"
t_atk_refused "$P: g. --cgroupns=host: its own memory.max" cg-own-max
t_atk_refused "$P: g. --cgroupns=host: its own cgroup.max.descendants" cg-own-desc
t_atk_works "$P: g. --cgroupns=host: its own cgroup.procs" cg-own-procs 'moved'
t_atk_works "$P: g. --cgroupns=host: a child of its own cgroup" cg-child '^7$'
t_atk_refused "$P: g. --cgroupns=host: mkdir of a cgroup elsewhere" cg-mkdir-other
t_check "$P: g. ... no such cgroup" test ! -e "$CG/harden-litter"
t_atk_refused "$P: g. --cgroupns=host: rmdir of an empty cgroup elsewhere" cg-rmdir-other
t_check "$P: g. ... still there" test -d "$CG/harden-empty"
t_atk_refused "$P: g. cgroup v1 (its mkdir)" release-agent
t_check "$P: g. no release_agent ran" sh -c "sleep 2; ! test -e $ESC/release-pwned"
t_atk_refused "$P: h. --privileged" kcore
t_atk_refused "$P: h. --privileged" kpageflags
t_atk_refused "$P: j. an O_RDONLY sysctl fd is still not writable" fd-rdonly 'Bad file descriptor'
t_atk_refused "$P: j. --privileged: re-open for writing through /proc/self/fd/3" fd-reopen
t_atk_refused "$P: j. --privileged: openat2(2) of core_pattern" openat2-core 'EPERM'
t_atk_refused "$P: j. --privileged: io_uring openat of core_pattern" uring-core 'EPERM'
t_atk_refused "$P: j. --privileged: io_uring openat of core_pattern in an io-wq worker" uring-async-core 'EPERM'
t_atk_refused "$P: j. --privileged: io_uring openat of $LOOP in an io-wq worker" uring-async-blk 'EPERM'
t_atk_refused "$P: l. --privileged: core_pattern in a fresh proc mount" freshproc-core
t_atk_refused "$P: l. --privileged: the sysfs knob in a fresh sysfs mount" freshsys-thp
t_atk_refused "$P: l. --privileged: core_pattern bind-mounted at /tmp/cpb" bind-core
run_atk priv release-cleanup
rmdir "$CG$PRIV/sub" 2>/dev/null

run_atk priv autoload-pol
t_atk_refused "$P: k. --privileged: mount -t $FS_POL" autoload-pol 'ENODEV|No such device'
t_check "$P: k. $FS_POL not loaded" sh -c "! grep -qw $FS_POL /proc/filesystems"

run_atk hostpid oom-host oom-other oom-self pull-host-task
t_atk_refused "$P: i. --pid=host" oom-host
t_atk_refused "$P: g. --pid=host --cgroupns=host: a host task pulled into its own cgroup" pull-host-task
t_expect_output "$P: g. ... the host task still in /hvictim" "0::/hvictim" grep "^0::" "/proc/$VICTIM/cgroup"
t_expect_stat "$P: g. ... counted as tamper cgroup_move" 1 "$HOSTPID" tamper cgroup_move '*' denied
echo "$VICTIM" >"$CG/hvictim/cgroup.procs"
t_atk_refused "$P: i. --pid=host: another container's task" oom-other
t_atk_works "$P: i. --pid=host: its own /proc/self/oom_score_adj" oom-self 'own oom_score_adj=100'

run_atk dflt hostproc-core hostproc-sysrq
t_atk_refused "$P: f. default container" hostproc-core
t_atk_refused "$P: f. default container" hostproc-sysrq
t_expect_output "$P: core_pattern unchanged" "$ORIG_CORE" cat $SYS/kernel/core_pattern
t_log "counters: $(t_stat_rows "$PRIV" "$HOSTPID" "$DFLT" | tr '\n' ';')"

t_expect_stats <<EOF
$P: a. e. j. l. priv: 10 sysctl_write (3 sysctls, the core pipe, the fd re-open, openat2, 2 io_uring, fresh proc, bind mount)|10|$PRIV|host|sysctl_write|*|denied
$P: b. priv: sysrq-trigger counted as proc_write|1|$PRIV|host|proc_write|*|denied
$P: c. l. priv: the sysfs knob (twice) counted as sysfs_write sysfs|2|$PRIV|host|sysfs_write|4|denied
$P: c. priv: trace_marker counted as sysfs_write tracefs|1|$PRIV|host|sysfs_write|25|denied
$P: d. j. priv: 4 block_open 7 (read, write, mknod'ed node, io_uring)|4|$PRIV|host|block_open|7|denied
$P: d. priv: /dev/kmsg counted as char_open 1|1|$PRIV|host|char_open|1|denied
$P: g. priv: 6 cgroup_write (other's and own memory.max, own max.descendants, mkdir, rmdir elsewhere, v1 mkdir)|6|$PRIV|host|cgroup_write|*|denied
$P: h. priv: kcore, kpageflags counted as proc_read|2|$PRIV|host|proc_read|*|denied
$P: k. priv: the autoload counted as module_request|1|$PRIV|host|module_request|*|denied
$P: priv: 28 denials in all|28|$PRIV|*|*|*|denied
$P: priv: no capability denial (caps all)|0|$PRIV|cap|*|*|denied
$P: i. hostpid: /proc/1 and dflt's /proc/PID oom_score_adj counted as proc_write|2|$HOSTPID|host|proc_write|*|denied
$P: hostpid: 2 host-area denials in all|2|$HOSTPID|host|*|*|denied
$P: f. dflt: the host's core_pattern counted as sysctl_write|1|$DFLT|host|sysctl_write|*|denied
$P: f. dflt: the host's sysrq-trigger counted as proc_write|1|$DFLT|host|proc_write|*|denied
$P: dflt: 2 denials in all|2|$DFLT|*|*|*|denied
$P: nothing audited|0|$PRIV|*|*|*|audited
EOF

kill "$MON" 2>/dev/null
wait "$MON" 2>/dev/null
t_check "monitor -j: priv's sysctl_write in enforce mode, group docker" python3 - "$ESC/mon.json" "$PRIV" <<'EOF'
import json, sys
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if (e.get("cgroup") == sys.argv[2] and e.get("area") == "host" and e.get("op") == "sysctl_write"
            and e.get("mode") == "enforce" and e.get("group") == "docker"):
        print(e.get("object"))
        sys.exit(0)
sys.exit("no such event")
EOF
t_log "monitor: first events: $(head -n 3 "$ESC/mon.json" | tr '\n' ' ')"

# n. the task started before the module: policed all the same
SW0=$(t_stat "$PRIV" host sysctl_write '*' denied)
touch "$ESC/go"
t_check "$P: n. a task of priv started before insmod wrote (or tried)" wait_file "$ESC/preload-result" 15
t_expect_output "$P: n. ... and was refused" "rc=1" cat "$ESC/preload-result"
t_expect_stat "$P: n. ... counted as sysctl_write" $((SW0 + 1)) "$PRIV" host sysctl_write '*' denied
t_expect_output "$P: n. core_pattern unchanged" "$ORIG_CORE" cat $SYS/kernel/core_pattern
restore_host

# m. binfmt_misc: the container mounts it (no mount policy here) and writes
# its register file
if [ $BINFMT = 1 ]; then
	BM0=$(t_stat "$PRIV" host sysctl_write '*' denied)
	run_atk priv binfmt
	t_atk_refused "$P: m. --privileged: a binfmt_misc handler with F" binfmt
	t_expect_stat "$P: m. ... counted as sysctl_write (binfmt_misc falls under sysctl readonly)" \
		$((BM0 + 1)) "$PRIV" host sysctl_write '*' denied
	host_exec_hbm
	t_check "$P: m. the host's exec of a .hbm file ran nothing of the container's" sh -c "sleep 2; ! test -e $ESC/binfmt-pwned"
	t_log "m: counters: $(t_stat_rows "$PRIV" | tr '\n' ';')"
	run_atk priv binfmt-cleanup
	rm -f "$ESC/binfmt-pwned"
fi

# g. a private cgroup namespace, in a container started under the policy
t_check "$P: start --privileged container 'nest' (private cgroupns)" \
	docker run -d --name nest --privileged "${VOLS[@]}" "$IMG" sleep 100000
NEST=/docker/$(cid nest)
run_atk nest cgns-own-max cg-nest
t_atk_refused "$P: g. private cgroupns: its own memory.max" cgns-own-max
t_atk_works "$P: g. private cgroupns: a child's memory.max" cg-nest 'child memory.max=67108864'
t_expect_stats <<EOF
$P: g. nest: its own memory.max counted as cgroup_write|1|$NEST|host|cgroup_write|*|denied
$P: nest: 1 denial in all|1|$NEST|*|*|*|denied
EOF
docker rm -f nest >/dev/null 2>&1

# e. the backstop: the host admin's core_pattern into the container
UMH0=$(stat_all tamper umh_exec denied)
"$HARDCTL" monitor -j >"$ESC/mon-umh.json" 2>"$ESC/mon-umh.err" &
MON=$!
sleep 1
echo '|/proc/%P/root/evil' >$SYS/kernel/core_pattern
run_atk dflt crash
t_log "e: crash: $(atk_msg crash)"
t_check "$P: e. backstop: a crash in dflt did not run the container's /evil" \
	sh -c "sleep 5; ! test -e $ESC/core-pwned"
UMH1=$(stat_all tamper umh_exec denied)
t_check "$P: e. backstop: counted as tamper umh_exec ($UMH0 -> $UMH1)" test "$UMH1" = $((UMH0 + 1))
t_log "e: umh_exec rows: $(rows_with umh_exec)"
t_check "$P: e. backstop: monitor -j shows a tamper umh_exec event (enforce) for /evil" python3 - "$ESC/mon-umh.json" <<'EOF'
import json, sys, time
for _ in range(20):
    for line in open(sys.argv[1]):
        try:
            e = json.loads(line)
        except ValueError:
            continue
        if e.get("area") == "tamper" and e.get("op") == "umh_exec" and e.get("mode") == "enforce":
            print(line.strip())
            sys.exit(0)
    time.sleep(0.5)
sys.exit("no such event")
EOF
t_log "e: event: $T_OUT"
kill "$MON" 2>/dev/null
wait "$MON" 2>/dev/null
t_log "e: kernel log: $(dmesg | grep -i -E 'core dump|coredump|harden' | tail -n 5 | tr '\n' ';')"
echo "|$ESC/helper" >$SYS/kernel/core_pattern
run_atk dflt crash
t_check "$P: e. a pipe helper in the host's tree still runs" wait_file "$ESC/helper-ran" 15
t_check "$P: e. ... and is not counted" test "$(stat_all tamper umh_exec denied)" = "$UMH1"
rm -f "$ESC/core-pwned" "$ESC/helper-ran"
restore_host

# --- Docker keeps working under the policy ---
HOST0=$(t_group_total docker host denied)
t_expect_output "$P: docker run" hi docker run --rm "$IMG" echo hi
t_expect_output "$P: docker run --sysctl net.ipv4.ip_forward=1" 1 \
	docker run --rm --sysctl net.ipv4.ip_forward=1 "$IMG" cat /proc/sys/net/ipv4/ip_forward
t_expect_output "$P: docker run --sysctl kernel.shmmax=12345678 (IPC namespace)" 12345678 \
	docker run --rm --sysctl kernel.shmmax=12345678 "$IMG" cat /proc/sys/kernel/shmmax
if [ "$FUSE_DEV" = 1 ]; then
	t_expect_output "$P: docker run --device /dev/fuse: opens /dev/fuse" ok \
		docker run --rm --device /dev/fuse "$IMG" sh -c 'exec 3<>/dev/fuse && echo ok'
else
	t_skip "$P: --device /dev/fuse" "no /dev/fuse in the guest"
fi
# (docker warns on stderr that the guest has no swap accounting)
t_expect_output "$P: docker run --memory 64m: its memory.max" 67108864 \
	sh -c "docker run --rm --memory 64m $IMG cat /sys/fs/cgroup/memory.max 2>/dev/null"
t_check "$P: docker stats --no-stream" docker stats --no-stream
t_log "stats: $(tr '\n' ';' <<<"$T_OUT")"
t_check "$P: ... lists priv" grep -q priv <<<"$T_OUT"
t_check "$P: docker run -t: a pty" sh -c "docker run --rm -t $IMG tty | grep -q /dev/pts/"
run_atk dflt devs
t_atk_works "$P: default container" devs 'null urandom zero ptmx ok'
run_atk priv devs own-netsysctl own-hostname own-ipcsysctl
t_atk_works "$P: --privileged" devs 'null urandom zero ptmx ok'
t_atk_works "$P: --privileged: its own network namespace's sysctl" own-netsysctl 'forwarding=1'
t_atk_works "$P: --privileged: its own UTS namespace's kernel.hostname" own-hostname 'hostname=harden-uts'
t_atk_works "$P: --privileged: its own IPC namespace's kernel.shmmax" own-ipcsysctl 'shmmax=12345678'
t_check "$P: docker restart priv" docker restart -t 1 priv
t_expect_output "$P: docker exec after restart" hi docker exec priv echo hi
t_expect_group_total "$P: none of these counted (group docker, host area)" "$HOST0" docker host denied

# --- devices allow fuse loop* ---
A="devices allow fuse loop*"
t_check "load host-docker-allow.conf" "$HARDCTL" load "$ALLOW_POL"
B0=$(t_stat "$PRIV" host block_open 7 denied)
K0=$(t_stat "$PRIV" host char_open 1 denied)
S0=$(t_stat "$PRIV" host sysctl_write '*' denied)
run_atk priv blk-read mknod-read kmsg sysctl-core
t_atk_works "$A: $LOOP reads" blk-read "$SECRET"
t_atk_works "$A: a mknod'ed b 7:$LOOP_MIN reads" mknod-read "$SECRET"
t_atk_refused "$A: /dev/kmsg still" kmsg
t_atk_refused "$A: core_pattern still" sysctl-core
if [ "$FUSE_DEV" = 1 ]; then
	t_expect_output "$A: --device /dev/fuse opens" ok \
		docker run --rm --device /dev/fuse "$IMG" sh -c 'exec 3<>/dev/fuse && echo ok'
fi
t_expect_stats <<EOF
$A: no block_open counted|$B0|$PRIV|host|block_open|7|denied
$A: /dev/kmsg counted once more|$((K0 + 1))|$PRIV|host|char_open|1|denied
$A: core_pattern counted once more|$((S0 + 1))|$PRIV|host|sysctl_write|*|denied
EOF

# --- mode audit ---
M="mode audit"
t_check "load host-docker-audit.conf" "$HARDCTL" load "$AUDIT_POL"
SA0=$(t_stat "$PRIV" host sysctl_write '*' audited)
SD0=$(t_stat "$PRIV" host sysctl_write '*' denied)
PA0=$(t_stat "$PRIV" host proc_write '*' audited)
BA0=$(t_stat "$PRIV" host block_open 7 audited)
run_atk priv sysctl-core sysrq blk-read
t_atk_works "$M: core_pattern written" sysctl-core 'harden-a'
t_atk_works "$M: sysrq-trigger written" sysrq 'sysrq written'
t_atk_works "$M: $LOOP reads" blk-read "$SECRET"
restore_host
t_expect_stats <<EOF
$M: core_pattern counted as audited|$((SA0 + 1))|$PRIV|host|sysctl_write|*|audited
$M: ... not as denied|$SD0|$PRIV|host|sysctl_write|*|denied
$M: sysrq-trigger counted as audited|$((PA0 + 1))|$PRIV|host|proc_write|*|audited
$M: block device counted as audited|$((BA0 + 1))|$PRIV|host|block_open|7|audited
EOF

docker rm -f priv hostpid dflt >/dev/null 2>&1
kill "$VICTIM" 2>/dev/null
docker_stop
restore_host
t_check "rmmod harden" rmmod harden
losetup -d "$LOOP" 2>/dev/null
t_done
