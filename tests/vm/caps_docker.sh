#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-session: docker
#
# Guest suite: the capability policy against real Docker containers:
# --privileged, --cap-add ALL, --cgroup-parent, docker exec, restart, --init,
# --pid=host, a memfd/fexecve re-exec, reloads while containers run, and tamper attempts
# from a container's root. Container starts cost seconds under TCG, so the
# checks share long-running containers where they can.
set -u
. "$TOP/tests/vm/lib.sh"
. "$TOP/tests/vm/docker.sh"

RUN=(docker run --rm -v "$PROBE_DIR:/probe:ro")

cid() { docker inspect -f '{{.Id}}' "$1"; }

docker_start || { t_fail "dockerd starts"; t_done; }
t_check "import busybox image" docker_import_busybox "$IMG"
t_check "insmod harden.ko" insmod "$HARDEN_KO"
t_check "load policies/docker-default.conf" "$HARDCTL" load "$TOP/policies/docker-default.conf"

# --- a default container works normally ---
t_expect_output "default container runs" hi "${RUN[@]}" "$IMG" echo hi
t_expect_output "default container: chown (overlayfs copy-up), setuid, raw socket work" \
	"chown: ok
setuid: ok
raw-socket: ok" "${RUN[@]}" "$IMG" sh -c '/probe/hprobe chown /etc/passwd && /probe/hprobe setuid 0 && /probe/hprobe raw-socket'
t_check "default container: writes to image files work" \
	"${RUN[@]}" "$IMG" sh -c 'echo x >> /etc/group && mkdir /var/x && touch /bin/newfile'

# --- misconfigured containers get no more than a default one ---
# (docker-default.conf's "mount deny" refuses mounts before the kernel asks
# for CAP_SYS_ADMIN: tests/vm/mount_docker.sh checks their counters.)
t_expect_errno "--privileged: mount(2) EPERM" EPERM \
	"${RUN[@]}" --privileged "$IMG" /probe/hprobe mount-tmpfs /mnt
t_expect_errno "--privileged: busybox mount denied" EPERM \
	"${RUN[@]}" --privileged "$IMG" sh -c 'mount -t tmpfs none /mnt 2>&1 || { /probe/hprobe mount-tmpfs /mnt; exit 1; }'
t_expect_errno "--cap-add ALL: ip link add EPERM" EPERM \
	"${RUN[@]}" --cap-add ALL "$IMG" ip link add hd0 type dummy
t_expect_errno "--privileged: insmod EPERM" EPERM \
	"${RUN[@]}" --privileged -v "$HARDEN_BUILD/kmod:/k:ro" "$IMG" insmod /k/harden.ko
t_expect_errno "--privileged --pid=host: sethostname EPERM" EPERM \
	"${RUN[@]}" --privileged --pid=host "$IMG" /probe/hprobe sethostname x

# --- a long-running privileged container: exec, memfd re-exec, counters ---
t_check "start --privileged container" docker run -d --name priv --privileged \
	-v "$PROBE_DIR:/probe:ro" "$IMG" sleep 100000
PRIV=/docker/$(cid priv)
t_expect_errno "docker exec: sethostname EPERM" EPERM docker exec priv /probe/hprobe sethostname x
t_expect_errno "docker exec: memfd_create + fexecve re-exec EPERM" EPERM \
	docker exec priv /probe/hprobe memfd-exec sethostname x
docker exec priv /probe/hprobe repeat 5 sethostname x >/dev/null
t_expect_stat "stats: exactly 7 SYS_ADMIN denials against the container" 7 "$PRIV" SYS_ADMIN denied
t_check "stats: the container's row names group docker" \
	sh -c '"$HARDCTL" stats | awk -v cg="$1" '\''$1 == cg && $2 == "docker" { f = 1 } END { exit !f }'\' _ "$PRIV"
t_check "stats -j names the container" sh -c '"$HARDCTL" stats -j | grep -q "\"path\":\"$1\""' _ "$PRIV"

# --- restart and --init ---
t_check "docker restart" docker restart -t 1 priv
t_expect_errno "after restart: still policed" EPERM docker exec priv /probe/hprobe sethostname x
t_expect_errno "--init: the entrypoint under docker-init is policed" EPERM \
	"${RUN[@]}" --init --privileged "$IMG" /probe/hprobe sethostname x
t_check "start --init container" docker run -d --init --name initc --privileged \
	-v "$PROBE_DIR:/probe:ro" "$IMG" sleep 100000
t_expect_output "--init: docker-init is pid 1" docker-init docker exec initc cat /proc/1/comm
t_expect_errno "--init: docker exec policed" EPERM docker exec initc /probe/hprobe sethostname x

# --- reload while containers run ---
t_check "load policies/audit-only.conf" "$HARDCTL" load "$TOP/policies/audit-only.conf"
t_check "audit: sethostname allowed in the running container" docker exec priv /probe/hprobe sethostname x
t_expect_stat "audit: counted as audited" 1 "$PRIV" SYS_ADMIN audited
t_check "reload docker-default.conf" "$HARDCTL" load "$TOP/policies/docker-default.conf"
t_expect_errno "enforce again" EPERM docker exec priv /probe/hprobe sethostname x
printf 'group docker {\n\tmatch /docker/*\n\tmode enforce\n\tcaps bogus\n}\n' > /tmp/bad.conf
t_expect_output "invalid policy rejected at file:line:col" \
	"/tmp/bad.conf:4:7: error: unknown capability 'bogus'; see capabilities(7) for the names
hardctl: nothing loaded; the policy in force is unchanged" \
	sh -c '"$HARDCTL" load /tmp/bad.conf; [ $? -eq 1 ]'
t_expect_errno "old policy still enforced after the failed load" EPERM \
	docker exec priv /probe/hprobe sethostname x

# --- --cgroup-parent: a container outside Docker's default cgroups ---
# The control is docker-default.conf without its '**' lines, the policy as
# it was: a --privileged container under --cgroup-parent=/escape was not
# policed and could rewrite kernel.core_pattern (host root at its next crash).
CORE='cp=$(cat /proc/sys/kernel/core_pattern) && echo "$cp" > /proc/sys/kernel/core_pattern'
grep -v '^[[:space:]]*match /\*\*/' "$TOP/policies/docker-default.conf" > /tmp/old-default.conf
t_check "control: load docker-default.conf without its '**' lines" "$HARDCTL" load /tmp/old-default.conf
t_check "control: --cgroup-parent=/escape --privileged: sethostname works" \
	"${RUN[@]}" --privileged --cgroup-parent=/escape "$IMG" /probe/hprobe sethostname x
t_check "control: --cgroup-parent=/escape --privileged: kernel.core_pattern writable" \
	"${RUN[@]}" --privileged --cgroup-parent=/escape "$IMG" sh -c "$CORE"
t_check "reload docker-default.conf" "$HARDCTL" load "$TOP/policies/docker-default.conf"
t_expect_errno "--cgroup-parent=/escape --privileged: sethostname EPERM" EPERM \
	"${RUN[@]}" --privileged --cgroup-parent=/escape "$IMG" /probe/hprobe sethostname x
t_expect_errno "--cgroup-parent=/escape --privileged: kernel.core_pattern write EPERM" EPERM \
	"${RUN[@]}" --privileged --cgroup-parent=/escape "$IMG" sh -c "$CORE"
t_expect_errno "--cgroup-parent=esc/a/b --privileged --pid=host: sethostname EPERM" EPERM \
	"${RUN[@]}" --privileged --pid=host --cgroup-parent=esc/a/b "$IMG" /probe/hprobe sethostname x
t_check "start a --privileged --cgroup-parent=/escape container" docker run -d --name esc \
	--privileged --cgroup-parent=/escape -v "$PROBE_DIR:/probe:ro" "$IMG" sleep 100000
ESC=/escape/$(cid esc)
t_expect_output "its cgroup is /escape/ID" "0::$ESC" \
	cat "/proc/$(docker inspect -f '{{.State.Pid}}' esc)/cgroup"
t_expect_errno "docker exec into it: sethostname EPERM" EPERM docker exec esc /probe/hprobe sethostname x
t_expect_stat "stats: the denial is counted against /escape/ID" 1 "$ESC" SYS_ADMIN denied

# --- tamper: a container's root, with every capability allowed ---
t_check "load docker-all.conf (caps all)" "$HARDCTL" load "$POL/docker-all.conf"
t_check "caps all: container may sethostname" docker exec priv /probe/hprobe sethostname x
t_expect_errno "container root (host netns) cannot load a policy" EPERM \
	"${RUN[@]}" --privileged --net=host "$IMG" /probe/nlprobe load-empty
t_expect_errno "container root (host netns) cannot read status" EPERM \
	"${RUN[@]}" --privileged --net=host "$IMG" /probe/nlprobe status
# io_uring's IORING_OP_SENDMSG: the genl handler then runs in the caller
# (inline) or in an io-wq worker the kernel made for it (async). The control:
# the host admin's own requests by both routes are answered.
for how in inline async; do
	t_expect_output "control: host admin's GET_STATUS by io_uring ($how) answered" "ok generation" \
		sh -c 'NLPROBE_URING=$0 "$1" status | cut -d" " -f1-2' "$how" "$PROBE_DIR/nlprobe"
	t_expect_output "container root cannot load a policy by io_uring SENDMSG ($how)" \
		"error EPERM (Operation not permitted): refused: the caller is inside a policed container" \
		sh -c '"$@"; [ $? -eq 1 ]' _ "${RUN[@]}" --privileged --net=host \
		-e NLPROBE_URING=$how "$IMG" /probe/nlprobe load-empty
done
t_expect_errno "container root cannot rmmod harden" EPERM \
	"${RUN[@]}" --privileged "$IMG" /probe/hprobe delete-module harden
t_check "harden still loaded" grep -q "^harden " /proc/modules
t_expect_output "container root cannot open the family in its own netns" \
	"error ENOENT: no harden family" \
	sh -c 'docker exec priv /probe/nlprobe status; [ $? -eq 4 ]'

t_check "host admin still in control: load docker-default.conf" \
	"$HARDCTL" load "$TOP/policies/docker-default.conf"
docker rm -f priv initc esc >/dev/null 2>&1
docker_stop
t_check "rmmod harden" rmmod harden
t_done
