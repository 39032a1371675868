#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-timeout: 900
#
# Guest suite: the host kernel interfaces area (sysctl, procfs, sysfs,
# cgroupfs, devices, autoload and the usermode-helper backstop) against
# real syscalls in plain cgroups (no Docker), with
# tests/vm/policies/host-test.conf. tests/vm/host_docker.sh does the same
# with Docker's --privileged.
#
# A box is a shell that joins cgroup /GROUP/NAME, unshares its mount
# namespace (and, for some, its network, UTS or IPC namespace) and execs:
# that exec binds it to its container, so everything the snippet does is
# policed. Every technique gets its own cgroup, so its counters are its own.
#
#   control   without the module every technique works (else the checks
#             below it prove nothing);
#   hdeny     enforce: refused with EPERM, counted once as its op;
#   haud      audit: works, counted once as audited;
#   hopen     a group without host lines: works, nothing counted;
#   hdev      "devices allow loop* kmsg": the loop device and /dev/kmsg
#             open, nothing counted.
# What stays open under hdeny (a namespace's own sysctls, the container's
# own /proc/PID and cgroup subtree, the safe devices, reads) is checked
# the same way, and must not be counted.
set -u
. "$TOP/tests/vm/lib.sh"

HP=$TOP/build/bin/hprobe
CG=/sys/fs/cgroup
POLF=$TOP/tests/vm/policies/host-test.conf
W=/tmp/hw
mkdir -p "$W" && mount -t tmpfs hw "$W" && mkdir -p "$W/bp" "$W/fp" "$W/v1" "$W/root"

# The VM has no disk: a loop device over an image with a secret.
modprobe loop 2>/dev/null
dd if=/dev/zero of="$W/disk.img" bs=1k count=64 2>/dev/null
printf 'HARDEN-SECRET' | dd of="$W/disk.img" conv=notrunc 2>/dev/null
LOOP=$(losetup -f --show "$W/disk.img") || t_fail "losetup" "no loop device"
LOOPMIN=$(stat -c %T "$LOOP" 2>/dev/null)
LOOPMIN=$((16#${LOOPMIN:-0}))
mkdir -p "$CG/hvictim"
for g in hctl hdeny haud hopen; do mkdir -p "$CG/hvictim/e-$g"; done
sleep 1000 &
HOSTPID=$!

# Snippets run by `sh -c` in the box; wv writes a file's own value back.
PRE='wv() { v=$(cat "$2" 2>/dev/null); "$HP" write-via "$1" "$2" "$v"; }; sx() { /usr/bin/python3 -c "import os, sys; os.setxattr(sys.argv[1], \"user.hx\", b\"1\")" "$1"; }; '
export HP W LOOP LOOPMIN HOSTPID CG

# NAME|UNSHARE|SNIPPET|OP|DETAIL; OP "-": allowed and never counted.
ACTS=(
	"core_pattern|-|wv write /proc/sys/kernel/core_pattern|sysctl_write|0"
	"modprobe|-|wv write /proc/sys/kernel/modprobe|sysctl_write|0"
	"swappiness|-|wv write /proc/sys/vm/swappiness|sysctl_write|0"
	"net-initns|-|wv write /proc/sys/net/ipv4/ip_forward|sysctl_write|0"
	"hostname-initns|-|wv write /proc/sys/kernel/hostname|sysctl_write|0"
	"shmmax-initns|-|wv write /proc/sys/kernel/shmmax|sysctl_write|0"
	"bind-proc|-|mount --bind /proc \$W/bp && wv write \$W/bp/sys/kernel/core_pattern|sysctl_write|0"
	"fresh-proc|-|mount -t proc proc \$W/fp && wv write \$W/fp/sys/kernel/core_pattern|sysctl_write|0"
	"fd-reopen|-|exec 3</proc/sys/kernel/core_pattern && wv write /proc/self/fd/3|sysctl_write|0"
	"uring|-|wv uring /proc/sys/kernel/core_pattern|sysctl_write|0"
	"pwritev|-|wv pwritev /proc/sys/kernel/core_pattern|sysctl_write|0"
	"splice|-|wv splice /proc/sys/kernel/core_pattern|sysctl_write|0"
	"sendfile|-|wv sendfile /proc/sys/kernel/core_pattern|sysctl_write|0"
	"openat2|-|wv openat2 /proc/sys/kernel/core_pattern|sysctl_write|0"
	"sysrq|-|\"\$HP\" write-via write /proc/sysrq-trigger h|proc_write|0"
	"oom-host|-|wv write /proc/\$HOSTPID/oom_score_adj|proc_write|0"
	"kcore|-|dd if=/proc/kcore of=/dev/null bs=1 count=1|proc_read|0"
	"proc-chmod|-|chmod 200 /proc/sysrq-trigger|proc_write|0"
	"sysfs|-|wv write /sys/module/printk/parameters/time|sysfs_write|sysfs"
	"tracefs|-|\"\$HP\" write-via write /sys/kernel/tracing/tracing_on 1|sysfs_write|tracefs"
	"tracefs-read|-|cat /sys/kernel/tracing/tracing_on|sysfs_read|tracefs"
	"tracefs-mkdir|-|mkdir /sys/kernel/tracing/instances/hx-\$\$|sysfs_write|tracefs"
	"sysfs-chmod|-|chmod 644 /sys/module/printk/parameters/time|sysfs_write|sysfs"
	"cg-other|-|wv write \$CG/hvictim/cgroup.max.depth|cgroup_write|0"
	"cg-own-limit|-|wv write \$HB_CG/cgroup.max.depth|cgroup_write|0"
	"cg-chmod-other|-|chmod 644 \$CG/hvictim/cgroup.max.depth|cgroup_write|0"
	"cg-chmod-own|-|chmod 644 \$HB_CG/cgroup.procs|cgroup_write|0"
	"cg-xattr-other|-|sx \$CG/hvictim|cgroup_write|0"
	"cg-mkdir-out|-|mkdir \$CG/hvictim/m-\$\$|cgroup_write|0"
	"cg-rmdir-out|-|rmdir \$CG/hvictim/e-\$(basename \$(dirname \$HB_CG))|cgroup_write|0"
	"cg-v1|-|mount -t cgroup -o none,name=hv1 cgroup \$W/v1 && wv write \$W/v1/release_agent|cgroup_write|0"
	"block|-|dd if=\$LOOP of=/dev/null bs=512 count=1|block_open|7"
	"block-mknod|-|mknod \$W/bn-\$\$ b 7 \$LOOPMIN && dd if=\$W/bn-\$\$ of=/dev/null bs=512 count=1|block_open|7"
	"kmsg|-|\"\$HP\" write-via write /dev/kmsg '<6>harden host test'|char_open|1"
	"console|-|mknod \$W/con-\$\$ c 5 1 && \"\$HP\" write-via write \$W/con-\$\$ ''|char_open|5"
	"keyring|-|\"\$HP\" add-key|keyring|0"
	"net-ownns|-n|wv write /proc/sys/net/ipv4/ip_forward|-|-"
	"hostname-ownns|-u|wv write /proc/sys/kernel/hostname|-|-"
	"shmmax-ownns|-i|wv write /proc/sys/kernel/shmmax|-|-"
	"oom-self|-|wv write /proc/self/oom_score_adj|-|-"
	"cg-procs-own|-|echo \$\$ > \$HB_CG/cgroup.procs|-|-"
	"cg-child|-|mkdir -p \$HB_CG/sub && wv write \$HB_CG/sub/cgroup.max.depth && mkdir \$HB_CG/sub/s2 && rmdir \$HB_CG/sub/s2 && chmod 644 \$HB_CG/sub/cgroup.max.depth|-|-"
	"dev-safe|-|wv write /dev/null && dd if=/dev/urandom of=/dev/null bs=1 count=1 && /usr/bin/python3 -c 'import pty; pty.openpty()'|-|-"
	"reads|-|cat /proc/sys/kernel/core_pattern /proc/1/status /sys/module/printk/parameters/time \$CG/hvictim/cgroup.max.depth >/dev/null|-|-"
)
# Succeed under hdev's "devices allow loop* kmsg".
HDEV=" block block-mknod kmsg dev-safe "

declare -A ENTRY
NAMES=()
for e in "${ACTS[@]}"; do ENTRY[${e%%|*}]=$e; NAMES+=("${e%%|*}"); done

# box GROUP NAME: CMD=(the command line that runs NAME's snippet boxed)
box() {
	local name uns snip fl=-m
	IFS='|' read -r name uns snip _ <<<"${ENTRY[$2]}"
	[ "$uns" = - ] || fl="$fl $uns"
	mkdir -p "$CG/$1/$2"
	# shellcheck disable=SC2206 # words on purpose
	CMD=(unshare $fl sh -c 'echo $$ > "$0/cgroup.procs" || exit 9; export HB_CG=$0; exec sh -c "$1"'
	     "$CG/$1/$2" "$PRE$snip")
}
op_of() { local f; IFS='|' read -r _ _ _ f _ <<<"${ENTRY[$1]}"; echo "$f"; }
det_of() { local f; IFS='|' read -r _ _ _ _ f <<<"${ENTRY[$1]}"; echo "$f"; }

STATS=
want() { STATS+="$1|$2|$3|$4|$5|$6|$7"$'\n'; }
check_stats() { [ -z "$STATS" ] || t_expect_stats <<<"$STATS"; STATS=; }

# run_mode MODE GROUP: every technique once in /GROUP/NAME
run_mode() {
	local mode=$1 g=$2 n op det cgp
	for n in "${NAMES[@]}"; do
		op=$(op_of "$n") det=$(det_of "$n") cgp=/$g/$n
		[ "$mode" = dev ] && [[ "$HDEV" != *" $n "* ]] && continue
		box "$g" "$n"
		if [ "$mode" = enforce ] && [ "$op" != - ]; then
			t_expect_errno "$mode: $n refused" EPERM "${CMD[@]}"
			want "$mode: $n counted once as $op $det" 1 "$cgp" host "$op" "$det" denied
			want "$mode: $n nothing else denied" 1 "$cgp" '*' '*' '*' denied
			want "$mode: $n nothing audited" 0 "$cgp" '*' '*' '*' audited
			continue
		fi
		t_check "$mode: $n works" "${CMD[@]}"
		[ "$mode" = control ] && continue
		if [ "$mode" = audit ] && [ "$op" != - ]; then
			want "$mode: $n audited once as $op $det" 1 "$cgp" host "$op" "$det" audited
			want "$mode: $n nothing else audited" 1 "$cgp" '*' '*' '*' audited
		else
			want "$mode: $n nothing audited" 0 "$cgp" '*' '*' '*' audited
		fi
		want "$mode: $n nothing denied" 0 "$cgp" '*' '*' '*' denied
	done
	check_stats
}

# The usermode-helper backstop: a core_pattern pipe into a box's root.
umh_setup() {
	rm -f /tmp/hw-umh-marker
	cp /bin/busybox "$W/root/busybox"
	printf '#!/bin/busybox sh\necho escaped > /tmp/hw-umh-marker\n' > "$W/root/evil"
	chmod 755 "$W/root/evil"
	UMH_SAVED=$(cat /proc/sys/kernel/core_pattern)
	echo '|/proc/%P/root/evil' > /proc/sys/kernel/core_pattern
}
umh_crash() {
	rm -f /tmp/hw-umh-marker
	mkdir -p "$CG/$1/umh"
	(unshare -m sh -c 'echo $$ > "$0/cgroup.procs"; ulimit -c unlimited;
		exec chroot "$1" /busybox sh -c "kill -SEGV \$\$"' "$CG/$1/umh" "$W/root") >/dev/null 2>&1
	sleep 2
}
umh_restore() { printf '%s\n' "$UMH_SAVED" > /proc/sys/kernel/core_pattern; }

# --- control, without the module ---------------------------------------------
t_check "no harden loaded" sh -c '! grep -q "^harden " /proc/modules'
modprobe -r dummy 2>/dev/null
t_check "control: autoload: ip link add type dummy loads dummy.ko" sh -c \
	'unshare -m sh -c "/usr/sbin/ip link add hxd0 type dummy" && grep -q "^dummy " /proc/modules'
/usr/sbin/ip link del hxd0 2>/dev/null
modprobe -r dummy 2>/dev/null
run_mode control hctl
t_check "control: the secret is on the loop device" sh -c \
	'dd if="$LOOP" bs=13 count=1 2>/dev/null | grep -q HARDEN-SECRET'
sleep 1000 &
VICTIM=$!
mkdir -p "$CG/hctl/x"
t_check "control: F_SETOWN + F_SETSIG 9 kills a host process" sh -c \
	'unshare -m sh -c "echo \$\$ > \"\$0/cgroup.procs\"; exec \"\$1\" setown $2 9" "$0" "$1" "$2"; sleep 0.5; ! kill -0 $2' \
	"$CG/hctl/x" "$HP" "$VICTIM"
sleep 1000 &
VICTIM=$!
t_check "control: prlimit sets a host process's limit" sh -c \
	'unshare -m sh -c "echo \$\$ > \"\$0/cgroup.procs\"; exec prlimit --pid $1 --nofile=100:100" "$0" "$1" &&
	 grep -q "open files *100 " /proc/$1/limits' "$CG/hctl/x" "$VICTIM"
kill "$VICTIM"
# The scheduling of a host process: only uids are compared.
sleep 1000 &
VICTIM=$!
in_hctl() { unshare -m sh -c 'echo $$ > "$0/cgroup.procs"; exec "$@"' "$CG/hctl/x" "$@"; }
t_check "control: renice a host process" in_hctl renice -n 7 -p "$VICTIM"
t_expect_output "control: its nice value is 7" 7 sh -c "ps -o ni= -p $VICTIM | tr -d ' '"
t_check "control: chrt SCHED_IDLE on a host process" in_hctl chrt -i -p 0 "$VICTIM"
t_check "control: ionice idle on a host process" in_hctl ionice -c 3 -p "$VICTIM"
t_check "control: taskset on a host process" in_hctl taskset -p 1 "$VICTIM"
kill "$VICTIM"
t_check "control: clone3 into another cgroup" \
	unshare -m sh -c 'echo $$ > "$0/cgroup.procs"; exec "$1" clone-into "$2"' "$CG/hctl/x" "$HP" "$CG/hvictim"
mkdir -p "$CG/hctl/x/sub"
_t_run unshare -m sh -c 'echo $$ > "$0/cgroup.procs"; exec "$1" clone-race "$0/sub" "$2" 3' \
	"$CG/hctl/x" "$HP" "$CG/hvictim"
t_log "control race: $T_OUT"
t_check "control: a clone3 whose cgroup fd another thread swaps puts children in the other cgroup" \
	sh -c 'printf "%s\n" "$0" | grep -Eq " escaped [1-9][0-9]* "' "$T_OUT"
umh_setup
umh_crash hctl 2>/dev/null
t_check "control: core_pattern pipe into a chroot runs its program as host root" \
	test -e /tmp/hw-umh-marker
umh_restore

# --- under host-test.conf -------------------------------------------------------
t_check "insmod harden.ko" insmod "$HARDEN_KO"
t_check "hardctl load host-test.conf" "$HARDCTL" load "$POLF"
t_check "show prints the host lines back, and they re-parse" sh -c \
	'"$HARDCTL" show > /tmp/hw-show && grep -q "sysctl readonly" /tmp/hw-show &&
	 grep -q "devices allow" /tmp/hw-show && "$HARDCTL" check - < /tmp/hw-show'

run_mode enforce hdeny
run_mode audit haud
run_mode open hopen
run_mode dev hdev

# autoload: refused, counted with the module's alias as the event object.
mkdir -p "$CG/hdeny/auto"
t_check "hdeny: ip link add type dummy fails" sh -c \
	'! unshare -m sh -c "echo \$\$ > $CG/hdeny/auto/cgroup.procs && exec /usr/sbin/ip link add hxd1 type dummy" 2>/dev/null'
t_check "hdeny: dummy.ko not loaded" sh -c '! grep -q "^dummy " /proc/modules'
t_expect_stat "hdeny: autoload counted as module_request" 1 /hdeny/auto host module_request 0 denied
/usr/sbin/ip link del hxd1 2>/dev/null

# tamper: pulling a host process into the container's own cgroup.
mkdir -p "$CG/hdeny/pull" "$CG/haud/pull"
for g in hdeny haud; do
	t_expect_errno "$g: pulling a host process into its own cgroup refused" EPERM \
		unshare -m sh -c 'echo $$ > "$0/cgroup.procs"; exec sh -c "/bin/echo $1 > $0/cgroup.procs"' \
		"$CG/$g/pull" "$HOSTPID"
	t_expect_stat "$g: counted as tamper cgroup_move" 1 "/$g/pull" tamper cgroup_move '*' denied
done
t_check "the host process is still in the root cgroup" sh -c "grep -qx '0::/' /proc/$HOSTPID/cgroup"

# clone3(CLONE_INTO_CGROUP): no cgroup_attach_task(), the same rule.
for g in hdeny haud; do
	mkdir -p "$CG/$g/clone/sub"
	t_expect_errno "$g: clone3 into a cgroup outside the container refused" EPERM \
		unshare -m sh -c 'echo $$ > "$0/cgroup.procs"; exec "$1" clone-into "$2"' \
		"$CG/$g/clone" "$HP" "$CG/hvictim"
	t_check "$g: clone3 into its own subtree works" \
		unshare -m sh -c 'echo $$ > "$0/cgroup.procs"; exec "$1" clone-into "$0/sub"' \
		"$CG/$g/clone" "$HP"
	t_expect_stat "$g: clone3 counted once as tamper cgroup_move" 1 "/$g/clone" tamper cgroup_move '*' denied
	# The race: refused, or killed before it runs; never a child outside.
	mkdir -p "$CG/$g/race/sub"
	t_check "$g: clone3 with its cgroup fd swapped by another thread: no child ran outside" \
		unshare -m sh -c 'echo $$ > "$0/cgroup.procs"; exec "$1" clone-race "$0/sub" "$2" 5' \
		"$CG/$g/race" "$HP" "$CG/hvictim"
	t_log "$g race: $T_OUT"
	read -r refused killed < <(sed -n 's/.* refused \([0-9]*\) ok [0-9]* killed \([0-9]*\) .*/\1 \2/p' <<<"$T_OUT")
	t_check "$g: the race reached the check ($refused refused)" test "${refused:-0}" -gt 0
	t_expect_stat "$g: each refused or killed clone counted as tamper cgroup_move" \
		$((${refused:-0} + ${killed:-0})) "/$g/race" tamper cgroup_move '*' denied
done

# F_SETOWN + F_SETSIG: SIGKILL by way of SIGIO, never through kill(2);
# prlimit(2): only uids are compared. Both on a host process.
sleep 1000 &
VICTIM=$!
mkdir -p "$CG/hdeny/sigio" "$CG/hdeny/prlimit"
t_check "hdeny: F_SETOWN to a host process is not set" sh -c \
	'unshare -m sh -c "echo \$\$ > \"\$0/cgroup.procs\"; exec \"\$1\" setown $2 9" "$0" "$1" "$2" | grep -q "owner now 0"' \
	"$CG/hdeny/sigio" "$HP" "$VICTIM"
sleep 0.5
t_check "hdeny: the host process was not killed" kill -0 "$VICTIM"
t_expect_stat "hdeny: F_SETOWN counted as ptrace signal SIGIO" 1 /hdeny/sigio ptrace signal 29 denied
t_expect_errno "hdeny: prlimit on a host process refused" EPERM \
	unshare -m sh -c 'echo $$ > "$0/cgroup.procs"; exec prlimit --pid "$1" --nofile=100:100' \
	"$CG/hdeny/prlimit" "$VICTIM"
t_check "hdeny: the host process keeps its limit" sh -c "! grep -q 'open files *100 ' /proc/$VICTIM/limits"
t_expect_stat "hdeny: prlimit counted as ptrace prlimit host" 1 /hdeny/prlimit ptrace prlimit 1 denied
kill "$VICTIM" 2>/dev/null

# setpriority, sched_setscheduler, ioprio_set, sched_setaffinity on a host
# process: op sched, under the ptrace scope. Audit: done, and counted.
sleep 1000 &
VICTIM=$!
for g in hdeny haud; do
	mkdir -p "$CG/$g/sched"
	in_g() { unshare -m sh -c 'echo $$ > "$0/cgroup.procs"; exec "$@"' "$CG/$g/sched" "$@"; }
	if [ $g = hdeny ]; then
		t_expect_errno "$g: renice of a host process refused" EPERM in_g renice -n 7 -p "$VICTIM"
		t_expect_errno "$g: chrt SCHED_IDLE on a host process refused" EPERM in_g chrt -i -p 0 "$VICTIM"
		t_expect_errno "$g: ionice idle on a host process refused" EPERM in_g ionice -c 3 -p "$VICTIM"
		t_expect_errno "$g: taskset on a host process refused" EPERM in_g taskset -p 1 "$VICTIM"
		t_expect_output "$g: the host process keeps nice 0" 0 sh -c "ps -o ni= -p $VICTIM | tr -d ' '"
		t_check "$g: ... and its policy" sh -c "chrt -p $VICTIM | grep -q SCHED_OTHER"
		t_check "$g: renice of its own child still works" in_g sh -c 'sleep 100 & renice -n 3 -p $! >/dev/null; r=$?; kill $!; exit $r'
	else
		t_check "$g: renice of a host process done" in_g renice -n 7 -p "$VICTIM"
		t_check "$g: chrt SCHED_IDLE done" in_g chrt -i -p 0 "$VICTIM"
		t_check "$g: ionice idle done" in_g ionice -c 3 -p "$VICTIM"
		t_check "$g: taskset done" in_g taskset -p 1 "$VICTIM"
	fi
	col=denied
	[ $g = haud ] && col=audited
	t_expect_stat "$g: $col as ptrace sched host, 4 times" 4 "/$g/sched" ptrace sched 1 $col
done
kill "$VICTIM" 2>/dev/null

# The usermode-helper backstop, with a policy that has host lines.
umh_setup
umh_crash hopen 2>/dev/null
t_check "umh: the core_pattern pipe into a chroot did not run" test ! -e /tmp/hw-umh-marker
t_check "umh: refused in the kernel log" sh -c 'dmesg | grep -q "usermode helper refused"'
t_expect_stat "umh: counted as tamper umh_exec against the crashing container" 1 /hopen/umh tamper umh_exec '*' denied
umh_restore

t_check "rmmod harden" rmmod harden
rmdir /sys/kernel/tracing/instances/hx-* 2>/dev/null
kill "$HOSTPID" 2>/dev/null
losetup -d "$LOOP" 2>/dev/null
umount "$W/bp" "$W/fp" 2>/dev/null
t_done
